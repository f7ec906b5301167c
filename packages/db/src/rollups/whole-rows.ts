// The small tables behind the sentiment figures and every disclosure, read whole, for a caller that keeps them in memory
// and sums windows from them (the API while the data-change feed is live).

import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { rowsOf } from '../sql.ts';
import { OVERVIEW_SUMS, SENTIMENT_SUMS, type VersionCount } from './queries.ts';

/** One daily rollup row: its day, platform, model, part, and OVERVIEW_SUMS counts. */
export interface RollupRow {
  day: string;
  platform: string;
  modelVersion: string;
  /** A row of the coordinated part (counted from `posts`; subtracted when coordinated posts are excluded). */
  coordinated: boolean;
  counts: number[];
}

/** Exclusions of one day, platform (null: a message too broken to name one) and reason. */
export interface ExclusionRow {
  day: string;
  platform: string | null;
  reason: string;
  count: number;
}

const OVERVIEW_COLUMNS = OVERVIEW_SUMS.join(', ');
const ZERO_REDACTIONS = OVERVIEW_SUMS.slice(SENTIMENT_SUMS.length)
  .map(() => '0')
  .join(', ');

const toRollupRow = (r: Record<string, unknown>): RollupRow => ({
  day: String(r.day),
  platform: String(r.platform),
  modelVersion: String(r.model_version),
  coordinated: r.coordinated === true,
  counts: OVERVIEW_SUMS.map((c) => Number(r[c] ?? 0)),
});

/** The daily sentiment rollup and its coordinated part (as `sentimentOverview` reads them), every row. */
export async function readSentimentRollups(db: Database): Promise<RollupRow[]> {
  const result = await db.execute(sql`
    select to_char(day, 'YYYY-MM-DD') as day, platform, model_version, false as coordinated, ${sql.raw(OVERVIEW_COLUMNS)}
    from daily_sentiment
    union all
    select to_char(day, 'YYYY-MM-DD'), platform, model_version, true, ${sql.raw(SENTIMENT_SUMS.join(', '))}, ${sql.raw(ZERO_REDACTIONS)}
    from daily_coordinated_sentiment`);
  return rowsOf(result).map(toRollupRow);
}

/** One topic's daily rollup and its coordinated posts that have a label, per day, platform and model, every row. */
export async function readTopicRollups(db: Database, topicId: number): Promise<RollupRow[]> {
  const zeros = OVERVIEW_SUMS.slice(1)
    .map(() => '0')
    .join(', ');
  const result = await db.execute(sql`
    select to_char(day, 'YYYY-MM-DD') as day, platform, model_version, false as coordinated, ${sql.raw(OVERVIEW_COLUMNS)}
    from daily_topic_sentiment where topic_id = ${topicId}
    union all
    select to_char(cp.day, 'YYYY-MM-DD'), p.platform, l.model_version, true, count(*), ${sql.raw(zeros)}
    from coordinated_posts cp join post_topics pt on pt.post_id = cp.post_id and pt.topic_id = ${topicId}
    join posts p on p.id = cp.post_id join sentiment_labels l on l.post_id = cp.post_id
    group by 1, 2, 3`);
  return rowsOf(result).map(toRollupRow);
}

/** Exclusions counted per day, platform and reason (reasons in order). */
export async function readExclusions(db: Database): Promise<ExclusionRow[]> {
  const result = await db.execute(sql`
    select to_char(day, 'YYYY-MM-DD') as day, platform, reason, count(*) as n
    from exclusions where day is not null group by day, platform, reason order by reason, day`);
  return rowsOf(result).map((r) => ({
    day: String(r.day),
    platform: r.platform === null ? null : String(r.platform),
    reason: String(r.reason),
    count: Number(r.n),
  }));
}

/** The ids of every topic. */
export async function readTopicIds(db: Database): Promise<Set<number>> {
  const result = await db.execute(sql`select id from topics`);
  return new Set(rowsOf(result).map((r) => Number(r.id)));
}

/**
 * What `populationVersions` answers for a window, from rollup rows (the daily sentiment rollup or one topic's): each
 * model's posts in the window, less the coordinated part's when coordinated posts are excluded, models with posts only.
 */
export function versionsOf(
  rows: readonly RollupRow[],
  window: { from: string; to: string; platform?: string | undefined; excludeCoordinated?: boolean | undefined },
): VersionCount[] {
  const posts = new Map<string, number>();
  for (const r of rows) {
    if (r.day < window.from || r.day > window.to) continue;
    if (window.platform && r.platform !== window.platform) continue;
    if (r.coordinated && !window.excludeCoordinated) continue;
    const n = r.counts[0] ?? 0;
    posts.set(r.modelVersion, (posts.get(r.modelVersion) ?? 0) + (r.coordinated ? -n : n));
  }
  // Ordered as the database orders them (C collation: by code point).
  return [...posts]
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([version, n]) => ({ version, posts: n }));
}
