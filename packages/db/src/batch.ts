import type { ExclusionReason, Post, SentimentPrediction } from '@pantau/contracts';
import { and, inArray, sql } from 'drizzle-orm';
import { arrayParam } from './array-param.ts';
import type { Database } from './client.ts';
import { type CoordinationInput, type CoordinationRule, type PostSignature, recordCoordination, storeSignatures } from './coordination.ts';
import { rowsOf } from './queries.ts';
import { addExcluded, COUNTS, LABEL_COUNTS } from './rollup-columns.ts';
import { type dailySentiment, posts } from './schema.ts';
import { addToTopicRollup } from './topic-rollup.ts';

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
  /** Ids of the topics whose query the post matches. */
  topicIds?: readonly number[];
  /** Near-duplicate signature and shared links (the coordinated-posting signal). */
  signature?: PostSignature;
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
  /**
   * Bus position of the message, for the exclusion of a decoded post (its language): a later copy of the same post
   * from another message is then a counted duplicate, and the same message delivered again is skipped by `ref`.
   */
  messageRef?: string;
}

/** One consumed batch, written in one transaction. */
export interface AnalyzedBatch {
  modelVersion: string;
  posts: readonly AnalyzedPost[];
  exclusions: readonly BatchExclusion[];
  /** The co-posting rule; without it the coordination step is skipped (the signal is off). */
  coordination?: CoordinationRule;
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

const postKeyOf = (platform: string, externalId: string) => `${platform}:${externalId}`;

/** Separates a post's keyword keys in one text parameter (a control character no normalized key contains). */
const KEY_SEPARATOR = '\u001f';

/** A post's distinct keyword keys joined by KEY_SEPARATOR ('' for none: string_to_array gives an empty array). */
function joinedKeys(item: AnalyzedPost): string {
  const keys = new Set<string>();
  for (const k of item.keywords) if (!k.key.includes(KEY_SEPARATOR)) keys.add(k.key);
  return [...keys].join(KEY_SEPARATOR);
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Writes posts, labels, keywords, topic tags, exclusions and the daily rollups of one batch in one transaction.
 * Idempotent: a post already stored from the same message is skipped, from another message it is a duplicate.
 * Each table gets one statement with array parameters (unnest), not one bind parameter per value.
 */
export async function writeAnalyzedBatch(db: Database, batch: AnalyzedBatch): Promise<BatchWriteResult> {
  return db.transaction(async (tx) => {
    const result: BatchWriteResult = { inserted: 0, duplicates: 0, redelivered: 0, excluded: 0 };
    const excluded: BatchExclusion[] = [];

    // First copy of each key within the batch wins; later copies are duplicates of it.
    const firstByKey = new Map<string, AnalyzedPost>();
    for (const item of batch.posts) {
      const key = postKeyOf(item.post.platform, item.post.externalId);
      if (firstByKey.has(key)) excluded.push(duplicateOf(item));
      else firstByKey.set(key, item);
    }
    const candidates = [...firstByKey.values()];

    // A post excluded by its language is accounted once too: a later copy of it is a duplicate, not a second exclusion.
    const excludedPostByKey = new Map<string, BatchExclusion & { messageRef: string }>();
    for (const e of batch.exclusions) {
      if (e.messageRef === undefined || !e.platform || !e.externalId) {
        excluded.push(e);
        continue;
      }
      const key = postKeyOf(e.platform, e.externalId);
      if (firstByKey.has(key) || excludedPostByKey.has(key)) excluded.push(duplicateOfExclusion(e, e.messageRef));
      else excludedPostByKey.set(key, { ...e, messageRef: e.messageRef });
    }
    if (excludedPostByKey.size > 0) {
      const seen = await accountedElsewhere(tx, [...excludedPostByKey.values()]);
      for (const e of excludedPostByKey.values()) excluded.push(seen.has(e.ref) ? duplicateOfExclusion(e, e.messageRef) : e);
    }

    const insertedIds = new Map<string, number>();
    if (candidates.length > 0) {
      const c = candidates;
      const rows = rowsOf(
        await tx.execute(sql`
          insert into posts (platform, external_id, author_pseudonym, published_at, day, text, url, likes, replies, shares, views,
            lang, lang_confidence, source_connector, source_run_id, collected_at, message_ref,
            redacted_phone, redacted_email, redacted_nik, redacted_bpjs, keywords, rating, source_outlet)
          select pl, ei, au, pa, d, tx, u, li, re, sh, vi, la, lc, sc, sr, ca, mr, rp, re_, rn, rb, string_to_array(kw, ${KEY_SEPARATOR}), ra, so
          from unnest(
            ${arrayParam(c.map((x) => x.post.platform))}::text[], ${arrayParam(c.map((x) => x.post.externalId))}::text[],
            ${arrayParam(c.map((x) => x.post.authorPseudonym))}::text[], ${arrayParam(c.map((x) => x.post.publishedAt))}::timestamptz[],
            ${arrayParam(c.map((x) => x.day))}::date[], ${arrayParam(c.map((x) => x.post.text))}::text[], ${arrayParam(c.map((x) => x.post.url))}::text[],
            ${arrayParam(c.map((x) => x.post.engagement.likes))}::int[], ${arrayParam(c.map((x) => x.post.engagement.replies))}::int[],
            ${arrayParam(c.map((x) => x.post.engagement.shares))}::int[], ${arrayParam(c.map((x) => x.post.engagement.views))}::bigint[],
            ${arrayParam(c.map((x) => x.lang))}::text[], ${arrayParam(c.map((x) => x.langConfidence))}::real[],
            ${arrayParam(c.map((x) => x.post.source.connector))}::text[], ${arrayParam(c.map((x) => x.post.source.runId))}::text[],
            ${arrayParam(c.map((x) => x.post.collectedAt))}::timestamptz[], ${arrayParam(c.map((x) => x.messageRef))}::text[],
            ${arrayParam(c.map((x) => x.post.redactions?.phone ?? 0))}::int[], ${arrayParam(c.map((x) => x.post.redactions?.email ?? 0))}::int[],
            ${arrayParam(c.map((x) => x.post.redactions?.nik ?? 0))}::int[], ${arrayParam(c.map((x) => x.post.redactions?.bpjs ?? 0))}::int[],
            ${arrayParam(c.map(joinedKeys))}::text[],
            ${arrayParam(c.map((x) => x.post.rating ?? null))}::smallint[], ${arrayParam(c.map((x) => x.post.source.outlet ?? null))}::text[])
            as t(pl, ei, au, pa, d, tx, u, li, re, sh, vi, la, lc, sc, sr, ca, mr, rp, re_, rn, rb, kw, ra, so)
          on conflict (platform, external_id) do nothing
          returning id, platform, external_id`),
      );
      for (const r of rows) insertedIds.set(postKeyOf(String(r.platform), String(r.external_id)), Number(r.id));
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

    if (inserted.length > 0) {
      const i = inserted;
      await tx.execute(sql`
        insert into sentiment_labels (post_id, model_version, label, p_negative, p_neutral, p_positive, confidence)
        select id, ${batch.modelVersion}, label, n, u, p, c from unnest(
          ${arrayParam(i.map(idOf))}::bigint[], ${arrayParam(i.map((x) => x.sentiment.label))}::text[],
          ${arrayParam(i.map((x) => x.sentiment.probabilities[0]))}::real[], ${arrayParam(i.map((x) => x.sentiment.probabilities[1]))}::real[],
          ${arrayParam(i.map((x) => x.sentiment.probabilities[2]))}::real[], ${arrayParam(i.map((x) => x.sentiment.confidence))}::real[])
          as t(id, label, n, u, p, c)`);
    }

    // The signatures go in before any row other batches also write is locked: this is most of the co-posting signal's
    // write, and concurrent batches can do it side by side (only the step that links posts is serialized).
    const signed: CoordinationInput[] = batch.coordination
      ? inserted
          .filter((c) => c.signature)
          .map((c) => ({ id: idOf(c), publishedAt: c.post.publishedAt, signature: c.signature as PostSignature }))
      : [];
    await storeSignatures(tx, signed);

    const topicRows = inserted.flatMap((c) => (c.topicIds ?? []).map((topicId) => ({ postId: idOf(c), topicId, day: c.day })));
    if (topicRows.length > 0) {
      // A topic deleted since the batch was tagged is skipped (no row to reference), not an error.
      await tx.execute(sql`
        insert into post_topics (post_id, topic_id, day)
        select v.post_id, v.topic_id, v.day from unnest(${arrayParam(topicRows.map((r) => r.postId))}::bigint[],
          ${arrayParam(topicRows.map((r) => r.topicId))}::int[], ${arrayParam(topicRows.map((r) => r.day))}::date[]) as v(post_id, topic_id, day)
        where exists (select 1 from topics t where t.id = v.topic_id)
        on conflict do nothing`);
    }

    if (excluded.length > 0) {
      const e = excluded;
      const rows = rowsOf(
        await tx.execute(sql`
          insert into exclusions (ref, reason, code, stage, platform, external_id, day, detail)
          select * from unnest(${arrayParam(e.map((x) => x.ref))}::text[], ${arrayParam(e.map((x) => x.reason))}::text[],
            ${arrayParam(e.map((x) => x.code))}::text[], ${arrayParam(e.map((x) => x.stage))}::text[], ${arrayParam(e.map((x) => x.platform ?? null))}::text[],
            ${arrayParam(e.map((x) => x.externalId ?? null))}::text[], ${arrayParam(e.map((x) => x.day ?? null))}::date[],
            ${arrayParam(e.map((x) => (x.detail ?? '').slice(0, 2000)))}::text[])
          on conflict (ref) do nothing
          returning reason`),
      );
      result.excluded += rows.length;
      result.duplicates += rows.filter((r) => r.reason === 'duplicate').length;
    }

    // Last before the commit: concurrent batches of the same days wait on these rows' locks, so they are held briefly.
    await upsertRollups(tx, batch.modelVersion, inserted);
    await addToTopicRollup(tx, { topicIds: topicRows.map((r) => r.topicId), postIds: topicRows.map((r) => r.postId) });
    // Last, so its lock (it serializes concurrent writers) is held only until the commit.
    if (batch.coordination) await recordCoordination(tx, batch.coordination, signed);
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

/** The same post already stored, or excluded from another message, as a `duplicate` exclusion of this message. */
function duplicateOfExclusion(e: BatchExclusion, messageRef: string): BatchExclusion {
  return {
    ref: `dup:${messageRef}`,
    reason: 'duplicate',
    code: 'same_post_key',
    stage: e.stage,
    platform: e.platform ?? null,
    externalId: e.externalId ?? null,
    day: e.day ?? null,
    detail: `post ${e.platform}:${e.externalId} already accounted`,
  };
}

/**
 * Refs of the post exclusions whose post is already stored, or already excluded by another message (another ref).
 * The same message delivered again finds only its own row, so it stays a no-op (its ref conflicts on insert).
 * A copy has its post's publication day, so the day and reason index narrows the exclusions looked at.
 */
async function accountedElsewhere(tx: Tx, items: readonly BatchExclusion[]): Promise<Set<string>> {
  const rows = rowsOf(
    await tx.execute(sql`
      select v.ref from unnest(${arrayParam(items.map((e) => e.ref))}::text[], ${arrayParam(items.map((e) => e.platform ?? ''))}::text[],
        ${arrayParam(items.map((e) => e.externalId ?? ''))}::text[], ${arrayParam(items.map((e) => e.day ?? null))}::date[]) as v(ref, pl, ei, d)
      where exists (select 1 from posts p where p.platform = v.pl and p.external_id = v.ei)
        or exists (select 1 from exclusions e where e.day = v.d and e.reason = 'not_indonesian'
          and e.platform = v.pl and e.external_id = v.ei and e.ref <> v.ref)`),
  );
  return new Set(rows.map((r) => String(r.ref)));
}

async function storedMessageRefs(tx: Tx, items: readonly AnalyzedPost[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const byPlatform = new Map<string, string[]>();
  for (const c of items) {
    const ids = byPlatform.get(c.post.platform);
    if (ids) ids.push(c.post.externalId);
    else byPlatform.set(c.post.platform, [c.post.externalId]);
  }
  for (const [platform, ids] of byPlatform) {
    const rows = await tx
      .select({ externalId: posts.externalId, messageRef: posts.messageRef })
      .from(posts)
      .where(and(sql`${posts.platform} = ${platform}`, inArray(posts.externalId, ids)));
    for (const r of rows) out.set(postKeyOf(platform, r.externalId), r.messageRef);
  }
  return out;
}

/** Index of a label's count in a keyword's counts array (0 is all posts). */
const LABEL_COLUMN = { negative: 1, neutral: 2, positive: 3, uncertain: 4 } as const;

type ClassCounts = { negative: number; neutral: number; positive: number; uncertain: number };
const emptyCounts = (): ClassCounts => ({ negative: 0, neutral: 0, positive: 0, uncertain: 0 });
type RedactedCounts = { redactedPosts: number; redactedPhone: number; redactedEmail: number; redactedNik: number; redactedBpjs: number };
const emptyRedacted = (): RedactedCounts => ({ redactedPosts: 0, redactedPhone: 0, redactedEmail: 0, redactedNik: 0, redactedBpjs: 0 });

/** Adds the batch's newly inserted posts to the daily rollups; rows are sorted so concurrent writers lock in one order. */
async function upsertRollups(tx: Tx, modelVersion: string, inserted: readonly AnalyzedPost[]): Promise<void> {
  if (inserted.length === 0) return;
  const sentiment = new Map<string, typeof dailySentiment.$inferInsert & ClassCounts & RedactedCounts>();
  // Per day|platform, per key: display form, kind and counts [posts, negative, neutral, positive, uncertain].
  const keywords = new Map<string, Map<string, { term: string; kind: string; counts: number[] }>>();
  for (const c of inserted) {
    const p = c.post;
    const sKey = `${c.day}|${p.platform}`;
    let s = sentiment.get(sKey);
    if (!s) {
      s = {
        day: c.day,
        platform: p.platform,
        modelVersion,
        posts: 0,
        likes: 0,
        replies: 0,
        shares: 0,
        views: 0,
        ...emptyCounts(),
        ...emptyRedacted(),
      };
      sentiment.set(sKey, s);
    }
    const r = p.redactions;
    if (r) {
      if (r.phone + r.email + r.nik + r.bpjs > 0) s.redactedPosts++;
      if (r.phone > 0) s.redactedPhone++;
      if (r.email > 0) s.redactedEmail++;
      if (r.nik > 0) s.redactedNik++;
      if (r.bpjs > 0) s.redactedBpjs++;
    }
    s.posts = (s.posts ?? 0) + 1;
    s[c.sentiment.label]++;
    s.likes = (s.likes ?? 0) + p.engagement.likes;
    s.replies = (s.replies ?? 0) + p.engagement.replies;
    s.shares = (s.shares ?? 0) + p.engagement.shares;
    s.views = (s.views ?? 0) + p.engagement.views;
    let group = keywords.get(sKey);
    if (!group) {
      group = new Map();
      keywords.set(sKey, group);
    }
    const labelAt = LABEL_COLUMN[c.sentiment.label];
    for (const k of c.keywords) {
      let r = group.get(k.key);
      if (!r) {
        r = { term: k.term, kind: k.kind, counts: [0, 0, 0, 0, 0] };
        group.set(k.key, r);
      }
      (r.counts[0] as number)++;
      (r.counts[labelAt] as number)++;
    }
  }
  const sRows = [...sentiment.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const k = { day: [] as string[], platform: [] as string[], key: [] as string[], term: [] as string[], kind: [] as string[] };
  const kCounts: number[][] = [[], [], [], [], []];
  for (const s of sRows) {
    const group = keywords.get(`${s.day}|${s.platform}`);
    if (!group) continue;
    for (const key of [...group.keys()].sort(byText)) {
      const r = group.get(key) as { term: string; kind: string; counts: number[] };
      k.day.push(s.day);
      k.platform.push(s.platform);
      k.key.push(key);
      k.term.push(r.term);
      k.kind.push(r.kind);
      for (let i = 0; i < 5; i++) (kCounts[i] as number[]).push(r.counts[i] as number);
    }
  }
  const num = (rows: readonly Record<string, unknown>[], name: string) => arrayParam(rows.map((r) => Number(r[name] ?? 0)));
  await tx.execute(sql`
    insert into daily_sentiment (day, platform, model_version, posts, negative, neutral, positive, uncertain, likes, replies, shares, views,
      redacted_posts, redacted_phone, redacted_email, redacted_nik, redacted_bpjs)
    select d, pl, ${modelVersion}, po, ne, nu, ps, un, li, re, sh, vi, rp, rph, rem, rni, rbp from unnest(
      ${arrayParam(sRows.map((r) => r.day))}::date[], ${arrayParam(sRows.map((r) => r.platform))}::text[], ${num(sRows, 'posts')}::int[],
      ${num(sRows, 'negative')}::int[], ${num(sRows, 'neutral')}::int[], ${num(sRows, 'positive')}::int[], ${num(sRows, 'uncertain')}::int[],
      ${num(sRows, 'likes')}::bigint[], ${num(sRows, 'replies')}::bigint[], ${num(sRows, 'shares')}::bigint[], ${num(sRows, 'views')}::bigint[],
      ${num(sRows, 'redactedPosts')}::int[], ${num(sRows, 'redactedPhone')}::int[], ${num(sRows, 'redactedEmail')}::int[],
      ${num(sRows, 'redactedNik')}::int[], ${num(sRows, 'redactedBpjs')}::int[])
      as t(d, pl, po, ne, nu, ps, un, li, re, sh, vi, rp, rph, rem, rni, rbp)
    on conflict (day, platform, model_version) do update set ${addExcluded('daily_sentiment', COUNTS)}`);
  if (k.key.length === 0) return;
  await tx.execute(sql`
    insert into daily_keywords (day, platform, model_version, key, term, kind, posts, negative, neutral, positive, uncertain)
    select d, pl, ${modelVersion}, k, te, ki, po, ne, nu, ps, un from unnest(
      ${arrayParam(k.day)}::date[], ${arrayParam(k.platform)}::text[], ${arrayParam(k.key)}::text[], ${arrayParam(k.term)}::text[], ${arrayParam(k.kind)}::text[],
      ${arrayParam(kCounts[0] as number[])}::int[], ${arrayParam(kCounts[1] as number[])}::int[], ${arrayParam(kCounts[2] as number[])}::int[],
      ${arrayParam(kCounts[3] as number[])}::int[], ${arrayParam(kCounts[4] as number[])}::int[])
      as t(d, pl, k, te, ki, po, ne, nu, ps, un)
    on conflict (day, platform, model_version, key) do update set ${addExcluded('daily_keywords', LABEL_COUNTS)}`);
}
