// The disclosure module alone: the analysis service has no HTTP server and need not load Fastify and the routes.

import { createSenders, startAlerts, startBriefs } from '@pantau/alerts';
import { clockOf, coordinationRuleOf, publicUrlOf, spikeRuleOf } from '@pantau/config';
import { TOPICS } from '@pantau/contracts';
import { topicQueries } from '@pantau/db';
import { methodOf } from '@pantau/disclosure';
import { type Analyzer, type Coordinator, createAnalyzer, createCoordinator, startAnalysisConsumer } from '@pantau/pipeline';
import type { Resources } from '@pantau/runtime';
import { startCoordinationStage } from './coordination-stage.ts';
import { startReportScheduler, startRetentionScheduler, startStoryScheduler } from './scheduler.ts';

export { startCoordination } from './coordination-stage.ts';

/** The running analysis service: the analyzer, its consumer, the daily report, story and retention schedulers, the alerts and the morning briefs. */
export interface AnalysisService {
  analyzer: Analyzer;
  /** The coordination stage of this process (null when COORDINATION_ENABLED is false). */
  coordinator: Coordinator | null;
  /** Finishes the current batch, commits, leaves the group, stops the schedulers. */
  stop(): Promise<void>;
}

export interface AnalysisOptions {
  /** Level of the line logged per committed batch (`info` for the service alone, `debug` embedded). */
  batchLogLevel?: 'debug' | 'info';
  /** Whether the daily report and retention schedulers run (default true; a one-shot import does without them). */
  schedulers?: boolean;
}

/**
 * Starts the analysis service on shared resources: the consumer of `posts.raw` (tagging topics and publishing the
 * analysed posts), the coordination stage on `posts.analyzed` and, when enabled, the daily report and retention schedulers. The one place an analyzer is built.
 */
export async function start(resources: Resources, options: AnalysisOptions = {}): Promise<AnalysisService> {
  const { env, logger, database } = resources;
  const batchLogLevel = options.batchLogLevel ?? 'info';
  const [model, languages] = await Promise.all([resources.model(), resources.languages()]);
  // posts.analyzed uncompressed: its MinHash numbers are read once, by the coordination stage, and gzip of each batch's
  // messages cost the analysis more CPU than building them (the bus closes this producer with the others).
  const analyzed = coordinationRuleOf(env) ? await resources.bus.producer({ compression: 'none' }) : undefined;
  const analyzer = createAnalyzer({
    db: database.db,
    model,
    languages,
    dlq: resources.producer,
    ...(analyzed ? { analyzed } : {}),
    topics: () => topicQueries(database.db),
    coordination: coordinationRuleOf(env),
    onBatch: (info) => logger[batchLogLevel](info, 'batch committed'),
    onRetry: ({ attempt, waitMs, error }) => logger.warn({ attempt, waitMs, err: error }, 'database write failed; retrying'),
  });
  // The coordination stage: its own consumer group on posts.analyzed, beside the analysis consumer, never in its way.
  const rule = coordinationRuleOf(env);
  const coordinator =
    rule && env.COORDINATION_IN_ANALYSIS
      ? createCoordinator({
          db: database.db,
          rule,
          memoryPosts: env.COORDINATION_MEMORY_POSTS,
          onBatch: (info) => logger[batchLogLevel](info, 'coordination batch committed'),
          onRetry: ({ attempt, waitMs, error }) => logger.warn({ attempt, waitMs, err: error }, 'coordination write failed; retrying'),
        })
      : null;
  const coordination = coordinator ? await startCoordinationStage(resources, coordinator) : null;
  const consumer = await startAnalysisConsumer(resources.bus, analyzer, {
    groupId: env.KAFKA_GROUP_ID,
    maxBatch: env.ANALYSIS_MAX_BATCH,
    concurrency: env.ANALYSIS_CONCURRENCY,
    onAssignment: (partitions) => logger.info({ topic: TOPICS.postsRaw, partitions }, 'partitions assigned'),
    onRestart: ({ error, waitMs }) => logger.error({ err: error, waitMs }, 'consumer crashed; joining the group again'),
  });
  const schedulers = options.schedulers ?? true;
  const clock = clockOf(env);
  const scheduler =
    schedulers && env.REPORT_SCHEDULER
      ? startReportScheduler({
          db: database.db,
          model: model.disclosure(),
          emotionModel: model.emotion?.disclosure(),
          method: methodOf(model),
          at: env.REPORT_DAILY_AT,
          rule: spikeRuleOf(env),
          coordinationRule: coordinationRuleOf(env),
          validationMinLabels: env.VALIDATION_MIN_LABELS,
          now: clock,
          logger,
        })
      : null;
  const stories =
    schedulers && env.STORY_REFRESH_SECONDS > 0
      ? startStoryScheduler({
          db: database.db,
          modelVersion: () => model.manifest.version,
          rule: spikeRuleOf(env),
          everyMs: env.STORY_REFRESH_SECONDS * 1_000,
          maxBehindMs: env.STORY_MAX_BEHIND_SECONDS * 1_000,
          logger,
        })
      : null;
  const retention =
    schedulers && env.RETENTION_DAYS > 0
      ? startRetentionScheduler({ db: database.db, days: env.RETENTION_DAYS, now: clock, logger })
      : null;
  const alerts =
    schedulers && env.ALERTS_ENABLED
      ? startAlerts({
          db: database.db,
          senders: createSenders({ smtpUrl: env.SMTP_URL ?? null, from: env.ALERTS_FROM }),
          modelVersion: () => model.manifest.version,
          spikeRule: spikeRuleOf(env),
          validationMinLabels: env.VALIDATION_MIN_LABELS,
          publicUrl: publicUrlOf(env),
          now: clock,
          logger,
          everyMs: env.ALERTS_EVERY_MINUTES * 60_000,
        })
      : null;
  const briefs =
    schedulers && env.BRIEF_ENABLED
      ? startBriefs({
          db: database.db,
          senders: createSenders({ smtpUrl: env.SMTP_URL ?? null, from: env.ALERTS_FROM }),
          publicUrl: publicUrlOf(env),
          now: clock,
          logger,
          everyMs: env.BRIEF_EVERY_SECONDS * 1_000,
        })
      : null;
  return {
    analyzer,
    coordinator,
    async stop() {
      scheduler?.stop();
      stories?.stop();
      retention?.stop();
      await alerts?.stop();
      await briefs?.stop();
      await consumer.stop();
      await coordination?.stop();
    },
  };
}

/** The coordination stage's consumer on posts.analyzed for a coordinator built on these resources. */
/**
 * Waits until the group has consumed every published post (telling `onLag` how many are left), then until the
 * coordination stage has handled every analysed post.
 */
export async function drain(resources: Resources, onLag?: (left: number) => void, pollMs = 100): Promise<void> {
  const { env } = resources;
  for (;;) {
    const left = await resources.bus.lag(env.KAFKA_GROUP_ID, TOPICS.postsRaw);
    onLag?.(left);
    if (left <= 0) break;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  if (!coordinationRuleOf(env) || !env.COORDINATION_IN_ANALYSIS) return;
  while ((await resources.bus.lag(env.COORDINATION_GROUP_ID, TOPICS.postsAnalyzed)) > 0) await new Promise((r) => setTimeout(r, pollMs));
}
