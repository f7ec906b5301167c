import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Posts kept for analysis (Indonesian, valid, first copy of each platform:externalId). */
export const posts = pgTable(
  'posts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    authorPseudonym: text('author_pseudonym').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    // Calendar day of publishedAt in Asia/Jakarta (UTC+7, no daylight saving).
    day: date('day', { mode: 'string' }).notNull(),
    text: text('text').notNull(),
    url: text('url'),
    likes: integer('likes').notNull().default(0),
    replies: integer('replies').notNull().default(0),
    shares: integer('shares').notNull().default(0),
    views: bigint('views', { mode: 'number' }).notNull().default(0),
    lang: text('lang').notNull(),
    langConfidence: real('lang_confidence').notNull(),
    sourceConnector: text('source_connector').notNull(),
    sourceRunId: text('source_run_id').notNull(),
    collectedAt: timestamp('collected_at', { withTimezone: true }).notNull(),
    analyzedAt: timestamp('analyzed_at', { withTimezone: true }).notNull().defaultNow(),
    // Where the analysed message sat on the bus (topic/partition/offset): tells a redelivery from a duplicate.
    messageRef: text('message_ref').notNull(),
    // Personal data replaced by placeholders in `text` (at ingest, and again in analysis), per kind.
    redactedPhone: integer('redacted_phone').notNull().default(0),
    redactedEmail: integer('redacted_email').notNull().default(0),
    redactedNik: integer('redacted_nik').notNull().default(0),
    redactedBpjs: integer('redacted_bpjs').notNull().default(0),
    // Set when retention removed the text, url and author pseudonym (RETENTION_DAYS); the counts stay.
    textRemovedAt: timestamp('text_removed_at', { withTimezone: true }),
    // Keyword keys (stems) found in the post, each once: one array per post instead of a row per keyword, so a batch
    // writes one row per post; a window's posts of a keyword are read from `posts_day_id_keywords_idx` (no GIN index:
    // every stored post wrote its entries, and no query needed it). Display forms live in daily_keywords.
    keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
    // The stars the author gave (app reviews, 1 to 5); null where the platform has none.
    rating: smallint('rating'),
    // The news outlet, or the app of an app review, the post came through.
    sourceOutlet: text('source_outlet'),
  },
  (t) => [
    uniqueIndex('posts_platform_external_id_key').on(t.platform, t.externalId),
    // Each index here is written by every stored post: one is kept only where a query needs it (migration 0031).
    index('posts_author_idx').on(t.authorPseudonym),
    index('posts_published_id_idx').on(t.publishedAt, t.id),
    // The posts behind a number by engagement: a keyset walk per day (see `mentions`).
    index('posts_day_engagement_idx').on(t.day, sql`(${t.likes}::bigint + ${t.replies} + ${t.shares})`, t.id),
    // The posts of the regional languages (a minority) by day, for the figures filtered by language.
    index('posts_regional_lang_day_idx').on(t.lang, t.day).where(sql`${t.lang} <> 'id'`),
    // The posts of a day with their keywords, without reading post rows (see `keywordPostIds`).
    index('posts_day_id_keywords_idx').on(t.day, t.id, t.keywords),
  ],
);

/**
 * A post's current label with the calibrated class probabilities, one per post: `model_version` names the model that
 * labelled it last (`pantau reanalyze` replaces it).
 */
export const sentimentLabels = pgTable(
  'sentiment_labels',
  {
    postId: bigint('post_id', { mode: 'number' })
      .primaryKey()
      .references(() => posts.id, { onDelete: 'cascade' }),
    modelVersion: text('model_version').notNull(),
    label: text('label').notNull(),
    pNegative: real('p_negative').notNull(),
    pNeutral: real('p_neutral').notNull(),
    pPositive: real('p_positive').notNull(),
    confidence: real('confidence').notNull(),
    // The post's day, engagement (likes + replies + shares) and platform, for the label's keyset index (filled from the
    // post by a trigger when a writer leaves them out).
    day: date('day', { mode: 'string' }),
    engagement: bigint('engagement', { mode: 'number' }),
    platform: text('platform'),
  },
  (t) => [
    // INCLUDE (platform) in SQL; it serves a label alone too.
    index('sentiment_labels_label_day_engagement_idx').on(t.label, t.day, t.engagement, t.postId),
  ],
);

/** A post's current emotion (EmoT classes), one per post: the label (or `uncertain`), the five probabilities, the head's version. */
export const emotionLabels = pgTable(
  'emotion_labels',
  {
    postId: bigint('post_id', { mode: 'number' })
      .primaryKey()
      .references(() => posts.id, { onDelete: 'cascade' }),
    modelVersion: text('model_version').notNull(),
    label: text('label').notNull(),
    pAnger: real('p_anger').notNull(),
    pFear: real('p_fear').notNull(),
    pHappy: real('p_happy').notNull(),
    pLove: real('p_love').notNull(),
    pSadness: real('p_sadness').notNull(),
    confidence: real('confidence').notNull(),
  },
  (t) => [check('emotion_labels_label_check', sql`${t.label} IN ('anger', 'fear', 'happy', 'love', 'sadness', 'uncertain')`)],
);

/** Posts per emotion label per Jakarta day, platform and emotion model version (added to by each batch). */
export const dailyEmotions = pgTable(
  'daily_emotions',
  {
    day: date('day', { mode: 'string' }).notNull(),
    platform: text('platform').notNull(),
    modelVersion: text('model_version').notNull(),
    posts: integer('posts').notNull().default(0),
    anger: integer('anger').notNull().default(0),
    fear: integer('fear').notNull().default(0),
    happy: integer('happy').notNull().default(0),
    love: integer('love').notNull().default(0),
    sadness: integer('sadness').notNull().default(0),
    uncertain: integer('uncertain').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.platform, t.modelVersion] })],
);

/** Posts and their labels: the counts of every daily rollup, keyword or sentiment (fresh builders per table). */
const labelCounts = () => ({
  posts: integer('posts').notNull().default(0),
  negative: integer('negative').notNull().default(0),
  neutral: integer('neutral').notNull().default(0),
  positive: integer('positive').notNull().default(0),
  uncertain: integer('uncertain').notNull().default(0),
});

/** Posts, their labels and engagement sums: the counts of every daily sentiment rollup. */
const sentimentCounts = () => ({
  ...labelCounts(),
  likes: bigint('likes', { mode: 'number' }).notNull().default(0),
  replies: bigint('replies', { mode: 'number' }).notNull().default(0),
  shares: bigint('shares', { mode: 'number' }).notNull().default(0),
  views: bigint('views', { mode: 'number' }).notNull().default(0),
});

/** Counted posts that had personal data redacted: any kind, and per kind (a post counts once per kind). */
const redactionCounts = () => ({
  redactedPosts: integer('redacted_posts').notNull().default(0),
  redactedPhone: integer('redacted_phone').notNull().default(0),
  redactedEmail: integer('redacted_email').notNull().default(0),
  redactedNik: integer('redacted_nik').notNull().default(0),
  redactedBpjs: integer('redacted_bpjs').notNull().default(0),
});

/** Daily sentiment counts per platform and model version (Asia/Jakarta days). */
export const dailySentiment = pgTable(
  'daily_sentiment',
  {
    day: date('day', { mode: 'string' }).notNull(),
    platform: text('platform').notNull(),
    modelVersion: text('model_version').notNull(),
    ...sentimentCounts(),
    ...redactionCounts(),
  },
  (t) => [primaryKey({ columns: [t.day, t.platform, t.modelVersion] })],
);

/**
 * `daily_sentiment` keyed by the posts' language too (without redaction counts): the language shares of every
 * disclosure and the `language` filter read it. A regional-language post counts in `posts` and the engagement sums with
 * no class label (`other_language`).
 */
export const dailyLanguageSentiment = pgTable(
  'daily_language_sentiment',
  {
    day: date('day', { mode: 'string' }).notNull(),
    platform: text('platform').notNull(),
    modelVersion: text('model_version').notNull(),
    lang: text('lang').notNull(),
    ...sentimentCounts(),
    ...redactionCounts(),
  },
  (t) => [primaryKey({ columns: [t.day, t.platform, t.modelVersion, t.lang] })],
);

/** A HyperLogLog sketch of author pseudonyms (bytea; see migration 0014 and volume/sketch.ts), read as bytes. */
const authorSketch = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** Posts and engagement sums of a day and platform, with the sketch of their authors (fresh builders per table). */
const volumeCounts = () => ({
  posts: integer('posts').notNull().default(0),
  likes: bigint('likes', { mode: 'number' }).notNull().default(0),
  replies: bigint('replies', { mode: 'number' }).notNull().default(0),
  shares: bigint('shares', { mode: 'number' }).notNull().default(0),
  views: bigint('views', { mode: 'number' }).notNull().default(0),
  authors: authorSketch('authors').notNull().default(sql`decode(repeat('00', 4096), 'hex')`),
});

/**
 * Posts, engagement and distinct authors (a HyperLogLog sketch) per Jakarta day and platform, whatever their label:
 * added to by each batch, rebuilt from posts by `rebuildVolume` (after a forget, a reanalysis or a repair).
 */
export const dailyVolume = pgTable(
  'daily_volume',
  { day: date('day', { mode: 'string' }).notNull(), platform: text('platform').notNull(), ...volumeCounts() },
  (t) => [primaryKey({ columns: [t.day, t.platform] })],
);

/** `daily_volume` of each topic's tagged posts (a post's topic day is its day). */
export const dailyTopicVolume = pgTable(
  'daily_topic_volume',
  {
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    platform: text('platform').notNull(),
    ...volumeCounts(),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.day, t.platform] })],
);

/**
 * Daily keyword counts per platform with the sentiment mix of the posts that used the keyword. Stored with fillfactor 70
 * (migration 0024), as is every rollup each batch updates in place: drizzle has no table option for it.
 */
export const dailyKeywords = pgTable(
  'daily_keywords',
  {
    day: date('day', { mode: 'string' }).notNull(),
    platform: text('platform').notNull(),
    modelVersion: text('model_version').notNull(),
    key: text('key').notNull(),
    term: text('term').notNull(),
    kind: text('kind').notNull(),
    ...labelCounts(),
  },
  (t) => [primaryKey({ columns: [t.day, t.platform, t.modelVersion, t.key] }), index('daily_keywords_key_day_idx').on(t.key, t.day)],
);

/** Everything left out of the counts, one row per message, with its reason (never silently dropped). */
export const exclusions = pgTable(
  'exclusions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // Unique per excluded message, so a redelivered message is not counted twice.
    ref: text('ref').notNull(),
    reason: text('reason').notNull(),
    code: text('code').notNull(),
    stage: text('stage').notNull(),
    platform: text('platform'),
    externalId: text('external_id'),
    day: date('day', { mode: 'string' }),
    detail: text('detail').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('exclusions_ref_key').on(t.ref), index('exclusions_day_reason_idx').on(t.day, t.reason)],
);

/** Coverage ledger: one row per connector run. */
export const coverageRuns = pgTable(
  'coverage_runs',
  {
    runId: text('run_id').primaryKey(),
    connector: text('connector').notNull(),
    query: text('query').notNull().default(''),
    platform: text('platform'),
    windowFrom: timestamp('window_from', { withTimezone: true }),
    windowTo: timestamp('window_to', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    fetched: integer('fetched').notNull().default(0),
    published: integer('published').notNull().default(0),
    rejected: jsonb('rejected').$type<Record<string, number>>().notNull().default(sql`'{}'::jsonb`),
    lastError: text('last_error'),
  },
  (t) => [
    index('coverage_runs_connector_started_idx').on(t.connector, t.startedAt),
    // The connectors and queries the ledger knows, for every disclosure's gaps, from the index alone.
    index('coverage_runs_connector_query_idx').on(t.connector, t.query, t.platform),
  ],
);

/**
 * Where each connector stopped, per query and mode: `live` for the scheduled poll, `backfill:<from>/<to>` for a
 * back-fill of a date range, so the two never overwrite each other. Written after each published page.
 */
export const connectorCheckpoints = pgTable(
  'connector_checkpoints',
  {
    connector: text('connector').notNull(),
    query: text('query').notNull(),
    mode: text('mode').notNull(),
    // The window being collected (live: the current poll's window; back-fill: the requested range).
    windowFrom: timestamp('window_from', { withTimezone: true }),
    windowTo: timestamp('window_to', { withTimezone: true }),
    // The connector's opaque resume point after the last published page.
    checkpoint: text('checkpoint'),
    // True once every page of the window was published; a live poll then starts its next window at window_to.
    complete: boolean('complete').notNull().default(false),
    runId: text('run_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.connector, t.query, t.mode] })],
);

/**
 * Each polled connector and query's schedule as registered by the ingest service, with the period it held (valid_to
 * null: in force). Coverage judges a day `not_run` only when a schedule said a run was due on it.
 */
export const connectorSchedules = pgTable(
  'connector_schedules',
  {
    id: serial('id').primaryKey(),
    connector: text('connector').notNull(),
    query: text('query').notNull(),
    platform: text('platform'),
    everyMinutes: doublePrecision('every_minutes').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validTo: timestamp('valid_to', { withTimezone: true }),
  },
  (t) => [
    check('connector_schedules_every_minutes_positive', sql`${t.everyMinutes} > 0`),
    check('connector_schedules_period', sql`${t.validTo} IS NULL OR ${t.validTo} >= ${t.validFrom}`),
    uniqueIndex('connector_schedules_open_idx').on(t.connector, t.query, sql`coalesce(${t.platform}, '')`).where(sql`${t.validTo} IS NULL`),
  ],
);

/** API keys, stored only as SHA-256 hashes. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    // The user a key belongs to (null for keys made before users existed): a disabled user's keys stop working.
    userId: integer('user_id').references(() => users.id),
  },
  (t) => [uniqueIndex('api_keys_key_hash_key').on(t.keyHash)],
);

/**
 * Audit log of administrative actions and key use, one hash chain per database (see audit/audit.ts): `seq` numbers the
 * chain without gaps, `hash` = sha256(`prev_hash` + "\n" + the row's canonical content).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    keyId: text('key_id'),
    action: text('action').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    // Null only inside the transaction that appends the row (it is chained before commit).
    seq: bigint('seq', { mode: 'number' }),
    prevHash: text('prev_hash'),
    hash: text('hash'),
    // A value was altered to be storable (NUL, lone surrogate, over-long or too deep) or the row was cut to its minimal form.
    sanitized: boolean('sanitized').notNull().default(false),
  },
  (t) => [uniqueIndex('audit_log_seq_key').on(t.seq)],
);

/**
 * Privacy actions on stored posts: an author forgotten on request, or a retention run. Holds the pseudonym, never a
 * handle, and who asked (an API key id or the command line).
 */
export const privacyAudit = pgTable(
  'privacy_audit',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    // `forget` or `retention`.
    action: text('action').notNull(),
    authorPseudonym: text('author_pseudonym'),
    postsAffected: integer('posts_affected').notNull(),
    // `cli` or `api-key:<id>` (or `scheduler` for retention runs).
    requestedBy: text('requested_by').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index('privacy_audit_at_idx').on(t.at)],
);

/** Monitored topics: a named query over post text and hashtags (see @pantau/text parseTopicQuery). */
export const topics = pgTable(
  'topics',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    query: text('query').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    // Back-fill of stored posts after a create or an edit: pending, running, done or failed.
    backfillState: text('backfill_state').notNull().default('pending'),
    backfillTotal: integer('backfill_total').notNull().default(0),
    backfillProcessed: integer('backfill_processed').notNull().default(0),
    backfillMatched: integer('backfill_matched').notNull().default(0),
    backfillError: text('backfill_error'),
  },
  // One name per topic whatever its case.
  (t) => [uniqueIndex('topics_name_lower_key').on(sql`lower(${t.name})`)],
);

/** Which posts match which topics (tagged on arrival and by back-fill). */
export const postTopics = pgTable(
  'post_topics',
  {
    postId: bigint('post_id', { mode: 'number' })
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
    // The post's Jakarta day, copied so a topic's window is found without visiting its posts outside the window.
    day: date('day', { mode: 'string' }).notNull(),
    // The post's engagement (likes + replies + shares), for a topic's posts most engaged first (filled from the post by a
    // trigger when a writer leaves it out).
    engagement: bigint('engagement', { mode: 'number' }),
    // The post's publication instant, for a topic's posts newest first (filled from the post by the same trigger).
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.topicId, t.postId] }),
    index('post_topics_post_idx').on(t.postId),
    index('post_topics_topic_day_engagement_idx').on(t.topicId, t.day, t.engagement, t.postId),
    index('post_topics_topic_published_idx').on(t.topicId, t.publishedAt, t.postId),
  ],
);

/**
 * Daily sentiment of each topic's tagged posts per platform and model version, in the shape of `daily_sentiment`: added
 * to when posts are tagged (batch write, back-fill), dropped when a topic is re-queried or deleted, subtracted from when
 * an author is forgotten.
 */
export const dailyTopicSentiment = pgTable(
  'daily_topic_sentiment',
  {
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    platform: text('platform').notNull(),
    modelVersion: text('model_version').notNull(),
    ...sentimentCounts(),
    ...redactionCounts(),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.day, t.platform, t.modelVersion] })],
);

/** Stored daily reports (the JSON form; Markdown and HTML are rendered from it), one per day and topic. */
export const reports = pgTable(
  'reports',
  {
    id: serial('id').primaryKey(),
    day: date('day', { mode: 'string' }).notNull(),
    // 0 for the report over all posts, else the topic id.
    topicKey: integer('topic_key').notNull().default(0),
    generatedAt: timestamp('generated_at', { withTimezone: true }).notNull(),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [uniqueIndex('reports_day_topic_key').on(t.day, t.topicKey)],
);

/**
 * A day's stories computed ahead of the request, per scope, model version and spike rule: the stories with their example
 * posts' ids (the posts are read again when served), and the fingerprint of the rollups they were computed from.
 */
export const dayStories = pgTable(
  'day_stories',
  {
    day: date('day', { mode: 'string' }).notNull(),
    scope: text('scope').notNull(),
    modelVersion: text('model_version').notNull(),
    rule: text('rule').notNull(),
    fingerprint: text('fingerprint').notNull(),
    posts: integer('posts').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ name: 'day_stories_pkey', columns: [t.day, t.scope, t.modelVersion, t.rule] })],
);

/**
 * Groups of near-identical posts (kind `text`) or posts sharing one link (kind `link`), each posted within the window
 * of another. A cluster is about posts; it carries no score and no flag on any author.
 */
export const coordinationClusters = pgTable(
  'coordination_clusters',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    // The link of a `link` cluster; null for text.
    link: text('link'),
    size: integer('size').notNull().default(0),
    distinctAuthors: integer('distinct_authors').notNull().default(0),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
    // Jakarta days of the first and last post (window filters).
    firstDay: date('first_day', { mode: 'string' }).notNull(),
    lastDay: date('last_day', { mode: 'string' }).notNull(),
    representativeText: text('representative_text').notNull(),
    // The rule in force when the cluster was last updated.
    similarityThreshold: real('similarity_threshold').notNull(),
    minAuthors: integer('min_authors').notNull(),
    windowSeconds: integer('window_seconds').notNull(),
    // True once distinct authors reached min_authors (then all its posts count as coordinated).
    coordinated: boolean('coordinated').notNull().default(false),
  },
  (t) => [index('coordination_clusters_days_idx').on(t.lastDay, t.firstDay)],
);

/**
 * Which posts are in which cluster (at most one cluster per post and kind). No foreign keys (their per-row checks cost
 * the stage more than its inserts): rows are deleted with their post (forgetAuthor) and moved off a merged cluster.
 */
export const postClusters = pgTable(
  'post_clusters',
  {
    postId: bigint('post_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    clusterId: bigint('cluster_id', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.kind] }), index('post_clusters_cluster_idx').on(t.clusterId)],
);

/** The distinct authors of each cluster (what its `distinct_authors` counts), kept as members are added; no foreign key, as post_clusters. */
export const clusterAuthors = pgTable(
  'cluster_authors',
  {
    clusterId: bigint('cluster_id', { mode: 'number' }).notNull(),
    authorPseudonym: text('author_pseudonym').notNull(),
  },
  (t) => [primaryKey({ name: 'cluster_authors_pkey', columns: [t.clusterId, t.authorPseudonym] })],
);

/** Posts in at least one coordinated cluster, once each: what `excludeCoordinated` leaves out (deleted with the post by forgetAuthor). */
export const coordinatedPosts = pgTable(
  'coordinated_posts',
  {
    postId: bigint('post_id', { mode: 'number' }).primaryKey(),
    day: date('day', { mode: 'string' }).notNull(),
    // Which rule flagged it (at least one): co-posting within w seconds, repeated text within a day.
    coposting: boolean('coposting').notNull().default(true),
    repeated: boolean('repeated').notNull().default(false),
  },
  (t) => [index('coordinated_posts_day_idx').on(t.day)],
);

/** The coordination stage's progress: its last commit and how far behind the analysis commit it ran. */
export const coordinationProgress = pgTable('coordination_progress', {
  stage: text('stage').primaryKey(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  posts: bigint('posts', { mode: 'number' }).notNull().default(0),
  lastLagMs: integer('last_lag_ms').notNull().default(0),
  lagP50Ms: integer('lag_p50_ms').notNull().default(0),
  lagP99Ms: integer('lag_p99_ms').notNull().default(0),
  lagPosts: integer('lag_posts').notNull().default(0),
  /** Newest post id handled (the warm-up reads posts up to it); null before it was recorded. */
  handledUpToId: bigint('handled_up_to_id', { mode: 'number' }),
});

/** The coordinated part of daily_sentiment (same shape), kept in step as posts become coordinated. */
export const dailyCoordinatedSentiment = pgTable(
  'daily_coordinated_sentiment',
  {
    day: date('day', { mode: 'string' }).notNull(),
    platform: text('platform').notNull(),
    modelVersion: text('model_version').notNull(),
    ...sentimentCounts(),
  },
  (t) => [primaryKey({ columns: [t.day, t.platform, t.modelVersion] })],
);

/** The coordinated part of daily_keywords (same shape). */
export const dailyCoordinatedKeywords = pgTable(
  'daily_coordinated_keywords',
  {
    day: date('day', { mode: 'string' }).notNull(),
    platform: text('platform').notNull(),
    modelVersion: text('model_version').notNull(),
    key: text('key').notNull(),
    term: text('term').notNull(),
    kind: text('kind').notNull(),
    ...labelCounts(),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.platform, t.modelVersion, t.key] }),
    index('daily_coordinated_keywords_key_day_idx').on(t.key, t.day),
  ],
);

/**
 * Labelling tasks: a seeded simple random sample of the posts of a window (and topic), drawn once at creation and
 * kept, so estimates from its labels stay design-based. `topic_id` is the topic's id when the task was made (no foreign
 * key: deleting a topic must not change or drop the sample).
 */
export const annotationTasks = pgTable('annotation_tasks', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  windowFrom: date('window_from', { mode: 'string' }).notNull(),
  windowTo: date('window_to', { mode: 'string' }).notNull(),
  topicId: integer('topic_id'),
  size: integer('size').notNull(),
  seed: bigint('seed', { mode: 'number' }).notNull(),
  // Posts of the window (and topic) when the sample was drawn, and how many were sampled (at most `size`).
  population: integer('population').notNull(),
  sampled: integer('sampled').notNull(),
  // The API key id that created the task; null from the command line.
  createdBy: text('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The sample of a task in sample order: every prefix of it is itself a simple random sample. */
export const annotationTaskItems = pgTable(
  'annotation_task_items',
  {
    taskId: integer('task_id')
      .notNull()
      .references(() => annotationTasks.id, { onDelete: 'cascade' }),
    postId: bigint('post_id', { mode: 'number' })
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.taskId, t.postId] }),
    uniqueIndex('annotation_task_items_position_key').on(t.taskId, t.position),
    index('annotation_task_items_post_idx').on(t.postId),
  ],
);

/**
 * Human labels of sampled posts: one row per label given, revisions kept; `current` marks each annotator's latest label
 * of a post (one per task, post and annotator). The annotator is an API key id, or `external:<name>` for imported labels.
 */
export const annotationLabels = pgTable(
  'annotation_labels',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    taskId: integer('task_id').notNull(),
    postId: bigint('post_id', { mode: 'number' }).notNull(),
    annotator: text('annotator').notNull(),
    // negative, neutral, positive, not_relevant or not_indonesian.
    label: text('label').notNull(),
    labelledAt: timestamp('labelled_at', { withTimezone: true }).notNull().defaultNow(),
    current: boolean('current').notNull().default(true),
  },
  (t) => [
    foreignKey({ columns: [t.taskId, t.postId], foreignColumns: [annotationTaskItems.taskId, annotationTaskItems.postId] }).onDelete(
      'cascade',
    ),
    uniqueIndex('annotation_labels_current_key').on(t.taskId, t.postId, t.annotator).where(sql`${t.current}`),
    index('annotation_labels_task_post_idx').on(t.taskId, t.postId),
  ],
);

/** The gold label of a post whose annotators disagreed (or that a lead settled), decided by an adjudicator. */
export const annotationAdjudications = pgTable(
  'annotation_adjudications',
  {
    taskId: integer('task_id').notNull(),
    postId: bigint('post_id', { mode: 'number' }).notNull(),
    label: text('label').notNull(),
    adjudicator: text('adjudicator').notNull(),
    adjudicatedAt: timestamp('adjudicated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.taskId, t.postId] }),
    foreignKey({ columns: [t.taskId, t.postId], foreignColumns: [annotationTaskItems.taskId, annotationTaskItems.postId] }).onDelete(
      'cascade',
    ),
  ],
);

/** An alert rule: what to watch (kind and params, optionally one topic), when to stay quiet, and where to send. */
export const alertRules = pgTable('alert_rules', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  topicId: integer('topic_id').references(() => topics.id, { onDelete: 'cascade' }),
  // `spike`, `negative_rise`, `volume_jump` or `coverage_failure`.
  kind: text('kind').notNull(),
  params: jsonb('params').$type<Record<string, number>>().notNull().default(sql`'{}'::jsonb`),
  // Quiet hours (Asia/Jakarta, HH:MM): e-mail and webhook deliveries wait until they end.
  quietFrom: text('quiet_from'),
  quietTo: text('quiet_to'),
  minIntervalMinutes: integer('min_interval_minutes').notNull().default(60),
  language: text('language').notNull().default('id'),
  // [{ "type": "email", "to": "…" } | { "type": "webhook", "url": "…", "secret": "…" }]
  channels: jsonb('channels').$type<unknown[]>().notNull().default(sql`'[]'::jsonb`),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The alert ledger: one row per rule and event (the unique key is what keeps a restart from alerting twice). */
export const alerts = pgTable(
  'alerts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ruleId: integer('rule_id')
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    eventKey: text('event_key').notNull(),
    day: date('day').notNull(),
    detectedAt: timestamp('detected_at', { withTimezone: true }).notNull().defaultNow(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [uniqueIndex('alerts_rule_event_idx').on(t.ruleId, t.eventKey), index('alerts_detected_idx').on(t.detectedAt)],
);

/** One delivery of an alert to one channel target, retried with back-off until sent or given up. */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    alertId: bigint('alert_id', { mode: 'number' })
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    // `email` or `webhook`.
    channel: text('channel').notNull(),
    target: text('target').notNull(),
    // `pending`, `sent` or `failed` (gave up after the last attempt).
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('alert_deliveries_alert_channel_target_idx').on(t.alertId, t.channel, t.target),
    index('alert_deliveries_due_idx').on(t.status, t.nextAttemptAt),
  ],
);
/** People who sign in to the dashboard: a role, an argon2id password hash and/or an OpenID Connect identity. */
export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    // `viewer`, `analyst` or `admin` (see users/roles.ts for the scopes each holds).
    role: text('role').notNull(),
    passwordHash: text('password_hash'),
    oidcIssuer: text('oidc_issuer'),
    oidcSubject: text('oidc_subject'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    // Where the morning brief goes by e-mail, and the language it is written in (null: REPORT_LANGUAGE).
    email: text('email'),
    language: text('language'),
  },
  (t) => [
    uniqueIndex('users_name_key').on(sql`lower(${t.name})`),
    uniqueIndex('users_oidc_key').on(t.oidcIssuer, t.oidcSubject),
    check('users_role_check', sql`${t.role} in ('viewer', 'analyst', 'admin')`),
  ],
);

/** Signed-in sessions, stored by the SHA-256 of the cookie's secret; idle expiry counts from `last_seen_at`. */
export const userSessions = pgTable(
  'user_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    // The absolute expiry, fixed at sign-in.
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    // `password` or `oidc`.
    method: text('method').notNull(),
  },
  (t) => [index('user_sessions_user_idx').on(t.userId)],
);

/** Failed sign-ins per user name (known or not), for lockout with back-off. */
export const signInFailures = pgTable('sign_in_failures', {
  name: text('name').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/** OpenID Connect sign-ins under way: the redirect's state, nonce and PKCE verifier, found by the SHA-256 of a cookie. */
export const oidcSignIns = pgTable('oidc_sign_ins', {
  idHash: text('id_hash').primaryKey(),
  state: text('state').notNull(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  returnTo: text('return_to').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A user's subscription to the morning brief: all posts or one topic, in one language, by e-mail or signed webhook. */
export const briefSubscriptions = pgTable(
  'brief_subscriptions',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // Null: the report over all posts.
    topicId: integer('topic_id').references(() => topics.id, { onDelete: 'cascade' }),
    language: text('language').notNull(),
    // `email` (to the user's address) or `webhook`.
    channel: text('channel').notNull(),
    webhookUrl: text('webhook_url'),
    webhookSecret: text('webhook_secret'),
    active: boolean('active').notNull().default(true),
    // Reports stored before this time are not sent (set at creation and when a paused subscription resumes).
    activeSince: timestamp('active_since', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('brief_subscriptions_user_idx').on(t.userId),
    check('brief_subscriptions_language_check', sql`${t.language} in ('id', 'en')`),
    check(
      'brief_subscriptions_channel_check',
      sql`${t.channel} = 'email' OR (${t.channel} = 'webhook' AND ${t.webhookUrl} IS NOT NULL AND ${t.webhookSecret} IS NOT NULL)`,
    ),
  ],
);

/** One morning brief sent to one subscription for one report day and scope (the unique key keeps it to one). */
export const briefDeliveries = pgTable(
  'brief_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => briefSubscriptions.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    // 0 for the report over all posts, else the topic id (as reports.topic_key).
    topicKey: integer('topic_key').notNull(),
    language: text('language').notNull(),
    channel: text('channel').notNull(),
    // The e-mail address or webhook URL at the time the report was stored.
    target: text('target').notNull(),
    // `pending`, `sent` or `failed` (gave up after the last attempt).
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('brief_deliveries_subscription_day_topic_idx').on(t.subscriptionId, t.day, t.topicKey),
    index('brief_deliveries_due_idx').on(t.status, t.nextAttemptAt),
  ],
);

/**
 * `pantau reanalyze` runs: the window (and topic), the model they label with and the cursor (the last post done, in day
 * and id order), advanced in the transaction of each batch so that the same command started again continues from it.
 */
export const reanalyzeRuns = pgTable(
  'reanalyze_runs',
  {
    id: serial('id').primaryKey(),
    windowFrom: date('window_from', { mode: 'string' }).notNull(),
    windowTo: date('window_to', { mode: 'string' }).notNull(),
    topicId: integer('topic_id'),
    modelVersion: text('model_version').notNull(),
    emotionModelVersion: text('emotion_model_version'),
    // Null before the first batch.
    cursorDay: date('cursor_day', { mode: 'string' }),
    cursorPostId: bigint('cursor_post_id', { mode: 'number' }).notNull().default(0),
    // Posts to relabel when the run started (those not yet at its versions), relabelled so far, left without text.
    total: integer('total').notNull().default(0),
    relabelled: integer('relabelled').notNull().default(0),
    skippedNoText: integer('skipped_no_text').notNull().default(0),
    batches: integer('batches').notNull().default(0),
    state: text('state').notNull().default('running'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    check('reanalyze_runs_state_check', sql`${t.state} IN ('running', 'done')`),
    uniqueIndex('reanalyze_runs_running_idx')
      .on(t.windowFrom, t.windowTo, sql`coalesce(${t.topicId}, 0)`, t.modelVersion)
      .where(sql`${t.state} = 'running'`),
  ],
);
