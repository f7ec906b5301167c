import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { arrayParam, type CoordinationRuleName, type DayWindow, rowsOf } from '../sql.ts';

const n = (v: unknown) => Number(v ?? 0);

type Exclusion = { excludeCoordinated?: boolean | undefined; excludeRule?: CoordinationRuleName | undefined };

/** Whether the coordinated post `cp` is left out by the window's exclusion: flagged by the rule it names, or by either. */
export function excludedFlag(window: Exclusion, cp = 'cp'): SQL {
  return window.excludeRule ? sql.raw(`${cp}.${window.excludeRule}`) : sql`true`;
}

/** `not exists (coordinated)` for a post id expression: the post is not left out by the window's exclusion. */
export function keptByExclusion(window: Exclusion, postId: SQL): SQL {
  const rule = window.excludeRule ? sql` and ${excludedFlag(window)}` : sql``;
  return sql`not exists (select 1 from coordinated_posts cp where cp.post_id = ${postId}${rule})`;
}

/** `and not exists (coordinated)` for a post id expression when the window excludes coordinated posts, else nothing. */
export function notCoordinated(window: Exclusion, postId: SQL): SQL {
  return window.excludeCoordinated ? sql`and ${keptByExclusion(window, postId)}` : sql``;
}

/**
 * The coordinated part of `daily_sentiment` the window leaves out: the kept rollup for either rule, or for one rule
 * its posts counted as the coordination stage counts them into that rollup.
 */
function coordinatedSentiment(window: Exclusion): SQL {
  if (!window.excludeRule) return sql`daily_coordinated_sentiment`;
  return sql`(select cp.day, p.platform, l.model_version, count(*) as posts, count(*) filter (where l.label = 'negative') as negative,
        count(*) filter (where l.label = 'neutral') as neutral, count(*) filter (where l.label = 'positive') as positive,
        count(*) filter (where l.label = 'uncertain') as uncertain, sum(p.likes) as likes, sum(p.replies) as replies,
        sum(p.shares) as shares, sum(p.views) as views
      from coordinated_posts cp join posts p on p.id = cp.post_id join sentiment_labels l on l.post_id = cp.post_id
      where ${excludedFlag(window)} group by 1, 2, 3) as daily_coordinated_sentiment`;
}

/** The coordinated part of `daily_keywords` the window leaves out (as `coordinatedSentiment`). */
function coordinatedKeywords(window: Exclusion): SQL {
  if (!window.excludeRule) return sql`daily_coordinated_keywords`;
  return sql`(select pk.day, pk.platform, pk.model_version, pk.key, min(dk.term) as term, min(dk.kind) as kind, count(*) as posts,
        count(*) filter (where pk.label = 'negative') as negative, count(*) filter (where pk.label = 'neutral') as neutral,
        count(*) filter (where pk.label = 'positive') as positive, count(*) filter (where pk.label = 'uncertain') as uncertain
      from (select cp.day, p.platform, l.model_version, l.label, k.key
          from coordinated_posts cp join posts p on p.id = cp.post_id join sentiment_labels l on l.post_id = cp.post_id
          cross join lateral unnest(p.keywords) as k(key) where ${excludedFlag(window)}) pk
      join daily_keywords dk on dk.day = pk.day and dk.platform = pk.platform and dk.model_version = pk.model_version and dk.key = pk.key
      group by 1, 2, 3, 4) as daily_coordinated_keywords`;
}

/**
 * The daily sentiment rollup to read: `daily_sentiment` itself, or (excluding coordinated posts) the rollup minus its
 * coordinated part, as rows of the same shape so the aggregate queries are unchanged.
 */
export function sentimentRollup(window: Exclusion): SQL {
  if (!window.excludeCoordinated) return sql`daily_sentiment`;
  // Redaction counts are not kept per coordinated post: they stay those of all counted posts.
  return sql`(select day, platform, model_version, posts, negative, neutral, positive, uncertain, likes, replies, shares, views,
        redacted_posts, redacted_phone, redacted_email, redacted_nik, redacted_bpjs
      from daily_sentiment
    union all
    select day, platform, model_version, -posts, -negative, -neutral, -positive, -uncertain, -likes, -replies, -shares, -views,
        0, 0, 0, 0, 0
      from ${coordinatedSentiment(window)}) as daily_sentiment`;
}

/** The daily keyword rollup to read, minus its coordinated part when excluding coordinated posts. */
export function keywordRollup(window: Exclusion): SQL {
  if (!window.excludeCoordinated) return sql`daily_keywords`;
  return sql`(select day, platform, model_version, key, term, kind, posts, negative, neutral, positive, uncertain from daily_keywords
    union all
    select day, platform, model_version, key, term, kind, -posts, -negative, -neutral, -positive, -uncertain
      from ${coordinatedKeywords(window)}) as daily_keywords`;
}

/** Posts of a window and how many of them are in coordinated clusters (the share every aggregate carries). */
export async function coordinatedShare(
  db: Database,
  window: DayWindow & { modelVersion: string },
): Promise<{ posts: number; coordinatedPosts: number }> {
  const platform = (column: SQL) => (window.platform ? sql`and ${column} = ${window.platform}` : sql``);
  const result =
    window.topicId !== undefined
      ? await db.execute(sql`
          select count(*) as posts, count(cp.post_id) as coordinated
          from post_topics pt join posts p on p.id = pt.post_id
          left join coordinated_posts cp on cp.post_id = pt.post_id
          where pt.topic_id = ${window.topicId} and pt.day between ${window.from} and ${window.to} ${platform(sql`p.platform`)}`)
      : await db.execute(sql`
          select
            (select coalesce(sum(posts), 0) from daily_sentiment
              where day between ${window.from} and ${window.to} ${platform(sql`platform`)}) as posts,
            (select coalesce(sum(posts), 0) from daily_coordinated_sentiment
              where day between ${window.from} and ${window.to} ${platform(sql`platform`)}) as coordinated`);
  const [row] = rowsOf(result);
  return { posts: n(row?.posts), coordinatedPosts: n(row?.coordinated) };
}

/**
 * Per day (or ISO week): posts and those in coordinated clusters, before any exclusion (the share behind a trend).
 * From the rollups, or from one topic's tagged posts.
 */
export async function coordinatedSeries(
  db: Database,
  window: DayWindow & { granularity: 'day' | 'week'; modelVersion: string },
): Promise<Map<string, { posts: number; coordinatedPosts: number }>> {
  const period = (day: SQL) =>
    window.granularity === 'week' ? sql`to_char(date_trunc('week', ${day}), 'YYYY-MM-DD')` : sql`to_char(${day}, 'YYYY-MM-DD')`;
  const result =
    window.topicId !== undefined
      ? await db.execute(sql`
          select ${period(sql`pt.day`)} as period, count(*) as posts, count(cp.post_id) as coordinated
          from post_topics pt join posts p on p.id = pt.post_id left join coordinated_posts cp on cp.post_id = pt.post_id
          where pt.topic_id = ${window.topicId} and pt.day between ${window.from} and ${window.to}
            ${window.platform ? sql`and p.platform = ${window.platform}` : sql``}
          group by 1`)
      : await db.execute(sql`
          select ${period(sql`day`)} as period, sum(posts) filter (where part = 'all') as posts,
            coalesce(sum(posts) filter (where part = 'coordinated'), 0) as coordinated
          from (select 'all' as part, day, platform, model_version, posts from daily_sentiment
                union all select 'coordinated', day, platform, model_version, posts from daily_coordinated_sentiment) r
          where day between ${window.from} and ${window.to}
            ${window.platform ? sql`and platform = ${window.platform}` : sql``}
          group by 1`);
  return new Map(rowsOf(result).map((r) => [String(r.period), { posts: n(r.posts), coordinatedPosts: n(r.coordinated) }]));
}

/**
 * Coordinated posts among one keyword's posts on each day (how much of a spike is coordinated); with one rule's posts
 * left out, those the other rule flagged alone.
 */
export async function coordinatedKeywordCounts(
  db: Database,
  window: DayWindow & { modelVersion: string; keys: readonly string[] },
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (window.keys.length === 0) return out;
  const remaining = window.excludeCoordinated && window.excludeRule;
  const result = remaining
    ? await db.execute(sql`
        select k.key, count(*) as posts from coordinated_posts cp
        join posts p on p.id = cp.post_id
        ${window.topicId !== undefined ? sql`join post_topics pt on pt.post_id = cp.post_id and pt.topic_id = ${window.topicId}` : sql``}
        join sentiment_labels l on l.post_id = p.id
        cross join lateral unnest(p.keywords) as k(key)
        where cp.day between ${window.from} and ${window.to} and not ${excludedFlag(window)}
          and k.key = any(${arrayParam(window.keys)}::text[]) ${window.platform ? sql`and p.platform = ${window.platform}` : sql``}
        group by k.key`)
    : window.topicId !== undefined
      ? await db.execute(sql`
          select k.key, count(*) as posts from post_topics pt
          join coordinated_posts cp on cp.post_id = pt.post_id
          join posts p on p.id = pt.post_id
          cross join lateral unnest(p.keywords) as k(key)
          where pt.topic_id = ${window.topicId} and pt.day between ${window.from} and ${window.to}
            and k.key = any(${arrayParam(window.keys)}::text[]) ${window.platform ? sql`and p.platform = ${window.platform}` : sql``}
          group by k.key`)
      : await db.execute(sql`
          select key, sum(posts) as posts from daily_coordinated_keywords
          where day between ${window.from} and ${window.to}
            and key = any(${arrayParam(window.keys)}::text[]) ${window.platform ? sql`and platform = ${window.platform}` : sql``}
          group by key`);
  for (const r of rowsOf(result)) out.set(String(r.key), n(r.posts));
  return out;
}

/** One stored cluster with a page of its posts. */
export interface ClusterSummary {
  id: number;
  kind: 'text' | 'link';
  link: string | null;
  size: number;
  distinctAuthors: number;
  firstAt: string;
  lastAt: string;
  representativeText: string;
  similarityThreshold: number;
  minAuthors: number;
  windowSeconds: number;
  coordinated: boolean;
  /** Posts of the cluster in the window (and topic), oldest first. */
  postsInWindow: number;
  posts: {
    id: number;
    platform: string;
    externalId: string;
    authorPseudonym: string;
    publishedAt: string;
    text: string;
    url: string | null;
  }[];
}

const iso = (v: unknown) => new Date(v as string).toISOString();

/**
 * Coordinated clusters with posts in a window (and topic), largest first, paged by offset; each with up to
 * `postsPerCluster` of its posts in the window. Authors appear only as their pseudonyms.
 */
export async function coordinationClusters(
  db: Database,
  query: DayWindow & { limit: number; offset: number; postsPerCluster: number; includeUncoordinated?: boolean },
): Promise<ClusterSummary[]> {
  const scope = sql`p.day between ${query.from} and ${query.to}
    ${query.platform ? sql`and p.platform = ${query.platform}` : sql``}
    ${query.topicId !== undefined ? sql`and exists (select 1 from post_topics pt where pt.post_id = p.id and pt.topic_id = ${query.topicId})` : sql``}`;
  const clusters = rowsOf(
    await db.execute(sql`
      select c.*, w.in_window from coordination_clusters c
      join (select pc.cluster_id, count(*) as in_window from post_clusters pc join posts p on p.id = pc.post_id
            where ${scope} group by pc.cluster_id) w on w.cluster_id = c.id
      where c.last_day >= ${query.from} and c.first_day <= ${query.to} and c.kind <> 'repeated'
        ${query.includeUncoordinated ? sql`` : sql`and c.coordinated`}
      order by c.size desc, c.id
      limit ${query.limit} offset ${query.offset}`),
  );
  if (clusters.length === 0) return [];
  const ids = clusters.map((c) => Number(c.id));
  const posts = rowsOf(
    await db.execute(sql`
      select * from (
        select pc.cluster_id, p.id, p.platform, p.external_id, p.author_pseudonym, p.published_at, p.text, p.url,
          row_number() over (partition by pc.cluster_id order by p.published_at, p.id) as rank
        from post_clusters pc join posts p on p.id = pc.post_id
        where pc.cluster_id = any(${arrayParam(ids)}::bigint[]) and ${scope}) ranked
      where rank <= ${query.postsPerCluster}
      order by cluster_id, rank`),
  );
  return clusters.map((c) => ({
    id: Number(c.id),
    kind: c.kind as 'text' | 'link',
    link: c.link === null ? null : String(c.link),
    size: n(c.size),
    distinctAuthors: n(c.distinct_authors),
    firstAt: iso(c.first_at),
    lastAt: iso(c.last_at),
    representativeText: String(c.representative_text),
    similarityThreshold: Math.round(Number(c.similarity_threshold) * 1000) / 1000,
    minAuthors: n(c.min_authors),
    windowSeconds: n(c.window_seconds),
    coordinated: Boolean(c.coordinated),
    postsInWindow: n(c.in_window),
    posts: posts
      .filter((p) => Number(p.cluster_id) === Number(c.id))
      .map((p) => ({
        id: Number(p.id),
        platform: String(p.platform),
        externalId: String(p.external_id),
        authorPseudonym: String(p.author_pseudonym),
        publishedAt: iso(p.published_at),
        text: String(p.text),
        url: p.url === null ? null : String(p.url),
      })),
  }));
}
