import type { DatabaseHandle } from './client.ts';

/**
 * The channel every write to the tables behind the aggregates notifies (statement triggers of migration
 * 0007_data_changes): the notification is sent when the writing transaction commits, whoever wrote.
 */
export const DATA_CHANGE_CHANNEL = 'pantau_data_changed';

/**
 * The channel on which writes to the keyword rollups also name the days they wrote (`table:day,day,…`, `table:*` for
 * every day; triggers of migration 0030), sent at commit after the table's DATA_CHANGE_CHANNEL notification.
 */
export const ROLLUP_DAYS_CHANNEL = 'pantau_rollup_days';

/** What an answer cache needs to know about writes: a generation that moves on every change, and whether it is watched. */
export interface DataChangeFeed {
  /**
   * Moves on every notified write, and whenever the feed connects or loses its connection: an answer computed under
   * one generation may be served only while the generation is unchanged.
   */
  readonly generation: number;
  /** True while the feed listens; when false (connecting, connection lost, embedded database) nothing may be cached. */
  readonly live: boolean;
  /**
   * Like `generation`, but moved only by writes to one of `tables` (or a notification that names no table) and by the
   * feed connecting or losing its connection: data read from those tables under one value may be used while it holds.
   * A feed without it does not tell tables apart (use `generation`).
   */
  generationOf?(tables: readonly string[]): number;
  /**
   * Calls `listener` with each ROLLUP_DAYS_CHANNEL notification: the table written and the days it names (null: every
   * day). A write is named here only after `generationOf` has counted it, and a lost connection may lose some.
   */
  onRollupDays?(listener: (table: string, days: readonly string[] | null) => void): void;
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
  // Per table, notified writes; `connections` moves with every (re)connection or loss, `unnamed` with a payload naming no table.
  const writes = new Map<string, number>();
  let connections = 0;
  let unnamed = 0;
  let live = false;
  let closed = false;
  const dayListeners: ((table: string, days: readonly string[] | null) => void)[] = [];
  let client: import('pg').Client | null = null;
  let retry: NodeJS.Timeout | null = null;

  const lost = (error?: Error) => {
    generation++;
    connections++;
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
      if (message.channel === ROLLUP_DAYS_CHANNEL && message.payload) {
        const [table = '', days = ''] = message.payload.split(':');
        const named = days === '*' ? null : days === '' ? [] : days.split(',');
        for (const listener of dayListeners) listener(table, named);
      }
      if (message.channel !== DATA_CHANGE_CHANNEL) return;
      generation++;
      if (message.payload) writes.set(message.payload, (writes.get(message.payload) ?? 0) + 1);
      else unnamed++;
    });
    next.on('error', (error) => {
      if (client === next) lost(error);
    });
    next.on('end', () => {
      if (client === next) lost();
    });
    try {
      await next.connect();
      await next.query(`listen ${DATA_CHANGE_CHANNEL}; listen ${ROLLUP_DAYS_CHANNEL}`);
      if (closed || client !== next) {
        await next.end().catch(() => undefined);
        return;
      }
      generation++;
      connections++;
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
    // Every part only grows, so the sum moves whenever one of them does.
    generationOf(tables) {
      let sum = connections + unnamed;
      for (const table of tables) sum += writes.get(table) ?? 0;
      return sum;
    },
    onRollupDays(listener) {
      dayListeners.push(listener);
    },
    async close() {
      closed = true;
      live = false;
      generation++;
      connections++;
      if (retry) clearTimeout(retry);
      const open = client;
      client = null;
      open?.removeAllListeners();
      open?.on('error', () => undefined);
      await open?.end().catch(() => undefined);
    },
  };
}
