import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type App, buildApp } from '@pantau/api';
import { type Bus, createKafkaBus, createMemoryBus } from '@pantau/bus';
import { fileConnector, publishItems, runConnector } from '@pantau/connectors';
import { TOPICS } from '@pantau/contracts';
import { createApiKey, type DatabaseHandle, migrate, openDatabase } from '@pantau/db';
import { SAMPLE_POSTS_FILE } from '@pantau/ingest';
import { createAnalyzer, startAnalysisConsumer } from '@pantau/pipeline';
import { loadSentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier } from '@pantau/text';
import autocannon from 'autocannon';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestKafka, type TestKafka, uniqueName } from '../support/kafka.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// Bounded load: the API at a stated rate for 30 s on loopback, and 100,000 posts through the pipeline, with zero errors
// and zero loss. Figures go to test/artifacts/load.json (and RELIABILITY.md).
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});
const figures: Record<string, unknown> = {};
const save = () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(`${ARTIFACTS}load.json`, `${JSON.stringify(figures, null, 2)}\n`);
};

describe('load', () => {
  it('serves 100 requests/s for 30 s across aggregate endpoints with zero errors', async () => {
    const testDb: TestDatabase = await createTestDatabase();
    const handle: DatabaseHandle = await openDatabase({ url: testDb.url });
    cleanup.push(async () => {
      await handle.close();
      await testDb.drop();
    });
    await migrate(handle);
    const model = await loadSentimentModel();
    const bus = createMemoryBus({ defaultPartitions: 2 });
    const producer = await bus.producer();
    const analyzer = createAnalyzer({ db: handle.db, model, languages: await createLanguageIdentifier(), dlq: producer });
    const consumer = await startAnalysisConsumer(bus, analyzer, { groupId: 'load', maxBatch: 500 });
    await runConnector(fileConnector(SAMPLE_POSTS_FILE), { producer, db: handle.db, pepper: 'load-pepper-0123456789' });
    while ((await bus.lag('load', TOPICS.postsRaw)) > 0) await new Promise((r) => setTimeout(r, 50));
    await consumer.stop();
    const { secret } = await createApiKey(handle.db, 'load', ['read']);
    const app: App = await buildApp({
      db: handle.db,
      pingDatabase: () => handle.ping(),
      model,
      software: { version: 'load', commit: 'load' },
      rateLimitPerMinute: 1_000_000,
    });
    cleanup.push(() => app.close());
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const result = await autocannon({
      url,
      connections: 16,
      overallRate: 100,
      duration: 30,
      headers: { authorization: `Bearer ${secret}` },
      requests: [
        { path: '/v1/sentiment?from=2026-11-01&to=2026-11-14' },
        { path: '/v1/keywords/top?from=2026-11-08&to=2026-11-14&limit=20' },
        { path: '/v1/volume?from=2026-11-01&to=2026-11-14' },
        { path: '/v1/mentions?from=2026-11-10&to=2026-11-10&limit=20' },
      ],
    });
    figures.api = {
      rate: 100,
      seconds: 30,
      requests: result.requests.total,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      meanReqPerSec: result.requests.average,
    };
    save();
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    // A stall guard, not a speed test (throughput is measured by `pnpm bench`): the API kept answering all along while
    // another test file shares the two cores; the achieved rate is recorded in test/artifacts/load.json.
    expect(result.requests.total).toBeGreaterThan(30 * 100 * 0.5);
  }, 120_000);

  it('carries 100,000 posts through the broker and analysis into Postgres with zero loss', async () => {
    const N = 100_000;
    const kafka: TestKafka = await startTestKafka({
      topics: [
        { name: TOPICS.postsRaw, partitions: 12 },
        { name: TOPICS.postsDlq, partitions: 1 },
        { name: TOPICS.postsAnalyzed, partitions: 1 },
      ],
    });
    const testDb = await createTestDatabase();
    const handle = await openDatabase({ url: testDb.url });
    const bus: Bus = createKafkaBus({ brokers: kafka.brokers, clientId: 'load', idempotent: false, compression: 'gzip' });
    cleanup.push(async () => {
      await bus.close();
      await handle.close();
      await testDb.drop();
      await kafka.stop();
    });
    await migrate(handle);
    const producer = await bus.producer();
    const groupId = uniqueName('load');
    const analyzer = createAnalyzer({
      db: handle.db,
      model: await loadSentimentModel(),
      languages: await createLanguageIdentifier(),
      dlq: producer,
    });
    const consumer = await startAnalysisConsumer(bus, analyzer, { groupId, maxBatch: 500 });
    const started = Date.now();
    const texts = [
      'antrean bpjs lama',
      'iuran naik lagi',
      'pelayanan puskesmas ramah',
      'obat kosong di apotek',
      'aplikasi mobile jkn sering gagal',
    ];
    for (let start = 0; start < N; start += 5_000) {
      const items = Array.from({ length: 5_000 }, (_, j) => {
        const i = start + j;
        return {
          ref: String(i),
          item: {
            platform: 'x',
            externalId: `l${i}`,
            author: `@u${i % 5000}`,
            publishedAt: new Date(Date.parse('2026-11-01T00:00:00Z') + (i % 14) * 86_400_000).toISOString(),
            text: `${texts[i % texts.length]} ${i}`,
          },
        };
      });
      await publishItems(items, {
        producer,
        pepper: 'load-pepper-0123456789',
        source: { connector: 'load', runId: 'load' },
        chunkSize: 1_000,
      });
    }
    const published = Date.now();
    const sql = new pg.Client({ connectionString: testDb.url });
    await sql.connect();
    cleanup.push(() => sql.end());
    const count = async (q: string) => Number((await sql.query(q)).rows[0].n);
    const deadline = Date.now() + 400_000;
    while ((await bus.lag(groupId, TOPICS.postsRaw)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    const seconds = (Date.now() - started) / 1000;
    await consumer.stop();
    await producer.close();
    const stored = await count('select count(*) as n from posts');
    figures.pipeline = { posts: N, stored, produceSeconds: (published - started) / 1000, seconds, postsPerSec: Math.round(N / seconds) };
    save();
    // Zero loss: every post is stored, or excluded with a counted reason (language identification may exclude a few).
    const excluded = await count('select count(*) as n from exclusions');
    figures.pipeline = { ...(figures.pipeline as object), excluded };
    save();
    expect(stored + excluded).toBe(N);
    expect(excluded).toBeLessThan(N / 1000);
    expect(await count("select count(*) as n from exclusions where reason <> 'not_indonesian'")).toBe(0);
    expect(await count('select coalesce(sum(posts), 0) as n from daily_sentiment')).toBe(stored);
  }, 480_000);
});
