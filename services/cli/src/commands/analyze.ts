import { loadEnv } from '@pantau/config';
import { PantauError } from '@pantau/contracts';
import { loadSentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier } from '@pantau/text';
import { createLogger, limitHeapGrowth, openBus, openMigratedDatabase } from '../runtime.ts';
import { ANALYSIS_SHUTDOWN_DEADLINE_MS, onShutdown } from '../shutdown.ts';
import { type CommandSpec, parseCommand } from '../spec.ts';
import { startAnalysisService } from '../wiring.ts';

/** `pantau analyze --help`. */
export const spec = {
  usage: ['analyze'],
  description:
    'Consumes posts.raw as one member of the KAFKA_GROUP_ID consumer group and writes analysed posts and rollups until SIGTERM. Needs KAFKA_BROKERS (embedded, `pantau start` analyses in its own process).',
  options: {},
  examples: ['analyze', 'KAFKA_BROKERS=localhost:9092 DATABASE_URL=postgres://… pantau analyze'],
} satisfies CommandSpec;

/** `pantau analyze`: the analysis service alone, one member of the consumer group on `posts.raw`. */
export async function run(argv: string[]): Promise<number> {
  parseCommand('analyze', spec, argv);
  limitHeapGrowth();
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
  const analysis = await startAnalysisService({ env, logger, database, bus, producer, model, languages, batchLogLevel: 'info' });
  logger.info({ groupId: env.KAFKA_GROUP_ID, model: model.manifest.version, backend: model.backend }, 'analysis consuming');
  onShutdown(
    logger,
    async () => {
      await analysis.stop();
      await producer.close();
      await bus.close();
      await database.close();
    },
    { deadlineMs: ANALYSIS_SHUTDOWN_DEADLINE_MS },
  );
  return new Promise<number>(() => {});
}
