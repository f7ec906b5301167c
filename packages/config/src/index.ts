import { PantauError } from '@pantau/contracts';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** RETENTION_DAYS when unset: about six months of the posts' own words (docs/PRIVACY.md says why). */
export const DEFAULT_RETENTION_DAYS = 180;

/**
 * Every environment variable Pantau reads, declared once. The README's configuration table mirrors this list.
 * Variables left unset select the embedded defaults (PGlite and the in-process bus).
 */
export const EnvSchema = z.object({
  // Postgres connection string; unset = embedded PGlite in PANTAU_DATA_DIR.
  DATABASE_URL: z.string().url().optional(),
  // Folder for embedded data (PGlite files, generated pepper and dev key).
  PANTAU_DATA_DIR: z.string().default('.pantau'),
  // Comma-separated Kafka bootstrap brokers; unset = in-process bus (one process only).
  KAFKA_BROKERS: list.optional(),
  // Kafka client id prefix.
  KAFKA_CLIENT_ID: z.string().default('pantau'),
  // Consumer group of the analysis service; more instances in one group share the partitions.
  KAFKA_GROUP_ID: z.string().default('pantau-analysis'),
  // How long the group waits for a silent analysis instance before giving its partitions to others.
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(30_000),
  KAFKA_FETCH_MAX_WAIT_MS: z.coerce.number().int().min(10).max(30_000).default(5_000),
  // Idempotent producer (keep on for real brokers; deduplication by post key in Postgres holds either way).
  KAFKA_IDEMPOTENT: bool.default(true),
  // Producer batch compression: none by default (gzip costs the producer and every consumer CPU per message).
  KAFKA_COMPRESSION: z.enum(['gzip', 'none']).default('none'),
  // Partitions of posts.raw when Pantau creates the topic (max parallelism of analysis).
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(1024).default(6),
  // Secret for author pseudonyms (HMAC-SHA-256); required with DATABASE_URL, generated per data dir when embedded.
  PANTAU_PEPPER: z.string().min(16).optional(),
  // API listen address and port.
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  // Fixes the development key printed by an embedded `pantau start` (else a random one is kept in PANTAU_DATA_DIR).
  PANTAU_DEV_API_KEY: z.string().min(20).max(200).optional(),
  // Time of day (Asia/Jakarta, HH:MM) after which `start` and `analyze` write yesterday's reports.
  REPORT_DAILY_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM')
    .default('06:00'),
  // Spike rule of the daily report: standard deviations above the 7-day mean, and least posts for a spike / a new term.
  SPIKE_K: z.coerce.number().min(0.5).max(20).default(3),
  SPIKE_MIN_COUNT: z.coerce.number().int().min(1).default(10),
  SPIKE_NEW_TERM_MIN_COUNT: z.coerce.number().int().min(1).default(8),
  // Write the daily reports automatically (start and analyze).
  REPORT_SCHEDULER: bool.default(true),
  // Seconds between passes of the story job (start and analyze): a day whose posts changed has its stories computed
  // again once its counts held still for one pass. 0: no job (every summary computes its stories on request).
  STORY_REFRESH_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  // Seconds after its stories were computed that the summary still serves them for a day that changed since (saying
  // `storiesAsOf.behind`); later it computes them on request. The job recomputes a busy day at half this age.
  STORY_MAX_BEHIND_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  // Language of the daily report as served and written (id: Indonesian, en: English); `?lang=` asks for the other.
  REPORT_LANGUAGE: z.enum(['id', 'en']).default('id'),
  // Chromium (or Chrome) that prints the report as PDF, run headless.
  REPORT_CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  // Days of raw post text kept: older posts lose text, url and author pseudonym once a day (start and analyze); counts
  // and rollups stay. 0 keeps everything (then say why in the agency's privacy assessment: docs/PRIVACY.md).
  RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(DEFAULT_RETENTION_DAYS),
  // Requests per minute per API key (per address for requests without a valid key).
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  // Whose X-Forwarded-Proto/-For the API believes: false (none), true (any), a hop count, or addresses/CIDRs
  // (comma-separated). Behind a TLS-terminating proxy set it so session cookies are marked Secure.
  TRUST_PROXY: z
    .string()
    .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v))
    .default(false),
  // A dashboard session ends after this many minutes without a request, and this many hours after sign-in.
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  // Sign-in lockout: from this many failed attempts in a row a user name is locked for SIGN_IN_LOCKOUT_SECONDS,
  // doubling with every further failure up to SIGN_IN_LOCKOUT_MAX_SECONDS.
  SIGN_IN_LOCKOUT_AFTER: z.coerce.number().int().min(1).max(100).default(5),
  SIGN_IN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  SIGN_IN_LOCKOUT_MAX_SECONDS: z.coerce.number().int().min(1).max(604_800).default(3_600),
  // Single sign-on (OpenID Connect, authorization code with PKCE): the provider's issuer URL, this app's client id and
  // secret (unset: a public client), and the callback registered at the provider (<public origin>/v1/auth/oidc/callback).
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URL: z.string().url().optional(),
  // Scopes asked of the provider.
  OIDC_SCOPES: z.string().default('openid profile email'),
  // The ID-token claim naming the role (a string or a list, e.g. groups); unset: every new user gets OIDC_DEFAULT_ROLE.
  OIDC_ROLE_CLAIM: z.string().min(1).optional(),
  // JSON object mapping claim values to roles ({"pantau-admins":"admin","humas":"analyst"}); unset: values are role names.
  OIDC_ROLE_MAP: z.string().optional(),
  // Role of a new single sign-on user whose claim names none: viewer, analyst, admin, or none (refused).
  OIDC_DEFAULT_ROLE: z.enum(['viewer', 'analyst', 'admin', 'none']).default('viewer'),
  // Allow an http:// issuer (a provider on the same machine; never across a network).
  OIDC_ALLOW_HTTP: bool.default(false),
  // pino log level.
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // TensorFlow.js backend: auto tries tfjs-node, then wasm, then cpu.
  PANTAU_TF_BACKEND: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
  // Most messages the analysis service handles in one database transaction. Larger batches fold more posts into each
  // rollup row (a batch of 2,000 bench posts writes 4.4 keyword rows per post, one of 500 writes 7.6) at the cost of
  // a longer wait before a post is counted.
  ANALYSIS_MAX_BATCH: z.coerce.number().int().min(1).max(10_000).default(2_000),
  // Partitions one analysis instance handles at once (overlaps database writes with analysis of the next batch).
  ANALYSIS_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  // Load the bundled sample posts on `pantau start` when the database has none.
  PANTAU_LOAD_SAMPLE: bool.default(true),
  // Connectors: X API v2 app-only bearer token (x-recent-search) and the API origin (tests point it at a fake server).
  X_BEARER_TOKEN: z.string().min(1).optional(),
  X_API_BASE_URL: z.string().url().default('https://api.x.com'),
  // Meta Graph API token (a Page token, or a system-user token with Page Public Content Access), origin with version,
  // and the Instagram professional account id that hashtag searches run as.
  META_ACCESS_TOKEN: z.string().min(1).optional(),
  META_GRAPH_BASE_URL: z.string().url().default('https://graph.facebook.com/v21.0'),
  META_IG_USER_ID: z.string().regex(/^\d+$/, 'numeric Instagram user id').optional(),
  // YouTube Data API v3: API key of a Google Cloud project, the API origin, and the project's daily quota in units
  // (search 100, every other list 1); at the quota a run stops and resumes after the Pacific midnight reset.
  YOUTUBE_API_KEY: z.string().min(1).optional(),
  YOUTUBE_API_BASE_URL: z.string().url().default('https://www.googleapis.com/youtube/v3'),
  YOUTUBE_DAILY_QUOTA: z.coerce.number().int().min(1).max(100_000_000).default(10_000),
  // Google Play Developer API: a service-account key (the JSON, or the path of the key file) invited to the app in
  // the Play Console, and the API origin. The key signs a JWT locally; only short-lived access tokens go out.
  GOOGLE_PLAY_SERVICE_ACCOUNT: z.string().min(1).optional(),
  GOOGLE_PLAY_API_BASE_URL: z.string().url().default('https://androidpublisher.googleapis.com/androidpublisher/v3'),
  // TikTok Research API (approved research clients only): client key and secret, and the API origin.
  TIKTOK_CLIENT_KEY: z.string().min(1).optional(),
  TIKTOK_CLIENT_SECRET: z.string().min(1).optional(),
  TIKTOK_API_BASE_URL: z.string().url().default('https://open.tiktokapis.com'),
  // Connector HTTP: timeout of one attempt, retries on network errors and 5xx, requests in flight per connector,
  // and the longest rate-limit wait honoured in place (longer: the run stops and the next one resumes).
  INGEST_HTTP_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  INGEST_HTTP_RETRIES: z.coerce.number().int().min(0).max(10).default(4),
  INGEST_HTTP_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  INGEST_MAX_RATE_LIMIT_WAIT_MS: z.coerce.number().int().min(0).max(3_600_000).default(900_000),
  // What `pantau poll` collects: a JSON array, or the path of a JSON file holding one, of
  // {"connector":"x-recent-search|meta-graph|rss|youtube|google-play|news|tiktok","query":"…","everyMinutes":15}.
  INGEST_QUERIES: z.string().optional(),
  // Minutes between two polls of a query (unless the query sets everyMinutes).
  INGEST_POLL_MINUTES: z.coerce.number().min(0.05).max(1_440).default(15),
  // How far back the first live poll of a query reaches (later polls start where the last ended).
  INGEST_FIRST_LOOKBACK_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
  // Coordinated-posting signal: analysis publishes each committed post's near-duplicate signature to posts.analyzed and the
  // coordination stage (its own consumer group, beside the analysis consumer) groups them.
  COORDINATION_ENABLED: bool.default(true),
  // A cluster is coordinated when at least this many distinct author pseudonyms posted in it (k).
  COORDINATION_MIN_AUTHORS: z.coerce.number().int().min(2).max(10_000).default(5),
  // Posts are linked when published at most this many seconds apart (w; co-tweet and CooRnet-style windows).
  COORDINATION_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  // Near-identical text: estimated Jaccard similarity of the word sets (MinHash) at least this.
  COORDINATION_SIMILARITY: z.coerce.number().min(0.5).max(1).default(0.7),
  // Repeated-text rule: near-identical texts from at least this many distinct authors within the window below (0: off).
  COORDINATION_REPEATED_MIN_AUTHORS: z.coerce
    .number()
    .int()
    .refine((n) => n === 0 || (n >= 2 && n <= 10_000), '0 (off) or 2 to 10000')
    .default(10),
  // Repeated-text rule: most seconds between two linked near-identical posts (a day by default).
  COORDINATION_REPEATED_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(86_400),
  // Run the coordination stage inside each analysis process (`pantau analyze`, `pantau start`); false: only in
  // `pantau coordinate`, a process of its own (analysis still publishes to posts.analyzed).
  COORDINATION_IN_ANALYSIS: bool.default(true),
  // Consumer group of the coordination stage on posts.analyzed (one active member: the topic has one partition).
  COORDINATION_GROUP_ID: z.string().default('pantau-coordination'),
  // Most recent posts the coordination stage holds in memory (its bounded footprint; older ones find no new pairs).
  COORDINATION_MEMORY_POSTS: z.coerce.number().int().min(1_000).max(5_000_000).default(100_000),
  // Largest batch the coordination stage takes from posts.analyzed at once (one transaction per batch).
  COORDINATION_MAX_BATCH: z.coerce.number().int().min(1).max(50_000).default(5_000),
  // Least gold labels of sampled posts inside an asked window for /v1/sentiment and the daily report to give validated
  // (prediction-powered) shares; with fewer the window is reported as not validated.
  VALIDATION_MIN_LABELS: z.coerce.number().int().min(1).max(1_000_000).default(100),
  // Software version reported in disclosures (git commit); read from git when unset.
  PANTAU_COMMIT: z.string().optional(),
  // Alerts: evaluate the rules (start and analyze) every this many minutes; deliveries are sent within seconds.
  ALERTS_ENABLED: bool.default(true),
  ALERTS_EVERY_MINUTES: z.coerce.number().min(0.05).max(1_440).default(5),
  // SMTP server for e-mail alerts, e.g. smtp://user:password@mail.example.go.id:587 (smtps:// for TLS on connect);
  // unset: e-mail deliveries fail with a visible error and webhooks still go out.
  SMTP_URL: z.string().url().optional(),
  // The From address of e-mail alerts.
  ALERTS_FROM: z.string().min(3).default('Pantau <pantau@localhost>'),
  // Morning brief: each stored daily report sent once to every active subscription (e-mail through SMTP_URL from
  // ALERTS_FROM, or signed webhook), checked every BRIEF_EVERY_SECONDS by the analysis service.
  BRIEF_ENABLED: bool.default(true),
  BRIEF_EVERY_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
  // The address people open the dashboard at, for the links in alerts (default: http://HOST:PORT).
  PANTAU_PUBLIC_URL: z.string().url().optional(),
  // Sets the clock of the schedulers (reports, retention) and the bundled sample's dates to this instant at start
  // (ISO 8601; it runs on from there). For tests and reproducible demos only; unset in service.
  PANTAU_CLOCK: z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(v)), 'an ISO 8601 instant, e.g. 2026-11-15T06:00:00+07:00')
    .optional(),
});
export type Env = z.infer<typeof EnvSchema>;

/** Parses the environment once; a bad value is a CONFIG_INVALID error naming the variable. */
export function loadEnv(env: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new PantauError('CONFIG_INVALID', `${name}: ${issue?.message ?? 'invalid'}`, { details: { variable: name } });
  }
  return parsed.data;
}

/**
 * The clock of the schedulers and the sample's dating: the real time, or PANTAU_CLOCK's instant at the first call
 * running on from there.
 */
export function clockOf(env: Pick<Env, 'PANTAU_CLOCK'>): () => number {
  if (env.PANTAU_CLOCK === undefined) return () => Date.now();
  const offset = Date.parse(env.PANTAU_CLOCK) - Date.now();
  return () => Date.now() + offset;
}

/** The address links in alerts and reports point at: PANTAU_PUBLIC_URL, else the API's own address. */
export function publicUrlOf(env: Pick<Env, 'PANTAU_PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  return env.PANTAU_PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`;
}

/** The spike rule configured by SPIKE_K, SPIKE_MIN_COUNT and SPIKE_NEW_TERM_MIN_COUNT (7-day window). */
export function spikeRuleOf(env: Env): { windowDays: number; k: number; minCount: number; newTermMinCount: number } {
  return { windowDays: 7, k: env.SPIKE_K, minCount: env.SPIKE_MIN_COUNT, newTermMinCount: env.SPIKE_NEW_TERM_MIN_COUNT };
}

/** The coordination rules configured by COORDINATION_*; null when COORDINATION_ENABLED is false. */
export function coordinationRuleOf(env: Env): {
  minAuthors: number;
  windowSeconds: number;
  similarity: number;
  repeated?: { minAuthors: number; windowSeconds: number };
} | null {
  if (!env.COORDINATION_ENABLED) return null;
  return {
    minAuthors: env.COORDINATION_MIN_AUTHORS,
    windowSeconds: env.COORDINATION_WINDOW_SECONDS,
    similarity: env.COORDINATION_SIMILARITY,
    ...(env.COORDINATION_REPEATED_MIN_AUTHORS > 0
      ? { repeated: { minAuthors: env.COORDINATION_REPEATED_MIN_AUTHORS, windowSeconds: env.COORDINATION_REPEATED_WINDOW_SECONDS } }
      : {}),
  };
}
