import { type Bus, type BusConsumer, type BusProducer, createKafkaBus } from '@pantau/bus';
import { DeadLetter, TOPICS } from '@pantau/contracts';
import { type DatabaseHandle, migrate, openDatabase } from '@pantau/db';
import { createAnalyzer, startAnalysisConsumer } from '@pantau/pipeline';
import { loadSentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier } from '@pantau/text';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainTopic } from '../support/bus.ts';
import { startTestKafka, type TestKafka, uniqueName } from '../support/kafka.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { makePost } from '../support/posts.ts';

// Poison messages on posts.raw (from any producer, not only Pantau's ingest): each one is dead-lettered with its
// reason and counted, and the good posts around them all arrive.
let kafka: TestKafka;
let testDb: TestDatabase;
let handle: DatabaseHandle;
let bus: Bus;
let producer: BusProducer;
let consumer: BusConsumer;
const groupId = uniqueName('poison');

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
  bus = createKafkaBus({ brokers: kafka.brokers, clientId: 'poison', idempotent: false, compression: 'gzip' });
  producer = await bus.producer();
  const model = await loadSentimentModel();
  const analyzer = createAnalyzer({ db: handle.db, model, languages: await createLanguageIdentifier(), dlq: producer });
  consumer = await startAnalysisConsumer(bus, analyzer, { groupId, maxBatch: 50 });
}, 120_000);

afterAll(async () => {
  await consumer?.stop();
  await producer?.close();
  await bus?.close();
  await handle?.close();
  await testDb?.drop();
  await kafka?.stop();
});

const good = (id: string) => makePost({ externalId: id, text: `antrean di puskesmas lama sekali hari ini ${id}` });
const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const post = good('base');
const { text: _text, ...withoutText } = post;

// Twenty-eight kinds of bad input, each with the reason it must be dead-lettered for.
const POISON: [string, string | null, Buffer, string][] = [
  ['invalid JSON', 'x:p1', Buffer.from('{"platform":'), 'invalid_json'],
  ['truncated JSON', 'x:p2', Buffer.from(JSON.stringify(post).slice(0, 40)), 'invalid_json'],
  ['invalid UTF-8', 'x:p3', Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), 'invalid_utf8'],
  ['a JSON array', 'x:p4', json([post]), 'not_an_object'],
  ['JSON null', 'x:p5', Buffer.from('null'), 'not_an_object'],
  ['a JSON number', 'x:p6', Buffer.from('42'), 'not_an_object'],
  ['a newer schema version', 'x:p7', json({ ...post, schemaVersion: 2 }), 'schema_version'],
  ['no schema version', 'x:p8', json({ ...post, schemaVersion: undefined }), 'schema_version'],
  ['a missing text', 'x:base', json(withoutText), 'missing_field'],
  ['a missing platform', 'x:base', json({ ...post, platform: undefined }), 'missing_field'],
  ['engagement of the wrong type', 'x:p11', json({ ...good('p11'), engagement: { likes: 'lots' } }), 'wrong_type'],
  ['a text of 1 MB', 'x:p12', json({ ...good('p12'), text: 'a'.repeat(1024 * 1024) }), 'text_too_long'],
  ['an empty text', 'x:p13', json({ ...good('p13'), text: '' }), 'empty_text'],
  ['a blank text', 'x:p14', json({ ...good('p14'), text: ' \n\t ' }), 'empty_text'],
  ['control characters', 'x:p15', json({ ...good('p15'), text: 'iuran\u0007naik\u0000' }), 'control_characters'],
  ['script markup', 'x:p16', json({ ...good('p16'), text: 'promo <script>fetch("//evil")</script>' }), 'html_markup'],
  ['an event-handler attribute', 'x:p17', json({ ...good('p17'), text: '<img src=x onerror=alert(1)>' }), 'html_markup'],
  ['an invalid date', 'x:p18', json({ ...good('p18'), publishedAt: '2026-13-45T99:00:00Z' }), 'invalid_date'],
  ['a date before 2000', 'x:p19', json({ ...good('p19'), publishedAt: '1999-12-31T23:00:00Z' }), 'invalid_date'],
  ['a far-future date', 'x:p20', json({ ...good('p20'), publishedAt: '2099-01-01T00:00:00Z' }), 'future_date'],
  ['an unknown platform', 'myspace:p21', json({ ...good('p21'), platform: 'myspace' }), 'schema_invalid'],
  ['an unexpected field', 'x:p22', json({ ...good('p22'), handle: '@someone' }), 'schema_invalid'],
  ['a javascript: url', 'x:p23', json({ ...good('p23'), url: 'javascript:alert(1)' }), 'schema_invalid'],
  ['a key that is not the post', 'x:other', json(good('p24')), 'key_mismatch'],
  // The text rule: what Postgres cannot store, and what a recursive reader cannot walk.
  ['a bare NUL (quoted by the parser in its error)', 'x:p25', Buffer.from('\u0000'), 'invalid_json'],
  ['a JSON-escaped lone surrogate', 'x:p26', json({ ...good('p26'), text: 'iuran \ud800 naik' }), 'invalid_utf8'],
  ['a NUL in the language hint', 'x:p27', json({ ...good('p27'), langHint: 'i\u0000d' }), 'control_characters'],
  [
    'nesting 100,000 levels deep',
    'x:p28',
    Buffer.from(`{"schemaVersion":1,"text":${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
    'schema_invalid',
  ],
];

describe('poison messages', () => {
  it(`dead-letters ${POISON.length} kinds of bad input with their reasons while every good post arrives`, async () => {
    const messages = POISON.flatMap(([, key, value], i) => [
      { key, value },
      { key: `x:g${i}`, value: JSON.stringify(good(`g${i}`)) },
    ]);
    await producer.send(TOPICS.postsRaw, messages);
    const deadline = Date.now() + 60_000;
    while ((await bus.lag(groupId, TOPICS.postsRaw)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));

    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    try {
      const stored = (await client.query('select external_id from posts order by external_id')).rows.map((r) => r.external_id);
      expect(stored).toEqual(POISON.map((_, i) => `g${i}`).sort());
      const codes = (await client.query("select code, count(*)::int as n from exclusions where reason = 'invalid' group by code")).rows;
      const expected: Record<string, number> = {};
      for (const [, , , reason] of POISON) expected[reason] = (expected[reason] ?? 0) + 1;
      expect(Object.fromEntries(codes.map((r) => [r.code, r.n]))).toEqual(expected);
    } finally {
      await client.end();
    }
    const letters = (await drainTopic(bus, TOPICS.postsDlq, { expected: POISON.length, timeoutMs: 30_000 })).map((m) =>
      DeadLetter.parse(JSON.parse(m.value.toString())),
    );
    expect(letters.map((l) => l.reason).sort()).toEqual(POISON.map(([, , , reason]) => reason).sort());
    // The original bytes travel with the reason, so nothing is lost for a later look.
    const utf8 = letters.filter((l) => l.reason === 'invalid_utf8').map((l) => Buffer.from(l.valueBase64, 'base64').toString('hex'));
    expect(utf8).toContain('c328a0a1');
  });
});
