import { type App, buildApp } from '@pantau/api';
import { type BusConsumer, createMemoryBus } from '@pantau/bus';
import { publishItems } from '@pantau/connectors';
import { TOPICS } from '@pantau/contracts';
import { backfillTopic, createApiKey, type DatabaseHandle, migrate, openDatabase, topicQueries } from '@pantau/db';
import { createAnalyzer, startAnalysisConsumer } from '@pantau/pipeline';
import { loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import { analyzeText, createLanguageIdentifier, topicMatcher } from '@pantau/text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// Topics end to end: create a topic, back-fill stored posts, tag new posts as they arrive, and query every aggregate
// for the topic with numbers that can be counted by hand from the posts below.
let testDb: TestDatabase;
let handle: DatabaseHandle;
let app: App;
let consumer: BusConsumer;
let model: SentimentModel;
const bus = createMemoryBus({ defaultPartitions: 2 });
let admin = '';
let reader = '';

const post = (id: string, day: string, text: string, author = '@warga') => ({
  platform: 'x',
  externalId: id,
  author,
  publishedAt: `${day}T09:00:00+07:00`,
  text,
  engagement: { likes: 2, replies: 1, shares: 0, views: 10 },
});

async function ingest(items: ReturnType<typeof post>[]): Promise<void> {
  const producer = await bus.producer();
  await publishItems(
    items.map((item, i) => ({ ref: String(i), item })),
    { producer, pepper: 'topics-e2e-pepper-0123456789', source: { connector: 'test', runId: 'topics' } },
  );
  const deadline = Date.now() + 20_000;
  while ((await bus.lag('topics-e2e', TOPICS.postsRaw)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  model = await loadSentimentModel();
  const producer = await bus.producer();
  const analyzer = createAnalyzer({
    db: handle.db,
    model,
    languages: await createLanguageIdentifier(),
    dlq: producer,
    topics: () => topicQueries(handle.db),
    topicsRefreshMs: 0,
  });
  consumer = await startAnalysisConsumer(bus, analyzer, { groupId: 'topics-e2e', maxBatch: 50 });
  admin = (await createApiKey(handle.db, 'admin', ['admin'])).secret;
  reader = (await createApiKey(handle.db, 'reader', ['read'])).secret;
  app = await buildApp({
    db: handle.db,
    pingDatabase: () => handle.ping(),
    model,
    software: { version: 'e2e', commit: 'e2e' },
    startBackfill: (id, query) => void backfillTopic(handle.db, id, topicMatcher(query, analyzeText), { query, chunkSize: 2 }),
  });
});

afterAll(async () => {
  await consumer?.stop();
  await app?.close();
  await handle?.close();
  await testDb?.drop();
});

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, key: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

async function waitForBackfill(id: number) {
  for (let i = 0; i < 100; i++) {
    const topic = (await call('GET', `/v1/topics/${id}`, reader)).json().data;
    if (topic.backfill.state === 'done' || topic.backfill.state === 'failed') return topic;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('back-fill did not finish');
}

describe('topics', () => {
  it('back-fills stored posts, tags new ones on arrival, and scopes every aggregate to the topic', async () => {
    // Before the topic exists: two posts about contributions (one a promotion), one about queues.
    await ingest([
      post('t1', '2026-11-10', 'iuran bpjs naik lagi, kecewa banget'),
      post('t2', '2026-11-10', 'promo asuransi murah, bayar iuran sekali setahun'),
      post('t3', '2026-11-10', 'antrean di puskesmas lama sekali'),
    ]);

    const created = await call('POST', '/v1/topics', admin, { name: 'Iuran', query: '(iuran OR tunggakan) NOT promo' });
    expect(created.statusCode).toBe(201);
    const id = created.json().data.id as number;
    const filled = await waitForBackfill(id);
    expect(filled.backfill).toMatchObject({ state: 'done', processed: 3, matched: 1 });

    // After: tagged on arrival (t4, t5 match; t6 is about queues; t7 is English and excluded before tagging).
    await ingest([
      post('t4', '2026-11-11', 'tunggakan iuran 3 bulan, denda rawat inap mahal', '@a'),
      post('t5', '2026-11-11', 'alhamdulillah iuran pbi ditanggung pemerintah, terima kasih', '@b'),
      post('t6', '2026-11-11', 'dokter di puskesmas ramah', '@c'),
      post('t7', '2026-11-11', 'The contribution went up again and nobody explained why', '@d'),
    ]);

    const q = `from=2026-11-10&to=2026-11-11&topic=${id}`;
    const sentimentResponse = await call('GET', `/v1/sentiment/daily?${q}`, reader);
    if (sentimentResponse.statusCode !== 200) throw new Error(sentimentResponse.body);
    const sentiment = sentimentResponse.json();
    expect(sentiment.data.series.map((d: { period: string; posts: number }) => [d.period, d.posts])).toEqual([
      ['2026-11-10', 1],
      ['2026-11-11', 2],
    ]);
    expect(sentiment.data.total.posts).toBe(3);
    expect(sentiment.disclosure.population.postsCounted).toBe(3);

    const volume = (await call('GET', `/v1/volume?${q}`, reader)).json();
    expect(volume.data.series).toEqual([
      {
        period: '2026-11-10',
        posts: 1,
        uniqueAuthors: 1,
        likes: 2,
        replies: 1,
        shares: 0,
        views: 10,
        coordinated: expect.objectContaining({ share: 0, successes: 0, trials: 1 }),
      },
      {
        period: '2026-11-11',
        posts: 2,
        uniqueAuthors: 2,
        likes: 4,
        replies: 2,
        shares: 0,
        views: 20,
        coordinated: expect.objectContaining({ share: 0, successes: 0, trials: 2 }),
      },
    ]);

    const keywords = (await call('GET', `/v1/keywords/top?${q}&limit=3`, reader)).json();
    expect(keywords.data.keywords[0]).toMatchObject({ term: 'iuran', posts: 3 });

    const mentions = (await call('GET', `/v1/mentions?${q}`, reader)).json();
    expect(mentions.data.mentions.map((m: { externalId: string }) => m.externalId).sort()).toEqual(['t1', 't4', 't5']);
    // The labels behind the sentiment counts are the ones the mentions show.
    const labels = mentions.data.mentions.map((m: { label: string }) => m.label);
    const counted = sentiment.data.total.counts;
    expect(labels.filter((l: string) => l === 'negative').length).toBe(counted.negative);
    expect(labels.filter((l: string) => l === 'positive').length).toBe(counted.positive);
  });

  it('re-runs the back-fill when the query changes, and forgets a deleted topic', async () => {
    const id = (await call('POST', '/v1/topics', admin, { name: 'Puskesmas', query: 'puskesmas' })).json().data.id as number;
    expect((await waitForBackfill(id)).backfill.matched).toBe(2);
    const patched = await call('PATCH', `/v1/topics/${id}`, admin, { query: 'puskesmas AND dokter' });
    expect(patched.statusCode).toBe(200);
    expect((await waitForBackfill(id)).backfill.matched).toBe(1);
    expect((await call('DELETE', `/v1/topics/${id}`, admin)).statusCode).toBe(204);
    const gone = await call('GET', `/v1/sentiment/daily?topic=${id}`, reader);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.parameter).toBe('topic');
  });

  it('answers a malformed query with a 400 that points at the position, and needs the admin scope to change topics', async () => {
    const bad = await call('POST', '/v1/topics', admin, { name: 'x', query: '"bpjs kesehatan AND iuran' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'INVALID_QUERY', parameter: 'query', details: { position: 0 } });
    expect((await call('POST', '/v1/topics', reader, { name: 'x', query: 'iuran' })).statusCode).toBe(403);
    expect((await call('GET', '/v1/topics/99999', reader)).statusCode).toBe(404);
    expect((await call('PATCH', '/v1/topics/99999', admin, { name: 'y' })).statusCode).toBe(404);
  });

  it('refuses a second topic of the same name in any case, on create and on rename, with a coded 409', async () => {
    const first = await call('POST', '/v1/topics', admin, { name: 'Rawat inap', query: '"rawat inap"' });
    expect(first.statusCode).toBe(201);
    for (const name of ['Rawat inap', 'RAWAT INAP', '  rawat Inap ']) {
      const again = await call('POST', '/v1/topics', admin, { name, query: 'inap' });
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toMatchObject({ code: 'CONFLICT', parameter: 'name' });
    }
    const other = (await call('POST', '/v1/topics', admin, { name: 'Denda', query: 'denda' })).json().data.id as number;
    const renamed = await call('PATCH', `/v1/topics/${other}`, admin, { name: 'rawat INAP' });
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json().error).toMatchObject({ code: 'CONFLICT', parameter: 'name' });
    // Renaming a topic to its own name in another case is not a conflict; a blank name is refused by name.
    expect((await call('PATCH', `/v1/topics/${other}`, admin, { name: 'DENDA' })).json().data.name).toBe('DENDA');
    expect((await call('PATCH', `/v1/topics/${other}`, admin, { name: '   ' })).json().error).toMatchObject({
      code: 'INVALID_INPUT',
      parameter: 'name',
    });
    const names = (await call('GET', '/v1/topics', reader)).json().data.map((t: { name: string }) => t.name.toLowerCase());
    expect(names.filter((n: string) => n === 'rawat inap')).toHaveLength(1);
  });

  it('previews a query over a window without storing it: the count by hand and the newest matching posts', async () => {
    const before = (await call('GET', '/v1/topics', reader)).json().data.length;
    const preview = await call(
      'GET',
      `/v1/topics/preview?query=${encodeURIComponent('iuran NOT promo')}&from=2026-11-10&to=2026-11-11&sample=2`,
      reader,
    );
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    // Iuran posts: t1, t2 (a promotion), t4, t5; of the window's six Indonesian posts.
    expect(body.data).toMatchObject({ postsInWindow: 6, scanned: 6, complete: true, matched: 3 });
    expect(body.data.samples.map((m: { externalId: string }) => m.externalId)).toHaveLength(2);
    expect(body.data.samples.every((m: { text: string }) => /iuran/.test(m.text) && !/promo/.test(m.text))).toBe(true);
    expect(body.data.samples[0].day).toBe('2026-11-11');
    expect(body.disclosure.window).toMatchObject({ from: '2026-11-10', to: '2026-11-11' });
    const oneDay = (await call('GET', '/v1/topics/preview?query=iuran&from=2026-11-10&to=2026-11-10', reader)).json();
    expect(oneDay.data).toMatchObject({ postsInWindow: 3, matched: 2 });
    expect((await call('GET', '/v1/topics', reader)).json().data).toHaveLength(before);
  });

  it('answers a bad preview with a coded 400 naming the query and the text at fault', async () => {
    const bad = await call('GET', `/v1/topics/preview?query=${encodeURIComponent('iuran AND (denda OR')}`, reader);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'INVALID_QUERY', parameter: 'query', details: { position: 19 } });
    const unexpected = (await call('GET', `/v1/topics/preview?query=${encodeURIComponent('iuran ) denda')}`, reader)).json();
    expect(unexpected.error).toMatchObject({ code: 'INVALID_QUERY', parameter: 'query', details: { position: 6, near: ') denda' } });
    const missing = (await call('GET', '/v1/topics/preview', reader)).json();
    expect(missing.error).toMatchObject({ code: 'INVALID_QUERY', parameter: 'query' });
    const window = (await call('GET', '/v1/topics/preview?query=iuran&from=2026-11-12&to=2026-11-10', reader)).json();
    expect(window.error).toMatchObject({ code: 'INVALID_QUERY', parameter: 'from' });
  });
});
