import { buildApp, listen } from '@pantau/api';
import { loadEnv } from '@pantau/config';
import { loadSentimentModel } from '@pantau/sentiment';
import { assertPortFree } from '../port.ts';
import { createLogger, openBus, openMigratedDatabase, resolvePepper } from '../runtime.ts';
import { onShutdown } from '../shutdown.ts';
import { type CommandSpec, parseCommand } from '../spec.ts';
import { apiContext } from '../wiring.ts';

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
  await assertPortFree(env.HOST, env.PORT);
  const logger = createLogger(env);
  const database = await openMigratedDatabase(env, logger);
  const model = await loadSentimentModel();
  const bus = env.KAFKA_BROKERS ? await openBus(env, logger) : null;
  const producer = bus ? await bus.producer() : undefined;
  const app = await buildApp(apiContext(env, logger, database, model, producer ? { producer, pepper: resolvePepper(env) } : {}), {
    logger,
  });
  const url = await listen(app, { host: env.HOST, port: env.PORT });
  logger.info({ url }, 'API listening');
  onShutdown(logger, async () => {
    await app.close();
    await producer?.close();
    await bus?.close();
    await database.close();
  });
  return new Promise<number>(() => {});
}
