import { loadEnv } from '@pantau/config';
import { PantauError } from '@pantau/contracts';
import { isEntryPoint, limitHeapGrowth, onShutdown, openResources, runMain } from '@pantau/runtime';
import { ANALYSIS_SHUTDOWN_DEADLINE_MS } from './shutdown.ts';
import { start } from './start.ts';

export { ANALYSIS_SHUTDOWN_DEADLINE_MS };

/** The analysis service alone: one member of the KAFKA_GROUP_ID consumer group on `posts.raw`, until SIGTERM. */
export async function main(env = loadEnv()): Promise<void> {
  limitHeapGrowth();
  if (!env.KAFKA_BROKERS) {
    throw new PantauError(
      'CONFIG_INVALID',
      'KAFKA_BROKERS: required for a separate analysis service (the embedded mode analyses inside `pantau start`)',
      { details: { variable: 'KAFKA_BROKERS' } },
    );
  }
  const resources = await openResources(env);
  // The shutdown handler is in place before the consumers join their groups: a SIGTERM while a join waits on a
  // rebalance (the coordination stage's group too) stops what has started instead of killing the process.
  const starting = start(resources, { batchLogLevel: 'info' });
  onShutdown(
    resources.logger,
    async () => {
      const analysis = await starting.catch(() => null);
      await analysis?.stop();
      await resources.close();
    },
    { deadlineMs: ANALYSIS_SHUTDOWN_DEADLINE_MS },
  );
  await starting;
  const model = await resources.model();
  resources.logger.info({ groupId: env.KAFKA_GROUP_ID, model: model.manifest.version, backend: model.backend }, 'analysis consuming');
}

if (isEntryPoint(import.meta.url)) runMain('analysis', () => main());
