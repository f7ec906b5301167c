import { loadEnv } from '@pantau/config';
import { type CommandSpec, parseCommand } from '../spec.ts';

/** `pantau serve --help`. */
export const spec = {
  usage: ['serve'],
  description:
    'Serves the REST API, the dashboard and /docs on HOST:PORT (default 127.0.0.1:8080) until SIGTERM. Stateless: run several behind a load balancer. The ingest webhook is on when KAFKA_BROKERS is set.',
  options: {},
  examples: ['serve', 'PORT=9000 pantau serve'],
} satisfies CommandSpec;

/** `pantau serve`: the API alone (stateless; the ingest webhook is on when KAFKA_BROKERS is set). */
export async function run(argv: string[]): Promise<number> {
  parseCommand('serve', spec, argv);
  const env = loadEnv();
  const { main } = await import('@pantau/api/main');
  await main(env);
  return new Promise<number>(() => {});
}
