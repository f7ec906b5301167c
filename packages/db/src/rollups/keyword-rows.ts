// The daily keyword rollup and its coordinated part read whole, for a caller that keeps them in memory, and the top
// keywords and keyword series of a window summed from them: the same answers as `topKeywords` and `keywordSeries`.

import { mondayOf } from '@pantau/contracts';
import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { arrayParam, type DayWindow, type Granularity, rowsOf } from '../sql.ts';
import { byDay, eachOnDays } from './day-rows.ts';
import type { KeywordCount } from './queries.ts';

/** One row of `daily_keywords` or of its coordinated part, summed over nothing. */
export interface KeywordRollupRow {
  day: string;
  platform: string;
  term: string;
  kind: string;
  /** posts, negative, neutral, positive, uncertain. */
  counts: [number, number, number, number, number];
}

/** One key's rows, each part ordered by day. */
interface KeyRows {
  all: KeywordRollupRow[];
  coordinated: KeywordRollupRow[];
}

/** The keyword rollups indexed by key. */
export interface KeptKeywords {
  keys: Map<string, KeyRows>;
  rows: number;
}

/** The rows of both keyword rollups, at most `limit`, of `days` only when given. */
async function keywordRollupRows(db: Database, limit: number, days?: readonly string[]): Promise<Record<string, unknown>[]> {
  const onDays = days ? sql`where day = any(${arrayParam(days)}::date[])` : sql``;
  return rowsOf(
    await db.execute(sql`
    select to_char(day, 'YYYY-MM-DD') as day, platform, key, term, kind, false as coordinated, posts, negative, neutral, positive, uncertain
    from daily_keywords ${onDays}
    union all
    select to_char(day, 'YYYY-MM-DD'), platform, key, term, kind, true, posts, negative, neutral, positive, uncertain
    from daily_coordinated_keywords ${onDays}
    limit ${limit}`),
  );
}

/** Adds rows as read to the index by key (each part left unordered); returns the keys it added to. */
function addKeywordRows(keys: Map<string, KeyRows>, rows: readonly Record<string, unknown>[]): Set<KeyRows> {
  // Days and platforms repeat on every row: one string each.
  const interned = new Map<string, string>();
  const intern = (v: unknown) => {
    const s = String(v);
    const kept = interned.get(s);
    if (kept !== undefined) return kept;
    interned.set(s, s);
    return s;
  };
  const added = new Set<KeyRows>();
  for (const r of rows) {
    const key = String(r.key);
    let k = keys.get(key);
    if (!k) {
      k = { all: [], coordinated: [] };
      keys.set(key, k);
    }
    added.add(k);
    (r.coordinated === true ? k.coordinated : k.all).push({
      day: intern(r.day),
      platform: intern(r.platform),
      term: String(r.term),
      kind: intern(r.kind),
      counts: [Number(r.posts), Number(r.negative), Number(r.neutral), Number(r.positive), Number(r.uncertain)],
    });
  }
  return added;
}

/**
 * Every row of `daily_keywords` and `daily_coordinated_keywords`, indexed by key; null when they hold more than
 * `maxRows` rows together (then each window is read from the database).
 */
export async function readKeywordRollups(db: Database, maxRows: number): Promise<KeptKeywords | null> {
  const rows = await keywordRollupRows(db, maxRows + 1);
  if (rows.length > maxRows) return null;
  const keys = new Map<string, KeyRows>();
  for (const k of addKeywordRows(keys, rows)) {
    k.all.sort(byDay);
    k.coordinated.sort(byDay);
  }
  return { keys, rows: rows.length };
}

/**
 * Brings kept keyword rollups up to date after writes to `days` (of either rollup): those days' rows are read again and
 * replace the kept ones, in place; the rest is kept as it is. Null, as `readKeywordRollups`, when the rollups have grown
 * past `maxRows`.
 */
export async function updateKeywordRollups(
  db: Database,
  kept: KeptKeywords,
  days: readonly string[],
  maxRows: number,
): Promise<KeptKeywords | null> {
  if (days.length === 0) return kept;
  const fresh = await keywordRollupRows(db, maxRows + 1, days);
  const changed = new Set(days);
  let rows = kept.rows;
  const dropChanged = (part: KeywordRollupRow[]) => {
    if (!part.some((r) => changed.has(r.day))) return part;
    const left = part.filter((r) => !changed.has(r.day));
    rows -= part.length - left.length;
    return left;
  };
  for (const [key, k] of kept.keys) {
    k.all = dropChanged(k.all);
    k.coordinated = dropChanged(k.coordinated);
    if (k.all.length === 0 && k.coordinated.length === 0) kept.keys.delete(key);
  }
  rows += fresh.length;
  if (rows > maxRows) return null;
  for (const k of addKeywordRows(kept.keys, fresh)) {
    k.all.sort(byDay);
    k.coordinated.sort(byDay);
  }
  kept.rows = rows;
  return kept;
}

/** Orders two texts as Postgres does under the C collation: by code point (UTF-16 order differs past U+FFFF). */
export function byCodePoint(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Posts of `rows` in [from, to] on the platform. */
function postsIn(rows: readonly KeywordRollupRow[], from: string, to: string, platform: string | undefined): number {
  let posts = 0;
  eachOnDays(rows, from, to, platform, (r) => {
    posts += r.counts[0];
  });
  return posts;
}

/**
 * What `topKeywords` answers for a window of all topics and languages, from the kept rollups (the rollup minus its
 * coordinated part when coordinated posts are excluded, with either rule: not for one rule's).
 */
export function topKeywordsOf(
  kept: KeptKeywords,
  window: Pick<DayWindow, 'from' | 'to' | 'platform' | 'excludeCoordinated'> & { limit: number; previousFrom: string; previousTo: string },
): KeywordCount[] {
  const { from, to, platform } = window;
  const exclude = window.excludeCoordinated === true;
  type Ranked = { key: string; k: KeyRows; counts: number[]; kind: string; best: KeywordRollupRow | null; bestPosts: number };
  const ranked: Ranked[] = [];
  for (const [key, k] of kept.keys) {
    const counts = [0, 0, 0, 0, 0];
    let kind: string | null = null;
    // The display term: the row with most posts, then the earliest day, then the first term (as the statement orders).
    let best: KeywordRollupRow | null = null;
    let bestPosts = 0;
    const take = (r: KeywordRollupRow, sign: 1 | -1) => {
      for (let i = 0; i < 5; i++) (counts[i] as number) += sign * (r.counts[i] as number);
      if (kind === null || r.kind < kind) kind = r.kind;
      const posts = sign * r.counts[0];
      if (
        best === null ||
        posts > bestPosts ||
        (posts === bestPosts && (r.day < best.day || (r.day === best.day && byCodePoint(r.term, best.term) < 0)))
      ) {
        best = r;
        bestPosts = posts;
      }
    };
    eachOnDays(k.all, from, to, platform, (r) => take(r, 1));
    if (exclude) eachOnDays(k.coordinated, from, to, platform, (r) => take(r, -1));
    if ((counts[0] as number) > 0 && kind !== null) ranked.push({ key, k, counts, kind, best, bestPosts });
  }
  ranked.sort((a, b) => (b.counts[0] as number) - (a.counts[0] as number) || byCodePoint(a.key, b.key));
  return ranked.slice(0, window.limit).map(({ key, k, counts, kind, best }) => {
    const previous = postsIn(k.all, window.previousFrom, window.previousTo, platform);
    return {
      key,
      term: (best as KeywordRollupRow | null)?.term ?? key,
      kind,
      posts: counts[0] as number,
      previousPosts: exclude ? previous - postsIn(k.coordinated, window.previousFrom, window.previousTo, platform) : previous,
      negative: counts[1] as number,
      neutral: counts[2] as number,
      positive: counts[3] as number,
      uncertain: counts[4] as number,
      ...(exclude ? {} : { coordinatedPosts: postsIn(k.coordinated, from, to, platform) }),
    };
  });
}

/** What `keywordSeries` answers for a window of all topics and languages, from the kept rollups (as `topKeywordsOf`). */
export function keywordSeriesOf(
  kept: KeptKeywords,
  window: Pick<DayWindow, 'from' | 'to' | 'platform' | 'excludeCoordinated'> & { key: string; granularity: Granularity },
): { period: string; posts: number; negative: number; neutral: number; positive: number; uncertain: number }[] {
  const k = kept.keys.get(window.key);
  if (!k) return [];
  const periods = new Map<string, number[]>();
  const take = (r: KeywordRollupRow, sign: 1 | -1) => {
    const period = window.granularity === 'week' ? mondayOf(r.day) : r.day;
    let counts = periods.get(period);
    if (!counts) {
      counts = [0, 0, 0, 0, 0];
      periods.set(period, counts);
    }
    for (let i = 0; i < 5; i++) (counts[i] as number) += sign * (r.counts[i] as number);
  };
  eachOnDays(k.all, window.from, window.to, window.platform, (r) => take(r, 1));
  if (window.excludeCoordinated) eachOnDays(k.coordinated, window.from, window.to, window.platform, (r) => take(r, -1));
  return [...periods]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([period, c]) => ({
      period,
      posts: c[0] as number,
      negative: c[1] as number,
      neutral: c[2] as number,
      positive: c[3] as number,
      uncertain: c[4] as number,
    }));
}
