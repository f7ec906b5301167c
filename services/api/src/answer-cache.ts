import { jakartaDay } from '@pantau/contracts';
import type { DataChangeFeed } from '@pantau/db';

/** Most answers kept by default. */
const MAX_ENTRIES = 256;

type Entry = { generation: number; answer: Promise<unknown> };

/**
 * Aggregate answers kept until the data behind them changes. An answer is kept under the data-change generation seen
 * when its computation started and served only while that generation holds: any write to the tables it reads (notified
 * on commit by the database) or a lost notification connection moves the generation, so the next request recomputes.
 * Nothing is kept while the feed is not live. Concurrent requests for the same answer share one computation.
 */
export class AnswerCache {
  private readonly entries = new Map<string, Entry>();

  /** `maxEntries`: most answers kept; the oldest are dropped first. */
  constructor(
    private readonly feed: DataChangeFeed,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  /**
   * The answer for `key`, computed by `compute` unless an answer of the current data generation is kept; with `tables`,
   * only writes to those tables move the generation the answer is kept under.
   */
  async get<T>(key: string, compute: () => Promise<T>, tables?: readonly string[]): Promise<T> {
    const { feed } = this;
    if (!feed.live) return compute();
    const generation = tables && feed.generationOf ? feed.generationOf(tables) : feed.generation;
    const kept = this.entries.get(key);
    if (kept && kept.generation === generation) return kept.answer as Promise<T>;
    const answer = compute();
    const entry: Entry = { generation, answer };
    if (kept) this.entries.delete(key);
    else if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, entry);
    answer.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return answer;
  }

  /** Answers kept (for tests). */
  get size(): number {
    return this.entries.size;
  }
}

/**
 * The cache key of an aggregate request: the route, its validated query (keys sorted) and the model version. A request
 * without `to` ends on the latest day with data, or today on an empty database: today's Jakarta day is in its key.
 */
export function answerKey(route: string, query: object, modelVersion: string): string {
  const given = Object.entries(query).filter(([, value]) => value !== undefined);
  const parts = given.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const to = given.find(([k]) => k === 'to');
  return JSON.stringify([route, modelVersion, to === undefined ? jakartaDay(Date.now()) : null, parts]);
}

/** Served answers and the kept answer each was stamped from (its JSON is kept too: see answer-json.ts). */
const stampedFrom = new WeakMap<object, object>();

/** A kept answer as served: the same figures and disclosure, stamped with the time it is served. */
export function served<T extends { disclosure: { generatedAt: string } }>(answer: T): T {
  const stamped = { ...answer, disclosure: { ...answer.disclosure, generatedAt: new Date().toISOString() } };
  stampedFrom.set(stamped, answer);
  return stamped;
}

/** The kept answer a served one was stamped from by `served`, if it was. */
export function keptAnswerOf<T extends object>(answer: T): T | undefined {
  return stampedFrom.get(answer) as T | undefined;
}
