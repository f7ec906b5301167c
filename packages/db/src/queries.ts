import { and, desc, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { Database } from './client.ts';
import { dailyKeywords, exclusions } from './schema.ts';

/** A window of Asia/Jakarta calendar days, both ends included (YYYY-MM-DD). */
export interface DayWindow {
  from: string;
  to: string;
  platform?: string | undefined;
  /** Only posts tagged with this topic (computed from posts, not from the daily rollups). */
  topicId?: number | undefined;
}

export type Granularity = 'day' | 'week';

/** Counts per sentiment class for one period. */
export interface SentimentPeriod {
  period: string;
  posts: number;
  negative: number;
  neutral: number;
  positive: number;
  uncertain: number;
  likes: number;
  replies: number;
  shares: number;
  views: number;
}

const n = (v: unknown) => Number(v ?? 0);

/** Daily (or weekly, ISO weeks starting Monday) sentiment counts of one model version. */
export async function sentimentSeries(
  db: Database,
  window: DayWindow & { granularity: Granularity; modelVersion: string },
): Promise<SentimentPeriod[]> {
  if (window.topicId !== undefined) return topicSentimentSeries(db, window as typeof window & { topicId: number });
  // Raw SQL on the hot path of every dashboard: the query builder costs more CPU than the query itself.
  const period = window.granularity === 'week' ? sql`to_char(date_trunc('week', day), 'YYYY-MM-DD')` : sql`to_char(day, 'YYYY-MM-DD')`;
  const result = await db.execute(sql`
    select ${period} as period, sum(posts) as posts, sum(negative) as negative, sum(neutral) as neutral, sum(positive) as positive,
      sum(uncertain) as uncertain, sum(likes) as likes, sum(replies) as replies, sum(shares) as shares, sum(views) as views
    from daily_sentiment
    where model_version = ${window.modelVersion} and day between ${window.from} and ${window.to}
      ${window.platform ? sql`and platform = ${window.platform}` : sql``}
    group by 1 order by 1`);
  return rowsOf(result).map(toSentimentPeriod);
}

const toSentimentPeriod = (r: Record<string, unknown>): SentimentPeriod => ({
  period: String(r.period),
  posts: n(r.posts),
  negative: n(r.negative),
  neutral: n(r.neutral),
  positive: n(r.positive),
  uncertain: n(r.uncertain),
  likes: n(r.likes),
  replies: n(r.replies),
  shares: n(r.shares),
  views: n(r.views),
});

/** Sentiment per period for one topic, from the tagged posts and their labels. */
async function topicSentimentSeries(
  db: Database,
  window: DayWindow & { granularity: Granularity; modelVersion: string; topicId: number },
): Promise<SentimentPeriod[]> {
  const period = window.granularity === 'week' ? sql`to_char(date_trunc('week', p.day), 'YYYY-MM-DD')` : sql`to_char(p.day, 'YYYY-MM-DD')`;
  const result = await db.execute(sql`
    select ${period} as period, count(*) as posts,
      count(*) filter (where l.label = 'negative') as negative, count(*) filter (where l.label = 'neutral') as neutral,
      count(*) filter (where l.label = 'positive') as positive, count(*) filter (where l.label = 'uncertain') as uncertain,
      sum(p.likes) as likes, sum(p.replies) as replies, sum(p.shares) as shares, sum(p.views) as views
    from post_topics pt
    join posts p on p.id = pt.post_id
    join sentiment_labels l on l.post_id = p.id and l.model_version = ${window.modelVersion}
    where pt.topic_id = ${window.topicId} and pt.day between ${window.from} and ${window.to}
      ${window.platform ? sql`and p.platform = ${window.platform}` : sql``}
    group by 1 order by 1`);
  return rowsOf(result).map(toSentimentPeriod);
}

/** Rows of a raw `execute` result on either driver. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  return (result as { rows: Record<string, unknown>[] }).rows;
}

/** A keyword's counts in a window, with the same-length previous window for comparison. */
export interface KeywordCount {
  key: string;
  term: string;
  kind: string;
  posts: number;
  previousPosts: number;
  negative: number;
  neutral: number;
  positive: number;
  uncertain: number;
}

/** Most used keywords in a window (posts that used them), with the previous window's count for each. */
export async function topKeywords(
  db: Database,
  window: DayWindow & { modelVersion: string; limit: number; previousFrom: string; previousTo: string },
): Promise<KeywordCount[]> {
  if (window.topicId !== undefined) return topicTopKeywords(db, window as typeof window & { topicId: number });
  const scope = (from: string, to: string) =>
    and(
      eq(dailyKeywords.modelVersion, window.modelVersion),
      gte(dailyKeywords.day, from),
      lte(dailyKeywords.day, to),
      window.platform ? eq(dailyKeywords.platform, window.platform) : undefined,
    );
  const total = sql<number>`sum(${dailyKeywords.posts})`;
  const rows = await db
    .select({
      key: dailyKeywords.key,
      // The display form used by most posts.
      term: sql<string>`(array_agg(${dailyKeywords.term} order by ${dailyKeywords.posts} desc))[1]`,
      kind: sql<string>`min(${dailyKeywords.kind})`,
      posts: total,
      negative: sql`sum(${dailyKeywords.negative})`,
      neutral: sql`sum(${dailyKeywords.neutral})`,
      positive: sql`sum(${dailyKeywords.positive})`,
      uncertain: sql`sum(${dailyKeywords.uncertain})`,
    })
    .from(dailyKeywords)
    .where(scope(window.from, window.to))
    .groupBy(dailyKeywords.key)
    .orderBy(desc(total), dailyKeywords.key)
    .limit(window.limit);
  const keys = rows.map((r) => r.key);
  const previous = new Map<string, number>();
  if (keys.length > 0) {
    const prev = await db
      .select({ key: dailyKeywords.key, posts: sql`sum(${dailyKeywords.posts})` })
      .from(dailyKeywords)
      .where(and(scope(window.previousFrom, window.previousTo), inArray(dailyKeywords.key, keys)))
      .groupBy(dailyKeywords.key);
    for (const p of prev) previous.set(p.key, n(p.posts));
  }
  return rows.map((r) => ({
    key: r.key,
    term: String(r.term),
    kind: String(r.kind),
    posts: n(r.posts),
    previousPosts: previous.get(r.key) ?? 0,
    negative: n(r.negative),
    neutral: n(r.neutral),
    positive: n(r.positive),
    uncertain: n(r.uncertain),
  }));
}

/** Top keywords among one topic's posts, from post keywords (not the daily rollups). */
async function topicTopKeywords(
  db: Database,
  window: DayWindow & { modelVersion: string; limit: number; previousFrom: string; previousTo: string; topicId: number },
): Promise<KeywordCount[]> {
  const result = await db.execute(sql`
    with scoped as (
      select pk.key, pk.term, pk.kind, p.day, l.label
      from post_topics pt
      join posts p on p.id = pt.post_id
      join post_keywords pk on pk.post_id = p.id
      join sentiment_labels l on l.post_id = p.id and l.model_version = ${window.modelVersion}
      where pt.topic_id = ${window.topicId} and pt.day between ${window.previousFrom} and ${window.to}
        ${window.platform ? sql`and p.platform = ${window.platform}` : sql``}
    )
    select key, mode() within group (order by term) as term, min(kind) as kind,
      count(*) filter (where day >= ${window.from}) as posts,
      count(*) filter (where day <= ${window.previousTo}) as previous_posts,
      count(*) filter (where day >= ${window.from} and label = 'negative') as negative,
      count(*) filter (where day >= ${window.from} and label = 'neutral') as neutral,
      count(*) filter (where day >= ${window.from} and label = 'positive') as positive,
      count(*) filter (where day >= ${window.from} and label = 'uncertain') as uncertain
    from scoped group by key
    having count(*) filter (where day >= ${window.from}) > 0
    order by 4 desc, key limit ${window.limit}`);
  return rowsOf(result).map((r) => ({
    key: String(r.key),
    term: String(r.term),
    kind: String(r.kind),
    posts: n(r.posts),
    previousPosts: n(r.previous_posts),
    negative: n(r.negative),
    neutral: n(r.neutral),
    positive: n(r.positive),
    uncertain: n(r.uncertain),
  }));
}

/** Posts counted and excluded (by reason) in a window. */
export interface Population {
  postsCounted: number;
  excluded: Record<string, number>;
}

/**
 * The posts counted in a window and how many of them abstained, when the caller has just counted them with the same
 * filters (the sentiment series' total): the population statement then does not count them again.
 */
export interface CountedPosts {
  posts: number;
  uncertain: number;
}

/** The population statement: posts counted, abstained, and exclusions by reason (as JSON) of a window. */
function populationSql(window: DayWindow & { modelVersion: string }, known?: CountedPosts): SQL {
  const counted = known
    ? sql`select ${known.posts}::bigint as posts, ${known.uncertain}::bigint as uncertain`
    : window.topicId !== undefined
      ? sql`select count(*) as posts, count(*) filter (where l.label = 'uncertain') as uncertain
          from post_topics pt
          join posts p on p.id = pt.post_id
          join sentiment_labels l on l.post_id = p.id and l.model_version = ${window.modelVersion}
          where pt.topic_id = ${window.topicId} and pt.day between ${window.from} and ${window.to}
            ${window.platform ? sql`and p.platform = ${window.platform}` : sql``}`
      : sql`select coalesce(sum(posts), 0) as posts, coalesce(sum(uncertain), 0) as uncertain from daily_sentiment
          where model_version = ${window.modelVersion} and day between ${window.from} and ${window.to}
            ${window.platform ? sql`and platform = ${window.platform}` : sql``}`;
  // Messages too broken to name a platform are counted in every platform's window.
  return sql`
    with counted as (${counted})
    select counted.posts, counted.uncertain,
      (select coalesce(json_object_agg(reason, n), '{}'::json) from (
        select reason, count(*) as n from exclusions
        where day between ${window.from} and ${window.to}
          ${window.platform ? sql`and (platform = ${window.platform} or platform is null)` : sql``}
        group by reason) e) as excluded
    from counted`;
}

function toPopulation(row: Record<string, unknown> | undefined): Population {
  const excluded: Record<string, number> = { not_indonesian: 0, duplicate: 0, abstained: n(row?.uncertain), invalid: 0, redacted: 0 };
  const byReason = (typeof row?.excluded === 'string' ? JSON.parse(row.excluded) : (row?.excluded ?? {})) as Record<string, unknown>;
  for (const [reason, count] of Object.entries(byReason)) excluded[reason] = (excluded[reason] ?? 0) + n(count);
  return { postsCounted: n(row?.posts), excluded };
}

/** The denominator and the exclusions behind every figure of a window (one statement). */
export async function population(db: Database, window: DayWindow & { modelVersion: string }): Promise<Population> {
  const [row] = rowsOf(await db.execute(populationSql(window)));
  return toPopulation(row);
}

/** Exclusions by reason and code (the dead-letter reason or the detected language). */
export async function exclusionCounts(db: Database, window: DayWindow): Promise<{ reason: string; code: string; count: number }[]> {
  const rows = await db
    .select({ reason: exclusions.reason, code: exclusions.code, count: sql`count(*)` })
    .from(exclusions)
    .where(and(gte(exclusions.day, window.from), lte(exclusions.day, window.to)))
    .groupBy(exclusions.reason, exclusions.code)
    .orderBy(exclusions.reason, exclusions.code);
  return rows.map((r) => ({ reason: r.reason, code: r.code, count: n(r.count) }));
}

/** Coverage of one connector and platform over a window. */
export interface CoverageRow {
  connector: string;
  platform: string | null;
  runs: number;
  fetched: number;
  published: number;
  rejected: number;
  lastRunAt: string | null;
}

/** The coverage statement: one row per connector and platform, for runs whose window overlaps the days. */
function coverageSql(window: DayWindow): SQL {
  const fromTs = new Date(`${window.from}T00:00:00+07:00`);
  const toTs = new Date(new Date(`${window.to}T00:00:00+07:00`).getTime() + 86_400_000);
  return sql`
    select connector, platform, count(*) as runs, sum(fetched) as fetched, sum(published) as published,
      sum((select coalesce(sum(value::int), 0) from jsonb_each_text(rejected))) as rejected, max(started_at) as last_run_at
    from coverage_runs
    where (window_from is null and window_to is null)
      or (window_from <= ${toTs.toISOString()}::timestamptz and window_to >= ${fromTs.toISOString()}::timestamptz)
    group by connector, platform`;
}

const toCoverageRow = (r: Record<string, unknown>): CoverageRow => ({
  connector: String(r.connector),
  platform: r.platform === null || r.platform === undefined ? null : String(r.platform),
  runs: n(r.runs),
  fetched: n(r.fetched),
  published: n(r.published),
  rejected: n(r.rejected),
  lastRunAt: r.last_run_at === null || r.last_run_at === undefined ? null : new Date(r.last_run_at as string | Date).toISOString(),
});

/** Coverage per connector and platform for runs whose window overlaps the days asked for. */
export async function coverageSummary(db: Database, window: DayWindow): Promise<CoverageRow[]> {
  // Raw SQL: it runs with every disclosure, and the query builder costs more CPU than this small query.
  return rowsOf(await db.execute(sql`${coverageSql(window)} order by connector, platform`)).map(toCoverageRow);
}

/**
 * `population` and `coverageSummary` of a window in one statement: the figures every disclosure carries, for one
 * database round trip per request instead of two.
 */
export async function disclosureFigures(
  db: Database,
  window: DayWindow & { modelVersion: string },
  known?: CountedPosts,
): Promise<{ population: Population; coverage: CoverageRow[] }> {
  const [row] = rowsOf(
    await db.execute(sql`
      select pop.*, (select coalesce(json_agg(c order by c.connector, c.platform), '[]'::json) from (${coverageSql(window)}) c) as coverage
      from (${populationSql(window, known)}) pop`),
  );
  const coverage = (typeof row?.coverage === 'string' ? JSON.parse(row.coverage) : (row?.coverage ?? [])) as Record<string, unknown>[];
  return { population: toPopulation(row), coverage: coverage.map(toCoverageRow) };
}

/** The latest Jakarta day with counted posts, or null on an empty database. */
export async function latestDay(db: Database): Promise<string | null> {
  const [row] = rowsOf(await db.execute(sql`select max(day) as day from daily_sentiment`));
  return row?.day ? String(row.day) : null;
}

/** One keyword's posts per day or week, with its sentiment mix (topic-scoped from posts when a topic is given). */
export async function keywordSeries(
  db: Database,
  window: DayWindow & { key: string; granularity: Granularity; modelVersion: string },
): Promise<{ period: string; posts: number; negative: number; neutral: number; positive: number; uncertain: number }[]> {
  const result =
    window.topicId === undefined
      ? await db.execute(sql`
          select ${window.granularity === 'week' ? sql`to_char(date_trunc('week', day), 'YYYY-MM-DD')` : sql`to_char(day, 'YYYY-MM-DD')`} as period,
            sum(posts) as posts, sum(negative) as negative, sum(neutral) as neutral, sum(positive) as positive, sum(uncertain) as uncertain
          from daily_keywords
          where key = ${window.key} and model_version = ${window.modelVersion} and day between ${window.from} and ${window.to}
            ${window.platform ? sql`and platform = ${window.platform}` : sql``}
          group by 1 order by 1`)
      : await db.execute(sql`
          select ${window.granularity === 'week' ? sql`to_char(date_trunc('week', p.day), 'YYYY-MM-DD')` : sql`to_char(p.day, 'YYYY-MM-DD')`} as period,
            count(*) as posts, count(*) filter (where l.label = 'negative') as negative, count(*) filter (where l.label = 'neutral') as neutral,
            count(*) filter (where l.label = 'positive') as positive, count(*) filter (where l.label = 'uncertain') as uncertain
          from post_keywords pk
          join post_topics pt on pt.post_id = pk.post_id and pt.topic_id = ${window.topicId} and pt.day between ${window.from} and ${window.to}
          join posts p on p.id = pk.post_id
          join sentiment_labels l on l.post_id = p.id and l.model_version = ${window.modelVersion}
          where pk.key = ${window.key} and p.day between ${window.from} and ${window.to}
            ${window.platform ? sql`and p.platform = ${window.platform}` : sql``}
          group by 1 order by 1`);
  return rowsOf(result).map((r) => ({
    period: String(r.period),
    posts: n(r.posts),
    negative: n(r.negative),
    neutral: n(r.neutral),
    positive: n(r.positive),
    uncertain: n(r.uncertain),
  }));
}
