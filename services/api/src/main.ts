import { loadEnv } from '@pantau/config';
import { assertPortFree, isEntryPoint, onShutdown, openDatabaseResources, openResources, runMain } from '@pantau/runtime';
import { start } from './start.ts';

/** The API alone, stateless, until SIGTERM; the ingest webhook is on when KAFKA_BROKERS is set. */
export async function main(env = loadEnv()): Promise<void> {
  // Before migrations and the model load: a taken port is said at once.
  await assertPortFree(env.HOST, env.PORT);
  const resources = env.KAFKA_BROKERS ? await openResources(env) : await openDatabaseResources(env);
  const api = await start(resources);
  resources.logger.info({ url: api.url }, 'API listening');
  onShutdown(resources.logger, async () => {
    await api.stop();
    await resources.close();
  });
}

if (isEntryPoint(import.meta.url)) runMain('api', () => main());
