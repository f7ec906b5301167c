import { buildApp, listen } from '@pantau/api';
import { loadEnv } from '@pantau/config';
import { loadSentimentModel } from '@pantau/sentiment';
import { createLogger, openBus, openMigratedDatabase, resolvePepper } from '../runtime.ts';
import { onShutdown } from '../shutdown.ts';
import { apiContext } from '../wiring.ts';

/** `pantau serve`: the API alone (stateless; the ingest webhook is on when KAFKA_BROKERS is set). */
export async function run(_argv: string[]): Promise<number> {
  const env = loadEnv();
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
