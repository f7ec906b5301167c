import type { Bus, BusConsumer } from '@pantau/bus';
import { TOPICS } from '@pantau/contracts';
import type { Analyzer } from './analyzer.ts';

/** Starts the analysis consumer on `posts.raw` in the given group; `stop()` finishes the current batch and commits. */
export async function startAnalysisConsumer(
  bus: Bus,
  analyzer: Analyzer,
  options: {
    groupId: string;
    maxBatch: number;
    concurrency?: number;
    onAssignment?: (partitions: number[]) => void;
    onRestart?: (info: { error: unknown; waitMs: number }) => void;
  },
): Promise<BusConsumer> {
  const consumer = await bus.consumer({
    groupId: options.groupId,
    topic: TOPICS.postsRaw,
    maxBatch: options.maxBatch,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.onAssignment ? { onAssignment: options.onAssignment } : {}),
    ...(options.onRestart ? { onRestart: options.onRestart } : {}),
  });
  await consumer.start((batch) => analyzer.handle(batch));
  return consumer;
}
