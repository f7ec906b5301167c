import { randomUUID } from 'node:crypto';
import type { BusProducer } from '@pantau/bus';
import {
  checkPostContent,
  type DeadLetter,
  DLQ_REASON_OF_TEXT_FAULT,
  type DlqReason,
  describeTextFault,
  findTextProblem,
  IncomingPost,
  POST_SCHEMA_VERSION,
  type Post,
  type PostSource,
  postKey,
  printableDetail,
  redactPersonalData,
  rejectionFromZod,
  TOPICS,
} from '@pantau/contracts';
import { DROP_REASONS, type DropReason, type SourceItem } from './connector.ts';
import { pseudonymize } from './pseudonymize.ts';

/** Rejection of one incoming item, reported back to the caller and to the ledger. */
export interface ItemRejection {
  ref: string;
  reason: DlqReason | DropReason;
  detail: string;
}

/** Counts of one publish call, as the coverage ledger records them. */
export interface PublishStats {
  fetched: number;
  published: number;
  rejected: Record<string, number>;
  /** Earliest and latest `publishedAt` among published posts. */
  firstPublishedAt: Date | null;
  lastPublishedAt: Date | null;
}

export interface PublishOptions {
  producer: BusProducer;
  pepper: string;
  source: PostSource;
  now?: () => number;
  /** Messages per produce call. */
  chunkSize?: number;
}

const isDropReason = (reason: string): reason is DropReason => (DROP_REASONS as readonly string[]).includes(reason);

type Checked = { ok: true; post: Post } | { ok: false; rejection: ItemRejection; original: unknown };

/**
 * Validates one incoming item and turns it into a `Post`: pseudonymized author (nothing of the raw handle kept), phone
 * numbers, e-mail addresses, NIK and BPJS card numbers replaced by placeholders, with their count.
 */
export function toPost(ref: string, item: unknown, options: Pick<PublishOptions, 'pepper' | 'source'>, nowMs: number): Checked {
  // The text rule first: a NUL or lone surrogate anywhere could not be stored, and a deep item could not be serialized.
  const problem = findTextProblem(item);
  if (problem) {
    const detail = `${problem.path}: ${describeTextFault(problem.fault)}`;
    // Too deep to serialize safely: counted, but its content is not dead-lettered.
    const original = problem.fault === 'too_deep' ? null : item;
    return { ok: false, rejection: { ref, reason: DLQ_REASON_OF_TEXT_FAULT[problem.fault], detail }, original };
  }
  const parsed = IncomingPost.safeParse(item);
  if (!parsed.success) {
    const r = rejectionFromZod(parsed.error, item);
    return { ok: false, rejection: { ref, reason: r.reason, detail: r.detail }, original: item };
  }
  const p = parsed.data;
  // Non-public items are dropped and only counted: their content must not be kept, not even in the dead-letter topic.
  if (!p.isPublic) return { ok: false, rejection: { ref, reason: 'not_public', detail: 'item is not public' }, original: null };
  const content = checkPostContent(p, nowMs);
  if (content) return { ok: false, rejection: { ref, reason: content.reason, detail: content.detail }, original: item };
  const redacted = redactPersonalData(p.text);
  return {
    ok: true,
    post: {
      schemaVersion: POST_SCHEMA_VERSION,
      platform: p.platform,
      externalId: p.externalId,
      authorPseudonym: pseudonymize(options.pepper, p.platform, p.author),
      publishedAt: new Date(p.publishedAt).toISOString(),
      text: redacted.text,
      url: p.url ?? null,
      engagement: {
        likes: p.engagement?.likes ?? 0,
        replies: p.engagement?.replies ?? 0,
        shares: p.engagement?.shares ?? 0,
        views: p.engagement?.views ?? 0,
      },
      langHint: p.lang ?? null,
      collectedAt: new Date(nowMs).toISOString(),
      source: p.outlet ? { ...options.source, outlet: p.outlet } : options.source,
      redactions: redacted.counts,
      ...(p.rating != null ? { rating: p.rating } : {}),
    },
  };
}

/** Strips the author handle and redacts the text of an item before it goes to the dead-letter topic. */
function withoutAuthor(item: unknown): unknown {
  if (typeof item === 'string') return redactPersonalData(item).text;
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
  const { author: _author, ...rest } = item as Record<string, unknown>;
  if (typeof rest.text === 'string') rest.text = redactPersonalData(rest.text).text;
  return rest;
}

/**
 * Validates, pseudonymizes and produces items to `posts.raw` keyed `platform:externalId`;
 * rejected items go to `posts.dlq` with their reason (non-public ones are only counted).
 */
export async function publishItems(
  items: Iterable<SourceItem> | AsyncIterable<SourceItem>,
  options: PublishOptions,
): Promise<{ stats: PublishStats; rejections: ItemRejection[] }> {
  const now = options.now ?? Date.now;
  const chunkSize = options.chunkSize ?? 500;
  const stats: PublishStats = { fetched: 0, published: 0, rejected: {}, firstPublishedAt: null, lastPublishedAt: null };
  const rejections: ItemRejection[] = [];
  let posts: Post[] = [];
  let dead: DeadLetter[] = [];

  const flush = async () => {
    if (posts.length > 0) {
      await options.producer.send(
        TOPICS.postsRaw,
        posts.map((p) => ({ key: postKey(p), value: JSON.stringify(p) })),
      );
      stats.published += posts.length;
      posts = [];
    }
    if (dead.length > 0) {
      await options.producer.send(
        TOPICS.postsDlq,
        dead.map((d) => ({ key: null, value: JSON.stringify(d) })),
      );
      dead = [];
    }
  };

  for await (const entry of items) {
    stats.fetched++;
    const checked: Checked =
      'invalid' in entry
        ? { ok: false, rejection: { ref: entry.ref, ...entry.invalid }, original: entry.invalid.raw }
        : 'dropped' in entry
          ? { ok: false, rejection: { ref: entry.ref, ...entry.dropped }, original: null }
          : toPost(entry.ref, entry.item, options, now());
    if (checked.ok) {
      posts.push(checked.post);
      const at = new Date(checked.post.publishedAt);
      if (!stats.firstPublishedAt || at < stats.firstPublishedAt) stats.firstPublishedAt = at;
      if (!stats.lastPublishedAt || at > stats.lastPublishedAt) stats.lastPublishedAt = at;
    } else {
      // A parser's message can quote the raw item: the detail follows the text rule like everything stored.
      const r = { ...checked.rejection, detail: printableDetail(checked.rejection.detail) };
      rejections.push(r);
      stats.rejected[r.reason] = (stats.rejected[r.reason] ?? 0) + 1;
      // Dropped items (non-public, deleted, withheld) are counted only: they must not live on in the dead-letter topic.
      if (!isDropReason(r.reason)) {
        dead.push({
          reason: r.reason,
          detail: `${r.ref}: ${r.detail}`.slice(0, 2000),
          stage: 'ingest',
          sourceTopic: options.source.connector,
          partition: null,
          offset: null,
          key: null,
          valueBase64: Buffer.from(JSON.stringify(withoutAuthor(checked.original)) ?? 'null').toString('base64'),
          deadLetteredAt: new Date(now()).toISOString(),
        });
      }
    }
    if (posts.length >= chunkSize || dead.length >= chunkSize) await flush();
  }
  await flush();
  return { stats, rejections };
}

/** A fresh run id for the coverage ledger. */
export const newRunId = (): string => randomUUID();
