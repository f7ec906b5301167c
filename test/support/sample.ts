import { createMemoryBus } from '@pantau/bus';
import { fileConnector, runConnector } from '@pantau/connectors';
import { TOPICS } from '@pantau/contracts';
import { type DatabaseHandle, migrate, openDatabase, topicQueries } from '@pantau/db';
import { SAMPLE_POSTS_FILE } from '@pantau/ingest';
import { createAnalyzer, createCoordinator, startAnalysisConsumer, startCoordinationConsumer } from '@pantau/pipeline';
import { loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier } from '@pantau/text';
import { createTestDatabase } from './postgres.ts';

/** The coordination rules of the deployment's defaults (COORDINATION_*). */
export const SAMPLE_RULE = { minAuthors: 5, windowSeconds: 60, similarity: 0.7, repeated: { minAuthors: 10, windowSeconds: 86_400 } };

/** The bundled sample, analysed into a fresh migrated Postgres database. */
export interface AnalysedSample {
  handle: DatabaseHandle;
  model: SentimentModel;
  /** Stops the analysis consumer, closes the connection and drops the database. */
  close(): Promise<void>;
}

/** Publishes the bundled sample through the in-process bus and waits until the analysis has stored every post. */
export async function analyseSample(name: string): Promise<AnalysedSample> {
  const testDb = await createTestDatabase();
  const handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  const model = await loadSentimentModel();
  const bus = createMemoryBus({ defaultPartitions: 2 });
  const producer = await bus.producer();
  const analyzer = createAnalyzer({
    db: handle.db,
    model,
    languages: await createLanguageIdentifier(),
    dlq: producer,
    topics: () => topicQueries(handle.db),
    coordination: SAMPLE_RULE,
  });
  const coordinator = createCoordinator({ db: handle.db, rule: SAMPLE_RULE, memoryPosts: 100_000 });
  const coordination = await startCoordinationConsumer(bus, coordinator, { groupId: `${name}-coordination`, maxBatch: 5_000 });
  const consumer = await startAnalysisConsumer(bus, analyzer, { groupId: name, maxBatch: 500 });
  await runConnector(fileConnector(SAMPLE_POSTS_FILE), { producer, db: handle.db, pepper: `${name}-pepper-0123456789` });
  while ((await bus.lag(name, TOPICS.postsRaw)) > 0) await new Promise((r) => setTimeout(r, 50));
  while ((await bus.lag(`${name}-coordination`, TOPICS.postsAnalyzed)) > 0) await new Promise((r) => setTimeout(r, 50));
  return {
    handle,
    model,
    async close() {
      await consumer.stop();
      await coordination.stop();
      await handle.close();
      await testDb.drop();
    },
  };
}
