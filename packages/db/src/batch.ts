import type { ExclusionReason, Post, SentimentPrediction } from '@pantau/contracts';
import { and, inArray, sql } from 'drizzle-orm';
import type { Database } from './client.ts';
import { dailyKeywords, dailySentiment, exclusions, postKeywords, posts, sentimentLabels } from './schema.ts';

/** A post the analysis service kept, with everything it found in it. */
export interface AnalyzedPost {
  post: Post;
  /** Calendar day of `publishedAt` in Asia/Jakarta, YYYY-MM-DD. */
  day: string;
  lang: string;
  langConfidence: number;
  /** Bus position `topic/partition/offset` of the message this post came from. */
  messageRef: string;
  sentiment: SentimentPrediction;
  keywords: readonly { key: string; term: string; kind: string }[];
}

/** A message left out of the counts, with the reason; `ref` is unique per message. */
export interface BatchExclusion {
  ref: string;
  reason: ExclusionReason;
  code: string;
  stage: 'ingest' | 'analysis';
  platform?: string | null;
  externalId?: string | null;
  day?: string | null;
  detail?: string;
}

/** One consumed batch, written in one transaction. */
export interface AnalyzedBatch {
  modelVersion: string;
  posts: readonly AnalyzedPost[];
  exclusions: readonly BatchExclusion[];
}

/** What a batch write did. */
export interface BatchWriteResult {
  inserted: number;
  /** Same post seen again from another message: counted as a `duplicate` exclusion. */
  duplicates: number;
  /** The same message delivered again after a crash: already stored, nothing written. */
  redelivered: number;
  excluded: number;
}

// Postgres accepts at most 65,535 bind parameters per statement.
const MAX_PARAMS = 60_000;

function chunks<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

const postKeyOf = (platform: string, externalId: string) => `${platform}:${externalId}`;

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Writes posts, labels, keywords, exclusions and the daily rollups of one batch in one transaction.
 * Idempotent: a post already stored from the same message is skipped, from another message it is a duplicate.
 */
export async function writeAnalyzedBatch(db: Database, batch: AnalyzedBatch): Promise<BatchWriteResult> {
  return db.transaction(async (tx) => {
    const result: BatchWriteResult = { inserted: 0, duplicates: 0, redelivered: 0, excluded: 0 };
    const excluded: BatchExclusion[] = [...batch.exclusions];

    // First copy of each key within the batch wins; later copies are duplicates of it.
    const firstByKey = new Map<string, AnalyzedPost>();
    for (const item of batch.posts) {
      const key = postKeyOf(item.post.platform, item.post.externalId);
      if (firstByKey.has(key)) excluded.push(duplicateOf(item));
      else firstByKey.set(key, item);
    }
    const candidates = [...firstByKey.values()];

    const insertedIds = new Map<string, number>();
    for (const part of chunks(candidates, 19)) {
      const rows = await tx
        .insert(posts)
        .values(part.map(postRow))
        .onConflictDoNothing({ target: [posts.platform, posts.externalId] })
        .returning({ id: posts.id, platform: posts.platform, externalId: posts.externalId });
      for (const r of rows) insertedIds.set(postKeyOf(r.platform, r.externalId), r.id);
    }

    const conflicts = candidates.filter((c) => !insertedIds.has(postKeyOf(c.post.platform, c.post.externalId)));
    if (conflicts.length > 0) {
      const stored = await storedMessageRefs(tx, conflicts);
      for (const c of conflicts) {
        if (stored.get(postKeyOf(c.post.platform, c.post.externalId)) === c.messageRef) result.redelivered++;
        else excluded.push(duplicateOf(c));
      }
    }

    const inserted = candidates.filter((c) => insertedIds.has(postKeyOf(c.post.platform, c.post.externalId)));
    result.inserted = inserted.length;
    const idOf = (c: AnalyzedPost) => insertedIds.get(postKeyOf(c.post.platform, c.post.externalId)) as number;

    const labelRows = inserted.map((c) => ({
      postId: idOf(c),
      modelVersion: batch.modelVersion,
      label: c.sentiment.label,
      pNegative: c.sentiment.probabilities[0],
      pNeutral: c.sentiment.probabilities[1],
      pPositive: c.sentiment.probabilities[2],
      confidence: c.sentiment.confidence,
    }));
    for (const part of chunks(labelRows, 7)) await tx.insert(sentimentLabels).values(part);

    const keywordRows = inserted.flatMap((c) => c.keywords.map((k) => ({ postId: idOf(c), key: k.key, term: k.term, kind: k.kind })));
    for (const part of chunks(keywordRows, 4)) await tx.insert(postKeywords).values(part).onConflictDoNothing();

    await upsertRollups(tx, batch.modelVersion, inserted);

    if (excluded.length > 0) {
      for (const part of chunks(excluded, 8)) {
        const rows = await tx
          .insert(exclusions)
          .values(
            part.map((e) => ({
              ref: e.ref,
              reason: e.reason,
              code: e.code,
              stage: e.stage,
              platform: e.platform ?? null,
              externalId: e.externalId ?? null,
              day: e.day ?? null,
              detail: (e.detail ?? '').slice(0, 2000),
            })),
          )
          .onConflictDoNothing({ target: exclusions.ref })
          .returning({ reason: exclusions.reason });
        result.excluded += rows.length;
        result.duplicates += rows.filter((r) => r.reason === 'duplicate').length;
      }
    }
    return result;
  });
}

function duplicateOf(item: AnalyzedPost): BatchExclusion {
  return {
    ref: `dup:${item.messageRef}`,
    reason: 'duplicate',
    code: 'same_post_key',
    stage: 'analysis',
    platform: item.post.platform,
    externalId: item.post.externalId,
    day: item.day,
    detail: `post ${item.post.platform}:${item.post.externalId} already stored`,
  };
}

function postRow(c: AnalyzedPost): typeof posts.$inferInsert {
  const p = c.post;
  return {
    platform: p.platform,
    externalId: p.externalId,
    authorPseudonym: p.authorPseudonym,
    publishedAt: new Date(p.publishedAt),
    day: c.day,
    text: p.text,
    url: p.url,
    likes: p.engagement.likes,
    replies: p.engagement.replies,
    shares: p.engagement.shares,
    views: p.engagement.views,
    lang: c.lang,
    langConfidence: c.langConfidence,
    sourceConnector: p.source.connector,
    sourceRunId: p.source.runId,
    collectedAt: new Date(p.collectedAt),
    messageRef: c.messageRef,
  };
}

async function storedMessageRefs(tx: Tx, items: readonly AnalyzedPost[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const byPlatform = new Map<string, string[]>();
  for (const c of items) byPlatform.set(c.post.platform, [...(byPlatform.get(c.post.platform) ?? []), c.post.externalId]);
  for (const [platform, ids] of byPlatform) {
    const rows = await tx
      .select({ externalId: posts.externalId, messageRef: posts.messageRef })
      .from(posts)
      .where(and(sql`${posts.platform} = ${platform}`, inArray(posts.externalId, ids)));
    for (const r of rows) out.set(postKeyOf(platform, r.externalId), r.messageRef);
  }
  return out;
}

type ClassCounts = { negative: number; neutral: number; positive: number; uncertain: number };
const emptyCounts = (): ClassCounts => ({ negative: 0, neutral: 0, positive: 0, uncertain: 0 });

/** Adds the batch's newly inserted posts to the daily rollups; rows are sorted so concurrent writers lock in one order. */
async function upsertRollups(tx: Tx, modelVersion: string, inserted: readonly AnalyzedPost[]): Promise<void> {
  if (inserted.length === 0) return;
  const sentiment = new Map<string, typeof dailySentiment.$inferInsert & ClassCounts>();
  const keywords = new Map<string, typeof dailyKeywords.$inferInsert & ClassCounts>();
  for (const c of inserted) {
    const p = c.post;
    const sKey = `${c.day}|${p.platform}`;
    let s = sentiment.get(sKey);
    if (!s) {
      s = { day: c.day, platform: p.platform, modelVersion, posts: 0, likes: 0, replies: 0, shares: 0, views: 0, ...emptyCounts() };
      sentiment.set(sKey, s);
    }
    s.posts = (s.posts ?? 0) + 1;
    s[c.sentiment.label]++;
    s.likes = (s.likes ?? 0) + p.engagement.likes;
    s.replies = (s.replies ?? 0) + p.engagement.replies;
    s.shares = (s.shares ?? 0) + p.engagement.shares;
    s.views = (s.views ?? 0) + p.engagement.views;
    for (const k of c.keywords) {
      const kKey = `${c.day}|${p.platform}|${k.key}`;
      let r = keywords.get(kKey);
      if (!r) {
        r = { day: c.day, platform: p.platform, modelVersion, key: k.key, term: k.term, kind: k.kind, posts: 0, ...emptyCounts() };
        keywords.set(kKey, r);
      }
      r.posts = (r.posts ?? 0) + 1;
      r[c.sentiment.label]++;
    }
  }
  const sRows = [...sentiment.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const kRows = [...keywords.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const add = (col: { name: string }) => sql.raw(`"${col.name}" + excluded."${col.name}"`);
  for (const part of chunks(sRows, 12)) {
    await tx
      .insert(dailySentiment)
      .values(part)
      .onConflictDoUpdate({
        target: [dailySentiment.day, dailySentiment.platform, dailySentiment.modelVersion],
        set: Object.fromEntries(
          (['posts', 'negative', 'neutral', 'positive', 'uncertain', 'likes', 'replies', 'shares', 'views'] as const).map((c) => [
            c,
            sql`${sql.identifier('daily_sentiment')}.${add(dailySentiment[c])}`,
          ]),
        ),
      });
  }
  for (const part of chunks(kRows, 11)) {
    await tx
      .insert(dailyKeywords)
      .values(part)
      .onConflictDoUpdate({
        target: [dailyKeywords.day, dailyKeywords.platform, dailyKeywords.modelVersion, dailyKeywords.key],
        set: Object.fromEntries(
          (['posts', 'negative', 'neutral', 'positive', 'uncertain'] as const).map((c) => [
            c,
            sql`${sql.identifier('daily_keywords')}.${add(dailyKeywords[c])}`,
          ]),
        ),
      });
  }
}
