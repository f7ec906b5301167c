import { type Bus, type BusConsumer, type BusProducer, createKafkaBus } from '@pantau/bus';
import { newRunId, publishItems } from '@pantau/connectors';
import { TOPICS } from '@pantau/contracts';
import { type DatabaseHandle, migrate, openDatabase } from '@pantau/db';
import { createAnalyzer, createCoordinator, startAnalysisConsumer, startCoordinationConsumer } from '@pantau/pipeline';
import { loadSentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier } from '@pantau/text';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainTopic } from '../support/bus.ts';
import { startTestKafka, type TestKafka, uniqueName } from '../support/kafka.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// The coordination stage through a real Kafka-protocol broker: analysis commits posts and publishes them to
// posts.analyzed; the stage, its own consumer group, groups them afterwards; a restarted stage repeats nothing.
const PEPPER = 'coordination-pepper-0123456789';
const RULE = { minAuthors: 5, windowSeconds: 60, similarity: 0.7, repeated: { minAuthors: 10, windowSeconds: 86_400 } };
const CAMPAIGN = 'tolak kenaikan iuran bpjs kesehatan karena rakyat sedang susah dan pelayanan belum membaik';
const ORGANIC = [
  'antrean di puskesmas lama banget, pelayanan lambat dan ribet',
  'alhamdulillah klaim rawat inap cair cepat, petugasnya ramah',
  'aplikasi mobile jkn error terus pas mau daftar antrean online',
];
const T0 = Date.parse('2026-11-10T02:00:00Z');

let kafka: TestKafka;
let testDb: TestDatabase;
let handle: DatabaseHandle;
let bus: Bus;
let producer: BusProducer;
let analysis: BusConsumer;
let client: pg.Client;
const analysisGroup = uniqueName('coord-analysis');
const stageGroup = uniqueName('coord-stage');

const item = (i: number, author: string, text: string, atMs: number) => ({
  platform: 'x',
  externalId: `coord-${i}`,
  author,
  publishedAt: new Date(atMs).toISOString(),
  text,
  engagement: { likes: 0, replies: 0, shares: 0, views: 0 },
});

async function until(what: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await what()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('timed out');
}

const count = async (q: string) => Number((await client.query(q)).rows[0].n);

beforeAll(async () => {
  const topics = [
    { name: TOPICS.postsRaw, partitions: 2 },
    { name: TOPICS.postsDlq, partitions: 1 },
    { name: TOPICS.postsAnalyzed, partitions: 1 },
  ];
  kafka = await startTestKafka({ topics });
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  bus = createKafkaBus({ brokers: kafka.brokers, clientId: 'pantau-coord', idempotent: kafka.supportsIdempotence, compression: 'none' });
  await bus.ensureTopics(topics);
  producer = await bus.producer();
  const analyzer = createAnalyzer({
    db: handle.db,
    model: await loadSentimentModel(),
    languages: await createLanguageIdentifier(),
    dlq: producer,
    coordination: RULE,
  });
  analysis = await startAnalysisConsumer(bus, analyzer, { groupId: analysisGroup, maxBatch: 100 });
  client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
}, 180_000);

afterAll(async () => {
  await client?.end();
  await analysis?.stop();
  await producer?.close();
  await bus?.close();
  await handle?.close();
  await testDb?.drop();
  await kafka?.stop();
});

describe('coordination off the hot path', () => {
  it('commits analysed posts without waiting for coordination, then groups them in the stage; a restart repeats nothing', async () => {
    const source = { connector: 'e2e', runId: newRunId() };
    const campaign = Array.from({ length: 6 }, (_, a) =>
      item(a, `@kampanye${a}`, `${CAMPAIGN}${a % 2 ? ' sekarang' : ''}`, T0 + a * 5_000),
    );
    const organic = ORGANIC.map((text, i) => item(100 + i, `@warga${i}`, text, T0 + i * 600_000));
    await publishItems(
      [...campaign, ...organic].map((x, i) => ({ ref: String(i), item: x })),
      { producer, pepper: PEPPER, source },
    );
    await until(async () => (await bus.lag(analysisGroup, TOPICS.postsRaw)) === 0);

    // Stored and counted with no coordination stage running: the analysis commit did not wait for it.
    expect(await count('select count(*) as n from posts')).toBe(9);
    expect(await count('select count(*) as n from coordination_clusters')).toBe(0);
    expect(await count('select count(*) as n from coordinated_posts')).toBe(0);
    // What the stage will read: one message per stored post.
    const analysed = await drainTopic(bus, TOPICS.postsAnalyzed, { expected: 9 });
    expect(analysed).toHaveLength(9);

    // The stage starts and catches up: the campaign (6 authors within a minute) becomes one coordinated group.
    const lags: number[] = [];
    const stage = await startCoordinationConsumer(
      bus,
      createCoordinator({ db: handle.db, rule: RULE, memoryPosts: 10_000, onLags: (l) => lags.push(...l) }),
      { groupId: stageGroup, maxBatch: 1_000 },
    );
    await until(async () => (await bus.lag(stageGroup, TOPICS.postsAnalyzed)) === 0 && lags.length >= 9);
    await stage.stop();
    expect(
      await count(`select count(*) as n from coordination_clusters where kind = 'text' and coordinated and distinct_authors = 6`),
    ).toBe(1);
    expect(await count('select count(*) as n from coordinated_posts where coposting')).toBe(6);
    expect(await count('select coalesce(sum(posts), 0) as n from daily_coordinated_sentiment')).toBe(6);
    const progress = (await client.query('select posts, lag_p99_ms, lag_posts from coordination_progress')).rows[0];
    expect(Number(progress.posts)).toBe(9);
    expect(Number(progress.lag_posts)).toBe(9);
    // The lag is measured from the analysis commit, so it includes the time the stage was not running.
    expect(Math.min(...lags)).toBeGreaterThan(0);

    const snapshot = async () =>
      (
        await client.query(`select (select count(*) from post_clusters)::int as members, (select count(*) from coordination_clusters)::int as groups,
          (select count(*) from coordinated_posts)::int as marked, (select coalesce(sum(posts), 0) from daily_coordinated_sentiment)::int as rollup`)
      ).rows[0];
    const before = await snapshot();

    // A crash before the offsets were committed: the same messages are delivered again to a new stage process, whose
    // memory is refilled from the database. Nothing is counted twice.
    await producer.send(
      TOPICS.postsAnalyzed,
      analysed.map((m) => ({ key: m.key, value: m.value })),
    );
    const restarted = await startCoordinationConsumer(bus, createCoordinator({ db: handle.db, rule: RULE, memoryPosts: 10_000 }), {
      groupId: stageGroup,
      maxBatch: 1_000,
    });
    try {
      await until(async () => (await bus.lag(stageGroup, TOPICS.postsAnalyzed)) === 0);
      expect(await snapshot()).toEqual(before);

      // New copies of the campaign after the restart join the group the restarted stage found in the database.
      await publishItems(
        [6, 7].map((a) => ({ ref: `late-${a}`, item: item(a, `@kampanye${a}`, CAMPAIGN, T0 + 40_000 + a * 1_000) })),
        { producer, pepper: PEPPER, source },
      );
      await until(async () => (await count('select count(*) as n from coordinated_posts')) === 8);
      expect(await count(`select count(*) as n from coordination_clusters where kind = 'text'`)).toBe(1);
      expect(await count(`select max(distinct_authors) as n from coordination_clusters where kind = 'text'`)).toBe(8);
      expect(await count('select coalesce(sum(posts), 0) as n from daily_coordinated_sentiment')).toBe(8);
    } finally {
      await restarted.stop();
    }
  }, 240_000);
});
