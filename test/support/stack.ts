import { type Bus, createKafkaBus } from '@pantau/bus';
import { TOPICS } from '@pantau/contracts';
import { type DatabaseHandle, migrate, openDatabase } from '@pantau/db';
import pg from 'pg';
import { startTestKafka, type TestKafka } from './kafka.ts';
import { createTestDatabase, type TestDatabase } from './postgres.ts';

/** A broker with Pantau's topics, a migrated database, a bus client and a plain SQL client, for one test file. */
export interface TestStack {
  kafka: TestKafka;
  testDb: TestDatabase;
  handle: DatabaseHandle;
  bus: Bus;
  sql: pg.Client;
  /** A number from a `select … as n` query. */
  count(query: string): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the stack the pipeline tests stand on: `posts.raw` with `partitions`, `posts.dlq`, Postgres, kafkajs. */
export async function startTestStack(options: { partitions: number; clientId: string }): Promise<TestStack> {
  const kafka = await startTestKafka({
    topics: [
      { name: TOPICS.postsRaw, partitions: options.partitions },
      { name: TOPICS.postsDlq, partitions: 1 },
      { name: TOPICS.postsAnalyzed, partitions: 1 },
    ],
  });
  const testDb = await createTestDatabase();
  const handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  const sql = new pg.Client({ connectionString: testDb.url });
  await sql.connect();
  const bus = createKafkaBus({ brokers: kafka.brokers, clientId: options.clientId, idempotent: false, compression: 'gzip' });
  return {
    kafka,
    testDb,
    handle,
    bus,
    sql,
    count: async (query) => Number((await sql.query(query)).rows[0].n),
    async stop() {
      await bus.close();
      await sql.end();
      await handle.close();
      await testDb.drop();
      await kafka.stop();
    },
  };
}
