import type { Bus, BusConsumer, ConsumedBatch } from '@pantau/bus';
import { TOPICS } from '@pantau/contracts';
import {
  type CoordinationRule,
  coordinatePosts,
  coordinationProgress,
  type Database,
  recentPosts,
  saveCoordinationProgress,
} from '@pantau/db';
import { analyzeText, CoordinationIndex, type IndexedPost, nearDuplicateSignature } from '@pantau/text';
import { decodeAnalyzedPost } from './analyzed-message.ts';

export interface CoordinatorOptions {
  db: Database;
  rule: CoordinationRule;
  /** Most posts held in memory (COORDINATION_MEMORY_POSTS). */
  memoryPosts: number;
  now?: () => number;
  /** Backoff while the database is unavailable. */
  retry?: { initialMs: number; maxMs: number };
  /** Told after each committed batch (the service logs it). */
  onBatch?: (info: CoordinationBatchInfo) => void;
  /** Told each batch's lags (ms from the analysis commit to this stage's commit, one per post). */
  onLags?: (lagsMs: readonly number[]) => void;
  onRetry?: (info: { attempt: number; waitMs: number; error: unknown }) => void;
}

/** What one coordination batch did. */
export interface CoordinationBatchInfo {
  messages: number;
  invalid: number;
  pairs: number;
  groupsTouched: number;
  newlyCoordinated: number;
  /** Posts held in memory after the batch. */
  indexPosts: number;
  lagMaxMs: number;
  ms: number;
}

/** The coordination stage's batch handler and its in-memory index. */
export interface Coordinator {
  /**
   * Refills the index with the latest stored posts the stage has handled, and their groups (after a start or a move to
   * this member).
   */
  warm(): Promise<number>;
  /** Marks the index out of date (the partition was assigned, maybe after another member held it): the next batch warms it first. */
  assigned(): void;
  handle(batch: ConsumedBatch): Promise<void>;
  healthy(): boolean;
  index(): CoordinationIndex;
  totals(): { messages: number; invalid: number; newlyCoordinated: number };
}

/** Lags kept for the stored percentiles: the latest this many posts. */
const LAG_SAMPLE = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number);

/** The index's horizon: the longest window of the rules, and as long again of slack for late posts. */
export function horizonSecondsOf(rule: CoordinationRule): number {
  return 2 * Math.max(rule.windowSeconds, rule.repeated?.windowSeconds ?? 0);
}

/** Builds the coordination stage's handler: decode, pair in memory, write once per batch, store the lag. */
export function createCoordinator(options: CoordinatorOptions): Coordinator {
  const now = options.now ?? Date.now;
  const retry = options.retry ?? { initialMs: 250, maxMs: 10_000 };
  // The index is told the arrival order itself: each batch is added in publication order, which hides the runs of the
  // partitions' batches its low watermark is taken from.
  const newIndex = () =>
    new CoordinationIndex({ capacity: options.memoryPosts, horizonSeconds: horizonSecondsOf(options.rule), arrivalsFromAdds: false });
  let index = newIndex();
  let stale = true;
  const lags: number[] = [];
  let healthy = true;
  const totals = { messages: 0, invalid: 0, newlyCoordinated: 0 };

  async function warm(): Promise<number> {
    index = newIndex();
    stale = false;
    // Only posts the stage has handled: a post stored but not yet delivered here, held ahead of its turn, would take
    // bucket places before the earlier copies it is delivered after, and their pairs would be missed. Nothing handled
    // yet: nothing to refill. Progress from a version that did not record the position: every recent post, as it did.
    const progress = await coordinationProgress(options.db);
    if (!progress) return 0;
    // Two horizons: a partition behind the newest holds posts back by up to one horizon more (the index's low watermark);
    // refilled in id order, i.e. as they arrived, the index ages out the rest as it did.
    const recent = await recentPosts(options.db, options.memoryPosts, 2 * horizonSecondsOf(options.rule), progress.handledUpToId);
    for (const r of recent) {
      const sig = nearDuplicateSignature(analyzeText(r.text).tokens, r.text, r.url, r.platform);
      index.arrived([Date.parse(r.publishedAt)]);
      index.add({ id: r.id, publishedAtMs: Date.parse(r.publishedAt), minhash: sig.minhash, links: sig.links });
      for (const g of r.groups) index.setGroup(g.kind, r.id, g.group);
    }
    return recent.length;
  }

  // One batch at a time: a consumer of several partitions (the in-process bus runs a loop per partition) hands batches
  // over concurrently, and a batch paired while another's groups were still being written found that one's posts
  // without their group and started a second group of the same copies.
  let turn: Promise<void> = Promise.resolve();
  function handle(batch: ConsumedBatch): Promise<void> {
    const run = turn.then(() => handleInTurn(batch));
    turn = run.catch(() => undefined);
    return run;
  }

  async function handleInTurn(batch: ConsumedBatch): Promise<void> {
    const started = performance.now();
    if (stale) await warm();
    const posts: IndexedPost[] = [];
    const committedAt: number[] = [];
    let invalid = 0;
    for (const m of batch.messages) {
      const decoded = decodeAnalyzedPost(m.value);
      if (!decoded) {
        // Only the analysis service writes this topic; a message it did not write cannot name a stored post.
        invalid++;
        continue;
      }
      posts.push(decoded.post);
      committedAt.push(decoded.committedAtMs);
    }
    index.arrived(posts.map((p) => p.publishedAtMs));
    // Paired in publication order, as a stage keeping up would have: analysis instances publish their batches
    // interleaved, and a copy paired before the earlier ones it follows may find none of them in its buckets.
    posts.sort((a, b) => a.publishedAtMs - b.publishedAtMs || a.id - b.id);
    let waitMs = retry.initialMs;
    let result: Awaited<ReturnType<typeof coordinatePosts>>;
    for (let attempt = 1; ; attempt++) {
      try {
        result = await coordinatePosts(options.db, index, options.rule, posts);
        healthy = true;
        break;
      } catch (error) {
        healthy = false;
        if (!batch.isRunning()) throw error;
        options.onRetry?.({ attempt, waitMs, error });
        const until = Date.now() + waitMs;
        while (Date.now() < until && batch.isRunning()) {
          await sleep(Math.min(1_000, until - Date.now()));
          await batch.heartbeat().catch(() => undefined);
        }
        waitMs = Math.min(retry.maxMs, waitMs * 2);
      }
    }
    const done = now();
    const batchLags = committedAt.map((t) => Math.max(0, done - t));
    for (const l of batchLags) lags.push(l);
    if (lags.length > LAG_SAMPLE) lags.splice(0, lags.length - LAG_SAMPLE);
    options.onLags?.(batchLags);
    if (posts.length > 0) {
      const sorted = [...lags].sort((a, b) => a - b);
      await saveCoordinationProgress(options.db, {
        posts: posts.length,
        lastLagMs: batchLags[batchLags.length - 1] ?? 0,
        lagP50Ms: percentile(sorted, 0.5),
        lagP99Ms: percentile(sorted, 0.99),
        lagPosts: sorted.length,
        handledUpToId: posts.reduce((max, p) => Math.max(max, p.id), 0),
      });
    }
    totals.messages += batch.messages.length;
    totals.invalid += invalid;
    totals.newlyCoordinated += result.newlyCoordinated;
    options.onBatch?.({
      messages: batch.messages.length,
      invalid,
      pairs: result.pairs,
      groupsTouched: result.groupsTouched,
      newlyCoordinated: result.newlyCoordinated,
      indexPosts: index.size,
      lagMaxMs: batchLags.reduce((a, b) => Math.max(a, b), 0),
      ms: Math.round(performance.now() - started),
    });
  }

  return {
    warm,
    assigned: () => {
      stale = true;
    },
    handle,
    healthy: () => healthy,
    index: () => index,
    totals: () => ({ ...totals }),
  };
}

/** Starts the coordination stage on `posts.analyzed` in its own group; its memory is refilled from the database on each assignment. */
export async function startCoordinationConsumer(
  bus: Bus,
  coordinator: Coordinator,
  options: {
    groupId: string;
    maxBatch: number;
    onAssignment?: (partitions: number[]) => void;
    onRestart?: (info: { error: unknown; waitMs: number }) => void;
  },
): Promise<BusConsumer> {
  const consumer = await bus.consumer({
    groupId: options.groupId,
    topic: TOPICS.postsAnalyzed,
    maxBatch: options.maxBatch,
    onAssignment: (partitions) => {
      coordinator.assigned();
      options.onAssignment?.(partitions);
    },
    ...(options.onRestart ? { onRestart: options.onRestart } : {}),
  });
  await consumer.start((batch) => coordinator.handle(batch));
  return consumer;
}
