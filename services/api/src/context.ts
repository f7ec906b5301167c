import type { BusProducer } from '@pantau/bus';
import type { CoordinationRule, Database, DataChangeFeed, LockoutPolicy, SessionPolicy } from '@pantau/db';
import type { SoftwareInfo } from '@pantau/disclosure';
import type { SentimentModel } from '@pantau/sentiment';
import type { OidcSettings } from './auth/oidc.ts';

/** Everything the routes need, built by the composition root. */
export interface AppContext {
  db: Database;
  /** Resolves when the database answers. */
  pingDatabase: () => Promise<void>;
  model: SentimentModel;
  software: SoftwareInfo;
  /** Producer for the ingest webhook; absent when this API instance does not accept posts. */
  producer?: BusProducer;
  /** Pepper for author pseudonyms (webhook only). */
  pepper?: string;
  /** Extra readiness checks (e.g. the analysis consumer's database health in the all-in-one process). */
  readiness?: () => Promise<Record<string, boolean>>;
  /** Starts the back-fill of a created or re-queried topic in the background. */
  startBackfill?: (topicId: number, query: string) => void;
  /** Spike rule for reports built on request (SPIKE_* variables); the default rule when absent. */
  spikeRule?: { windowDays: number; k: number; minCount: number; newTermMinCount: number };
  /**
   * How long after they were computed the summary serves a day's stored stories once the day changed
   * (STORY_MAX_BEHIND_SECONDS); 600 s when absent.
   */
  storyMaxBehindMs?: number;
  /** The co-posting rule in force (COORDINATION_*), stated in disclosures; null when the signal is off. */
  coordinationRule?: CoordinationRule | null;
  /** Language of the daily report served as HTML, Markdown or PDF (REPORT_LANGUAGE); Indonesian when absent. */
  reportLanguage?: 'id' | 'en';
  /** Chromium that prints the report as PDF (REPORT_CHROMIUM_PATH); /usr/bin/chromium when absent. */
  reportChromiumPath?: string;
  /** Least gold labels inside a window for validated sentiment shares (VALIDATION_MIN_LABELS); 100 when absent. */
  validationMinLabels?: number;
  /** RETENTION_DAYS in force, stated in every disclosure; DEFAULT_RETENTION_DAYS when absent. */
  retentionDays?: number;
  /** Requests per minute per API key (API_RATE_LIMIT_PER_MINUTE). */
  rateLimitPerMinute?: number;
  /**
   * Writes to the data behind the aggregates (`watchDataChanges`): while it is live, aggregate answers are kept until
   * the data changes. Closed with the app. Without it every answer is computed.
   */
  dataChanges?: DataChangeFeed;
  /** Session expiry (SESSION_IDLE_MINUTES, SESSION_MAX_HOURS); the defaults of buildApp when absent. */
  sessionPolicy?: Partial<SessionPolicy>;
  /** Sign-in lockout (SIGN_IN_LOCKOUT_*); the defaults of buildApp when absent. */
  lockoutPolicy?: Partial<LockoutPolicy>;
  /** Single sign-on (OIDC_*); absent: password and API keys only. */
  oidc?: OidcSettings;
  /** Fastify's trustProxy (TRUST_PROXY): whose X-Forwarded-Proto/-For to believe; false when absent. */
  trustProxy?: boolean | number | string;
}
