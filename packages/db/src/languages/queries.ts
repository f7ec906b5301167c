// The posts' stored language in the figures: the per-language daily rollup (written with each batch, taken away from
// when an author is forgotten), each window's posts per language, and the figures of a `language` filter.

import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { excludedFlag, notCoordinated } from '../coordination/queries.ts';
import { addExcluded, COUNTS, countValues, ROLLUP_COUNTS, subtractAgg, zeroCounts } from '../rollup-columns.ts';
import { displayForms, type KeywordCount, OVERVIEW_SUMS, overviewOfGroups, type SentimentOverview } from '../rollups/queries.ts';
import { dailyLanguageSentiment } from '../schema.ts';
import { arrayParam, type DayWindow, type Executor, type Granularity, rowsOf, unnestRows } from '../sql.ts';

const n = (v: unknown) => Number(v ?? 0);

/** `and <column> = any(languages)` when the window is filtered by language, else nothing. */
export function inLanguages(window: { languages?: readonly string[] | undefined }, column: SQL): SQL {
  return window.languages ? sql`and ${column} = any(${arrayParam(window.languages)}::text[])` : sql``;
}

/** A just-stored post as the language rollup counts it. */
export interface LanguagePost {
  day: string;
  platform: string;
  lang: string;
  /** The stored label (`other_language` counts in `posts` and the sums only). */
  label: string;
  likes: number;
  replies: number;
  shares: number;
  views: number;
  redactions?: { phone: number; email: number; nik: number; bpjs: number } | undefined;
}

type LanguageRow = typeof dailyLanguageSentiment.$inferSelect;

/** Adds just-stored posts to `daily_language_sentiment` in the batch's transaction (rows in key order). */
export async function addToLanguageRollup(tx: Executor, modelVersion: string, stored: readonly LanguagePost[]): Promise<void> {
  if (stored.length === 0) return;
  const rows = new Map<string, LanguageRow>();
  for (const p of stored) {
    const key = `${p.day}|${p.platform}|${p.lang}`;
    let r = rows.get(key);
    if (!r) {
      r = { day: p.day, platform: p.platform, modelVersion, lang: p.lang, ...zeroCounts(dailyLanguageSentiment) };
      rows.set(key, r);
    }
    r.posts++;
    if (p.label === 'negative' || p.label === 'neutral' || p.label === 'positive' || p.label === 'uncertain') r[p.label]++;
    r.likes += p.likes;
    r.replies += p.replies;
    r.shares += p.shares;
    r.views += p.views;
    const x = p.redactions;
    if (x) {
      if (x.phone + x.email + x.nik + x.bpjs > 0) r.redactedPosts++;
      if (x.phone > 0) r.redactedPhone++;
      if (x.email > 0) r.redactedEmail++;
      if (x.nik > 0) r.redactedNik++;
      if (x.bpjs > 0) r.redactedBpjs++;
    }
  }
  const sorted = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  const values = unnestRows(dailyLanguageSentiment, {
    day: sorted.map((r) => r.day),
    platform: sorted.map((r) => r.platform),
    modelVersion: sql`${modelVersion}`,
    lang: sorted.map((r) => r.lang),
    ...countValues(dailyLanguageSentiment, sorted),
  });
  await tx.execute(sql`
    insert into ${values.into} ${values.select}
    on conflict (day, platform, model_version, lang) do update set ${addExcluded('daily_language_sentiment', COUNTS)}`);
}

/** Takes posts (by id, still stored with their labels) away from `daily_language_sentiment`; empty rows are removed. */
export async function subtractFromLanguageRollup(tx: Executor, ids: readonly number[], days: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(sql`
    with agg as (
      select p.day, p.platform, l.model_version, p.lang, ${ROLLUP_COUNTS}
      from posts p join sentiment_labels l on l.post_id = p.id
      where p.id = any(${arrayParam(ids)}::bigint[])
      group by 1, 2, 3, 4 order by 1, 2, 3, 4
    )
    update daily_language_sentiment d set ${subtractAgg(COUNTS)}
    from agg a where d.day = a.day and d.platform = a.platform and d.model_version = a.model_version and d.lang = a.lang`);
  await tx.execute(sql`delete from daily_language_sentiment where day = any(${arrayParam(days)}::date[]) and posts <= 0`);
}

/** A window with its language filter (stored language codes; absent: every language). */
export type LanguageWindow = DayWindow & { modelVersion: string; languages?: readonly string[] | undefined };

/**
 * Counted posts of a window per stored language (those the population counts: labelled by the model version, without
 * coordinated posts when they are excluded), only the filter's languages when there is one. From the language rollup
 * (minus the few coordinated posts when they are excluded); for a topic, its rollup's posts minus its regional-language
 * posts (few, through their partial index) for Indonesian, or from its posts when its coordinated posts are excluded.
 */
export async function languageCounts(db: Database, window: LanguageWindow): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [lang, c] of Object.entries(await languageLabelCounts(db, window))) out[lang] = c.posts;
  return out;
}

/**
 * Counted posts per stored language in a window, and how many of them have no class label (`other_language`: a
 * language no sentiment head labels, or a post stored before its language's head was installed).
 */
export async function languageLabelCounts(
  db: Database,
  window: LanguageWindow,
): Promise<Record<string, { posts: number; unlabelled: number }>> {
  const platform = (column: SQL) => (window.platform ? sql`and ${column} = ${window.platform}` : sql``);
  const topic = window.topicId !== undefined;
  // A post without a class is one labelled `other_language` (the rollup's posts less its classes).
  let statement: SQL;
  if (topic && window.excludeCoordinated) {
    statement = sql`
      select p.lang, count(*) as posts, count(*) filter (where l.label = 'other_language') as unlabelled
      from post_topics pt join posts p on p.id = pt.post_id
      join sentiment_labels l on l.post_id = p.id
      where pt.topic_id = ${window.topicId} and pt.day between ${window.from} and ${window.to}
        ${platform(sql`p.platform`)} ${inLanguages(window, sql`p.lang`)} ${notCoordinated(window, sql`p.id`)}
      group by 1`;
  } else if (topic) {
    statement = sql`
      with regional as (
        select p.lang, count(*) as posts, count(*) filter (where l.label = 'other_language') as unlabelled
        from posts p join post_topics pt on pt.post_id = p.id and pt.topic_id = ${window.topicId}
        join sentiment_labels l on l.post_id = p.id
        where p.lang <> 'id' and p.day between ${window.from} and ${window.to} ${platform(sql`p.platform`)}
        group by 1
      )
      select * from (
        select 'id' as lang, (select coalesce(sum(posts), 0) from daily_topic_sentiment
            where topic_id = ${window.topicId}
              and day between ${window.from} and ${window.to} ${platform(sql`platform`)})
          - (select coalesce(sum(posts), 0) from regional) as posts, 0 as unlabelled
        union all
        select lang, posts, unlabelled from regional
      ) c
      where true ${inLanguages(window, sql`lang`)}`;
  } else if (window.excludeCoordinated) {
    // The language rollup minus the languages of the window's few coordinated posts (those the exclusion leaves out).
    statement = sql`
      select lang, sum(posts) as posts, sum(unlabelled) as unlabelled from (
        select lang, posts, posts - negative - neutral - positive - uncertain as unlabelled from daily_language_sentiment
        where day between ${window.from} and ${window.to}
          ${platform(sql`platform`)} ${inLanguages(window, sql`lang`)}
        union all
        select p.lang, -count(*), -count(*) filter (where l.label = 'other_language') from coordinated_posts cp join posts p on p.id = cp.post_id
        join sentiment_labels l on l.post_id = p.id
        where cp.day between ${window.from} and ${window.to} and ${excludedFlag(window)}
          ${platform(sql`p.platform`)} ${inLanguages(window, sql`p.lang`)}
        group by 1
      ) r
      group by 1`;
  } else {
    statement = sql`
      select lang, sum(posts) as posts, sum(posts - negative - neutral - positive - uncertain) as unlabelled
      from daily_language_sentiment
      where day between ${window.from} and ${window.to}
        ${platform(sql`platform`)} ${inLanguages(window, sql`lang`)}
      group by 1`;
  }
  const out: Record<string, { posts: number; unlabelled: number }> = {};
  for (const r of rowsOf(await db.execute(statement)))
    if (n(r.posts) > 0) out[String(r.lang)] = { posts: n(r.posts), unlabelled: n(r.unlabelled) };
  return out;
}

/**
 * What `sentimentOverview` answers, for the posts of the filter's languages only: from the language rollup (its
 * coordinated share from the few coordinated posts), or in one pass over the posts for a topic or without coordinated
 * posts (the regional languages' posts through their partial index).
 */
export async function languageSentimentOverview(
  db: Database,
  window: LanguageWindow & { granularity: Granularity; languages: readonly string[] },
): Promise<SentimentOverview> {
  const bucket = (day: SQL) =>
    window.granularity === 'week' ? sql`to_char(date_trunc('week', ${day}), 'YYYY-MM-DD')` : sql`to_char(${day}, 'YYYY-MM-DD')`;
  const platform = (column: SQL) => (window.platform ? sql`and ${column} = ${window.platform}` : sql``);
  const topic = window.topicId !== undefined;
  let groups: SQL;
  if (topic || window.excludeCoordinated) {
    const day = topic ? sql`pt.day` : sql`p.day`;
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
        select ${bucket(day)} as period, l.label, cp.post_id is not null as coordinated,
          l.post_id is not null ${window.excludeCoordinated ? sql`and (cp.post_id is null or not ${excludedFlag(window)})` : sql``} as counted,
          p.likes, p.replies, p.shares, p.views, p.redacted_phone, p.redacted_email, p.redacted_nik, p.redacted_bpjs
        from ${topic ? sql`post_topics pt join posts p on p.id = pt.post_id` : sql`posts p`}
        left join sentiment_labels l on l.post_id = p.id
        left join coordinated_posts cp on cp.post_id = p.id
        where ${topic ? sql`pt.topic_id = ${window.topicId} and ` : sql``}${day} between ${window.from} and ${window.to}
          ${platform(sql`p.platform`)} ${inLanguages(window, sql`p.lang`)}
      ) t
      group by 1`;
  } else {
    const sums = OVERVIEW_SUMS.map((c) => sql.raw(`coalesce(sum(${c}) filter (where not coordinated), 0) as ${c}`));
    groups = sql`
      select period, bool_or(not coordinated) as counted_rows,
        coalesce(sum(posts) filter (where not coordinated), 0) as all_posts,
        coalesce(sum(posts) filter (where coordinated), 0) as coordinated_posts,
        ${sql.join(sums, sql`, `)}
      from (
        select ${bucket(sql`day`)} as period, false as coordinated, ${sql.raw(OVERVIEW_SUMS.join(', '))}
        from daily_language_sentiment
        where day between ${window.from} and ${window.to}
          ${platform(sql`platform`)} ${inLanguages(window, sql`lang`)}
        union all
        select ${bucket(sql`cp.day`)}, true, count(*), ${sql.raw(
          OVERVIEW_SUMS.slice(1)
            .map(() => '0')
            .join(', '),
        )}
        from coordinated_posts cp join posts p on p.id = cp.post_id
        join sentiment_labels l on l.post_id = p.id
        where cp.day between ${window.from} and ${window.to} ${platform(sql`p.platform`)} ${inLanguages(window, sql`p.lang`)}
        group by 1
      ) r
      group by 1`;
  }
  // Each group's counted_rows says whether it has counted posts, on either path.
  return overviewOfGroups(db, groups, window, { ...window, excludeCoordinated: false });
}

/** Most used keywords among the posts of the filter's languages (with the previous window's count), from the posts. */
export async function languageTopKeywords(
  db: Database,
  window: LanguageWindow & { limit: number; previousFrom: string; previousTo: string; languages: readonly string[] },
): Promise<KeywordCount[]> {
  const topic = window.topicId !== undefined;
  const day = topic ? sql`pt.day` : sql`p.day`;
  const result = await db.execute(sql`
    with scoped as (
      select k.key, ${day} as day, l.label
      from ${topic ? sql`post_topics pt join posts p on p.id = pt.post_id` : sql`posts p`}
      cross join lateral unnest(p.keywords) as k(key)
      join sentiment_labels l on l.post_id = p.id
      where ${topic ? sql`pt.topic_id = ${window.topicId} and ` : sql``}${day} between ${window.previousFrom} and ${window.to}
        ${window.platform ? sql`and p.platform = ${window.platform}` : sql``} ${inLanguages(window, sql`p.lang`)}
        ${notCoordinated(window, sql`p.id`)}
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

/** Of the filter's languages' posts, those in coordinated clusters per keyword key (from the few coordinated posts). */
export async function languageCoordinatedKeywordCounts(
  db: Database,
  window: LanguageWindow & { keys: readonly string[]; languages: readonly string[] },
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (window.keys.length === 0) return out;
  const topic = window.topicId !== undefined;
  const result = await db.execute(sql`
    select k.key, count(*) as posts
    from coordinated_posts cp join posts p on p.id = cp.post_id
    ${topic ? sql`join post_topics pt on pt.post_id = cp.post_id and pt.topic_id = ${window.topicId}` : sql``}
    join sentiment_labels l on l.post_id = p.id
    cross join lateral unnest(p.keywords) as k(key)
    where cp.day between ${window.from} and ${window.to} and k.key = any(${arrayParam(window.keys)}::text[])
      ${window.platform ? sql`and p.platform = ${window.platform}` : sql``} ${inLanguages(window, sql`p.lang`)}
      ${window.excludeCoordinated ? sql`and not ${excludedFlag(window)}` : sql``}
    group by k.key`);
  for (const r of rowsOf(result)) out.set(String(r.key), n(r.posts));
  return out;
}

/** A row of the language rollup as `languageCounts` sums it. */
export interface LanguageRollupRow {
  day: string;
  platform: string;
  modelVersion: string;
  lang: string;
  posts: number;
  /** Posts without a class (`other_language`). */
  unlabelled: number;
}

/** The language rollup's posts per day, platform, model version and language, every row (kept in memory by the API). */
export async function readLanguageRollups(db: Database): Promise<LanguageRollupRow[]> {
  const result = await db.execute(sql`
    select to_char(day, 'YYYY-MM-DD') as day, platform, model_version, lang, posts,
      posts - negative - neutral - positive - uncertain as unlabelled
    from daily_language_sentiment where posts > 0`);
  return rowsOf(result).map((r) => ({
    day: String(r.day),
    platform: String(r.platform),
    modelVersion: String(r.model_version),
    lang: String(r.lang),
    posts: n(r.posts),
    unlabelled: n(r.unlabelled),
  }));
}

/** What `languageLabelCounts` answers for a window without topic or exclusion, summed from language rollup rows. */
export function languageCountsOf(
  rows: readonly LanguageRollupRow[],
  window: LanguageWindow,
): Record<string, { posts: number; unlabelled: number }> {
  const out: Record<string, { posts: number; unlabelled: number }> = {};
  for (const r of rows) {
    if (r.day < window.from || r.day > window.to) continue;
    if ((window.platform && r.platform !== window.platform) || (window.languages && !window.languages.includes(r.lang))) continue;
    const c = out[r.lang] ?? { posts: 0, unlabelled: 0 };
    c.posts += r.posts;
    c.unlabelled += r.unlabelled;
    out[r.lang] = c;
  }
  return out;
}

/** One topic's labelled posts in a language other than Indonesian, per day, platform and language. */
export interface TopicRegionalRow {
  day: string;
  platform: string;
  lang: string;
  posts: number;
  unlabelled: number;
}

/** One topic's labelled posts of the regional languages, every day (few, through their partial index). */
export async function readTopicRegionalLanguages(db: Database, topicId: number): Promise<TopicRegionalRow[]> {
  const result = await db.execute(sql`
    select to_char(p.day, 'YYYY-MM-DD') as day, p.platform, p.lang, count(*) as posts,
      count(*) filter (where l.label = 'other_language') as unlabelled
    from posts p join post_topics pt on pt.post_id = p.id and pt.topic_id = ${topicId}
    join sentiment_labels l on l.post_id = p.id
    where p.lang <> 'id'
    group by 1, 2, 3`);
  return rowsOf(result).map((r) => ({
    day: String(r.day),
    platform: String(r.platform),
    lang: String(r.lang),
    posts: n(r.posts),
    unlabelled: n(r.unlabelled),
  }));
}

/**
 * What `languageLabelCounts` answers for a topic's window without an exclusion: Indonesian is the topic's rollup
 * posts of the window (`topicPosts`) less its regional-language posts, each regional language its own.
 */
export function topicLanguageCountsOf(
  topicPosts: number,
  regional: readonly TopicRegionalRow[],
  window: LanguageWindow,
): Record<string, { posts: number; unlabelled: number }> {
  const counts = new Map<string, { posts: number; unlabelled: number }>();
  let regionalPosts = 0;
  for (const r of regional) {
    if (r.day < window.from || r.day > window.to || (window.platform && r.platform !== window.platform)) continue;
    const c = counts.get(r.lang) ?? { posts: 0, unlabelled: 0 };
    c.posts += r.posts;
    c.unlabelled += r.unlabelled;
    counts.set(r.lang, c);
    regionalPosts += r.posts;
  }
  const out: Record<string, { posts: number; unlabelled: number }> = {};
  for (const [lang, c] of [['id', { posts: topicPosts - regionalPosts, unlabelled: 0 }] as const, ...counts]) {
    if (c.posts > 0 && (!window.languages || window.languages.includes(lang))) out[lang] = c;
  }
  return out;
}
