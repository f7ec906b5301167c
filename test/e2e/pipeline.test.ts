import { buildApp } from '@pantau/api';
import { type Bus, type BusConsumer, type BusProducer, createKafkaBus } from '@pantau/bus';
import { newRunId, publishItems } from '@pantau/connectors';
import { DeadLetter, TOPICS } from '@pantau/contracts';
import { createApiKey, type DatabaseHandle, migrate, openDatabase } from '@pantau/db';
import { createAnalyzer, startAnalysisConsumer } from '@pantau/pipeline';
import { loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier } from '@pantau/text';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainTopic } from '../support/bus.ts';
import { startTestKafka, type TestKafka, uniqueName } from '../support/kafka.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { makePost } from '../support/posts.ts';

// End to end through a real Kafka-protocol broker and a real Postgres: ingest → posts.raw → analysis → Postgres → API.
const PEPPER = 'e2e-pepper-0123456789abcdef';
const INDONESIAN = [
  'antrean di puskesmas lama banget, pelayanan lambat dan ribet',
  'alhamdulillah klaim rawat inap cair cepat, petugasnya ramah',
  'iuran bpjs naik lagi, kecewa banget sama kebijakan ini',
  'cara mengaktifkan kembali kartu kis yang sudah tidak aktif bagaimana ya',
  'aplikasi mobile jkn error terus pas mau daftar antrean online',
  'obat di apotek faskes kosong, disuruh beli sendiri, parah',
  'terima kasih dokter dan perawat di rumah sakit, pelayanannya mantap',
  'rujukan ke rumah sakit harus lewat faskes pertama dulu kan',
];
const ENGLISH = [
  'The queue at the hospital was terrible today and the staff were rude',
  'Thank you to the nurses, the service this morning was excellent',
];

let kafka: TestKafka;
let testDb: TestDatabase;
let handle: DatabaseHandle;
let bus: Bus;
let producer: BusProducer;
let consumer: BusConsumer;
let model: SentimentModel;
const groupId = uniqueName('e2e-analysis');

const incoming = (i: number, text: string) => ({
  platform: i % 3 === 0 ? 'facebook' : 'x',
  externalId: `e2e-${i}`,
  author: `@warga${i % 17}`,
  publishedAt: new Date(Date.parse('2026-11-01T02:00:00Z') + (i % 10) * 86_400_000 + (i % 7) * 3_600_000).toISOString(),
  text: `${text} #${i % 5 === 0 ? 'BPJSKesehatan' : 'JKN'}`,
  engagement: { likes: i % 4, replies: 0, shares: i % 2, views: 10 },
});

const N_ID = 400;
const N_EN = 40;

beforeAll(async () => {
  kafka = await startTestKafka({
    topics: [
      { name: TOPICS.postsRaw, partitions: 3 },
      { name: TOPICS.postsDlq, partitions: 1 },
      { name: TOPICS.postsAnalyzed, partitions: 1 },
    ],
  });
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  bus = createKafkaBus({ brokers: kafka.brokers, clientId: 'pantau-e2e', idempotent: kafka.supportsIdempotence, compression: 'gzip' });
  await bus.ensureTopics([
    { name: TOPICS.postsRaw, partitions: 3 },
    { name: TOPICS.postsDlq, partitions: 1 },
    { name: TOPICS.postsAnalyzed, partitions: 1 },
  ]);
  producer = await bus.producer();
  model = await loadSentimentModel();
  const analyzer = createAnalyzer({ db: handle.db, model, languages: await createLanguageIdentifier(), dlq: producer });
  consumer = await startAnalysisConsumer(bus, analyzer, { groupId, maxBatch: 100 });
}, 180_000);

afterAll(async () => {
  await consumer?.stop();
  await producer?.close();
  await bus?.close();
  await handle?.close();
  await testDb?.drop();
  await kafka?.stop();
});

describe('pipeline through Kafka and Postgres', () => {
  it('stores each valid Indonesian post once, dead-letters malformed messages, and serves matching aggregates', async () => {
    const posts = [
      ...Array.from({ length: N_ID }, (_, i) => incoming(i, INDONESIAN[i % INDONESIAN.length] as string)),
      ...Array.from({ length: N_EN }, (_, i) => incoming(N_ID + i, ENGLISH[i % ENGLISH.length] as string)),
    ];
    const source = { connector: 'e2e', runId: newRunId() };
    const first = await publishItems(
      posts.map((item, i) => ({ ref: String(i), item })),
      { producer, pepper: PEPPER, source },
    );
    expect(first.stats.published).toBe(N_ID + N_EN);
    // 25 posts sent again (an overlapping back-fill): duplicates, not new posts.
    const again = await publishItems(
      posts.slice(0, 25).map((item, i) => ({ ref: String(i), item })),
      { producer, pepper: PEPPER, source },
    );
    expect(again.stats.published).toBe(25);
    // Messages that bypass ingest validation (another producer, a bug, an attack) must be dead-lettered by analysis.
    await producer.send(TOPICS.postsRaw, [
      { key: 'x:bad-1', value: '{"not json' },
      { key: 'x:bad-2', value: JSON.stringify({ schemaVersion: 99, text: 'versi baru' }) },
      { key: 'x:bad-3', value: JSON.stringify([1, 2, 3]) },
      { key: 'x:wrong', value: JSON.stringify(makePost({ externalId: 'e2e-wrong-key' })) },
      { key: 'x:bad-5', value: Buffer.from([0xc3, 0x28]) },
    ]);

    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && (await bus.lag(groupId, TOPICS.postsRaw)) > 0) await new Promise((r) => setTimeout(r, 250));
    expect(await bus.lag(groupId, TOPICS.postsRaw)).toBe(0);

    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    try {
      const count = async (q: string) => Number((await client.query(q)).rows[0].n);
      expect(await count('select count(*) as n from posts')).toBe(N_ID);
      expect(await count('select count(distinct (platform, external_id)) as n from posts')).toBe(N_ID);
      expect(await count("select count(*) as n from posts where author_pseudonym like '@%' or text like '%@warga%'")).toBe(0);
      const byReason = Object.fromEntries(
        (await client.query('select reason, count(*)::int as n from exclusions group by 1')).rows.map((r) => [r.reason, r.n]),
      );
      // 25 re-sent posts: the Indonesian ones are duplicates; English ones were excluded by language once per post.
      expect(byReason).toEqual({ duplicate: 25, not_indonesian: N_EN, invalid: 5 });
      const invalid = (await client.query("select code from exclusions where reason = 'invalid' order by code")).rows.map((r) => r.code);
      expect(invalid).toEqual(['invalid_json', 'invalid_utf8', 'key_mismatch', 'not_an_object', 'schema_version']);
      // Rollups equal a recount from the posts table.
      const rollup = await count('select coalesce(sum(posts), 0) as n from daily_sentiment');
      expect(rollup).toBe(N_ID);
    } finally {
      await client.end();
    }

    const dlq = await drainTopic(bus, TOPICS.postsDlq, { expected: 5, timeoutMs: 30_000 });
    const letters = dlq.map((m) => DeadLetter.parse(JSON.parse(m.value.toString())));
    expect(letters.map((l) => l.reason).sort()).toEqual([
      'invalid_json',
      'invalid_utf8',
      'key_mismatch',
      'not_an_object',
      'schema_version',
    ]);
    expect(letters.every((l) => l.stage === 'analysis' && l.offset !== null)).toBe(true);

    const { secret } = await createApiKey(handle.db, 'e2e', ['read']);
    const app = await buildApp({ db: handle.db, pingDatabase: () => handle.ping(), model, software: { version: 'e2e', commit: 'e2e' } });
    try {
      const auth = { authorization: `Bearer ${secret}` };
      const sentiment = (await app.inject({ url: '/v1/sentiment/daily?from=2026-11-01&to=2026-11-30', headers: auth })).json();
      expect(sentiment.data.total.posts).toBe(N_ID);
      expect(sentiment.data.series).toHaveLength(10);
      expect(sentiment.disclosure.population.postsCounted).toBe(N_ID);
      expect(sentiment.disclosure.population.excluded).toMatchObject({ duplicate: 25, not_indonesian: N_EN });
      const keywords = (await app.inject({ url: '/v1/keywords/top?from=2026-11-01&to=2026-11-30&limit=5', headers: auth })).json();
      expect(keywords.data.keywords.length).toBe(5);
      expect(keywords.data.keywords[0].posts).toBeGreaterThan(50);
    } finally {
      await app.close();
    }
  });
});
