import type { BusProducer } from '@pantau/bus';
import { isPantauError } from '@pantau/contracts';
import type { Database } from '@pantau/db';
import { recordCoverageRun } from '@pantau/db';
import type { CollectWindow, Connector, SourceItem } from './connector.ts';
import { type ItemRejection, newRunId, type PublishStats, publishItems } from './publish.ts';

export interface RunOptions {
  producer: BusProducer;
  db: Database;
  pepper: string;
  window?: CollectWindow | null;
  runId?: string;
  now?: () => number;
  /** Where to resume: the checkpoint stored after the last published page of an earlier run. */
  checkpoint?: string | null;
  /** Called after each page is published, with the checkpoint to resume after it (store it before the next page). */
  onCheckpoint?: (checkpoint: string | null) => Promise<void>;
  /** Stops the run between pages (or in a request); the ledger records it as interrupted. */
  signal?: AbortSignal;
  /** Called after each page with the run's counts so far (progress). */
  onPage?: (stats: PublishStats) => void;
}

/** The outcome of one connector run, as written to the coverage ledger. */
export interface RunResult {
  runId: string;
  stats: PublishStats;
  rejections: ItemRejection[];
  error: string | null;
  /** The coded error that stopped the run, when there was one. */
  errorCode: string | null;
  /** The checkpoint after the last published page. */
  checkpoint: string | null;
}

/**
 * Runs a connector once: every page is mapped, validated and published, and the run is written to the
 * coverage ledger (started, then finished with counts or with the error that stopped it).
 */
export async function runConnector(connector: Connector, options: RunOptions): Promise<RunResult> {
  const runId = options.runId ?? newRunId();
  const now = options.now ?? Date.now;
  const startedAt = new Date(now());
  const ledger = { runId, connector: connector.name, query: connector.query, platform: connector.platform, startedAt };
  await recordCoverageRun(options.db, { ...ledger, fetched: 0, published: 0, rejected: {} });

  const stats: PublishStats = { fetched: 0, published: 0, rejected: {}, firstPublishedAt: null, lastPublishedAt: null };
  const rejections: ItemRejection[] = [];
  let error: string | null = null;
  let errorCode: string | null = null;
  let checkpoint = options.checkpoint ?? null;
  try {
    for await (const page of connector.fetch(options.window ?? null, checkpoint, options.signal)) {
      const mapped: SourceItem[] = page.items.map((e) => ('item' in e ? { ref: e.ref, item: connector.map(e.item) } : e));
      const result = await publishItems(mapped, {
        producer: options.producer,
        pepper: options.pepper,
        source: { connector: connector.name, runId },
        now,
      });
      mergeStats(stats, result.stats);
      rejections.push(...result.rejections);
      checkpoint = page.checkpoint;
      await options.onCheckpoint?.(checkpoint);
      options.onPage?.(stats);
      if (options.signal?.aborted) throw new Error('interrupted; the next run resumes from the checkpoint');
    }
  } catch (cause) {
    errorCode = isPantauError(cause) ? cause.code : null;
    const message = cause instanceof Error ? cause.message : String(cause);
    error = errorCode ? `${errorCode}: ${message}` : message;
  }
  await recordCoverageRun(options.db, {
    ...ledger,
    windowFrom: options.window?.from ?? stats.firstPublishedAt,
    windowTo: options.window?.to ?? stats.lastPublishedAt,
    finishedAt: new Date(now()),
    fetched: stats.fetched,
    published: stats.published,
    rejected: stats.rejected,
    lastError: error,
  });
  return { runId, stats, rejections, error, errorCode, checkpoint };
}

/** Adds one page's counts to a run's counts. */
export function mergeStats(into: PublishStats, add: PublishStats): void {
  into.fetched += add.fetched;
  into.published += add.published;
  for (const [reason, n] of Object.entries(add.rejected)) into.rejected[reason] = (into.rejected[reason] ?? 0) + n;
  if (add.firstPublishedAt && (!into.firstPublishedAt || add.firstPublishedAt < into.firstPublishedAt))
    into.firstPublishedAt = add.firstPublishedAt;
  if (add.lastPublishedAt && (!into.lastPublishedAt || add.lastPublishedAt > into.lastPublishedAt))
    into.lastPublishedAt = add.lastPublishedAt;
}
