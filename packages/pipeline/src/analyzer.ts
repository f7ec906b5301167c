import type { BusProducer, ConsumedBatch } from '@pantau/bus';
import {
  type AnalyzedPostMessage,
  addRedactions,
  type DeadLetter,
  decodePostMessage,
  jakartaDay,
  noRedactions,
  OTHER_LANGUAGE_LABEL,
  redactPersonalData,
  type SentimentPrediction,
  type StoredPrediction,
  TOPICS,
} from '@pantau/contracts';
import {
  type AnalyzedPost,
  type BatchExclusion,
  type BatchWriteResult,
  type CoordinationRule,
  type Database,
  writeAnalyzedBatch,
} from '@pantau/db';
import type { SentimentModel } from '@pantau/sentiment';
import {
  type AnalyzedText,
  analyzeText,
  type LanguageIdentifier,
  linksOf,
  matchableText,
  matchesTopic,
  minhashOf,
  parseTopicQuery,
  REGIONAL_LANGUAGES,
  type TopicQuery,
} from '@pantau/text';
import { encodeAnalyzedPost } from './analyzed-message.ts';

/**
 * Languages kept for analysis, stored with their code: Indonesian and the ten regional languages (which were read as
 * Indonesian before they could be told apart; they are counted, never labelled by the Indonesian sentiment model, and
 * labelled by the regional head when it knows the language); everything else is recorded as an exclusion.
 */
const KEPT_LANGUAGES: ReadonlySet<string> = new Set(['id', ...REGIONAL_LANGUAGES]);

export interface AnalyzerOptions {
  db: Database;
  model: SentimentModel;
  languages: LanguageIdentifier;
  /** Producer for `posts.dlq`. */
  dlq: BusProducer;
  now?: () => number;
  /** Reads the monitored topics; posts are tagged with every topic whose query they match. */
  topics?: () => Promise<readonly { id: number; query: string }[]>;
  /** How long the topic list is reused before it is read again. */
  topicsRefreshMs?: number;
  /**
   * The coordination rules (see @pantau/config coordinationRuleOf): when set, each committed post is published with its
   * near-duplicate signature to `posts.analyzed` for the coordination stage; null or absent: nothing is published.
   */
  coordination?: CoordinationRule | null;
  /** Producer for `posts.analyzed` (default: the `dlq` producer). */
  analyzed?: BusProducer;
  /** Backoff while the database is unavailable. */
  retry?: { initialMs: number; maxMs: number };
  /** Told after each committed batch (the service logs it). */
  onBatch?: (info: BatchInfo) => void;
  /** Told about each failed write that will be retried. */
  onRetry?: (info: { attempt: number; waitMs: number; error: unknown }) => void;
}

/** What one batch did, for logs and metrics. */
export interface BatchInfo extends Omit<BatchWriteResult, 'stored'> {
  topic: string;
  partition: number;
  messages: number;
  invalid: number;
  notIndonesian: number;
  /** Posts kept with a regional language code (labelled by the regional head for its languages, else `other_language`). */
  regional: number;
  /** Posts published to `posts.analyzed` after the commit. */
  published: number;
  /** Milliseconds in decoding and language identification, the model and keywords, and the database write. */
  prepareMs: number;
  modelMs: number;
  writeMs: number;
  ms: number;
}

/** The analysis step: decode, identify language, label sentiment, extract keywords, write once per batch. */
export interface Analyzer {
  handle(batch: ConsumedBatch): Promise<void>;
  /** False while the database is failing and batches are being retried. */
  healthy(): boolean;
  totals(): Omit<BatchInfo, 'topic' | 'partition' | 'ms' | 'prepareMs' | 'modelMs' | 'writeMs' | 'published'>;
}

/**
 * The stored verdict of a kept post: the model's label for Indonesian and for a language the regional head labels
 * (`labelled`, the head's own prediction); for another regional language the probabilities are kept (the validated
 * estimator reads them for every post) but the label is `other_language`, so the post is counted in volume and keywords
 * and left out of the class shares (disclosed per language).
 */
export function sentimentOf(prediction: SentimentPrediction, lang: string, labelled: ReadonlySet<string> = NO_LANGUAGES): StoredPrediction {
  return lang === 'id' || labelled.has(lang) ? prediction : { ...prediction, label: OTHER_LANGUAGE_LABEL };
}

const NO_LANGUAGES: ReadonlySet<string> = new Set();

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A dead-lettered value, with personal data redacted when it is text (undecodable bytes are kept as they are). */
function deadLetterValue(value: Buffer): string {
  let text: string;
  try {
    text = strictUtf8.decode(value);
  } catch {
    return value.toString('base64');
  }
  const redacted = redactPersonalData(text);
  return redacted.text === text ? value.toString('base64') : Buffer.from(redacted.text, 'utf8').toString('base64');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the analyzer used by the consumer; the database write is retried with backoff until it succeeds or the consumer stops. */
export function createAnalyzer(options: AnalyzerOptions): Analyzer {
  const now = options.now ?? Date.now;
  const retry = options.retry ?? { initialMs: 250, maxMs: 10_000 };
  const coordination = options.coordination ?? null;
  let healthy = true;
  const totals = { messages: 0, invalid: 0, notIndonesian: 0, regional: 0, inserted: 0, duplicates: 0, redelivered: 0, excluded: 0 };

  let topicCache: { at: number; list: { id: number; query: TopicQuery }[] } = { at: 0, list: [] };
  const parsedQueries = new Map<string, TopicQuery>();
  async function currentTopics(): Promise<{ id: number; query: TopicQuery }[]> {
    if (!options.topics) return [];
    if (Date.now() - topicCache.at < (options.topicsRefreshMs ?? 5_000)) return topicCache.list;
    const list: { id: number; query: TopicQuery }[] = [];
    for (const t of await options.topics()) {
      let parsed = parsedQueries.get(t.query);
      if (!parsed) {
        // Queries are validated when saved; one that no longer parses tags nothing rather than stopping analysis.
        try {
          parsed = parseTopicQuery(t.query);
        } catch {
          continue;
        }
        parsedQueries.set(t.query, parsed);
      }
      list.push({ id: t.id, query: parsed });
    }
    topicCache = { at: Date.now(), list };
    return list;
  }

  async function handle(batch: ConsumedBatch): Promise<void> {
    const started = performance.now();
    const nowMs = now();
    const today = jakartaDay(nowMs);
    const exclusions: BatchExclusion[] = [];
    const dead: DeadLetter[] = [];
    const kept: { post: AnalyzedPost['post']; messageRef: string; lang: string; confidence: number }[] = [];
    let notIndonesian = 0;
    let regional = 0;

    for (const m of batch.messages) {
      const messageRef = `${m.topic}/${m.partition}/${m.offset}`;
      const decoded = decodePostMessage(m.key, m.value, nowMs);
      if (!decoded.ok) {
        dead.push({
          reason: decoded.reason,
          detail: decoded.detail.slice(0, 2000),
          stage: 'analysis',
          sourceTopic: m.topic,
          partition: m.partition,
          offset: m.offset,
          key: m.key,
          valueBase64: deadLetterValue(m.value),
          deadLetteredAt: new Date(nowMs).toISOString(),
        });
        exclusions.push({
          ref: `msg:${messageRef}`,
          reason: 'invalid',
          code: decoded.reason,
          stage: 'analysis',
          day: today,
          detail: decoded.detail,
        });
        continue;
      }
      // Defence in depth: a message from another producer may not have been redacted at ingest.
      const again = redactPersonalData(decoded.value.text);
      const post = {
        ...decoded.value,
        text: again.text,
        redactions: addRedactions(decoded.value.redactions ?? noRedactions(), again.counts),
      };
      const guess = options.languages.identify(post.text);
      if (!KEPT_LANGUAGES.has(guess.lang)) {
        notIndonesian++;
        exclusions.push({
          // Per message: a redelivery is skipped by this ref, a second copy of the post becomes a duplicate.
          ref: `lang:${messageRef}`,
          messageRef,
          reason: 'not_indonesian',
          code: guess.lang,
          stage: 'analysis',
          platform: post.platform,
          externalId: post.externalId,
          day: jakartaDay(post.publishedAt),
          detail: `language ${guess.lang} (confidence ${guess.confidence.toFixed(2)})`,
        });
        continue;
      }
      if (guess.lang !== 'id') regional++;
      kept.push({ post, messageRef, lang: guess.lang, confidence: guess.confidence });
    }

    const prepared = performance.now();
    // Each post is normalized and tokenized once: the tokens feed the model, the keywords and the topic matcher.
    const texts = kept.map((k) => analyzeText(k.post.text));
    // Posts of a language the regional head labels go to the head (same abstain rule), the others to the Indonesian model.
    const regionalHead = options.model.regional;
    const labelled = regionalHead?.languages ?? NO_LANGUAGES;
    const byHead = kept.map((k) => labelled.has(k.lang));
    const toIndonesian = kept.flatMap((_, i) => (byHead[i] ? [] : [i]));
    const toRegional = kept.flatMap((_, i) => (byHead[i] ? [i] : []));
    const predictions: SentimentPrediction[] = new Array(kept.length);
    const fill = (at: readonly number[], scored: readonly SentimentPrediction[]) =>
      at.forEach((i, j) => {
        predictions[i] = scored[j] as SentimentPrediction;
      });
    const tokensAt = (at: readonly number[]) => at.map((i) => (texts[i] as AnalyzedText).tokens);
    if (toIndonesian.length > 0) fill(toIndonesian, await options.model.predictTokens(tokensAt(toIndonesian)));
    if (regionalHead && toRegional.length > 0) fill(toRegional, await regionalHead.predictTokens(tokensAt(toRegional)));
    const emotionHead = options.model.emotion;
    // The head is trained on Indonesian: only kept Indonesian posts are scored (a regional-language post gets no
    // emotion label); it reads the normalized text computed above instead of normalizing again.
    const indonesian = emotionHead ? kept.flatMap((k, i) => (k.lang === 'id' ? [i] : [])) : [];
    const scored =
      emotionHead && indonesian.length > 0
        ? await emotionHead.predictNormalized(
            indonesian.map((i) => ({
              text: (kept[i] as (typeof kept)[number]).post.text,
              normalized: (texts[i] as AnalyzedText).normalized,
            })),
          )
        : [];
    const emotions: ((typeof scored)[number] | undefined)[] = new Array(kept.length);
    indonesian.forEach((i, j) => {
      emotions[i] = scored[j];
    });
    const topics = await currentTopics();
    const analyzed: AnalyzedPost[] = kept.map((k, i) => {
      const text = texts[i] as AnalyzedText;
      const prediction = predictions[i] as SentimentPrediction;
      const matchable = topics.length > 0 ? matchableText(text.tokens) : null;
      return {
        post: k.post,
        day: jakartaDay(k.post.publishedAt),
        lang: k.lang,
        langConfidence: k.confidence,
        messageRef: k.messageRef,
        sentiment: sentimentOf(prediction, k.lang, labelled),
        ...(emotions[i] ? { emotion: emotions[i] } : {}),
        keywords: text.keywords,
        topicIds: matchable ? topics.filter((t) => matchesTopic(t.query, matchable)).map((t) => t.id) : [],
      };
    });
    // What posts.analyzed carries: the MinHash and the links (the stage derives the band keys from the MinHash).
    const signatures = coordination
      ? kept.map((k, i) => ({
          minhash: minhashOf((texts[i] as AnalyzedText).tokens),
          links: linksOf(k.post.text, k.post.url, k.post.platform),
        }))
      : [];

    const modelled = performance.now();
    // Dead letters go out before the database commit: a retry may send one twice, but never loses one.
    if (dead.length > 0)
      await options.dlq.send(
        TOPICS.postsDlq,
        dead.map((d) => ({ key: d.key, value: JSON.stringify(d) })),
      );

    const { stored, ...result } = await writeWithRetry(batch, {
      modelVersion: options.model.manifest.version,
      ...(emotionHead ? { emotionModelVersion: emotionHead.manifest.version } : {}),
      posts: analyzed,
      exclusions,
    });
    const written = performance.now();
    // After the commit: the coordination stage reads posts the database already holds. A post stored by an earlier
    // delivery of the same message is published again (that delivery may have stopped before publishing); the stage is
    // idempotent. A failed publish fails the batch, which is then delivered again and recognized as a redelivery.
    let published = 0;
    if (coordination && stored.size > 0) {
      const committedAtMs = Date.now();
      const messages: { key: string; value: Buffer }[] = [];
      kept.forEach((k, i) => {
        const key = `${k.post.platform}:${k.post.externalId}`;
        const id = stored.get(key);
        if (id === undefined) return;
        stored.delete(key);
        const sig = signatures[i] as (typeof signatures)[number];
        const message: AnalyzedPostMessage = { id, publishedAt: k.post.publishedAt, minhash: sig.minhash, links: sig.links, committedAtMs };
        messages.push({ key, value: encodeAnalyzedPost(message) });
      });
      await (options.analyzed ?? options.dlq).send(TOPICS.postsAnalyzed, messages);
      published = messages.length;
    }
    const info: BatchInfo = {
      topic: batch.topic,
      partition: batch.partition,
      messages: batch.messages.length,
      invalid: dead.length,
      notIndonesian,
      regional,
      ...result,
      prepareMs: Math.round(prepared - started),
      modelMs: Math.round(modelled - prepared),
      published,
      writeMs: Math.round(written - modelled),
      ms: Math.round(performance.now() - started),
    };
    totals.messages += info.messages;
    totals.invalid += info.invalid;
    totals.notIndonesian += notIndonesian;
    totals.regional += regional;
    totals.inserted += result.inserted;
    totals.duplicates += result.duplicates;
    totals.redelivered += result.redelivered;
    totals.excluded += result.excluded;
    options.onBatch?.(info);
  }

  async function writeWithRetry(batch: ConsumedBatch, data: Parameters<typeof writeAnalyzedBatch>[1]): Promise<BatchWriteResult> {
    let waitMs = retry.initialMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await writeAnalyzedBatch(options.db, data);
        healthy = true;
        return result;
      } catch (error) {
        healthy = false;
        // A stopping consumer abandons the batch: nothing was committed, so it is delivered again later.
        if (!batch.isRunning()) throw error;
        options.onRetry?.({ attempt, waitMs, error });
        const until = Date.now() + waitMs;
        while (Date.now() < until && batch.isRunning()) {
          await sleep(Math.min(1_000, until - Date.now()));
          await batch.heartbeat().catch(() => undefined);
        }
        waitMs = Math.min(retry.maxMs, waitMs * 2);
      }
    }
  }

  return { handle, healthy: () => healthy, totals: () => ({ ...totals }) };
}
