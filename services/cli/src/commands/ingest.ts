import { parseArgs } from 'node:util';
import { createAnalyzer, startAnalysisConsumer } from '@pantau/analysis';
import { coordinationRuleOf, loadEnv } from '@pantau/config';
import { PantauError, TOPICS } from '@pantau/contracts';
import { type FileFormat, fileConnector, runConnector } from '@pantau/ingest';
import { loadSentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier } from '@pantau/text';
import { createLogger, isEmbedded, openBus, openMigratedDatabase, resolvePepper } from '../runtime.ts';

/**
 * `pantau ingest --file F [--format jsonl|csv]`: imports a file of posts. With Kafka it publishes to `posts.raw`;
 * embedded, it also analyses the posts in this process (stop `pantau start` first: PGlite has one writer).
 */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { file: { type: 'string' }, format: { type: 'string' } } });
  if (!values.file) throw new PantauError('INVALID_INPUT', '--file: required (a .jsonl or .csv file of posts)');
  if (values.format && values.format !== 'jsonl' && values.format !== 'csv')
    throw new PantauError('INVALID_INPUT', '--format: jsonl or csv');
  const env = loadEnv();
  const logger = createLogger(env);
  const database = await openMigratedDatabase(env, logger);
  const bus = await openBus(env, logger);
  const producer = await bus.producer();
  const pepper = resolvePepper(env);
  try {
    let consumer: { stop(): Promise<void> } | null = null;
    if (isEmbedded(env)) {
      const [model, languages] = await Promise.all([loadSentimentModel(), createLanguageIdentifier()]);
      const analyzer = createAnalyzer({ db: database.db, model, languages, dlq: producer, coordination: coordinationRuleOf(env) });
      consumer = await startAnalysisConsumer(bus, analyzer, { groupId: env.KAFKA_GROUP_ID, maxBatch: env.ANALYSIS_MAX_BATCH });
    }
    const result = await runConnector(fileConnector(values.file, values.format as FileFormat | undefined), {
      producer,
      db: database.db,
      pepper,
    });
    if (consumer) {
      while ((await bus.lag(env.KAFKA_GROUP_ID, TOPICS.postsRaw)) > 0) await new Promise((r) => setTimeout(r, 100));
      await consumer.stop();
    }
    process.stdout.write(
      `${JSON.stringify({ runId: result.runId, ...result.stats, error: result.error, rejections: result.rejections.slice(0, 50) }, null, 2)}\n`,
    );
    return result.error ? 1 : 0;
  } finally {
    await producer.close();
    await bus.close();
    await database.close();
  }
}
