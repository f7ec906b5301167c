import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { keywordRollup, notCoordinated } from '../coordination/queries.ts';
import { displayForms } from '../rollups/queries.ts';
import { arrayParam, type CoordinationRuleName, rowsOf } from '../sql.ts';

/** Posts per day of one keyword with the sentiment mix of those posts. */
export interface KeywordDay {
  day: string;
  posts: number;
  negative: number;
  neutral: number;
  positive: number;
  uncertain: number;
}

/** A keyword's daily counts over a window, with its most used display form. */
export interface KeywordHistory {
  key: string;
  term: string;
  kind: string;
  days: KeywordDay[];
}

const n = (v: unknown) => Number(v ?? 0);

/**
 * Daily counts over `from`..`to` of the keywords that have at least `minCountOnDay` posts on `day` (all platforms, or
 * one; all posts, or one topic's). The basis of the spike rule and of the report's keyword tables and sparklines.
 */
export async function keywordHistories(
  db: Database,
  options: {
    from: string;
    to: string;
    day: string;
    modelVersion: string;
    minCountOnDay: number;
    platform?: string | undefined;
    topicId?: number | undefined;
    limit: number;
    excludeCoordinated?: boolean | undefined;
    excludeRule?: CoordinationRuleName | undefined;
  },
): Promise<KeywordHistory[]> {
  const platform = options.platform;
  const scoped =
    options.topicId === undefined
      ? sql`select day, key, term, kind, posts, negative, neutral, positive, uncertain from ${keywordRollup(options)}
            where day between ${options.from} and ${options.to}
            ${platform ? sql`and platform = ${platform}` : sql``}`
      : sql`select p.day, k.key, null::text as term, null::text as kind, 1 as posts, (l.label = 'negative')::int as negative,
              (l.label = 'neutral')::int as neutral, (l.label = 'positive')::int as positive, (l.label = 'uncertain')::int as uncertain
            from post_topics pt join posts p on p.id = pt.post_id cross join lateral unnest(p.keywords) as k(key)
            join sentiment_labels l on l.post_id = p.id
            where pt.topic_id = ${options.topicId} and pt.day between ${options.from} and ${options.to}
            ${platform ? sql`and p.platform = ${platform}` : sql``} ${notCoordinated(options, sql`p.id`)}`;
  const result = await db.execute(sql`
    with scoped as (${scoped}),
    chosen as (
      select key from scoped where day = ${options.day} group by key
      having sum(posts) >= ${options.minCountOnDay} order by sum(posts) desc, key limit ${options.limit}
    )
    select s.key, to_char(s.day, 'YYYY-MM-DD') as day,
      ${options.topicId === undefined ? sql`min(s.kind) as kind, (array_agg(s.term order by s.posts desc, s.term))[1] as term` : sql`min(f.kind) as kind, min(f.term) as term`},
      sum(s.posts) as posts, sum(s.negative) as negative, sum(s.neutral) as neutral, sum(s.positive) as positive, sum(s.uncertain) as uncertain
    from scoped s join chosen c on c.key = s.key ${options.topicId === undefined ? sql`` : displayForms(sql`c.key`, options)}
    group by s.key, s.day order by s.key, s.day`);
  const byKey = new Map<string, KeywordHistory>();
  const termCounts = new Map<string, Map<string, number>>();
  for (const r of rowsOf(result)) {
    const key = String(r.key);
    let h = byKey.get(key);
    if (!h) {
      h = { key, term: String(r.term), kind: String(r.kind), days: [] };
      byKey.set(key, h);
      termCounts.set(key, new Map());
    }
    const terms = termCounts.get(key) as Map<string, number>;
    terms.set(String(r.term), (terms.get(String(r.term)) ?? 0) + n(r.posts));
    h.days.push({
      day: String(r.day),
      posts: n(r.posts),
      negative: n(r.negative),
      neutral: n(r.neutral),
      positive: n(r.positive),
      uncertain: n(r.uncertain),
    });
  }
  for (const [key, h] of byKey) {
    const terms = [...(termCounts.get(key) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    h.term = terms[0]?.[0] ?? h.term;
  }
  return [...byKey.values()];
}

/** Days between `from` and `to` that have any counted post (to tell "no baseline yet" from "a quiet week"). */
export async function daysWithPosts(db: Database, options: { from: string; to: string; modelVersion: string }): Promise<string[]> {
  const result = await db.execute(sql`
    select distinct to_char(day, 'YYYY-MM-DD') as day from daily_sentiment
    where day between ${options.from} and ${options.to} and posts > 0 order by 1`);
  return rowsOf(result).map((r) => String(r.day));
}

/** The first Asia/Jakarta day with counted posts (of one platform, when given), or null. */
export async function earliestDay(db: Database, platform?: string): Promise<string | null> {
  const result = await db.execute(
    sql`select to_char(min(day), 'YYYY-MM-DD') as day from daily_sentiment where posts > 0
      ${platform ? sql`and platform = ${platform}` : sql``}`,
  );
  const day = rowsOf(result)[0]?.day;
  return day ? String(day) : null;
}

/**
 * Ids of the posts of one day that use each keyword (for grouping spikes that are the same burst of posts): the day's
 * posts with their keywords are read from `posts_day_id_keywords_idx` alone, not from the post rows.
 */
export async function keywordPostIds(
  db: Database,
  options: {
    day: string;
    keys: readonly string[];
    topicId?: number | undefined;
    platform?: string | undefined;
    excludeCoordinated?: boolean | undefined;
    excludeRule?: CoordinationRuleName | undefined;
  },
): Promise<Map<string, number[]>> {
  if (options.keys.length === 0) return new Map();
  const keys = sql`${arrayParam(options.keys)}::text[]`;
  const result = await db.execute(sql`
    select k.key, array_agg(p.id order by p.id) as ids
    from posts p cross join lateral unnest(p.keywords) as k(key)
    ${options.topicId === undefined ? sql`` : sql`join post_topics pt on pt.post_id = p.id and pt.topic_id = ${options.topicId}`}
    where p.day = ${options.day} and p.keywords && ${keys} and k.key = any(${keys})
      ${options.platform ? sql`and p.platform = ${options.platform}` : sql``} ${notCoordinated(options, sql`p.id`)}
    group by k.key`);
  return new Map(rowsOf(result).map((r) => [String(r.key), (r.ids as unknown[]).map(Number)]));
}

/** Posts of one day that use the same of the asked keywords. */
export interface KeywordPostGroup {
  /** The asked keywords these posts use (sorted; a keyword a post lists twice is here twice). */
  keys: string[];
  /** Posts in the group. */
  posts: number;
  /** The group's smallest post ids, ascending (at most `idsPerGroup`). */
  ids: number[];
}

/**
 * The posts of one day that use any of `keys`, grouped by which of them they use: posts that use the same keys are
 * alike for folding terms into stories, so a burst of thousands of posts is a few rows. Read like `keywordPostIds`
 * (the day's posts and keywords from `posts_day_id_keywords_idx` alone), with each group's smallest ids only.
 */
export async function keywordPostGroups(
  db: Database,
  options: {
    day: string;
    keys: readonly string[];
    idsPerGroup: number;
    topicId?: number | undefined;
    platform?: string | undefined;
    excludeCoordinated?: boolean | undefined;
    excludeRule?: CoordinationRuleName | undefined;
  },
): Promise<KeywordPostGroup[]> {
  if (options.keys.length === 0) return [];
  const keys = sql`${arrayParam(options.keys)}::text[]`;
  const perGroup = Math.max(1, Math.floor(options.idsPerGroup));
  // Grouped by the posts' whole keyword lists first (cheap to compare), then by the asked keywords those lists hold.
  const result = await db.execute(sql`
    select array(select k.key from unnest(g.keywords) as k(key) where k.key = any(${keys}) order by k.key) as keys, g.posts, g.ids
    from (
      select p.keywords, count(*) as posts, (array_agg(p.id order by p.id))[1:${perGroup}::int] as ids
      from posts p
      ${options.topicId === undefined ? sql`` : sql`join post_topics pt on pt.post_id = p.id and pt.topic_id = ${options.topicId}`}
      where p.day = ${options.day} and p.keywords && ${keys}
        ${options.platform ? sql`and p.platform = ${options.platform}` : sql``} ${notCoordinated(options, sql`p.id`)}
      group by p.keywords
    ) g`);
  const groups = new Map<string, KeywordPostGroup & { merged: boolean }>();
  for (const r of rowsOf(result)) {
    const used = (r.keys as unknown[]).map(String);
    if (used.length === 0) continue;
    const ids = (r.ids as unknown[]).map(Number);
    const name = used.join('\u0000');
    const g = groups.get(name);
    if (!g) groups.set(name, { keys: used, posts: n(r.posts), ids, merged: false });
    else {
      g.posts += n(r.posts);
      for (const id of ids) g.ids.push(id);
      g.merged = true;
    }
  }
  return [...groups.values()].map(({ keys: used, posts, ids, merged }) => ({
    keys: used,
    posts,
    ids: merged ? ids.sort((a, b) => a - b).slice(0, perGroup) : ids,
  }));
}

/** A post of a story, as the report and the day's summary quote it. */
export interface StoryPost {
  id: number;
  platform: string;
  /** Null once retention removed it. */
  authorPseudonym: string | null;
  publishedAt: string;
  /** Null once retention removed it. */
  text: string | null;
  url: string | null;
  label: string;
  /** Likes, replies and shares together (views left out: they are not an act of the reader). */
  engagement: number;
  removed: 'retention' | null;
}

/** The posts with these ids and their label by the model version (at most 2,000 ids). */
export async function storyPosts(db: Database, options: { ids: readonly number[]; modelVersion: string }): Promise<StoryPost[]> {
  const ids = options.ids.slice(0, 2000);
  if (ids.length === 0) return [];
  const result = await db.execute(sql`
    select p.id, p.platform, p.author_pseudonym, p.published_at, p.text, p.url, p.text_removed_at, l.label,
      coalesce(p.likes, 0) + coalesce(p.replies, 0) + coalesce(p.shares, 0) as engagement
    from posts p join sentiment_labels l on l.post_id = p.id
    where p.id = any(${arrayParam(ids)}::bigint[])`);
  return rowsOf(result).map((r) => {
    const removed = r.text_removed_at !== null && r.text_removed_at !== undefined;
    return {
      id: n(r.id),
      platform: String(r.platform),
      authorPseudonym: removed || r.author_pseudonym === null ? null : String(r.author_pseudonym),
      publishedAt: new Date(r.published_at as string).toISOString(),
      text: removed || r.text === null ? null : String(r.text),
      url: removed || r.url === null || r.url === undefined ? null : String(r.url),
      label: String(r.label),
      engagement: n(r.engagement),
      removed: removed ? 'retention' : null,
    };
  });
}
