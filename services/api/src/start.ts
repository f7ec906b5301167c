import { coordinationRuleOf, type Env, spikeRuleOf } from '@pantau/config';
import { backfillTopic, type Database, watchDataChanges } from '@pantau/db';
import { type DatabaseResources, type Resources, SOFTWARE_VERSION, softwareCommit } from '@pantau/runtime';
import type { SentimentModel } from '@pantau/sentiment';
import type { Logger } from 'pino';
import { type App, buildApp } from './app.ts';
import { oidcSettingsOf } from './auth/oidc.ts';
import type { AppContext } from './context.ts';
import { listen } from './server.ts';

/** The running API: the app, the address it answers on, and how to stop it. */
export interface ApiService {
  app: App;
  url: string;
  /** Stops listening and closes the app (and its data-change notifications). */
  stop(): Promise<void>;
}

/**
 * Starts the API on shared resources and listens on HOST:PORT. With a producer (embedded, or KAFKA_BROKERS set) the
 * ingest webhook accepts posts; `readiness` adds the checks of the services running in the same process.
 */
export async function start(
  resources: DatabaseResources | Resources,
  options: { readiness?: AppContext['readiness'] } = {},
): Promise<ApiService> {
  const { env, logger } = resources;
  const model = await resources.model();
  const webhook = 'producer' in resources ? { producer: resources.producer, pepper: resources.pepper() } : {};
  const context = apiContext(env, logger, resources, model, { ...webhook, ...(options.readiness ? { readiness: options.readiness } : {}) });
  const app = await buildApp(context, { logger });
  const url = await listen(app, { host: env.HOST, port: env.PORT });
  return { app, url, stop: () => app.close() };
}

/** The API's context from the environment: database, model, software version, limits, topic back-fill. */
export function apiContext(
  env: Env,
  logger: Logger,
  resources: Pick<DatabaseResources, 'database'>,
  model: SentimentModel,
  extra: Pick<AppContext, 'producer' | 'pepper' | 'readiness'> = {},
): AppContext {
  const { database } = resources;
  const oidc = oidcSettingsOf(env);
  return {
    db: database.db,
    pingDatabase: () => database.ping(),
    model,
    software: { version: SOFTWARE_VERSION, commit: softwareCommit(env) },
    rateLimitPerMinute: env.API_RATE_LIMIT_PER_MINUTE,
    trustProxy: env.TRUST_PROXY,
    sessionPolicy: { idleMs: env.SESSION_IDLE_MINUTES * 60_000, absoluteMs: env.SESSION_MAX_HOURS * 3_600_000 },
    lockoutPolicy: {
      after: env.SIGN_IN_LOCKOUT_AFTER,
      baseSeconds: env.SIGN_IN_LOCKOUT_SECONDS,
      maxSeconds: env.SIGN_IN_LOCKOUT_MAX_SECONDS,
    },
    ...(oidc ? { oidc } : {}),
    validationMinLabels: env.VALIDATION_MIN_LABELS,
    retentionDays: env.RETENTION_DAYS,
    spikeRule: spikeRuleOf(env),
    storyMaxBehindMs: env.STORY_MAX_BEHIND_SECONDS * 1_000,
    reportLanguage: env.REPORT_LANGUAGE,
    reportChromiumPath: env.REPORT_CHROMIUM_PATH,
    coordinationRule: coordinationRuleOf(env),
    startBackfill: backfillStarter(database.db, logger),
    // Aggregate answers are kept until a write is notified; while the notification connection is down nothing is kept.
    dataChanges: watchDataChanges(database, {
      onError: (err) => logger.warn({ err }, 'data-change notifications lost; answers are computed until they reconnect'),
    }),
    ...extra,
  };
}

/** Starts a topic back-fill in the background; failures are logged and recorded on the topic row. */
export function backfillStarter(db: Database, logger: Logger): (topicId: number, query: string) => void {
  return (topicId, query) => {
    // The text package (stemmer, word lists) loads only when a topic needs it.
    import('@pantau/text')
      .then(({ analyzeText, topicMatcher }) => backfillTopic(db, topicId, topicMatcher(query, analyzeText), { query }))
      .then(
        (topic) =>
          topic
            ? logger.info({ topicId, backfill: topic.backfill }, 'topic back-fill finished')
            : logger.info({ topicId }, 'topic back-fill stopped: the topic was deleted'),
        (err: unknown) => logger.error({ topicId, err }, 'topic back-fill failed'),
      );
  };
}
