import { loadEnv } from '@pantau/config';
import { PantauError } from '@pantau/contracts';
import { limitHeapGrowth, onShutdown, openResources } from '@pantau/runtime';
import { startCoordination } from './coordination-stage.ts';
import { ANALYSIS_SHUTDOWN_DEADLINE_MS } from './shutdown.ts';

/** The coordination stage alone: one member of the COORDINATION_GROUP_ID consumer group on `posts.analyzed`, until SIGTERM. */
export async function mainCoordinate(env = loadEnv()): Promise<void> {
  limitHeapGrowth();
  if (!env.KAFKA_BROKERS) {
    throw new PantauError('CONFIG_INVALID', 'KAFKA_BROKERS: required for a separate coordination stage', {
      details: { variable: 'KAFKA_BROKERS' },
    });
  }
  const resources = await openResources(env);
  // In place before the stage joins its group, so a SIGTERM during the join stops it instead of killing the process.
  const starting = startCoordination(resources);
  onShutdown(
    resources.logger,
    async () => {
      const stage = await starting.catch(() => null);
      await stage?.stop();
      await resources.close();
    },
    { deadlineMs: ANALYSIS_SHUTDOWN_DEADLINE_MS },
  );
  await starting;
  resources.logger.info({ groupId: env.COORDINATION_GROUP_ID, memoryPosts: env.COORDINATION_MEMORY_POSTS }, 'coordination consuming');
}
