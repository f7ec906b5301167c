import { loadEnv } from '@pantau/config';
import { type CommandSpec, parseCommand } from '../spec.ts';

/** `pantau coordinate --help`. */
export const spec = {
  usage: ['coordinate'],
  description:
    'Consumes posts.analyzed as a member of the COORDINATION_GROUP_ID consumer group and groups near-duplicate and link-sharing posts (co-posting and repeated text) until SIGTERM. Needs KAFKA_BROKERS; run it when COORDINATION_IN_ANALYSIS=false (else each `pantau analyze` runs the stage itself).',
  options: {},
  examples: ['coordinate', 'KAFKA_BROKERS=localhost:9092 DATABASE_URL=postgres://… COORDINATION_MEMORY_POSTS=500000 pantau coordinate'],
} satisfies CommandSpec;

/** `pantau coordinate`: the coordination stage alone, with no model loaded. */
export async function run(argv: string[]): Promise<number> {
  parseCommand('coordinate', spec, argv);
  const env = loadEnv();
  // The stage's own entry: the analysis service's other modules (schedulers, alerts, reports) are not loaded.
  const { mainCoordinate } = await import('@pantau/analysis/coordinate');
  await mainCoordinate(env);
  return new Promise<number>(() => {});
}
