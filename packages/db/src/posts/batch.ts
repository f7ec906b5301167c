import {
  type EmotionPrediction,
  type ExclusionReason,
  OTHER_LANGUAGE_LABEL,
  type Post,
  type SentimentLabel,
  type StoredPrediction,
} from '@pantau/contracts';
import { and, inArray, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { addToEmotionRollup, writeEmotionLabels } from '../emotions/write.ts';
import { addToLanguageRollup } from '../languages/queries.ts';
import { addExcluded, COUNTS, type CountKey, countValues, LABEL_COUNTS, zeroCounts } from '../rollup-columns.ts';
import { dailyKeywords, dailySentiment, dailyTopicSentiment, exclusions, posts, postTopics, sentimentLabels } from '../schema.ts';
import { selectRows, type UnnestColumns, unnestRows } from '../sql.ts';
import { addToTaggedVolume, addToVolume } from '../volume/queries.ts';

/** A post the analysis service kept, with everything it found in it. */
export interface AnalyzedPost {
  post: Post;
  /** Calendar day of `publishedAt` in Asia/Jakarta, YYYY-MM-DD. */
  day: string;
  lang: string;
  langConfidence: number;
  /** Bus position `topic/partition/offset` of the message this post came from. */
  messageRef: string;
  /** The stored verdict: `other_language` for a regional-language post (counted, not in the class shares). */
  sentiment: StoredPrediction;
  keywords: readonly { key: string; term: string; kind: string }[];
  /** Ids of the topics whose query the post matches. */
  topicIds?: readonly number[];
  /** The emotion head's prediction, when the model has one. */
  emotion?: EmotionPrediction;
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
  /** Version of the emotion head whose predictions the posts carry (absent: no emotion labels are written). */
  emotionModelVersion?: string;
}

/** What a batch write did. */
export interface BatchWriteResult {
  inserted: number;
  /** Same post seen again from another message: counted as a `duplicate` exclusion. */
  duplicates: number;
  /** The same message delivered again after a crash: already stored, nothing written. */
  redelivered: number;
  excluded: number;
  /**
   * Ids of the batch's posts stored from this batch's messages (inserted now, or by an earlier delivery of the same
   * message), by post key `platform:externalId`: what the coordination stage is told about after the commit.
   */
  stored: Map<string, number>;
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
    const result: BatchWriteResult = { inserted: 0, duplicates: 0, redelivered: 0, excluded: 0, stored: new Map() };
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
      const rows = unnestRows(posts, {
        platform: c.map((x) => x.post.platform),
        externalId: c.map((x) => x.post.externalId),
        authorPseudonym: c.map((x) => x.post.authorPseudonym),
        publishedAt: c.map((x) => x.post.publishedAt),
        day: c.map((x) => x.day),
        text: c.map((x) => x.post.text),
        url: c.map((x) => x.post.url),
        likes: c.map((x) => x.post.engagement.likes),
        replies: c.map((x) => x.post.engagement.replies),
        shares: c.map((x) => x.post.engagement.shares),
        views: c.map((x) => x.post.engagement.views),
        lang: c.map((x) => x.lang),
        langConfidence: c.map((x) => x.langConfidence),
        sourceConnector: c.map((x) => x.post.source.connector),
        sourceRunId: c.map((x) => x.post.source.runId),
        collectedAt: c.map((x) => x.post.collectedAt),
        messageRef: c.map((x) => x.messageRef),
        redactedPhone: c.map((x) => x.post.redactions?.phone ?? 0),
        redactedEmail: c.map((x) => x.post.redactions?.email ?? 0),
        redactedNik: c.map((x) => x.post.redactions?.nik ?? 0),
        redactedBpjs: c.map((x) => x.post.redactions?.bpjs ?? 0),
        rating: c.map((x) => x.post.rating ?? null),
        sourceOutlet: c.map((x) => x.post.source.outlet ?? null),
        keywords: { values: c.map(joinedKeys), type: 'text', read: (joined) => sql`string_to_array(${joined}, ${KEY_SEPARATOR})` },
      });
      const stored = await selectRows(
        tx,
        sql<{ id: number; platform: string; externalId: string }>`
          insert into ${rows.into} ${rows.select}
          on conflict (platform, external_id) do nothing
          returning id, platform, external_id as "externalId"`,
      );
      for (const r of stored) insertedIds.set(postKeyOf(r.platform, r.externalId), r.id);
    }

    const conflicts = candidates.filter((c) => !insertedIds.has(postKeyOf(c.post.platform, c.post.externalId)));
    if (conflicts.length > 0) {
      const stored = await storedMessageRefs(tx, conflicts);
      for (const c of conflicts) {
        const key = postKeyOf(c.post.platform, c.post.externalId);
        const row = stored.get(key);
        if (row?.messageRef === c.messageRef) {
          result.redelivered++;
          result.stored.set(key, row.id);
        } else excluded.push(duplicateOf(c));
      }
    }

    const inserted = candidates.filter((c) => insertedIds.has(postKeyOf(c.post.platform, c.post.externalId)));
    result.inserted = inserted.length;
    for (const [key, id] of insertedIds) result.stored.set(key, id);
    const idOf = (c: AnalyzedPost) => insertedIds.get(postKeyOf(c.post.platform, c.post.externalId)) as number;

    if (inserted.length > 0) {
      const i = inserted;
      const labels = unnestRows(sentimentLabels, {
        postId: i.map(idOf),
        modelVersion: sql`${batch.modelVersion}`,
        label: i.map((x) => x.sentiment.label),
        pNegative: i.map((x) => x.sentiment.probabilities[0]),
        pNeutral: i.map((x) => x.sentiment.probabilities[1]),
        pPositive: i.map((x) => x.sentiment.probabilities[2]),
        confidence: i.map((x) => x.sentiment.confidence),
        day: i.map((x) => x.day),
        engagement: i.map((x) => x.post.engagement.likes + x.post.engagement.replies + x.post.engagement.shares),
        platform: i.map((x) => x.post.platform),
      });
      await tx.execute(sql`insert into ${labels.into} ${labels.select}`);
    }

    // Each topic once per post: the tags are inserted without a conflict clause.
    const topicRows = inserted.flatMap((c) =>
      (c.topicIds && c.topicIds.length > 1 ? [...new Set(c.topicIds)] : (c.topicIds ?? [])).map((topicId) => ({
        postId: idOf(c),
        topicId,
        day: c.day,
        engagement: c.post.engagement.likes + c.post.engagement.replies + c.post.engagement.shares,
        publishedAt: c.post.publishedAt,
        item: c,
      })),
    );
    // The tags stored, with their posts: what the topic rollups add (a topic deleted meanwhile has none).
    let storedTags: { topicId: number; item: AnalyzedPost }[] = [];
    if (topicRows.length > 0) {
      // A topic deleted since the batch was tagged is skipped (no row to reference), not an error. The post's
      // engagement and instant are sent with each tag, so the trigger that copies them from the post does not run. The
      // posts were inserted by this transaction, so no tag of theirs can exist yet: no conflict clause (each row would
      // be inserted speculatively, checked and confirmed).
      const tags = unnestRows(postTopics, {
        postId: topicRows.map((r) => r.postId),
        topicId: topicRows.map((r) => r.topicId),
        day: topicRows.map((r) => r.day),
        engagement: topicRows.map((r) => r.engagement),
        publishedAt: topicRows.map((r) => r.publishedAt),
      });
      const written = await selectRows(
        tx,
        sql<{ topicId: number; postId: number }>`
          insert into ${tags.into} ${tags.select}
          where exists (select 1 from topics where topics.id = t.topic_id)
          returning topic_id as "topicId", post_id as "postId"`,
      );
      const kept = new Set(written.map((r) => `${r.topicId}:${r.postId}`));
      storedTags = topicRows.filter((r) => kept.has(`${r.topicId}:${r.postId}`));
    }

    if (excluded.length > 0) {
      const rows = exclusionRows(excluded);
      const written = await selectRows(
        tx,
        sql<{ reason: string }>`insert into ${rows.into} ${rows.select} on conflict (ref) do nothing returning reason`,
      );
      result.excluded += written.length;
      result.duplicates += written.filter((r) => r.reason === 'duplicate').length;
    }

    const emotionRows =
      batch.emotionModelVersion === undefined
        ? []
        : inserted.flatMap((c) => (c.emotion ? [{ postId: idOf(c), day: c.day, platform: c.post.platform, emotion: c.emotion }] : []));
    // Label rows first: no other batch waits for them.
    if (batch.emotionModelVersion !== undefined) await writeEmotionLabels(tx, batch.emotionModelVersion, emotionRows);

    // Last before the commit: concurrent batches of the same days wait on these rows' locks, so they are held briefly.
    await upsertRollups(tx, batch.modelVersion, inserted);
    if (batch.emotionModelVersion !== undefined) await addToEmotionRollup(tx, batch.emotionModelVersion, emotionRows);
    await addToVolume(
      tx,
      inserted.map((c) => ({ day: c.day, platform: c.post.platform, authorPseudonym: c.post.authorPseudonym, ...c.post.engagement })),
    );
    await addToLanguageRollup(
      tx,
      batch.modelVersion,
      inserted.map((c) => ({
        day: c.day,
        platform: c.post.platform,
        lang: c.lang,
        label: c.sentiment.label,
        ...c.post.engagement,
        redactions: c.post.redactions,
      })),
    );
    await addTagsToTopicRollups(tx, batch.modelVersion, storedTags);
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
  const rows = await selectRows(
    tx,
    sql<{ ref: string }>`
      select v.ref from (${exclusionRows(items).select}) as v
      where exists (select 1 from posts p where p.platform = v.platform and p.external_id = v.external_id)
        or exists (select 1 from exclusions e where e.day = v.day and e.reason = 'not_indonesian'
          and e.platform = v.platform and e.external_id = v.external_id and e.ref <> v.ref)`,
  );
  return new Set(rows.map((r) => r.ref));
}

/** Exclusions as rows of `exclusions` (the detail cut to 2,000 characters). */
const exclusionRows = (items: readonly BatchExclusion[]) =>
  unnestRows(exclusions, {
    ref: items.map((x) => x.ref),
    reason: items.map((x) => x.reason),
    code: items.map((x) => x.code),
    stage: items.map((x) => x.stage),
    platform: items.map((x) => x.platform ?? null),
    externalId: items.map((x) => x.externalId ?? null),
    day: items.map((x) => x.day ?? null),
    detail: items.map((x) => (x.detail ?? '').slice(0, 2000)),
  });

async function storedMessageRefs(tx: Tx, items: readonly AnalyzedPost[]): Promise<Map<string, { id: number; messageRef: string }>> {
  const out = new Map<string, { id: number; messageRef: string }>();
  const byPlatform = new Map<string, string[]>();
  for (const c of items) {
    const ids = byPlatform.get(c.post.platform);
    if (ids) ids.push(c.post.externalId);
    else byPlatform.set(c.post.platform, [c.post.externalId]);
  }
  for (const [platform, ids] of byPlatform) {
    const rows = await tx
      .select({ id: posts.id, externalId: posts.externalId, messageRef: posts.messageRef })
      .from(posts)
      .where(and(sql`${posts.platform} = ${platform}`, inArray(posts.externalId, ids)));
    for (const r of rows) out.set(postKeyOf(platform, r.externalId), { id: r.id, messageRef: r.messageRef });
  }
  return out;
}

type SentimentRow = typeof dailySentiment.$inferSelect;
type KeywordRow = typeof dailyKeywords.$inferSelect;
type SentimentCounts = Record<CountKey<typeof dailySentiment>, number>;

/**
 * Adds one post to the counts of a daily sentiment row (`daily_sentiment`, `daily_topic_sentiment`); returns the label
 * it was counted under, or null for a regional-language post (counted in posts, in no label).
 */
function countPost(s: SentimentCounts, c: AnalyzedPost): SentimentLabel | null {
  const p = c.post;
  const r = p.redactions;
  if (r) {
    if (r.phone + r.email + r.nik + r.bpjs > 0) s.redactedPosts++;
    if (r.phone > 0) s.redactedPhone++;
    if (r.email > 0) s.redactedEmail++;
    if (r.nik > 0) s.redactedNik++;
    if (r.bpjs > 0) s.redactedBpjs++;
  }
  s.posts++;
  const label = c.sentiment.label === OTHER_LANGUAGE_LABEL ? null : c.sentiment.label;
  if (label) s[label]++;
  s.likes += p.engagement.likes;
  s.replies += p.engagement.replies;
  s.shares += p.engagement.shares;
  s.views += p.engagement.views;
  return label;
}

/**
 * Adds the batch's stored topic tags to `daily_topic_sentiment` and `daily_topic_volume` from the posts' values in
 * hand (as the daily rollups are added to), rather than reading the tags back joined to their posts and labels; rows
 * are sorted (topic, day, platform) so concurrent writers, the topic back-fill among them, lock in one order.
 */
async function addTagsToTopicRollups(
  tx: Tx,
  modelVersion: string,
  tags: readonly { topicId: number; item: AnalyzedPost }[],
): Promise<void> {
  if (tags.length === 0) return;
  const rows = new Map<string, { topicId: number; day: string; platform: string } & SentimentCounts>();
  for (const { topicId, item } of tags) {
    const key = `${topicId}|${item.day}|${item.post.platform}`;
    let row = rows.get(key);
    if (!row) {
      row = { topicId, day: item.day, platform: item.post.platform, ...zeroCounts(dailySentiment) };
      rows.set(key, row);
    }
    countPost(row, item);
  }
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...rows.values()].sort((a, b) => a.topicId - b.topicId || byText(a.day, b.day) || byText(a.platform, b.platform));
  const values = unnestRows(dailyTopicSentiment, {
    topicId: sorted.map((r) => r.topicId),
    day: sorted.map((r) => r.day),
    platform: sorted.map((r) => r.platform),
    modelVersion: sql`${modelVersion}`,
    ...(countValues(dailySentiment, sorted as unknown as SentimentRow[]) as UnnestColumns<typeof dailyTopicSentiment>),
  });
  await tx.execute(sql`
    insert into ${values.into} ${values.select}
    on conflict (topic_id, day, platform, model_version) do update set ${addExcluded('daily_topic_sentiment', COUNTS)}`);
  await addToTaggedVolume(
    tx,
    tags.map(({ topicId, item }) => ({
      topicId,
      day: item.day,
      platform: item.post.platform,
      authorPseudonym: item.post.authorPseudonym,
      ...item.post.engagement,
    })),
  );
}

/** Adds the batch's newly inserted posts to the daily rollups; rows are sorted so concurrent writers lock in one order. */
async function upsertRollups(tx: Tx, modelVersion: string, inserted: readonly AnalyzedPost[]): Promise<void> {
  if (inserted.length === 0) return;
  const sentiment = new Map<string, SentimentRow>();
  // Per day|platform, per key: the keyword's row (display form, kind and counts).
  const keywords = new Map<string, Map<string, KeywordRow>>();
  for (const c of inserted) {
    const p = c.post;
    const sKey = `${c.day}|${p.platform}`;
    let s = sentiment.get(sKey);
    if (!s) {
      s = { day: c.day, platform: p.platform, modelVersion, ...zeroCounts(dailySentiment) };
      sentiment.set(sKey, s);
    }
    const label = countPost(s, c);
    let group = keywords.get(sKey);
    if (!group) {
      group = new Map();
      keywords.set(sKey, group);
    }
    for (const k of c.keywords) {
      let row = group.get(k.key);
      if (!row) {
        row = { day: c.day, platform: p.platform, modelVersion, key: k.key, term: k.term, kind: k.kind, ...zeroCounts(dailyKeywords) };
        group.set(k.key, row);
      }
      row.posts++;
      if (label) row[label]++;
    }
  }
  const sRows = [...sentiment.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const kRows: KeywordRow[] = [];
  for (const s of sRows) {
    const group = keywords.get(`${s.day}|${s.platform}`);
    if (!group) continue;
    for (const key of [...group.keys()].sort(byText)) kRows.push(group.get(key) as KeywordRow);
  }
  const sentimentRows = unnestRows(dailySentiment, {
    day: sRows.map((r) => r.day),
    platform: sRows.map((r) => r.platform),
    modelVersion: sql`${modelVersion}`,
    ...countValues(dailySentiment, sRows),
  });
  await tx.execute(sql`
    insert into ${sentimentRows.into} ${sentimentRows.select}
    on conflict (day, platform, model_version) do update set ${addExcluded('daily_sentiment', COUNTS)}`);
  if (kRows.length === 0) return;
  const keywordRows = unnestRows(dailyKeywords, {
    day: kRows.map((r) => r.day),
    platform: kRows.map((r) => r.platform),
    modelVersion: sql`${modelVersion}`,
    key: kRows.map((r) => r.key),
    term: kRows.map((r) => r.term),
    kind: kRows.map((r) => r.kind),
    ...countValues(dailyKeywords, kRows),
  });
  await tx.execute(sql`
    insert into ${keywordRows.into} ${keywordRows.select}
    on conflict (day, platform, model_version, key) do update set ${addExcluded('daily_keywords', LABEL_COUNTS)}`);
}
