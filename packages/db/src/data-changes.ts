import type { DatabaseHandle } from './client.ts';

/**
 * The channel every write to the tables behind the aggregates notifies (statement triggers of migration
 * 0007_data_changes): the notification is sent when the writing transaction commits, whoever wrote.
 */
export const DATA_CHANGE_CHANNEL = 'pantau_data_changed';

/** What an answer cache needs to know about writes: a generation that moves on every change, and whether it is watched. */
export interface DataChangeFeed {
  /**
   * Moves on every notified write, and whenever the feed connects or loses its connection: an answer computed under
   * one generation may be served only while the generation is unchanged.
   */
  readonly generation: number;
  /** True while the feed listens; when false (connecting, connection lost, embedded database) nothing may be cached. */
  readonly live: boolean;
  close(): Promise<void>;
}

/** A feed that never goes live: answers are always computed (the embedded database, tests without a server). */
export const UNWATCHED: DataChangeFeed = { generation: 0, live: false, close: async () => undefined };

/**
 * Listens for data changes on a dedicated connection. While the connection is down the feed is not live (no caching)
 * and it reconnects after `retryMs`; every (re)connection moves the generation, since writes may have been missed.
 */
export function watchDataChanges(
  handle: Pick<DatabaseHandle, 'kind' | 'url'>,
  options: { retryMs?: number; onError?: (error: Error) => void } = {},
): DataChangeFeed {
  if (handle.kind !== 'postgres' || !handle.url) return UNWATCHED;
  const url = handle.url;
  const retryMs = options.retryMs ?? 1_000;
  let generation = 0;
  let live = false;
  let closed = false;
  let client: import('pg').Client | null = null;
  let retry: NodeJS.Timeout | null = null;

  const lost = (error?: Error) => {
    generation++;
    live = false;
    if (error) options.onError?.(error);
    const dead = client;
    client = null;
    dead?.removeAllListeners();
    dead?.on('error', () => undefined);
    void dead?.end().catch(() => undefined);
    if (!closed && !retry) {
      retry = setTimeout(() => {
        retry = null;
        void connect();
      }, retryMs);
      retry.unref();
    }
  };

  const connect = async () => {
    const { default: pg } = await import('pg');
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000, keepAlive: true });
    client = next;
    next.on('notification', (message) => {
      if (message.channel === DATA_CHANGE_CHANNEL) generation++;
    });
    next.on('error', (error) => {
      if (client === next) lost(error);
    });
    next.on('end', () => {
      if (client === next) lost();
    });
    try {
      await next.connect();
      await next.query(`listen ${DATA_CHANGE_CHANNEL}`);
      if (closed || client !== next) {
        await next.end().catch(() => undefined);
        return;
      }
      generation++;
      live = true;
    } catch (error) {
      if (client === next) lost(error as Error);
    }
  };

  void connect();
  return {
    get generation() {
      return generation;
    },
    get live() {
      return live;
    },
    async close() {
      closed = true;
      live = false;
      generation++;
      if (retry) clearTimeout(retry);
      const open = client;
      client = null;
      open?.removeAllListeners();
      open?.on('error', () => undefined);
      await open?.end().catch(() => undefined);
    },
  };
}
