import { createAnalyzer, startAnalysisConsumer } from '@pantau/analysis';
import { methodOf } from '@pantau/api';
import { loadEnv, spikeRuleOf } from '@pantau/config';
import { PantauError } from '@pantau/contracts';
import { topicQueries } from '@pantau/db';
import { loadSentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier } from '@pantau/text';
import { createLogger, openBus, openMigratedDatabase } from '../runtime.ts';
import { startReportScheduler } from '../scheduler.ts';
import { onShutdown } from '../shutdown.ts';

/** `pantau analyze`: the analysis service alone, one member of the consumer group on `posts.raw`. */
export async function run(_argv: string[]): Promise<number> {
  const env = loadEnv();
  if (!env.KAFKA_BROKERS) {
    throw new PantauError(
      'CONFIG_INVALID',
      'KAFKA_BROKERS: required for a separate analysis service (the embedded mode analyses inside `pantau start`)',
      {
        details: { variable: 'KAFKA_BROKERS' },
      },
    );
  }
  const logger = createLogger(env);
  const database = await openMigratedDatabase(env, logger);
  const bus = await openBus(env, logger);
  const [model, languages] = await Promise.all([loadSentimentModel(), createLanguageIdentifier()]);
  const producer = await bus.producer();
  const analyzer = createAnalyzer({
    db: database.db,
    model,
    languages,
    dlq: producer,
    topics: () => topicQueries(database.db),
    onBatch: (info) => logger.info(info, 'batch committed'),
    onRetry: ({ attempt, waitMs, error }) => logger.warn({ attempt, waitMs, err: error }, 'database write failed; retrying'),
  });
  const consumer = await startAnalysisConsumer(bus, analyzer, { groupId: env.KAFKA_GROUP_ID, maxBatch: env.ANALYSIS_MAX_BATCH });
  const scheduler = env.REPORT_SCHEDULER
    ? startReportScheduler({
        db: database.db,
        model: model.disclosure(),
        method: methodOf(model),
        at: env.REPORT_DAILY_AT,
        rule: spikeRuleOf(env),
        logger,
      })
    : null;
  logger.info({ groupId: env.KAFKA_GROUP_ID, model: model.manifest.version, backend: model.backend }, 'analysis consuming');
  onShutdown(logger, async () => {
    scheduler?.stop();
    await consumer.stop();
    await producer.close();
    await bus.close();
    await database.close();
  });
  return new Promise<number>(() => {});
}
