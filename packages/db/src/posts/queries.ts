import { and, desc, eq, gte, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { posts, postTopics, sentimentLabels } from '../schema.ts';
import type { DayWindow } from '../sql.ts';

const inTopic = (topicId: number) =>
  sql`exists (select 1 from ${postTopics} where ${postTopics.postId} = ${posts.id} and ${postTopics.topicId} = ${topicId})`;

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

/** Opaque position after the last mention of a page. */
export interface MentionCursor {
  publishedAt: string;
  id: number;
}

/** Posts of a window, newest first, filtered by label and keyword key, paged by a keyset cursor. */
export async function mentions(
  db: Database,
  query: DayWindow & {
    modelVersion: string;
    label?: string | undefined;
    key?: string | undefined;
    limit: number;
    after?: MentionCursor | undefined;
  },
): Promise<Mention[]> {
  const conditions: (SQL | undefined)[] = [
    gte(posts.day, query.from),
    lte(posts.day, query.to),
    query.platform ? eq(posts.platform, query.platform) : undefined,
    query.topicId !== undefined ? inTopic(query.topicId) : undefined,
    query.label ? eq(sentimentLabels.label, query.label) : undefined,
    query.excludeCoordinated ? sql`not exists (select 1 from coordinated_posts cp where cp.post_id = ${posts.id})` : undefined,
    query.key ? sql`${posts.keywords} @> array[${query.key}]::text[]` : undefined,
    query.after
      ? or(
          lt(posts.publishedAt, new Date(query.after.publishedAt)),
          and(eq(posts.publishedAt, new Date(query.after.publishedAt)), lt(posts.id, query.after.id)),
        )
      : undefined,
  ];
  const rows = await db
    .select({
      id: posts.id,
      platform: posts.platform,
      externalId: posts.externalId,
      authorPseudonym: posts.authorPseudonym,
      publishedAt: posts.publishedAt,
      day: posts.day,
      text: posts.text,
      url: posts.url,
      label: sentimentLabels.label,
      pNegative: sentimentLabels.pNegative,
      pNeutral: sentimentLabels.pNeutral,
      pPositive: sentimentLabels.pPositive,
      likes: posts.likes,
      replies: posts.replies,
      shares: posts.shares,
      views: posts.views,
      textRemovedAt: posts.textRemovedAt,
      rating: posts.rating,
      outlet: posts.sourceOutlet,
    })
    .from(posts)
    .innerJoin(sentimentLabels, and(eq(sentimentLabels.postId, posts.id), eq(sentimentLabels.modelVersion, query.modelVersion)))
    .where(and(...conditions))
    .orderBy(desc(posts.publishedAt), desc(posts.id))
    .limit(query.limit);
  return rows.map((r) => ({
    id: r.id,
    platform: r.platform,
    externalId: r.externalId,
    authorPseudonym: r.textRemovedAt ? null : r.authorPseudonym,
    publishedAt: r.publishedAt.toISOString(),
    day: String(r.day),
    text: r.textRemovedAt ? null : r.text,
    url: r.textRemovedAt ? null : r.url,
    removed: r.textRemovedAt ? 'retention' : null,
    label: r.label,
    probabilities: { negative: r.pNegative, neutral: r.pNeutral, positive: r.pPositive },
    engagement: { likes: r.likes, replies: r.replies, shares: r.shares, views: r.views },
    rating: r.rating,
    outlet: r.outlet,
  }));
}
