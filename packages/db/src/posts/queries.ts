import { addDays, daysBetween, jakartaDay } from '@pantau/contracts';
import { type SQL, sql } from 'drizzle-orm';
import { type Database, executePlannedOnce } from '../client.ts';
import { keptByExclusion, keywordRollup } from '../coordination/queries.ts';
import { arrayParam, type DayWindow, rowsOf } from '../sql.ts';

const n = (v: unknown) => Number(v ?? 0);

/** One post behind a number, as an analyst may read it. */
export interface Mention {
  id: number;
  platform: string;
  externalId: string;
  /** Null once retention removed it. */
  authorPseudonym: string | null;
  publishedAt: string;
  day: string;
  /** Null once retention removed it (`removed` says so). */
  text: string | null;
  url: string | null;
  removed: 'retention' | null;
  label: string;
  probabilities: { negative: number; neutral: number; positive: number };
  engagement: { likes: number; replies: number; shares: number; views: number };
  /** The stars the author gave (app reviews); null where the platform has none. */
  rating: number | null;
  /** The news outlet, or the app of an app review; null for other platforms. */
  outlet: string | null;
}

/** The orders of the posts behind a number: newest first, or most engagement (likes + replies + shares) first. */
export type MentionSort = 'time' | 'engagement';

/** Position after the last mention of a page: its sort value (publication instant or engagement) and id. */
export type MentionCursor = { sort: 'time'; publishedAt: string; id: number } | { sort: 'engagement'; engagement: number; id: number };

/** The filters of the posts behind a number. */
export type MentionFilter = DayWindow & {
  modelVersion: string;
  label?: string | undefined;
  /** A keyword key (stem). */
  key?: string | undefined;
  /** Only the posts of this coordination cluster. */
  clusterId?: number | undefined;
  /** Only these posts (by id). */
  ids?: readonly number[] | undefined;
};

/**
 * Engagement as the sort uses it, the expression of `posts_day_engagement_idx`. Fragments without parameters are one raw
 * chunk each: every page statement is flattened to text on every request, and nested fragments cost more to flatten.
 */
const ENGAGEMENT = sql.raw('(p.likes::bigint + p.replies + p.shares)');

/**
 * The conditions of a filter on `p` (posts) and `l` (its current label, whichever model version gave it). A page walks
 * an index in its order and checks the keyword on the way (`= any`); a count checks it (`@>`) on the window's posts read
 * from `posts_day_id_keywords_idx` alone.
 */
function mentionConditions(query: MentionFilter, use: 'page' | 'count' = 'page'): SQL {
  return sql.join(
    [
      sql`true`,
      query.platform ? sql`p.platform = ${query.platform}` : undefined,
      // The tag's day bounds the topic's tags to the window (its index), whichever way the planner joins.
      query.topicId !== undefined
        ? sql`exists (select 1 from post_topics pt where pt.topic_id = ${query.topicId} and pt.post_id = p.id
            and pt.day between ${query.from} and ${query.to})`
        : undefined,
      query.label ? sql`l.label = ${query.label}` : undefined,
      query.key ? (use === 'page' ? sql`${query.key}::text = any(p.keywords)` : sql`p.keywords @> array[${query.key}]::text[]`) : undefined,
      query.excludeCoordinated ? keptByExclusion(query, sql`p.id`) : undefined,
      query.clusterId !== undefined
        ? sql`exists (select 1 from post_clusters pc where pc.cluster_id = ${query.clusterId} and pc.post_id = p.id)`
        : undefined,
      query.ids ? sql`p.id = any(${arrayParam(query.ids)}::bigint[])` : undefined,
      query.languages ? sql`p.lang = any(${arrayParam(query.languages)}::text[])` : undefined,
    ].filter((c): c is SQL => c !== undefined),
    sql` and `,
  );
}

/** The columns a mention is read from (whether retention removed the text as a flag: the instant is not shown). */
const MENTION_COLUMNS = sql.raw(`p.id, p.platform, p.external_id, p.author_pseudonym, p.published_at, p.day::text as day, p.text, p.url,
  p.likes, p.replies, p.shares, p.views, p.text_removed_at is not null as removed, p.rating, p.source_outlet,
  l.label, l.p_negative, l.p_neutral, l.p_positive`);

/**
 * The rows of a page statement: by its generic plan, planned once per connection, where the filter is one a single plan
 * serves (each walks an index in the page's order; planning a statement costs more than running it); a cluster, an id
 * list, an exclusion of coordinated posts or a language filter is planned for its values.
 */
async function pageRows(db: Database, statement: SQL, query: MentionFilter): Promise<Record<string, unknown>[]> {
  const onePlan = query.clusterId === undefined && query.ids === undefined && !query.excludeCoordinated && !query.languages;
  return executePlannedOnce(db, statement, { genericPlan: onePlan });
}

/** The days of a window, last first (an array the planner counts, unlike a generated series). */
const daysOf = (window: { from: string; to: string }): string[] =>
  Array.from({ length: daysBetween(window.from, window.to) + 1 }, (_, i) => addDays(window.to, -i));

/**
 * Posts of a window, filtered by label, keyword key, topic, cluster and platform, paged by a keyset cursor. Newest
 * first walks `posts_published_id_idx` between the instants of the window's first and last Jakarta day; most engaged
 * first walks `posts_day_engagement_idx` backwards from each day of the window (a page per day at most) and merges the
 * days, or sorts a topic's or cluster's few posts of the window.
 */
export async function mentions(
  db: Database,
  query: MentionFilter & {
    sort?: MentionSort | undefined;
    limit: number;
    after?: MentionCursor | undefined;
    /** The filter's posts per day of the window when the caller summed them already: saves a statement. */
    countedDays?: readonly { day: string; n: number }[] | undefined;
  },
): Promise<Mention[]> {
  const where = mentionConditions(query);
  const after = query.after;
  const afterEngagement =
    after?.sort === 'engagement' ? sql`and (${ENGAGEMENT}, p.id) < (${after.engagement}::bigint, ${after.id}::bigint)` : sql``;
  // The label's own keyset index serves a label filter, and the rollups' daily counts the newest posts of a keyword, label
  // or platform, where the filter is one they hold (no topic, cluster, id list or exclusion of coordinated posts).
  const byRollups = query.topicId === undefined && query.clusterId === undefined && query.ids === undefined && !query.excludeCoordinated;
  if (byRollups && query.sort === 'engagement' && query.label !== undefined) return labelByEngagement(db, query);
  if (query.sort === 'engagement' && query.topicId !== undefined && query.clusterId === undefined && query.ids === undefined)
    return topicByEngagement(db, { ...query, topicId: query.topicId });
  if (byRollups && query.sort !== 'engagement' && (query.key !== undefined || query.label !== undefined || query.platform))
    return newestOnCountedDays(db, query);
  if (query.sort !== 'engagement' && query.topicId !== undefined && query.clusterId === undefined && query.ids === undefined)
    return topicNewest(db, { ...query, topicId: query.topicId });
  let statement: SQL;
  if (query.sort === 'engagement' && (query.topicId !== undefined || query.clusterId !== undefined)) {
    // A topic's or a cluster's posts of the window are few and found by their own index (tags by topic and day, members
    // by cluster): sorting them beats walking every post of each day.
    statement = sql`select ${MENTION_COLUMNS} from posts p
      join sentiment_labels l on l.post_id = p.id
      where p.day between ${query.from} and ${query.to} and ${where} ${afterEngagement}
      order by ${ENGAGEMENT} desc, p.id desc limit ${query.limit}`;
  } else if (query.sort === 'engagement') {
    // Each day's candidates as ids only; the page's posts alone are then read in full.
    statement = sql`select ${MENTION_COLUMNS} from (
        select m.id from unnest(${arrayParam(daysOf(query))}::date[]) as d(day)
        cross join lateral (
          select p.id, ${ENGAGEMENT} as engagement from posts p
          join sentiment_labels l on l.post_id = p.id
          where p.day = d.day and ${where} ${afterEngagement}
          order by ${ENGAGEMENT} desc, p.id desc limit ${query.limit}
        ) m
        order by m.engagement desc, m.id desc limit ${query.limit}
      ) page
      join posts p on p.id = page.id
      join sentiment_labels l on l.post_id = p.id
      order by ${ENGAGEMENT} desc, p.id desc`;
  } else {
    // Newest first: the window as instants only (a post's day is the Jakarta day of its instant), so the planner walks
    // the instants' index in order rather than sorting the window's posts found by day.
    statement = sql`select ${MENTION_COLUMNS} from posts p
      join sentiment_labels l on l.post_id = p.id
      where p.published_at >= (${query.from}::date)::timestamp at time zone 'Asia/Jakarta'
        and p.published_at < (${query.to}::date + 1)::timestamp at time zone 'Asia/Jakarta'
        and ${where}
        ${after?.sort === 'time' ? sql`and (p.published_at, p.id) < (${after.publishedAt}::timestamptz, ${after.id}::bigint)` : sql``}
      order by p.published_at desc, p.id desc limit ${query.limit}`;
  }
  return (await pageRows(db, statement, query)).map(mentionOfRow);
}

/**
 * Most engaged first with a label filter: each day's posts of the label walked in engagement order on the label's
 * keyset index (`sentiment_labels_label_day_engagement_idx`, the post's day, engagement and platform copied beside its
 * label), a page per day at most, merged; only the page's posts are then read.
 */
async function labelByEngagement(
  db: Database,
  query: MentionFilter & { limit: number; after?: MentionCursor | undefined },
): Promise<Mention[]> {
  const after = query.after;
  const conditions = sql.join(
    [
      sql`l.label = ${query.label}`,
      sql`l.day = d.day`,
      query.platform ? sql`l.platform = ${query.platform}` : undefined,
      query.key ? sql`exists (select 1 from posts k where k.id = l.post_id and ${query.key}::text = any(k.keywords))` : undefined,
      after?.sort === 'engagement' ? sql`(l.engagement, l.post_id) < (${after.engagement}::bigint, ${after.id}::bigint)` : undefined,
    ].filter((c): c is SQL => c !== undefined),
    sql` and `,
  );
  const statement = sql`select ${MENTION_COLUMNS} from (
      select m.post_id from unnest(${arrayParam(daysOf(query))}::date[]) as d(day)
      cross join lateral (
        select l.post_id, l.engagement from sentiment_labels l where ${conditions}
        order by l.engagement desc, l.post_id desc limit ${query.limit}
      ) m
      order by m.engagement desc, m.post_id desc limit ${query.limit}
    ) page
    join posts p on p.id = page.post_id
    join sentiment_labels l on l.post_id = p.id
    order by ${ENGAGEMENT} desc, p.id desc`;
  return (await pageRows(db, statement, query)).map(mentionOfRow);
}

/**
 * Most engaged first within a topic: each day's tags of the topic walked in engagement order on the tags' keyset index
 * (`post_topics_topic_day_engagement_idx`, the post's engagement copied beside its tag), the other filters checked on
 * the way, a page per day at most, merged; only the page's posts are then read in full.
 */
async function topicByEngagement(
  db: Database,
  query: MentionFilter & { topicId: number; limit: number; after?: MentionCursor | undefined },
): Promise<Mention[]> {
  const after = query.after;
  // The tag stands for the topic condition; the rest of the filter on the post and its label.
  const rest = mentionConditions({ ...query, topicId: undefined });
  const needsPost = Boolean(query.platform) || query.key !== undefined || Boolean(query.excludeCoordinated) || Boolean(query.languages);
  const statement = sql`select ${MENTION_COLUMNS} from (
      select m.post_id from unnest(${arrayParam(daysOf(query))}::date[]) as d(day)
      cross join lateral (
        select pt.post_id, pt.engagement from post_topics pt
        ${needsPost ? sql`join posts p on p.id = pt.post_id` : sql``}
        join sentiment_labels l on l.post_id = pt.post_id
        where pt.topic_id = ${query.topicId} and pt.day = d.day and ${rest}
          ${after?.sort === 'engagement' ? sql`and (pt.engagement, pt.post_id) < (${after.engagement}::bigint, ${after.id}::bigint)` : sql``}
        order by pt.engagement desc, pt.post_id desc limit ${query.limit}
      ) m
      order by m.engagement desc, m.post_id desc limit ${query.limit}
    ) page
    join posts p on p.id = page.post_id
    join sentiment_labels l on l.post_id = p.id
    order by ${ENGAGEMENT} desc, p.id desc`;
  return (await pageRows(db, statement, query)).map(mentionOfRow);
}

/**
 * Newest first within a topic: the topic's tags walked in publication order on the tags' keyset index
 * (`post_topics_topic_published_idx`, the post's instant copied beside its tag) between the instants of the window's
 * first and last Jakarta day, the other filters checked on the way; only the page's posts are then read in full.
 */
async function topicNewest(
  db: Database,
  query: MentionFilter & { topicId: number; limit: number; after?: MentionCursor | undefined },
): Promise<Mention[]> {
  const after = query.after?.sort === 'time' ? query.after : undefined;
  const rest = mentionConditions({ ...query, topicId: undefined });
  const needsPost = Boolean(query.platform) || query.key !== undefined || Boolean(query.excludeCoordinated) || Boolean(query.languages);
  const statement = sql`select ${MENTION_COLUMNS} from (
      select pt.post_id from post_topics pt
      ${needsPost ? sql`join posts p on p.id = pt.post_id` : sql``}
      join sentiment_labels l on l.post_id = pt.post_id
      where pt.topic_id = ${query.topicId}
        and pt.published_at >= (${query.from}::date)::timestamp at time zone 'Asia/Jakarta'
        and pt.published_at < (${query.to}::date + 1)::timestamp at time zone 'Asia/Jakarta'
        and ${rest}
        ${after ? sql`and (pt.published_at, pt.post_id) < (${after.publishedAt}::timestamptz, ${after.id}::bigint)` : sql``}
      order by pt.published_at desc, pt.post_id desc limit ${query.limit}
    ) page
    join posts p on p.id = page.post_id
    join sentiment_labels l on l.post_id = p.id
    order by p.published_at desc, p.id desc`;
  return (await pageRows(db, statement, query)).map(mentionOfRow);
}

/** Days whose counts are summed before the posts of those days are read (more are read when they hold too few). */
const COUNTED_DAYS_MAX = 31;

/**
 * The newest `limit` posts matching `where` of the day `d.day` (a lateral row), after the cursor when there is one. With a
 * cursor each day's walk starts at the lesser of the cursor and the day's end (ids are positive, so (end, 0) bounds the
 * day alone): one bound the index starts from, rather than the cursor on every day, which walked a day older than the
 * cursor's from the cursor down through the rest of the cursor's day.
 */
const newestOfDay = (where: SQL, after: { publishedAt: string; id: number } | undefined, limit: number) => {
  const end = sql`(d.day + 1)::timestamp at time zone 'Asia/Jakarta'`;
  const cursor = after ? sql`(${after.publishedAt}::timestamptz, ${after.id}::bigint)` : undefined;
  return sql`
  select ${MENTION_COLUMNS} from posts p
  join sentiment_labels l on l.post_id = p.id
  where p.published_at >= d.day::timestamp at time zone 'Asia/Jakarta'
    and ${
      cursor
        ? sql`(p.published_at, p.id) < (case when ${cursor} < (${end}, 0::bigint) then ${after?.publishedAt}::timestamptz else ${end} end,
            case when ${cursor} < (${end}, 0::bigint) then ${after?.id}::bigint else 0::bigint end)`
        : sql`p.published_at < ${end}`
    }
    and ${where}
  order by p.published_at desc, p.id desc limit ${limit}`;
};

/**
 * Newest first with a keyword, label or platform filter: the days whose rollup counts hold matching posts (daily
 * keywords for a keyword, daily sentiment otherwise), newest first, are read a few at a time, each day walked on the instants' index
 * from its end, until the page is full; days without a matching post are never walked.
 */
async function newestOnCountedDays(
  db: Database,
  query: MentionFilter & {
    limit: number;
    after?: MentionCursor | undefined;
    countedDays?: readonly { day: string; n: number }[] | undefined;
  },
): Promise<Mention[]> {
  const after = query.after?.sort === 'time' ? query.after : undefined;
  // The cursor's post was published on its Jakarta day (or, were it not, before the end of that day's instants).
  const lastDay = after ? minDay(query.to, jakartaDay(Date.parse(after.publishedAt))) : query.to;
  if (lastDay < query.from) return [];
  const column = sql.raw(query.label ? (LABEL_COLUMNS[query.label] ?? 'posts') : 'posts');
  const given = query.countedDays;
  const counted = given
    ? given.filter((c) => c.n > 0 && c.day >= query.from && c.day <= lastDay).sort((a, b) => (a.day < b.day ? 1 : -1))
    : rowsOf(
        await db.execute(sql`select day::text as day, sum(${column}) as n
      from ${query.key !== undefined ? sql`daily_keywords` : sql`daily_sentiment`}
      where day between ${query.from} and ${lastDay}
        ${query.key !== undefined ? sql`and key = ${query.key}` : sql``}
        ${query.platform ? sql`and platform = ${query.platform}` : sql``}
      group by day having sum(${column}) > 0 order by day desc`),
      ).map((r) => ({ day: String(r.day), n: n(r.n) }));
  const where = mentionConditions(query);
  const found: Mention[] = [];
  let next = 0;
  while (found.length < query.limit && next < counted.length) {
    // Enough days that their counts fill the page (the cursor's day counts for nothing: part of it was read). Each batch
    // of days is older than the one before, so the cursor is the only bound.
    const days: string[] = [];
    let expected = 0;
    while (next < counted.length && (days.length === 0 || expected < query.limit - found.length) && days.length < COUNTED_DAYS_MAX) {
      const c = counted[next++] as { day: string; n: number };
      days.push(c.day);
      if (c.day !== lastDay || !after) expected += c.n;
    }
    const statement = sql`select m.* from unnest(${arrayParam(days)}::date[]) as d(day)
      cross join lateral (${newestOfDay(where, after, query.limit - found.length)}) m
      order by m.published_at desc, m.id desc limit ${query.limit - found.length}`;
    found.push(...(await pageRows(db, statement, query)).map(mentionOfRow));
  }
  return found;
}

/**
 * Newest first with a keyword (no topic, cluster, id list or exclusion of coordinated posts): the keyword's days from
 * the daily keyword rollup (what the total sums) and the page read from the newest of them in one statement. The days
 * read are those `newestOnCountedDays` would read first (newest first until their counts fill the page, the cursor's day
 * counting for nothing); where they hold fewer posts than their counts said and older days remain, those are read as
 * `newestOnCountedDays` reads them.
 */
export async function keywordMentionsNewest(
  db: Database,
  query: MentionFilter & { key: string; limit: number; after?: MentionCursor | undefined },
): Promise<{ mentions: Mention[]; countedDays: { day: string; n: number }[] }> {
  const after = query.after?.sort === 'time' ? query.after : undefined;
  const lastDay = after ? minDay(query.to, jakartaDay(Date.parse(after.publishedAt))) : query.to;
  const column = sql.raw(query.label ? (LABEL_COLUMNS[query.label] ?? 'posts') : 'posts');
  const where = mentionConditions(query);
  const statement = sql`with counted as (
      select day, sum(${column}) as n from daily_keywords
      where key = ${query.key} and day between ${query.from} and ${query.to}
        ${query.platform ? sql`and platform = ${query.platform}` : sql``}
      group by day having sum(${column}) > 0
    ), picked as (
      select day from (
        select day, coalesce(sum(${after ? sql`case when day = ${lastDay}::date then 0 else n end` : sql`n`})
          over (order by day desc rows between unbounded preceding and 1 preceding), 0) as before
        from counted where day <= ${lastDay}::date
      ) c
      where before < ${query.limit} order by day desc limit ${COUNTED_DAYS_MAX}
    )
    select (select json_agg(json_build_array(day::text, n)) from counted) as counted, m.*
    from (select 1) one left join lateral (
      select m.* from picked d
      cross join lateral (${newestOfDay(where, after, query.limit)}) m
      order by m.published_at desc, m.id desc limit ${query.limit}
    ) m on true`;
  const rows = await pageRows(db, statement, query);
  const raw = rows[0]?.counted;
  const pairs = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? [])) as [string, unknown][];
  const countedDays = pairs.map(([day, count]) => ({ day, n: n(count) }));
  const found = rows.filter((r) => r.id !== null && r.id !== undefined).map(mentionOfRow);
  if (found.length >= query.limit) return { mentions: found, countedDays };
  // The days the statement read, picked as it picked them; older counted days are read only when these fell short.
  const newest = countedDays.filter((c) => c.day <= lastDay).sort((a, b) => (a.day < b.day ? 1 : -1));
  let read = 0;
  let before = 0;
  while (read < newest.length && before < query.limit && read < COUNTED_DAYS_MAX) {
    const c = newest[read++] as { day: string; n: number };
    if (c.day !== lastDay || !after) before += c.n;
  }
  const older = newest.slice(read);
  if (older.length === 0) return { mentions: found, countedDays };
  const rest = await newestOnCountedDays(db, { ...query, limit: query.limit - found.length, countedDays: older });
  return { mentions: [...found, ...rest], countedDays };
}

const minDay = (a: string, b: string) => (a < b ? a : b);

/** A mention as read from MENTION_COLUMNS. */
function mentionOfRow(r: Record<string, unknown>): Mention {
  const removed = r.removed === true;
  return {
    id: Number(r.id),
    platform: String(r.platform),
    externalId: String(r.external_id),
    authorPseudonym: removed ? null : String(r.author_pseudonym),
    // node-postgres hands a timestamptz over as a Date already (PGlite too).
    publishedAt: (r.published_at instanceof Date ? r.published_at : new Date(r.published_at as string)).toISOString(),
    day: String(r.day),
    text: removed ? null : String(r.text),
    url: removed || r.url === null ? null : String(r.url),
    removed: removed ? 'retention' : null,
    label: String(r.label),
    probabilities: { negative: Number(r.p_negative), neutral: Number(r.p_neutral), positive: Number(r.p_positive) },
    engagement: { likes: n(r.likes), replies: n(r.replies), shares: n(r.shares), views: n(r.views) },
    rating: r.rating === null || r.rating === undefined ? null : Number(r.rating),
    outlet: r.source_outlet === null || r.source_outlet === undefined ? null : String(r.source_outlet),
  };
}

/**
 * How many posts a filter matches, counted from the posts (the API answers from the rollups where they hold the
 * filter): the window's days and the topic's tags bound the rows read.
 */
export async function mentionCount(db: Database, query: MentionFilter): Promise<number> {
  const result = await db.execute(sql`select count(*) as n from posts p join sentiment_labels l on l.post_id = p.id
    where p.day between ${query.from} and ${query.to} and ${mentionConditions(query, 'count')}`);
  return n(rowsOf(result)[0]?.n);
}

/**
 * The posts of a window carrying a keyword key (and label) per day with any, from the daily keyword rollup (no topic
 * filter): what `keywordMentionCount` sums, and the days a page of its newest posts is read from.
 */
export async function keywordMentionDays(db: Database, query: MentionFilter & { key: string }): Promise<{ day: string; n: number }[]> {
  const column = sql.raw(query.label ? (LABEL_COLUMNS[query.label] ?? 'posts') : 'posts');
  const result = await db.execute(sql`select day::text as day, sum(${column}) as n from ${keywordRollup(query)}
    where key = ${query.key} and day between ${query.from} and ${query.to}
      ${query.platform ? sql`and platform = ${query.platform}` : sql``}
    group by day having sum(${column}) > 0`);
  return rowsOf(result).map((r) => ({ day: String(r.day), n: n(r.n) }));
}

/** The rollup column of a label filter (`posts` without one). */
const LABEL_COLUMNS: Record<string, string> = { negative: 'negative', neutral: 'neutral', positive: 'positive', uncertain: 'uncertain' };

/** How many posts of a window carry a keyword key (and label), from the daily keyword rollup (no topic filter). */
export async function keywordMentionCount(db: Database, query: MentionFilter & { key: string }): Promise<number> {
  const column = sql.raw(query.label ? (LABEL_COLUMNS[query.label] ?? 'posts') : 'posts');
  const result = await db.execute(sql`select coalesce(sum(${column}), 0) as n from ${keywordRollup(query)}
    where key = ${query.key} and day between ${query.from} and ${query.to}
      ${query.platform ? sql`and platform = ${query.platform}` : sql``}`);
  return n(rowsOf(result)[0]?.n);
}
