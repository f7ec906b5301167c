import { EMOTION_CLASSES, type EmotionPrediction, jakartaDay } from '@pantau/contracts';
import { createApiKey, createTopic, type DatabaseHandle, forgetAuthor, migrate, openDatabase, rowsOf } from '@pantau/db';
import type { SignedPost } from '@pantau/e2e/support/campaigns.ts';
import { writeAndCoordinate } from '@pantau/e2e/support/coordinate.ts';
import { createTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import { analyzeText, CoordinationIndex, nearDuplicateSignature } from '@pantau/text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from './app.ts';

// Posts over two days and two platforms, labelled by the real emotion head; a campaign of five authors posting one
// text within a minute is coordinated (k = 5). The API's figures are checked against counts read straight from SQL.
const RULE = { minAuthors: 5, windowSeconds: 60, similarity: 0.7 };
const CAMPAIGN = 'kami marah sekali dengan kenaikan harga beras yang tidak masuk akal, pemerintah harus tanggung jawab';
const TEXTS = [
  'aku takut banget besok ujian, belum belajar sama sekali',
  'senang sekali hari ini bisa kumpul bareng keluarga besar',
  'sayang kamu selamanya, terima kasih sudah selalu ada',
  'sedih rasanya ditinggal teman terbaik pindah kota',
  'kesal banget antre dua jam di kantor kelurahan',
  'bahagia lihat anak-anak tertawa di taman',
  'khawatir dengan kondisi ibu yang masih di rumah sakit',
  'rindu kampung halaman, ingin pulang tapi belum bisa',
];

let testDb: TestDatabase;
let handle: DatabaseHandle;
let app: App;
let model: SentimentModel;
let key = '';
let topicId = 0;

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  model = await loadSentimentModel();
  const head = model.emotion;
  if (!head) throw new Error('the active model has no emotion head');
  topicId = (await createTopic(handle.db, { name: 'Harga', query: 'harga OR antre' })).id;
  const items: { text: string; at: string; platform: 'x' | 'youtube'; topic: boolean }[] = [
    ...['', ' #tolak', ' !!', ' dong', ' sekarang'].map((e, i) => ({
      text: `${CAMPAIGN}${e}`,
      at: `2026-11-10T01:00:${10 + i * 10}Z`,
      platform: 'x' as const,
      topic: true,
    })),
    ...TEXTS.map((text, i) => ({
      text,
      at: `2026-11-${10 + (i % 2)}T0${2 + i}:00:00Z`,
      platform: i % 3 === 0 ? ('youtube' as const) : ('x' as const),
      topic: text.includes('antre'),
    })),
  ];
  const emotions = await head.predict(items.map((i) => i.text));
  const posts: SignedPost[] = items.map((item, n) => {
    const t = analyzeText(item.text);
    const post = makePost({
      externalId: `e${n}`,
      platform: item.platform,
      authorPseudonym: `${n}`.padEnd(64, 'b'),
      publishedAt: item.at,
      text: item.text,
    });
    return {
      ...makeAnalyzed(post, { offset: n, day: jakartaDay(item.at) }),
      keywords: t.keywords,
      topicIds: item.topic ? [topicId] : [],
      signature: nearDuplicateSignature(t.tokens, item.text, null, item.platform),
      emotion: emotions[n] as EmotionPrediction,
    };
  });
  // Two batches: the emotion rollup is added to, not overwritten.
  const index = new CoordinationIndex({ capacity: 1_000, horizonSeconds: 2 * 86_400 });
  for (const part of [posts.slice(0, 7), posts.slice(7)]) {
    await writeAndCoordinate(handle.db, index, RULE, part, model.manifest.version, {
      emotionModelVersion: head.manifest.version,
    });
  }
  key = (await createApiKey(handle.db, 'analyst', ['read'])).secret;
  app = await buildApp({
    db: handle.db,
    pingDatabase: () => handle.ping(),
    model,
    software: { version: '0.1.0', commit: 'test' },
    coordinationRule: RULE,
  });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await handle?.close();
  await testDb?.drop();
});

const get = async (url: string) => {
  const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
  return { status: res.statusCode, body: res.json() };
};

/** Label counts straight from the stored labels, with the same filters. */
async function countsFromSql(filter: { platform?: string; topic?: boolean; excludeCoordinated?: boolean; day?: string }) {
  // Values are the test's own constants (days, platform names, a topic id), written into the statement as literals.
  const result = await handle.db.execute(`
    select l.label, count(*)::int as n from emotion_labels l join posts p on p.id = l.post_id
    where p.day between '2026-11-10' and '2026-11-11'
      ${filter.day ? `and p.day = '${filter.day}'` : ''}
      ${filter.platform ? `and p.platform = '${filter.platform}'` : ''}
      ${filter.topic ? `and exists (select 1 from post_topics pt where pt.post_id = p.id and pt.topic_id = ${topicId})` : ''}
      ${filter.excludeCoordinated ? 'and not exists (select 1 from coordinated_posts cp where cp.post_id = p.id)' : ''}
    group by l.label`);
  const counts: Record<string, number> = { anger: 0, fear: 0, happy: 0, love: 0, sadness: 0, uncertain: 0 };
  for (const r of rowsOf(result)) counts[String(r.label)] = Number(r.n);
  return counts;
}

const W = 'from=2026-11-10&to=2026-11-11';

describe('GET /v1/emotions', () => {
  it('counts per day and in total as the stored labels do, with Wilson shares over answered posts', async () => {
    const res = await get(`/v1/emotions?${W}`);
    expect(res.status).toBe(200);
    const expected = await countsFromSql({});
    const { total, series } = res.body.data;
    expect(total.posts).toBe(13);
    expect(total.abstained).toBe(expected.uncertain);
    for (const c of EMOTION_CLASSES) expect(total.counts[c]).toBe(expected[c]);
    expect(total.answered).toBe(13 - (expected.uncertain ?? 0));
    const anger = total.shares.anger;
    expect(anger).toMatchObject({ successes: expected.anger, trials: total.answered });
    expect(anger.low).toBeLessThanOrEqual(anger.share);
    expect(anger.high).toBeGreaterThanOrEqual(anger.share);
    expect(series.map((p: { period: string }) => p.period)).toEqual(['2026-11-10', '2026-11-11']);
    const day11 = await countsFromSql({ day: '2026-11-11' });
    for (const c of EMOTION_CLASSES) expect(series[1].counts[c]).toBe(day11[c]);
    // The campaign's five posts are one angry text: the head should read them as anger.
    expect(total.counts.anger).toBeGreaterThanOrEqual(5);
  });

  it('filters by platform and topic, and leaves coordinated posts out when asked, as SQL counts them', async () => {
    for (const [query, filter] of [
      ['platform=youtube', { platform: 'youtube' }],
      [`topic=${topicId}`, { topic: true }],
      ['excludeCoordinated=true', { excludeCoordinated: true }],
      [`topic=${topicId}&excludeCoordinated=true`, { topic: true, excludeCoordinated: true }],
    ] as const) {
      const res = await get(`/v1/emotions?${W}&${query}`);
      expect(res.status, query).toBe(200);
      const expected = await countsFromSql(filter);
      for (const c of EMOTION_CLASSES) expect(res.body.data.total.counts[c], `${query} ${c}`).toBe(expected[c]);
      expect(res.body.data.total.abstained).toBe(expected.uncertain);
    }
    const without = await get(`/v1/emotions?${W}&excludeCoordinated=true`);
    expect(without.body.data.total.posts).toBe(8);
    expect(without.body.disclosure.coordination).toMatchObject({ excluded: true, share: { successes: 5, trials: 13 } });
    const week = await get(`/v1/emotions?${W}&granularity=week`);
    expect(week.body.data.series).toMatchObject([{ period: '2026-11-09', posts: 13 }]);
  });

  it('names the emotion head, its held-out figure, the abstained share and the interval method in the disclosure', async () => {
    const { disclosure, data } = (await get(`/v1/emotions?${W}`)).body;
    const head = model.emotion?.manifest;
    expect(disclosure.emotion.model).toMatchObject({ name: 'pantau-emotion-id', version: head?.version, sha256: head?.sha256 });
    expect(disclosure.emotion.heldOut.join(' ')).toMatch(/held-out benchmark emot-valid \(n 440\): macro-F1 \d+\.\d/);
    expect(disclosure.emotion.abstained).toMatchObject({ successes: data.total.abstained, trials: 13 });
    expect(disclosure.emotion.unlabelled).toBe(0);
    expect(disclosure.emotion.abstainRule).toContain(String(head?.abstainThreshold));
    expect(disclosure.emotion.interval).toMatch(/Wilson/);
    expect(disclosure.population.postsCounted).toBe(13);
  });

  it('answers bad parameters with 400 naming the parameter', async () => {
    for (const [query, parameter] of [
      ['from=2026-13-40', 'from'],
      ['granularity=month', 'granularity'],
      ['platform=myspace', 'platform'],
      ['excludeCoordinated=perhaps', 'excludeCoordinated'],
      ['mood=happy', 'mood'],
    ] as const) {
      const res = await get(`/v1/emotions?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.parameter, query).toBe(parameter);
    }
    expect((await get('/v1/emotions?topic=999999')).status).toBe(404);
  });

  it('takes a forgotten author out of the emotion rollup, as a recount of the labels left', async () => {
    const before = (await get(`/v1/emotions?${W}`)).body.data.total;
    // Post e5 (the first organic text) is its author's only post.
    const forgotten = await forgetAuthor(handle.db, { pseudonym: '5'.padEnd(64, 'b'), requestedBy: 'test' });
    expect(forgotten.postsDeleted).toBe(1);
    const after = (await get(`/v1/emotions?${W}`)).body.data.total;
    expect(after.posts).toBe(before.posts - 1);
    const expected = await countsFromSql({});
    for (const c of EMOTION_CLASSES) expect(after.counts[c]).toBe(expected[c]);
  });
});
