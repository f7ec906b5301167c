import { jakartaDay, type SentimentPrediction } from '@pantau/contracts';
import { createApiKey, createTopic, type DatabaseHandle, migrate, openDatabase } from '@pantau/db';
import type { SignedPost } from '@pantau/e2e/support/campaigns.ts';
import { writeAndCoordinate } from '@pantau/e2e/support/coordinate.ts';
import { createTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { loadSentimentModel } from '@pantau/sentiment';
import { analyzeText, CoordinationIndex, nearDuplicateSignature } from '@pantau/text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from './app.ts';

// Leaving out one coordination rule's posts. All on 2026-11-10 (Jakarta), every post by a different author:
// - a co-posting campaign: 3 authors post one text (small edits) within a minute, negative → flagged by co-posting only
//   (3 authors are too few for the repeated-text rule, which needs 4);
// - a repeated text: 4 authors post one text verbatim two hours apart, positive → flagged by repeated text only;
// - 2 organic posts, neutral.
// 9 posts. Without either rule's posts: 2. Without co-posting's: 6 (4 positive). Without repeated text's: 5 (3 negative).
const RULE = { minAuthors: 3, windowSeconds: 60, similarity: 0.7, repeated: { minAuthors: 4, windowSeconds: 86_400 } };
const CAMPAIGN = 'tolak kenaikan iuran bpjs kesehatan karena rakyat sedang susah dan pelayanan belum membaik';
const REPEATED = 'terima kasih perawat puskesmas kecamatan yang sabar melayani lansia setiap pagi hari';
const ORGANIC = ['antrean apotek rumah sakit daerah pagi ini cepat sekali', 'jadwal vaksin anak sekolah diumumkan lewat aplikasi mobile'];
const W = 'from=2026-11-10&to=2026-11-10';

let testDb: TestDatabase;
let handle: DatabaseHandle;
let app: App;
let key = '';
let topicId = 0;

function fixture(n: number, text: string, at: string, label: SentimentPrediction['label'], topicIds: number[]): SignedPost {
  const t = analyzeText(text);
  const post = makePost({ externalId: `r${n}`, authorPseudonym: `${n}`.padEnd(64, 'b'), publishedAt: at, text });
  return {
    ...makeAnalyzed(post, { offset: n, label, day: jakartaDay(at) }),
    keywords: t.keywords,
    topicIds,
    signature: nearDuplicateSignature(t.tokens, text, null, 'x'),
  };
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  const model = await loadSentimentModel();
  topicId = (await createTopic(handle.db, { name: 'Puskesmas', query: 'puskesmas' })).id;
  const posts = [
    ...['', ' #tolak', ' dong'].map((e, i) => fixture(i, `${CAMPAIGN}${e}`, `2026-11-10T01:00:${10 + i * 10}Z`, 'negative', [topicId])),
    ...[2, 4, 6, 8].map((h, i) => fixture(3 + i, REPEATED, `2026-11-10T0${h}:00:00Z`, 'positive', [topicId])),
    fixture(7, ORGANIC[0] as string, '2026-11-10T09:00:00Z', 'neutral', [topicId]),
    fixture(8, ORGANIC[1] as string, '2026-11-10T09:30:00Z', 'neutral', []),
  ];
  const index = new CoordinationIndex({ capacity: 1_000, horizonSeconds: 2 * 86_400 });
  await writeAndCoordinate(handle.db, index, RULE, posts, model.manifest.version);
  key = (await createApiKey(handle.db, 'analyst', ['read'])).secret;
  app = await buildApp({
    db: handle.db,
    pingDatabase: () => handle.ping(),
    model,
    software: { version: '0.1.0', commit: 'test' },
    coordinationRule: RULE,
  });
});

afterAll(async () => {
  await app?.close();
  await handle?.close();
  await testDb?.drop();
});

const get = async (url: string) => {
  const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
  return { status: res.statusCode, body: res.json() };
};
const ids = (mentions: { externalId: string }[]) => mentions.map((m) => m.externalId).sort();

describe('excludeCoordinated by rule', () => {
  it('the fixture: three posts flagged by co-posting only, four by repeated text only', async () => {
    const { body } = await get(`/v1/sentiment?${W}`);
    expect(body.data.total).toMatchObject({ posts: 9, counts: { negative: 3, neutral: 2, positive: 4 } });
    expect(body.disclosure.coordination).toMatchObject({
      excluded: false,
      excludedRules: [],
      share: { successes: 7, trials: 9 },
      byRule: { coposting: { successes: 3 }, repeated: { successes: 4 } },
    });
  });

  it('repeated_text leaves out the posts the repeated-text rule flagged and keeps the co-posting ones, and says so', async () => {
    const res = await get(`/v1/sentiment?${W}&excludeCoordinated=repeated_text`);
    expect(res.status).toBe(200);
    expect(res.body.data.total).toMatchObject({ posts: 5, counts: { negative: 3, neutral: 2, positive: 0 } });
    expect(res.body.disclosure.coordination).toMatchObject({ excluded: true, excludedRules: ['repeated_text'], share: { successes: 7 } });
    expect(res.body.disclosure.population).toMatchObject({ postsCounted: 5, excluded: { coordinated: 4 } });
    const mentions = (await get(`/v1/mentions?${W}&limit=200&excludeCoordinated=repeated_text`)).body;
    expect(ids(mentions.data.mentions)).toEqual(['r0', 'r1', 'r2', 'r7', 'r8']);
    expect(mentions.disclosure.coordination.excludedRules).toEqual(['repeated_text']);
  });

  it('coposting leaves out the co-posting campaign and keeps the repeated text', async () => {
    const res = await get(`/v1/sentiment?${W}&excludeCoordinated=coposting`);
    expect(res.body.data.total).toMatchObject({ posts: 6, counts: { negative: 0, neutral: 2, positive: 4 } });
    expect(res.body.disclosure.coordination).toMatchObject({ excluded: true, excludedRules: ['coposting'] });
    expect(res.body.disclosure.population).toMatchObject({ postsCounted: 6, excluded: { coordinated: 3 } });
    expect(ids((await get(`/v1/mentions?${W}&limit=200&excludeCoordinated=coposting`)).body.data.mentions)).toEqual([
      'r3',
      'r4',
      'r5',
      'r6',
      'r7',
      'r8',
    ]);
    expect((await get(`/v1/volume?${W}&excludeCoordinated=coposting`)).body.data.series).toMatchObject([{ posts: 6, uniqueAuthors: 6 }]);
  });

  it('true leaves out both rules, as before', async () => {
    const res = await get(`/v1/sentiment?${W}&excludeCoordinated=true`);
    expect(res.body.data.total).toMatchObject({ posts: 2, counts: { neutral: 2 } });
    expect(res.body.disclosure.coordination).toMatchObject({ excluded: true, excludedRules: ['coposting', 'repeated_text'] });
    expect(ids((await get(`/v1/mentions?${W}&limit=200&excludeCoordinated=true`)).body.data.mentions)).toEqual(['r7', 'r8']);
  });

  it('keywords, volume, a topic and the day summary take the same choice', async () => {
    const byKey = (list: { key: string }[], k: string) => list.find((x) => x.key === k);
    // "tolak" is the campaign's alone; the repeated text's posts stay, counted as coordinated by the rule kept.
    const top = (await get(`/v1/keywords/top?${W}&limit=200&excludeCoordinated=repeated_text`)).body.data.keywords;
    expect(byKey(top, 'tolak')).toMatchObject({ posts: 3, coordinatedPosts: 3 });
    expect(byKey(top, 'puskesmas')).toBeUndefined();
    const topCoposting = (await get(`/v1/keywords/top?${W}&limit=200&excludeCoordinated=coposting`)).body.data.keywords;
    expect(byKey(topCoposting, 'tolak')).toBeUndefined();
    expect(byKey(topCoposting, 'puskesmas')).toMatchObject({ posts: 4, coordinatedPosts: 4 });
    expect((await get(`/v1/volume?${W}&excludeCoordinated=repeated_text`)).body.data.series).toMatchObject([{ posts: 5 }]);
    // The topic holds the campaign, the repeated text and one organic post.
    const topic = await get(`/v1/sentiment?${W}&topic=${topicId}&excludeCoordinated=repeated_text`);
    expect(topic.body.data.total).toMatchObject({ posts: 4, counts: { negative: 3, neutral: 1, positive: 0 } });
    expect(ids((await get(`/v1/mentions?${W}&topic=${topicId}&excludeCoordinated=coposting`)).body.data.mentions)).toEqual([
      'r3',
      'r4',
      'r5',
      'r6',
      'r7',
    ]);
    const summary = await get('/v1/summary?date=2026-11-10&excludeCoordinated=repeated_text');
    expect(summary.status).toBe(200);
    expect(summary.body.data.posts).toBe(5);
    expect(summary.body.disclosure.coordination.excludedRules).toEqual(['repeated_text']);
    expect((await get('/v1/summary?date=2026-11-10&excludeCoordinated=coposting')).body.data.posts).toBe(6);
  });

  it.each(['/v1/sentiment', '/v1/mentions', '/v1/volume', '/v1/summary'])(
    '%s answers 400 naming excludeCoordinated for a value that is not a rule',
    async (path) => {
      const res = await get(`${path}?excludeCoordinated=repeated`);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'INVALID_QUERY', parameter: 'excludeCoordinated' });
    },
  );
});
