import type { BusProducer } from '@pantau/bus';
import { type Database, registerSchedules } from '@pantau/db';
import { type CollectResult, collect } from './collect.ts';
import type { Connector } from './connector.ts';
import { abortableSleep } from './http.ts';
import type { PollQuery } from './registry.ts';

export interface PollerOptions {
  queries: PollQuery[];
  connectorOf: (name: string, query: string) => Connector;
  producer: BusProducer;
  db: Database;
  pepper: string;
  /** Minutes between polls of a query that does not set its own. */
  everyMinutes: number;
  /** How far back the first poll of a query reaches. */
  firstLookbackMs: number;
  now?: () => number;
  /** After each poll of a query (the caller logs). */
  onRun?: (query: PollQuery, result: CollectResult) => void;
  /** A poll that failed before the run started (database down, bad configuration). */
  onError?: (query: PollQuery, error: unknown) => void;
  /** The schedules could not be stored (coverage then judges these queries by the schedules stored before). */
  onScheduleError?: (error: unknown) => void;
}

/** A running poller: `stop()` interrupts waits and requests, lets the page being published finish, and returns. */
export interface Poller {
  stop(): Promise<void>;
  /** Resolves when every query loop has ended. */
  done: Promise<void>;
}

/**
 * Polls each configured query on its own schedule: a live collection from where the last one stopped, then a wait.
 * Queries run side by side; each connector's HTTP client bounds the requests in flight. The set of schedules is stored
 * first (`registerSchedules`): a query left out of it is no longer due.
 */
export function startPoller(options: PollerOptions): Poller {
  const controller = new AbortController();
  const signal = controller.signal;
  const loop = async (query: PollQuery) => {
    while (!signal.aborted) {
      const started = Date.now();
      try {
        const result = await collect(options.connectorOf(query.connector, query.query), {
          producer: options.producer,
          db: options.db,
          pepper: options.pepper,
          mode: { kind: 'live', firstLookbackMs: options.firstLookbackMs },
          signal,
          ...(options.now ? { now: options.now } : {}),
        });
        options.onRun?.(query, result);
      } catch (error) {
        if (signal.aborted) break;
        options.onError?.(query, error);
      }
      const waitMs = Math.max(0, (query.everyMinutes ?? options.everyMinutes) * 60_000 - (Date.now() - started));
      await abortableSleep(waitMs, signal).catch(() => undefined);
    }
  };
  // The schedules are stored before the first poll, so coverage judges each day by what was due on it.
  const registered = (async () => {
    const schedules = options.queries.map((q) => {
      const connector = options.connectorOf(q.connector, q.query);
      return {
        connector: connector.name,
        query: connector.query,
        platform: connector.platform,
        everyMinutes: q.everyMinutes ?? options.everyMinutes,
      };
    });
    await registerSchedules(options.db, schedules, new Date((options.now ?? Date.now)()));
  })().catch((error: unknown) => options.onScheduleError?.(error));
  const done = registered.then(() => Promise.all(options.queries.map(loop))).then(() => undefined);
  return {
    done,
    async stop() {
      controller.abort(new Error('stopping: the next poll resumes from the checkpoint'));
      await done;
    },
  };
}
