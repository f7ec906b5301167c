// The coordination stage's start alone: `pantau coordinate` imports this (and not the analysis service's schedulers,
// alerts and report modules, which it never runs), so its process holds only what the stage uses.

import { coordinationRuleOf } from '@pantau/config';
import { PantauError, TOPICS } from '@pantau/contracts';
import { type Coordinator, createCoordinator, startCoordinationConsumer } from '@pantau/pipeline';
import type { Resources } from '@pantau/runtime';

/** The coordination stage's consumer for `coordinator`, as a member of COORDINATION_GROUP_ID on posts.analyzed. */
export async function startCoordinationStage(resources: Resources, coordinator: Coordinator) {
  const { env, logger } = resources;
  return startCoordinationConsumer(resources.bus, coordinator, {
    groupId: env.COORDINATION_GROUP_ID,
    maxBatch: env.COORDINATION_MAX_BATCH,
    onAssignment: (partitions) => logger.info({ topic: TOPICS.postsAnalyzed, partitions }, 'partitions assigned'),
    onRestart: ({ error, waitMs }) => logger.error({ err: error, waitMs }, 'coordination consumer crashed; joining the group again'),
  });
}

/**
 * The coordination stage alone (`pantau coordinate`): one member of COORDINATION_GROUP_ID on posts.analyzed, with its
 * recent posts in memory and no model loaded.
 */
export async function startCoordination(resources: Resources): Promise<{ coordinator: Coordinator; stop(): Promise<void> }> {
  const { env, logger, database } = resources;
  const rule = coordinationRuleOf(env);
  if (!rule)
    throw new PantauError('CONFIG_INVALID', 'COORDINATION_ENABLED is false: there is no coordination stage to run', {
      details: { variable: 'COORDINATION_ENABLED' },
    });
  const coordinator = createCoordinator({
    db: database.db,
    rule,
    memoryPosts: env.COORDINATION_MEMORY_POSTS,
    onBatch: (info) => logger.info(info, 'coordination batch committed'),
    onRetry: ({ attempt, waitMs, error }) => logger.warn({ attempt, waitMs, err: error }, 'coordination write failed; retrying'),
  });
  const consumer = await startCoordinationStage(resources, coordinator);
  return { coordinator, stop: () => consumer.stop() };
}
