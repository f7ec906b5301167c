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

// The broker goes down and comes back while ingest produces: ingest retries, and every post is stored exactly once
// (a produce retried after an unacknowledged success is a counted duplicate, never a second post).
const N = 5_000;
let kafka: TestKafka;
let testDb: TestDatabase;
let handle: DatabaseHandle;
let bus: Bus;
let consumer: BusConsumer;

beforeAll(async () => {
  kafka = await startTestKafka({
    topics: [
      { name: TOPICS.postsRaw, partitions: 2 },
      { name: TOPICS.postsDlq, partitions: 1 },
      { name: TOPICS.postsAnalyzed, partitions: 1 },
    ],
  });
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  bus = createKafkaBus({ brokers: kafka.brokers, clientId: 'broker-outage', idempotent: false, compression: 'gzip', retries: 10 });
}, 120_000);

afterAll(async () => {
  await consumer?.stop().catch(() => undefined);
  await bus?.close();
  await handle?.close();
  await testDb?.drop();
  await kafka?.stop();
});

describe('broker outage', () => {
  it('retries ingest through a broker restart and stores every post once', async () => {
    const producer = await bus.producer();
    const groupId = uniqueName('broker-outage');
    const analyzer = createAnalyzer({
      db: handle.db,
      model: await loadSentimentModel(),
      languages: await createLanguageIdentifier(),
      dlq: producer,
    });
    consumer = await startAnalysisConsumer(bus, analyzer, { groupId, maxBatch: 200 });
    const items = Array.from({ length: N }, (_, i) => ({
      ref: String(i),
      item: {
        platform: 'instagram',
        externalId: `b${i}`,
        author: `@a${i % 40}`,
        publishedAt: '2026-11-07T05:00:00Z',
        text: `mobile jkn error lagi ke-${i}`,
      },
    }));
    let published = 0;
    let outage: Promise<void> | null = null;
    for (let start = 0; start < N; start += 250) {
      if (start === 1_500) {
        await kafka.brokerDown();
        outage = new Promise((resolve) => setTimeout(() => void kafka.brokerUp().then(resolve), 3_000));
      }
      const { stats } = await publishItems(items.slice(start, start + 250), {
        producer,
        pepper: 'broker-pepper-0123456789',
        source: { connector: 'outage', runId: 'b' },
      });
      published += stats.published;
    }
    await outage;
    expect(published).toBe(N);

    const deadline = Date.now() + 120_000;
    const sql = new pg.Client({ connectionString: testDb.url });
    await sql.connect();
    try {
      const count = async (q: string) => Number((await sql.query(q)).rows[0].n);
      while ((await count('select count(*) as n from posts')) < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      while ((await bus.lag(groupId, TOPICS.postsRaw).catch(() => 1)) > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 250));
      expect(await count('select count(*) as n from posts')).toBe(N);
      expect(await count('select count(distinct external_id) as n from posts')).toBe(N);
      expect(await count('select coalesce(sum(posts), 0) as n from daily_sentiment')).toBe(N);
      // Anything the broker received twice is a counted duplicate, not a second post.
      expect(await count("select count(*) as n from exclusions where reason <> 'duplicate'")).toBe(0);
    } finally {
      await sql.end();
    }
  }, 240_000);
});
