import type { Env } from '@pantau/config';
import {
  type CollectMode,
  type CollectWindow,
  type Connector,
  collect,
  connectorFactory,
  type FileFormat,
  fileConnector,
  type PublishStats,
  type RunResult,
  runConnector,
} from '@pantau/connectors';
import type { Resources } from '@pantau/runtime';
import { connectorSettingsOf } from './config.ts';

/** What one ingest run reads: a file of posts, or a platform query over a back-fill window (or one live poll). */
export type IngestSource =
  | { kind: 'file'; file: string; format?: FileFormat }
  | { kind: 'connector'; connector: Connector; window: CollectWindow | null };

/** What one ingest run did, for its summary: the publish run (null when nothing was due) and where it read from. */
export interface IngestOnceResult {
  run: RunResult | null;
  source: { file: string } | { connector: string; query: string };
  /** The window collected (connectors only). */
  window: CollectWindow | null;
  /** Whether the window was continued from a stored checkpoint. */
  resumed: boolean;
  /** Why nothing ran (a finished back-fill, an empty live window). */
  skipped: string | null;
}

/**
 * The connector NAME for QUERY with the environment's credentials, built before any connection so that a missing
 * token or a bad query fails at once.
 */
export function connectorFor(env: Env, name: string, query: string): Connector {
  return connectorFactory(connectorSettingsOf(env))(name, query);
}

/**
 * One ingest run on shared resources: a file imported, or a connector collected (a resumable back-fill of its window,
 * or one live poll from its checkpoint), published to `posts.raw`. `onPage` is called after each published page;
 * `signal` interrupts a collection between pages (the checkpoint keeps what was published).
 */
export async function ingestOnce(
  resources: Resources,
  source: IngestSource,
  options: { signal?: AbortSignal; onPage?: (stats: PublishStats, window: CollectWindow | null) => void } = {},
): Promise<IngestOnceResult> {
  const target = { producer: resources.producer, db: resources.database.db, pepper: resources.pepper() };
  if (source.kind === 'file') {
    const run = await runConnector(fileConnector(source.file, source.format), {
      ...target,
      onPage: (stats) => options.onPage?.(stats, null),
    });
    return { run, source: { file: source.file }, window: null, resumed: false, skipped: null };
  }
  const { connector, window } = source;
  const mode: CollectMode = window
    ? { kind: 'backfill', window }
    : { kind: 'live', firstLookbackMs: resources.env.INGEST_FIRST_LOOKBACK_HOURS * 3_600_000 };
  const collected = await collect(connector, {
    ...target,
    mode,
    ...(options.signal ? { signal: options.signal } : {}),
    onPage: (stats, w) => options.onPage?.(stats, w),
  });
  return {
    run: collected.run,
    source: { connector: connector.name, query: connector.query },
    window: collected.window,
    resumed: collected.resumed,
    skipped: collected.skipped,
  };
}
