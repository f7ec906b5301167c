import { type Analyzer, createAnalyzer, startAnalysisConsumer } from '@pantau/analysis';
import type { AppContext } from '@pantau/api';
import type { Bus, BusProducer } from '@pantau/bus';
import { coordinationRuleOf, type Env, spikeRuleOf } from '@pantau/config';
import { TOPICS } from '@pantau/contracts';
import { type DatabaseHandle, topicQueries, watchDataChanges } from '@pantau/db';
import { methodOf } from '@pantau/disclosure';
import type { SentimentModel } from '@pantau/sentiment';
import type { LanguageIdentifier } from '@pantau/text';
import type { Logger } from 'pino';
import { backfillStarter, SOFTWARE_VERSION, softwareCommit } from './runtime.ts';
import { startReportScheduler, startRetentionScheduler } from './scheduler.ts';

/** The running analysis service: the analyzer, its consumer and the daily report scheduler. */
export interface AnalysisService {
  analyzer: Analyzer;
  /** Finishes the current batch, commits, leaves the group, stops the schedulers. */
  stop(): Promise<void>;
}

/** Starts the analysis consumer on `posts.raw` (tagging topics) and, when enabled, the daily report and retention schedulers. */
export async function startAnalysisService(options: {
  env: Env;
  logger: Logger;
  database: DatabaseHandle;
  bus: Bus;
  producer: BusProducer;
  model: SentimentModel;
  languages: LanguageIdentifier;
  batchLogLevel: 'debug' | 'info';
}): Promise<AnalysisService> {
  const { env, logger, database, model } = options;
  const analyzer = createAnalyzer({
    db: database.db,
    model,
    languages: options.languages,
    dlq: options.producer,
    topics: () => topicQueries(database.db),
    coordination: coordinationRuleOf(env),
    onBatch: (info) => logger[options.batchLogLevel](info, 'batch committed'),
    onRetry: ({ attempt, waitMs, error }) => logger.warn({ attempt, waitMs, err: error }, 'database write failed; retrying'),
  });
  const consumer = await startAnalysisConsumer(options.bus, analyzer, {
    groupId: env.KAFKA_GROUP_ID,
    maxBatch: env.ANALYSIS_MAX_BATCH,
    concurrency: env.ANALYSIS_CONCURRENCY,
    onAssignment: (partitions) => logger.info({ topic: TOPICS.postsRaw, partitions }, 'partitions assigned'),
    onRestart: ({ error, waitMs }) => logger.error({ err: error, waitMs }, 'consumer crashed; joining the group again'),
  });
  const scheduler = env.REPORT_SCHEDULER
    ? startReportScheduler({
        db: database.db,
        model: model.disclosure(),
        method: methodOf(model),
        at: env.REPORT_DAILY_AT,
        rule: spikeRuleOf(env),
        coordinationRule: coordinationRuleOf(env),
        validationMinLabels: env.VALIDATION_MIN_LABELS,
        logger,
      })
    : null;
  const retention = env.RETENTION_DAYS > 0 ? startRetentionScheduler({ db: database.db, days: env.RETENTION_DAYS, logger }) : null;
  return {
    analyzer,
    async stop() {
      scheduler?.stop();
      retention?.stop();
      await consumer.stop();
    },
  };
}

/** The API's context from the environment: database, model, software version, limits, topic back-fill. */
export function apiContext(
  env: Env,
  logger: Logger,
  database: DatabaseHandle,
  model: SentimentModel,
  extra: Pick<AppContext, 'producer' | 'pepper' | 'readiness'> = {},
): AppContext {
  return {
    db: database.db,
    pingDatabase: () => database.ping(),
    model,
    software: { version: SOFTWARE_VERSION, commit: softwareCommit(env) },
    rateLimitPerMinute: env.API_RATE_LIMIT_PER_MINUTE,
    validationMinLabels: env.VALIDATION_MIN_LABELS,
    spikeRule: spikeRuleOf(env),
    coordinationRule: coordinationRuleOf(env),
    startBackfill: backfillStarter(database.db, logger),
    // Aggregate answers are kept until a write is notified; while the notification connection is down nothing is kept.
    dataChanges: watchDataChanges(database, {
      onError: (err) => logger.warn({ err }, 'data-change notifications lost; answers are computed until they reconnect'),
    }),
    ...extra,
  };
}
