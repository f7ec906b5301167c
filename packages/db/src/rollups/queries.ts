import { and, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { excludedFlag, keywordRollup, notCoordinated, sentimentRollup } from '../coordination/queries.ts';
import { exclusions } from '../schema.ts';
import { arrayParam, type DayWindow, type Granularity, rowsOf } from '../sql.ts';

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

/** Daily (or weekly, ISO weeks starting Monday) sentiment counts, summed over the model versions of the posts' labels. */
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
    from ${sentimentRollup(window)}
    where day between ${window.from} and ${window.to}
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

/**
 * Sentiment per period for one topic: its daily rollup, minus its few coordinated posts (those the exclusion leaves
 * out, counted from the posts) when they are excluded.
 */
async function topicSentimentSeries(
  db: Database,
  window: DayWindow & { granularity: Granularity; modelVersion: string; topicId: number },
): Promise<SentimentPeriod[]> {
  const period = window.granularity === 'week' ? sql`to_char(date_trunc('week', day), 'YYYY-MM-DD')` : sql`to_char(day, 'YYYY-MM-DD')`;
  const coordinated = window.excludeCoordinated
    ? sql`union all
      select cp.day, -count(*), -count(*) filter (where l.label = 'negative'), -count(*) filter (where l.label = 'neutral'),
        -count(*) filter (where l.label = 'positive'), -count(*) filter (where l.label = 'uncertain'),
        -sum(p.likes), -sum(p.replies), -sum(p.shares), -sum(p.views)
      from coordinated_posts cp join post_topics pt on pt.post_id = cp.post_id and pt.topic_id = ${window.topicId}
      join posts p on p.id = cp.post_id join sentiment_labels l on l.post_id = cp.post_id
      where cp.day between ${window.from} and ${window.to} and ${excludedFlag(window)}
        ${window.platform ? sql`and p.platform = ${window.platform}` : sql``}
      group by cp.day`
    : sql``;
  const result = await db.execute(sql`
    select ${period} as period, sum(posts) as posts, sum(negative) as negative, sum(neutral) as neutral, sum(positive) as positive,
      sum(uncertain) as uncertain, sum(likes) as likes, sum(replies) as replies, sum(shares) as shares, sum(views) as views
    from (
      select day, posts, negative, neutral, positive, uncertain, likes, replies, shares, views from daily_topic_sentiment
      where topic_id = ${window.topicId} and day between ${window.from} and ${window.to}
        ${window.platform ? sql`and platform = ${window.platform}` : sql``}
      ${coordinated}
    ) r
    group by 1 having sum(posts) > 0 order by 1`);
  return rowsOf(result).map(toSentimentPeriod);
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
  /**
   * Of `posts`, those in coordinated clusters, where the same statement counted them (all posts of every topic, read
   * from the coordinated keyword rollup); otherwise unset and counted by `coordinatedKeywordCounts`.
   */
  coordinatedPosts?: number;
}

/** Most used keywords in a window (posts that used them), with the previous window's count for each. */
export async function topKeywords(
  db: Database,
  window: DayWindow & { modelVersion: string; limit: number; previousFrom: string; previousTo: string },
): Promise<KeywordCount[]> {
  if (window.topicId !== undefined) return topicTopKeywords(db, window as typeof window & { topicId: number });
  // One statement: rank keys by their sums first, then look up the display term and the previous window for the top
  // rows only (a display term aggregated over every key cost more than the ranking). Without coordinated posts the
  // rollup is read minus its coordinated part; a key left with no posts is not listed.
  const rollup = keywordRollup(window);
  const platform = window.platform ? sql`and platform = ${window.platform}` : sql``;
  const result = await db.execute(sql`
    with top as (
      select key, min(kind) as kind, sum(posts) as posts, sum(negative) as negative, sum(neutral) as neutral,
        sum(positive) as positive, sum(uncertain) as uncertain
      from ${rollup}
      where day between ${window.from} and ${window.to} ${platform}
      group by key having sum(posts) > 0
      order by sum(posts) desc, key limit ${window.limit}
    )
    select top.*,
      (select term from ${rollup} where key = top.key
        and day between ${window.from} and ${window.to} ${platform}
        order by posts desc, day, term limit 1) as term,
      (select coalesce(sum(posts), 0) from ${rollup} where key = top.key
        and day between ${window.previousFrom} and ${window.previousTo} ${platform}) as previous_posts
      ${
        // With every post counted, the coordinated part of each listed key in the same round trip.
        window.excludeCoordinated
          ? sql``
          : sql`, (select coalesce(sum(posts), 0) from daily_coordinated_keywords where key = top.key
        and day between ${window.from} and ${window.to} ${platform}) as coordinated_posts`
      }
    from top order by top.posts desc, top.key`);
  return rowsOf(result).map(toKeywordCount);
}

/** A keyword row of either top-keyword statement. */
const toKeywordCount = (r: Record<string, unknown>): KeywordCount => ({
  key: String(r.key),
  term: String(r.term),
  kind: String(r.kind),
  posts: n(r.posts),
  previousPosts: n(r.previous_posts),
  negative: n(r.negative),
  neutral: n(r.neutral),
  positive: n(r.positive),
  uncertain: n(r.uncertain),
  ...(r.coordinated_posts === undefined ? {} : { coordinatedPosts: n(r.coordinated_posts) }),
});

/**
 * A keyword's display form (as the daily rollups of the window counted it, most posts first) and kind (told by the key:
 * hashtags keep their #, bigram keys hold a space), for a query whose rows come from posts' keyword keys (posts store
 * keys only). `key` is the SQL expression of the key; joins as `f(term, kind)`.
 */
export function displayForms(key: SQL, window: { modelVersion: string; from: string; to: string }): SQL {
  return sql`cross join lateral (
      select coalesce((select dk.term from daily_keywords dk where dk.key = ${key}
          and dk.day between ${window.from} and ${window.to} order by dk.posts desc, dk.term limit 1), ${key}) as term,
        case when ${key} like '#%' then 'hashtag' when position(' ' in ${key}) > 0 then 'bigram' else 'unigram' end as kind
    ) as f`;
}

/** Top keywords among one topic's posts, from the posts' keyword keys (not the daily rollups). */
async function topicTopKeywords(
  db: Database,
  window: DayWindow & { modelVersion: string; limit: number; previousFrom: string; previousTo: string; topicId: number },
): Promise<KeywordCount[]> {
  const result = await db.execute(sql`
    with scoped as (
      select k.key, p.day, l.label
      from post_topics pt
      join posts p on p.id = pt.post_id
      cross join lateral unnest(p.keywords) as k(key)
      join sentiment_labels l on l.post_id = p.id
      where pt.topic_id = ${window.topicId} and pt.day between ${window.previousFrom} and ${window.to}
        ${window.platform ? sql`and p.platform = ${window.platform}` : sql``} ${notCoordinated(window, sql`p.id`)}
    ),
    counted as (
      select key,
        count(*) filter (where day >= ${window.from}) as posts,
        count(*) filter (where day <= ${window.previousTo}) as previous_posts,
        count(*) filter (where day >= ${window.from} and label = 'negative') as negative,
        count(*) filter (where day >= ${window.from} and label = 'neutral') as neutral,
        count(*) filter (where day >= ${window.from} and label = 'positive') as positive,
        count(*) filter (where day >= ${window.from} and label = 'uncertain') as uncertain
      from scoped group by key
      having count(*) filter (where day >= ${window.from}) > 0
      order by 2 desc, key limit ${window.limit}
    )
    select c.key, f.term, f.kind, c.posts, c.previous_posts, c.negative, c.neutral, c.positive, c.uncertain
    from counted c ${displayForms(sql`c.key`, window)}
    order by c.posts desc, c.key`);
  return rowsOf(result).map(toKeywordCount);
}

/** Posts counted and excluded (by reason) in a window, and how many counted posts had personal data redacted. */
export interface Population {
  postsCounted: number;
  excluded: Record<string, number>;
  /** Counted posts with any redaction, and per kind (a post counts once per kind). Redacted posts are counted, not excluded. */
  redacted: { posts: number; phone: number; email: number; nik: number; bpjs: number };
}

/** The denominator and the exclusions behind every figure of a window (one statement). */
export async function population(db: Database, window: DayWindow & { modelVersion: string }): Promise<Population> {
  const counted =
    window.topicId !== undefined
      ? sql`select count(*) as posts, count(*) filter (where l.label = 'uncertain') as uncertain,
            count(*) filter (where p.redacted_phone + p.redacted_email + p.redacted_nik + p.redacted_bpjs > 0) as redacted_posts,
            count(*) filter (where p.redacted_phone > 0) as redacted_phone, count(*) filter (where p.redacted_email > 0) as redacted_email,
            count(*) filter (where p.redacted_nik > 0) as redacted_nik, count(*) filter (where p.redacted_bpjs > 0) as redacted_bpjs
          from post_topics pt
          join posts p on p.id = pt.post_id
          join sentiment_labels l on l.post_id = p.id
          where pt.topic_id = ${window.topicId} and pt.day between ${window.from} and ${window.to}
            ${window.platform ? sql`and p.platform = ${window.platform}` : sql``} ${notCoordinated(window, sql`p.id`)}`
      : sql`select coalesce(sum(posts), 0) as posts, coalesce(sum(uncertain), 0) as uncertain,
            coalesce(sum(redacted_posts), 0) as redacted_posts, coalesce(sum(redacted_phone), 0) as redacted_phone,
            coalesce(sum(redacted_email), 0) as redacted_email, coalesce(sum(redacted_nik), 0) as redacted_nik,
            coalesce(sum(redacted_bpjs), 0) as redacted_bpjs
          from ${sentimentRollup(window)}
          where day between ${window.from} and ${window.to}
            ${window.platform ? sql`and platform = ${window.platform}` : sql``}`;
  // Messages too broken to name a platform are counted in every platform's window.
  const result = await db.execute(sql`
    with counted as (${counted})
    select counted.*,
      (select coalesce(json_object_agg(reason, n), '{}'::json) from (
        select reason, count(*) as n from exclusions
        where day between ${window.from} and ${window.to}
          ${window.platform ? sql`and (platform = ${window.platform} or platform is null)` : sql``}
        group by reason) e) as excluded
    from counted`);
  return populationOf(rowsOf(result)[0]);
}

/** A model version and the counted posts of a window whose current label it gave. */
export interface VersionCount {
  version: string;
  posts: number;
}

/**
 * The model versions behind the counted posts of a window (with its platform, topic, language and coordination
 * filters), each with its posts: one entry unless part of the posts were relabelled by another model. A post counts
 * once, under the version of its current label.
 */
export async function populationVersions(db: Database, window: DayWindow): Promise<VersionCount[]> {
  // A topic's posts of all its languages counted by its daily rollup (kept per model version, exact as relabelling moves
  // posts between versions), rather than every post of the window checked for the topic's tag.
  const topicRollup = window.topicId !== undefined && window.languages === undefined && !window.excludeCoordinated;
  const statement = topicRollup
    ? sql`select model_version as version, sum(posts) as posts from daily_topic_sentiment
        where topic_id = ${window.topicId} and day between ${window.from} and ${window.to}
          ${window.platform ? sql`and platform = ${window.platform}` : sql``}
        group by 1 having sum(posts) > 0 order by 1`
    : window.topicId !== undefined || window.languages !== undefined
      ? sql`select l.model_version as version, count(*) as posts
          from posts p join sentiment_labels l on l.post_id = p.id
          where p.day between ${window.from} and ${window.to}
            ${window.platform ? sql`and p.platform = ${window.platform}` : sql``}
            ${
              window.topicId !== undefined
                ? sql`and exists (select 1 from post_topics pt where pt.topic_id = ${window.topicId} and pt.post_id = p.id)`
                : sql``
            }
            ${window.languages !== undefined ? sql`and p.lang = any(${arrayParam(window.languages)}::text[])` : sql``}
            ${notCoordinated(window, sql`p.id`)}
          group by 1 order by 1`
      : sql`select model_version as version, sum(posts) as posts from ${sentimentRollup(window)}
          where day between ${window.from} and ${window.to} ${window.platform ? sql`and platform = ${window.platform}` : sql``}
          group by 1 having sum(posts) > 0 order by 1`;
  return rowsOf(await db.execute(statement)).map((r) => ({ version: String(r.version), posts: n(r.posts) }));
}

/** A population from the counted posts' sums and the exclusions by reason (a JSON object or its text). */
function populationOf(row: Record<string, unknown> | undefined): Population {
  const excluded: Record<string, number> = { not_indonesian: 0, duplicate: 0, abstained: n(row?.uncertain), invalid: 0 };
  const byReason = (typeof row?.excluded === 'string' ? JSON.parse(row.excluded) : (row?.excluded ?? {})) as Record<string, unknown>;
  for (const [reason, count] of Object.entries(byReason)) excluded[reason] = (excluded[reason] ?? 0) + n(count);
  return {
    postsCounted: n(row?.posts),
    excluded,
    redacted: {
      posts: n(row?.redacted_posts),
      phone: n(row?.redacted_phone),
      email: n(row?.redacted_email),
      nik: n(row?.redacted_nik),
      bpjs: n(row?.redacted_bpjs),
    },
  };
}

/** The sentiment and engagement counts of an overview period, `posts` first. */
export const SENTIMENT_SUMS = ['posts', 'negative', 'neutral', 'positive', 'uncertain', 'likes', 'replies', 'shares', 'views'] as const;
const REDACTION_SUMS = ['redacted_posts', 'redacted_phone', 'redacted_email', 'redacted_nik', 'redacted_bpjs'] as const;
/** Every count an overview period sums: the sentiment and engagement counts, then the redaction counts. */
export const OVERVIEW_SUMS = [...SENTIMENT_SUMS, ...REDACTION_SUMS] as const;

/**
 * What `GET /v1/sentiment` shows of a window, in one statement: the sentiment per period (without coordinated posts
 * when the window excludes them), each period's posts and coordinated posts before any exclusion, and the window's
 * population. The same figures as `sentimentSeries`, `coordinatedSeries` and `population`: from the daily rollups (a
 * topic's from `daily_topic_sentiment`), or for a topic without its coordinated posts in one pass over its tagged posts
 * (a post's topic day is its day). A topic's coordinated share counts the posts labelled by the model, as the rollups do.
 */
export async function sentimentOverview(
  db: Database,
  window: DayWindow & { granularity: Granularity; modelVersion: string },
): Promise<SentimentOverview> {
  const bucket = (day: SQL) =>
    window.granularity === 'week' ? sql`to_char(date_trunc('week', ${day}), 'YYYY-MM-DD')` : sql`to_char(${day}, 'YYYY-MM-DD')`;
  let groups: SQL;
  if (window.excludeCoordinated && (window.topicId !== undefined || window.excludeRule)) {
    // One pass over the topic's tagged posts (or the window's posts, leaving out one rule's): counted = labelled by the
    // model and not left out by the exclusion; the coordinated share counts every post either rule flagged.
    const topic = window.topicId !== undefined;
    groups = sql`
      select period, bool_or(counted) as counted_rows, count(*) as all_posts, count(*) filter (where coordinated) as coordinated_posts,
        count(*) filter (where counted) as posts,
        count(*) filter (where counted and label = 'negative') as negative, count(*) filter (where counted and label = 'neutral') as neutral,
        count(*) filter (where counted and label = 'positive') as positive, count(*) filter (where counted and label = 'uncertain') as uncertain,
        coalesce(sum(likes) filter (where counted), 0) as likes, coalesce(sum(replies) filter (where counted), 0) as replies,
        coalesce(sum(shares) filter (where counted), 0) as shares, coalesce(sum(views) filter (where counted), 0) as views,
        count(*) filter (where counted and redacted_phone + redacted_email + redacted_nik + redacted_bpjs > 0) as redacted_posts,
        count(*) filter (where counted and redacted_phone > 0) as redacted_phone, count(*) filter (where counted and redacted_email > 0) as redacted_email,
        count(*) filter (where counted and redacted_nik > 0) as redacted_nik, count(*) filter (where counted and redacted_bpjs > 0) as redacted_bpjs
      from (
        select ${bucket(topic ? sql`pt.day` : sql`p.day`)} as period, l.label, cp.post_id is not null as coordinated,
          l.post_id is not null and (cp.post_id is null or not ${excludedFlag(window)}) as counted,
          p.likes, p.replies, p.shares, p.views, p.redacted_phone, p.redacted_email, p.redacted_nik, p.redacted_bpjs
        from ${topic ? sql`post_topics pt join posts p on p.id = pt.post_id` : sql`posts p`}
        ${topic ? sql`left` : sql``} join sentiment_labels l on l.post_id = p.id
        left join coordinated_posts cp on cp.post_id = p.id
        where ${topic ? sql`pt.topic_id = ${window.topicId} and pt.day` : sql`p.day`} between ${window.from} and ${window.to}
          ${window.platform ? sql`and p.platform = ${window.platform}` : sql``}
      ) t
      group by 1`;
  } else {
    // A topic's rollup rows, and its coordinated part counted from its few coordinated posts (those with a label of the
    // model, as the rollup counts them).
    const topic = window.topicId !== undefined;
    const scope = sql`day between ${window.from} and ${window.to}
      ${window.platform ? sql`and platform = ${window.platform}` : sql``} ${topic ? sql`and topic_id = ${window.topicId}` : sql``}`;
    // Rollup rows and their coordinated part; counted = all minus coordinated when excluding them, else all.
    const counted = (column: string) =>
      window.excludeCoordinated
        ? sql`sum(case when coordinated then -${sql.raw(column)} else ${sql.raw(column)} end) as ${sql.raw(column)}`
        : sql`coalesce(sum(${sql.raw(column)}) filter (where not coordinated), 0) as ${sql.raw(column)}`;
    groups = sql`
      select ${bucket(sql`day`)} as period, bool_or(not coordinated) as counted_rows,
        coalesce(sum(posts) filter (where not coordinated), 0) as all_posts,
        coalesce(sum(posts) filter (where coordinated), 0) as coordinated_posts,
        ${sql.join(
          SENTIMENT_SUMS.map((c) => counted(c)),
          sql`, `,
        )},
        ${sql.raw(REDACTION_SUMS.map((c) => `coalesce(sum(${c}), 0) as ${c}`).join(', '))}
      from (
        select day, false as coordinated, ${sql.raw(SENTIMENT_SUMS.join(', '))}, ${sql.raw(REDACTION_SUMS.join(', '))}
        from ${topic ? sql`daily_topic_sentiment` : sql`daily_sentiment`} where ${scope}
        union all
        ${
          topic
            ? sql`select cp.day, true, count(*), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
              from coordinated_posts cp join post_topics pt on pt.post_id = cp.post_id and pt.topic_id = ${window.topicId}
              join posts p on p.id = cp.post_id join sentiment_labels l on l.post_id = cp.post_id
              where cp.day between ${window.from} and ${window.to} ${window.platform ? sql`and p.platform = ${window.platform}` : sql``}
              group by cp.day`
            : sql`select day, true, ${sql.raw(SENTIMENT_SUMS.join(', '))}, 0, 0, 0, 0, 0
              from daily_coordinated_sentiment where ${scope}`
        }
      ) r
      group by 1`;
  }
  return overviewOfGroups(db, groups, window, window);
}

/** What `sentimentOverview` answers. */
export interface SentimentOverview {
  series: SentimentPeriod[];
  coordinated: Map<string, { posts: number; coordinatedPosts: number }>;
  population: Population;
}

/**
 * The overview from its period groups (ordered by period; columns named as `sentimentOverview`'s statement names them:
 * `period`, `counted_rows`, `all_posts`, `coordinated_posts` and every count) and the window's exclusions by reason.
 */
export function overviewOf(periods: Record<string, unknown>[], excluded: unknown, window: DayWindow): SentimentOverview {
  const totals: Record<string, unknown> = { excluded };
  for (const column of OVERVIEW_SUMS) totals[column] = periods.reduce((t, r) => t + n(r[column]), 0);
  return {
    // Periods with counted posts; from the rollups (excluding coordinated posts) also those of the coordinated part.
    series: periods
      .filter((r) => r.counted_rows === true || (window.excludeCoordinated && window.topicId === undefined))
      .map(toSentimentPeriod),
    coordinated: new Map(periods.map((r) => [String(r.period), { posts: n(r.all_posts), coordinatedPosts: n(r.coordinated_posts) }])),
    population: populationOf(totals),
  };
}

/**
 * Runs an overview's per-period `groups` statement together with the window's exclusion counts, and reads the rows as
 * the overview (`overviewWindow` says how the groups' counts are to be read).
 */
export async function overviewOfGroups(
  db: Database,
  groups: SQL,
  window: DayWindow,
  overviewWindow: Parameters<typeof overviewOf>[2],
): Promise<SentimentOverview> {
  const result = await db.execute(sql`
    with g as (${groups})
    select g.*, e.excluded
    from (select (select coalesce(json_object_agg(reason, n), '{}'::json) from (
        select reason, count(*) as n from exclusions
        where day between ${window.from} and ${window.to}
          ${window.platform ? sql`and (platform = ${window.platform} or platform is null)` : sql``}
        group by reason) x) as excluded) e
    left join g on true
    order by g.period`);
  const rows = rowsOf(result);
  return overviewOf(
    rows.filter((r) => r.period !== null && r.period !== undefined),
    rows[0]?.excluded,
    overviewWindow,
  );
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

/** The latest Jakarta day with counted posts, or null on an empty database. */
export async function latestDay(db: Database): Promise<string | null> {
  const [row] = rowsOf(await db.execute(sql`select max(day) as day from daily_sentiment`));
  return row?.day ? String(row.day) : null;
}

/** One keyword's posts per day or week, with its sentiment mix (from posts when a topic or languages are given). */
export async function keywordSeries(
  db: Database,
  window: DayWindow & { key: string; granularity: Granularity; modelVersion: string },
): Promise<{ period: string; posts: number; negative: number; neutral: number; positive: number; uncertain: number }[]> {
  const result =
    window.topicId === undefined && !window.languages
      ? await db.execute(sql`
          select ${window.granularity === 'week' ? sql`to_char(date_trunc('week', day), 'YYYY-MM-DD')` : sql`to_char(day, 'YYYY-MM-DD')`} as period,
            sum(posts) as posts, sum(negative) as negative, sum(neutral) as neutral, sum(positive) as positive, sum(uncertain) as uncertain
          from ${keywordRollup(window)}
          where key = ${window.key} and day between ${window.from} and ${window.to}
            ${window.platform ? sql`and platform = ${window.platform}` : sql``}
          group by 1 order by 1`)
      : await db.execute(sql`
          select ${window.granularity === 'week' ? sql`to_char(date_trunc('week', p.day), 'YYYY-MM-DD')` : sql`to_char(p.day, 'YYYY-MM-DD')`} as period,
            count(*) as posts, count(*) filter (where l.label = 'negative') as negative, count(*) filter (where l.label = 'neutral') as neutral,
            count(*) filter (where l.label = 'positive') as positive, count(*) filter (where l.label = 'uncertain') as uncertain
          from ${window.topicId !== undefined ? sql`post_topics pt join posts p on p.id = pt.post_id` : sql`posts p`}
          join sentiment_labels l on l.post_id = p.id
          where ${window.topicId !== undefined ? sql`pt.topic_id = ${window.topicId} and pt.day between ${window.from} and ${window.to} and` : sql``}
            p.keywords @> array[${window.key}]::text[] and p.day between ${window.from} and ${window.to}
            ${window.platform ? sql`and p.platform = ${window.platform}` : sql``} ${notCoordinated(window, sql`p.id`)}
            ${window.languages ? sql`and p.lang = any(${arrayParam(window.languages)}::text[])` : sql``}
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
