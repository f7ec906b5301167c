import type { BusProducer } from '@pantau/bus';
import { PantauError } from '@pantau/contracts';
import { type Database, loadCheckpoint, saveCheckpoint } from '@pantau/db';
import type { CollectWindow, Connector } from './connector.ts';
import { newRunId, type PublishStats } from './publish.ts';
import { type RunResult, runConnector } from './run.ts';

/** What to collect: the live poll (from where the last poll stopped up to now) or a back-fill of a fixed range. */
export type CollectMode = { kind: 'live'; firstLookbackMs: number } | { kind: 'backfill'; window: CollectWindow };

export interface CollectOptions {
  producer: BusProducer;
  db: Database;
  pepper: string;
  mode: CollectMode;
  signal?: AbortSignal;
  now?: () => number;
  onPage?: (stats: PublishStats, window: CollectWindow) => void;
}

/** The outcome of one checkpointed collection: the run (null when there was nothing to do) and the window. */
export interface CollectResult {
  run: RunResult | null;
  window: CollectWindow | null;
  /** Whether the window was continued from a stored checkpoint. */
  resumed: boolean;
  /** Why nothing ran (a finished back-fill, an empty live window). */
  skipped: string | null;
}

/** The checkpoint mode of a collection: `live`, or `backfill:<from>/<to>` so each range resumes on its own. */
export function checkpointModeOf(mode: CollectMode): string {
  return mode.kind === 'live' ? 'live' : `backfill:${mode.window.from.toISOString()}/${mode.window.to.toISOString()}`;
}

/**
 * Runs a connector for one query with its checkpoint in Postgres: an unfinished window is resumed after its last
 * published page; a live poll otherwise starts where the last one ended (clamped to how far back the source reaches)
 * and ends `settleMs` before now. The checkpoint is written after each published page and marked complete at the end.
 */
export async function collect(connector: Connector, options: CollectOptions): Promise<CollectResult> {
  const now = options.now ?? Date.now;
  const key = { connector: connector.name, query: connector.query, mode: checkpointModeOf(options.mode) };
  const stored = await loadCheckpoint(options.db, key);

  let window: CollectWindow;
  let checkpoint: string | null = stored?.checkpoint ?? null;
  const resumed = !!stored && !stored.complete && !!stored.windowFrom && !!stored.windowTo;
  if (options.mode.kind === 'backfill') {
    window = options.mode.window;
    if (!(window.from < window.to)) throw new PantauError('INVALID_INPUT', '--from: must be before --to');
    if (stored?.complete) return { run: null, window, resumed: false, skipped: 'this back-fill range is already complete' };
  } else if (resumed && stored?.windowFrom && stored.windowTo) {
    window = { from: stored.windowFrom, to: stored.windowTo };
  } else {
    const to = new Date(now() - (connector.settleMs ?? 0));
    window = { from: stored?.windowTo ?? new Date(to.getTime() - options.mode.firstLookbackMs), to };
  }
  // A range reaching into the future (or the last `settleMs`) is read up to now; the rest waits for a later run.
  const latest = new Date(now() - (connector.settleMs ?? 0));
  const endClamped = window.to > latest;
  if (endClamped) window = { from: window.from, to: latest };
  if (connector.maxLookbackMs !== undefined) {
    // A minute of margin: the platform measures its limit at the moment of the request.
    const earliest = new Date(now() - connector.maxLookbackMs + 60_000);
    if (window.from < earliest) window = { from: earliest, to: window.to };
  }
  if (!(window.from < window.to)) return { run: null, window, resumed, skipped: 'the window is empty' };

  const runId = newRunId();
  const save = (cp: string | null, complete: boolean) =>
    saveCheckpoint(options.db, {
      ...key,
      windowFrom: window.from,
      windowTo: window.to,
      checkpoint: cp,
      complete,
      runId,
      updatedAt: new Date(now()),
    });
  await save(checkpoint, false);
  const run = await runConnector(connector, {
    producer: options.producer,
    db: options.db,
    pepper: options.pepper,
    window,
    runId,
    now,
    checkpoint,
    ...(options.signal ? { signal: options.signal } : {}),
    onCheckpoint: async (cp) => {
      checkpoint = cp;
      await save(cp, false);
    },
    onPage: (stats) => options.onPage?.(stats, window),
  });
  // A back-fill cut short at now is not complete: running it again later reads the range again (duplicates are dropped
  // by post key in Postgres).
  if (!run.error) await save(run.checkpoint, !(options.mode.kind === 'backfill' && endClamped));
  return { run, window, resumed, skipped: null };
}
