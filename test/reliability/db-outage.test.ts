import { type App, buildApp } from '@pantau/api';
import { type Bus, type BusConsumer, createKafkaBus } from '@pantau/bus';
import { publishItems } from '@pantau/connectors';
import { TOPICS } from '@pantau/contracts';
import { type DatabaseHandle, migrate, openDatabase } from '@pantau/db';
import { createAnalyzer, startAnalysisConsumer } from '@pantau/pipeline';
import { loadSentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier } from '@pantau/text';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKafka, type TestKafka, uniqueName } from '../support/kafka.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// Postgres refuses connections for a while mid-stream: analysis retries with backoff, commits nothing past the
// database, /v1/ready says not ready, and once Postgres is back every post is stored exactly once.
const N = 6_000;
let kafka: TestKafka;
let testDb: TestDatabase;
let handle: DatabaseHandle;
let bus: Bus;
let consumer: BusConsumer;
let app: App;
let admin: pg.Client;
const dbName = () => new URL(testDb.url).pathname.slice(1);

beforeAll(async () => {
  kafka = await startTestKafka({
    topics: [
      { name: TOPICS.postsRaw, partitions: 2 },
      { name: TOPICS.postsDlq, partitions: 1 },
      { name: TOPICS.postsAnalyzed, partitions: 1 },
    ],
  });
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url, maxConnections: 4 });
  await migrate(handle);
  const server = new URL(testDb.url);
  server.pathname = '/postgres';
  admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  bus = createKafkaBus({ brokers: kafka.brokers, clientId: 'db-outage', idempotent: false, compression: 'gzip' });
}, 120_000);

// Each cleanup step is bounded, so a slow close after the outage is reported by name instead of hanging the suite.
async function step(name: string, run: () => Promise<unknown> | undefined): Promise<void> {
  const started = Date.now();
  await Promise.race([Promise.resolve(run()).catch(() => undefined), new Promise((r) => setTimeout(r, 15_000).unref())]);
  const ms = Date.now() - started;
  if (ms >= 15_000) console.warn(`db-outage cleanup: ${name} did not finish within 15 s`);
}

afterAll(async () => {
  await step('allow connections', () => admin?.query(`alter database ${dbName()} allow_connections true`));
  await step('api close', () => app?.close());
  await step('consumer stop', () => consumer?.stop());
  await step('bus close', () => bus?.close());
  await step('admin end', () => admin?.end());
  await step('pool end', () => handle?.close());
  await step('drop database', () => testDb?.drop());
  await step('broker stop', () => kafka?.stop());
}, 150_000);

describe('database outage', () => {
  it('pauses, retries and resumes with nothing lost or duplicated, and is not ready meanwhile', async () => {
    const producer = await bus.producer();
    const model = await loadSentimentModel();
    const retries: number[] = [];
    const groupId = uniqueName('db-outage');
    const analyzer = createAnalyzer({
      db: handle.db,
      model,
      languages: await createLanguageIdentifier(),
      dlq: producer,
      retry: { initialMs: 100, maxMs: 1_000 },
      onRetry: ({ attempt }) => retries.push(attempt),
    });
    app = await buildApp({
      db: handle.db,
      pingDatabase: () => handle.ping(),
      model,
      software: { version: 't', commit: 't' },
      readiness: async () => ({ analysis: analyzer.healthy() }),
    });
    consumer = await startAnalysisConsumer(bus, analyzer, { groupId, maxBatch: 100 });
    const items = Array.from({ length: N }, (_, i) => ({
      ref: String(i),
      item: {
        platform: 'x',
        externalId: `o${i}`,
        author: `@a${i % 50}`,
        publishedAt: '2026-11-03T02:00:00Z',
        text: `antrean bpjs lama sekali ke-${i}`,
      },
    }));
    await publishItems(items, { producer, pepper: 'outage-pepper-0123456789', source: { connector: 'outage', runId: 'outage' } });

    const stored = async () => {
      const c = new pg.Client({ connectionString: testDb.url });
      await c.connect();
      try {
        return Number((await c.query('select count(*) as n from posts')).rows[0].n);
      } finally {
        await c.end();
      }
    };
    while ((await stored()) < 500) await new Promise((r) => setTimeout(r, 50));

    // The outage: no new connections, and every open one is cut.
    await admin.query(`alter database ${dbName()} allow_connections false`);
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [dbName()]);
    const readyDuring: number[] = [];
    const outageEnds = Date.now() + 4_000;
    while (Date.now() < outageEnds) {
      readyDuring.push((await app.inject({ url: '/v1/ready' })).statusCode);
      await new Promise((r) => setTimeout(r, 250));
    }
    const lagDuring = await bus.lag(groupId, TOPICS.postsRaw);
    await admin.query(`alter database ${dbName()} allow_connections true`);

    const deadline = Date.now() + 90_000;
    while ((await bus.lag(groupId, TOPICS.postsRaw)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));

    expect(retries.length).toBeGreaterThan(0);
    expect(readyDuring).toContain(503);
    expect(lagDuring).toBeGreaterThan(0);
    expect((await app.inject({ url: '/v1/ready' })).statusCode).toBe(200);
    expect(await stored()).toBe(N);
    const c = new pg.Client({ connectionString: testDb.url });
    await c.connect();
    try {
      expect(Number((await c.query('select count(*) as n from exclusions')).rows[0].n)).toBe(0);
      expect(Number((await c.query('select coalesce(sum(posts), 0) as n from daily_sentiment')).rows[0].n)).toBe(N);
    } finally {
      await c.end();
    }
    await producer.close();
  }, 200_000);
});
