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

// Hand-countable fixture, all on 2026-11-10 (Jakarta), every post by a different author:
// - a campaign: 5 authors post one text (small edits) within a minute, all negative → coordinated (k = 5);
// - a look-alike pair: 2 authors post one other text, positive → a cluster, but not coordinated;
// - 3 organic posts: positive, neutral, uncertain.
// With: 10 posts, negative 5, positive 3, neutral 1, uncertain 1. Without coordinated: 5 posts, negative 0.
const RULE = { minAuthors: 5, windowSeconds: 60, similarity: 0.7 };
const CAMPAIGN = 'tolak kenaikan iuran bpjs kesehatan karena rakyat sedang susah dan pelayanan belum membaik';
const PAIR = 'terima kasih perawat puskesmas kecamatan yang sabar melayani lansia setiap pagi';
const ORGANIC = [
  'antrean apotek rumah sakit daerah pagi ini cepat sekali',
  'jadwal vaksin anak sekolah diumumkan lewat aplikasi mobile',
  'kartu peserta saya belum aktif padahal sudah bayar bulan lalu',
];

let testDb: TestDatabase;
let handle: DatabaseHandle;
let app: App;
let key = '';
let topicId = 0;

function fixture(n: number, text: string, at: string, label: SentimentPrediction['label'], topicIds: number[]): SignedPost {
  const t = analyzeText(text);
  const post = makePost({ externalId: `c${n}`, authorPseudonym: `${n}`.padEnd(64, 'a'), publishedAt: at, text });
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
  topicId = (await createTopic(handle.db, { name: 'Iuran', query: 'iuran' })).id;
  const edits = ['', ' #tolak', ' 🙏', ' dong', ' sekarang'];
  const posts = [
    ...edits.map((e, i) => fixture(i, `${CAMPAIGN}${e}`, `2026-11-10T01:00:${10 + i * 10}Z`, 'negative', [topicId])),
    fixture(5, PAIR, '2026-11-10T03:00:00Z', 'positive', []),
    fixture(6, `${PAIR} 👍`, '2026-11-10T03:00:30Z', 'positive', []),
    fixture(7, ORGANIC[0] as string, '2026-11-10T04:00:00Z', 'positive', [topicId]),
    fixture(8, ORGANIC[1] as string, '2026-11-10T05:00:00Z', 'neutral', []),
    fixture(9, ORGANIC[2] as string, '2026-11-10T06:00:00Z', 'uncertain', []),
  ];
  // Two batches: the campaign reaches k authors only in the second, so its first posts become coordinated later.
  const index = new CoordinationIndex({ capacity: 1_000, horizonSeconds: 2 * 86_400 });
  await writeAndCoordinate(handle.db, index, RULE, posts.slice(0, 3), model.manifest.version);
  await writeAndCoordinate(handle.db, index, RULE, posts.slice(3), model.manifest.version);
  // For the report: a post on 2026-11-03 (so a 7-day baseline exists), and on 2026-11-12 a new term "tolak" in 10 posts,
  // 8 of them a campaign (8 authors within a minute) and 2 organic: the spike is 8 of 10 coordinated.
  const spikeDay = [
    fixture(20, ORGANIC[1] as string, '2026-11-03T05:00:00Z', 'neutral', []),
    ...Array.from({ length: 8 }, (_, i) =>
      fixture(
        21 + i,
        `kami tolak rencana penghapusan kelas rawat inap bpjs${i % 2 ? ' sekarang' : ''}`,
        `2026-11-12T02:00:${10 + i * 5}Z`,
        'negative',
        [],
      ),
    ),
    fixture(29, 'saya tolak ikut antre lagi besok', '2026-11-12T05:00:00Z', 'negative', []),
    fixture(30, 'warga tolak pungutan liar di loket puskesmas', '2026-11-12T07:00:00Z', 'negative', []),
  ];
  await writeAndCoordinate(handle.db, index, RULE, spikeDay, model.manifest.version);
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
const W = 'from=2026-11-10&to=2026-11-10';

describe('metrics with and without coordinated posts', () => {
  it('sentiment: every figure carries the coordinated share, and excludeCoordinated recomputes without those posts', async () => {
    const all = await get(`/v1/sentiment?${W}`);
    expect(all.status).toBe(200);
    expect(all.body.data.total).toMatchObject({ posts: 10, abstained: 1, answered: 9, counts: { negative: 5, neutral: 1, positive: 3 } });
    expect(all.body.disclosure.coordination).toMatchObject({
      rule: RULE,
      excluded: false,
      share: { successes: 5, trials: 10, share: 0.5 },
    });
    expect(all.body.disclosure.coordination.share.low).toBeCloseTo(0.2366, 3);
    expect(all.body.disclosure.coordination.share.high).toBeCloseTo(0.7634, 3);
    expect(all.body.disclosure.coordination.caveats.join(' ')).toMatch(/not the same as inauthentic/);
    expect(all.body.disclosure.population.postsCounted).toBe(10);
    // Per day too: the share behind a trend.
    expect(all.body.data.series).toMatchObject([{ period: '2026-11-10', coordinated: { successes: 5, trials: 10, share: 0.5 } }]);
    const week = await get(`/v1/sentiment?from=2026-11-09&to=2026-11-15&granularity=week&topic=${topicId}`);
    expect(week.body.data.series).toMatchObject([{ period: '2026-11-09', coordinated: { successes: 5, trials: 6 } }]);

    const without = await get(`/v1/sentiment?${W}&excludeCoordinated=true`);
    expect(without.body.data.total).toMatchObject({
      posts: 5,
      abstained: 1,
      answered: 4,
      counts: { negative: 0, neutral: 1, positive: 3 },
    });
    expect(without.body.data.total.shares.positive).toMatchObject({ successes: 3, trials: 4, share: 0.75 });
    expect(without.body.disclosure.population).toMatchObject({ postsCounted: 5, excluded: { coordinated: 5, abstained: 1 } });
    expect(without.body.disclosure.coordination).toMatchObject({ excluded: true, share: { successes: 5, trials: 10 } });
  });

  it('volume, mentions and keywords drop the campaign when asked', async () => {
    expect((await get(`/v1/volume?${W}`)).body.data.series).toMatchObject([
      { posts: 10, uniqueAuthors: 10, coordinated: { successes: 5, trials: 10 } },
    ]);
    expect((await get(`/v1/volume?${W}&excludeCoordinated=true`)).body.data.series).toMatchObject([{ posts: 5, uniqueAuthors: 5 }]);
    expect((await get(`/v1/mentions?${W}&limit=200`)).body.data.mentions).toHaveLength(10);
    const mentions = (await get(`/v1/mentions?${W}&limit=200&excludeCoordinated=true`)).body.data.mentions;
    expect(mentions.map((m: { externalId: string }) => m.externalId).sort()).toEqual(['c5', 'c6', 'c7', 'c8', 'c9']);

    const top = (await get(`/v1/keywords/top?${W}&limit=200`)).body.data.keywords;
    const byKey = (list: { key: string }[], k: string) => list.find((x) => x.key === k);
    expect(byKey(top, 'tolak')).toMatchObject({ posts: 5, coordinatedPosts: 5, sentiment: { negative: 5 } });
    // "pelayanan" (campaign) and "melayani" (pair) share the stem layan: 5 + 2 posts, 2 without the campaign.
    expect(byKey(top, 'layan')).toMatchObject({ posts: 7, coordinatedPosts: 5, sentiment: { negative: 5, positive: 2 } });
    const topWithout = (await get(`/v1/keywords/top?${W}&limit=200&excludeCoordinated=true`)).body.data.keywords;
    expect(byKey(topWithout, 'tolak')).toBeUndefined();
    expect(byKey(topWithout, 'layan')).toMatchObject({ posts: 2, coordinatedPosts: 0, sentiment: { negative: 0, positive: 2 } });

    expect((await get(`/v1/keywords/tolak/series?${W}`)).body.data.series).toMatchObject([{ posts: 5, negative: 5 }]);
    const seriesWithout = (await get(`/v1/keywords/tolak/series?${W}&excludeCoordinated=true`)).body.data.series;
    expect(seriesWithout.reduce((s: number, p: { posts: number }) => s + p.posts, 0)).toBe(0);
  });

  it('topic-scoped figures exclude from the tagged posts', async () => {
    const all = await get(`/v1/sentiment?${W}&topic=${topicId}`);
    expect(all.body.data.total).toMatchObject({ posts: 6, counts: { negative: 5, positive: 1 } });
    expect(all.body.disclosure.coordination.share).toMatchObject({ successes: 5, trials: 6 });
    const without = await get(`/v1/sentiment?${W}&topic=${topicId}&excludeCoordinated=true`);
    expect(without.body.data.total).toMatchObject({ posts: 1, counts: { negative: 0, positive: 1 } });
    expect((await get(`/v1/volume?${W}&topic=${topicId}&excludeCoordinated=true`)).body.data.series).toMatchObject([{ posts: 1 }]);
    expect((await get(`/v1/mentions?${W}&topic=${topicId}&excludeCoordinated=true`)).body.data.mentions).toHaveLength(1);
    expect((await get(`/v1/keywords/tolak/series?${W}&topic=${topicId}`)).body.data.series).toMatchObject([{ posts: 5 }]);
    expect((await get(`/v1/keywords/tolak/series?${W}&topic=${topicId}&excludeCoordinated=true`)).body.data.series).toEqual([]);
    const topTopic = (await get(`/v1/keywords/top?${W}&topic=${topicId}&limit=200`)).body.data.keywords;
    expect(topTopic.find((k: { key: string }) => k.key === 'tolak')).toMatchObject({ posts: 5, coordinatedPosts: 5 });
    const topTopicWithout = (await get(`/v1/keywords/top?${W}&topic=${topicId}&limit=200&excludeCoordinated=true`)).body.data.keywords;
    expect(topTopicWithout.find((k: { key: string }) => k.key === 'tolak')).toBeUndefined();
  });
});

describe('the daily report', () => {
  it("carries the day's coordinated share and can be built without the coordinated posts", async () => {
    const all = await get('/v1/reports/daily/2026-11-10');
    expect(all.status).toBe(200);
    expect(all.body.data.coordination).toMatchObject({ excluded: false, share: { successes: 5, trials: 10, share: 0.5 } });
    expect(all.body.data.volume.posts).toBe(10);
    const without = await get('/v1/reports/daily/2026-11-10?excludeCoordinated=true');
    expect(without.body.data.coordination).toMatchObject({ excluded: true, share: { successes: 5, trials: 10 } });
    expect(without.body.data.volume).toMatchObject({ posts: 5, uniqueAuthors: 5 });
    expect(without.body.data.sentiment.counts).toEqual({ negative: 0, neutral: 1, positive: 3 });
    expect(without.body.disclosure.population.excluded.coordinated).toBe(5);
    // The stored report is still the one with every post.
    expect((await get('/v1/reports/daily/2026-11-10')).body.data.volume.posts).toBe(10);
    const md = await app.inject({
      method: 'GET',
      url: '/v1/reports/daily/2026-11-10?lang=en',
      headers: { authorization: `Bearer ${key}`, accept: 'text/markdown' },
    });
    expect(md.body).toContain('## Coordinated posting');
    expect(md.body).toContain('In coordinated clusters: 5 of 10 posts');
  });

  it('states how much of each spike is coordinated', async () => {
    const report = (await get('/v1/reports/daily/2026-11-12')).body.data;
    const spike = report.spikes.find((s: { key: string }) => s.key === 'tolak');
    expect(spike.evidence).toMatchObject({ count: 10 });
    expect(spike.coordinated).toMatchObject({ successes: 8, trials: 10, share: 0.8 });
    const html = await app.inject({
      method: 'GET',
      url: '/v1/reports/daily/2026-11-12?lang=en',
      headers: { authorization: `Bearer ${key}`, accept: 'text/html' },
    });
    expect(html.body).toContain('Coordinated: 8 of the 10 posts');
    const without = (await get('/v1/reports/daily/2026-11-12?excludeCoordinated=true')).body.data;
    expect(without.spikes.find((s: { key: string }) => s.key === 'tolak')).toBeUndefined();
  });
});

describe('GET /v1/coordination/clusters', () => {
  it('lists the coordinated cluster with its posts, pseudonymized, and not the look-alike pair', async () => {
    const res = await get(`/v1/coordination/clusters?${W}`);
    expect(res.status).toBe(200);
    expect(res.body.data.clusters).toHaveLength(1);
    const [c] = res.body.data.clusters;
    expect(c).toMatchObject({
      kind: 'text',
      size: 5,
      distinctAuthors: 5,
      coordinated: true,
      representativeText: CAMPAIGN,
      similarityThreshold: 0.7,
      minAuthors: 5,
      windowSeconds: 60,
      postsInWindow: 5,
      firstAt: '2026-11-10T01:00:10.000Z',
      lastAt: '2026-11-10T01:00:50.000Z',
    });
    expect(c.posts).toHaveLength(5);
    for (const p of c.posts) expect(p.author).toMatch(/^[0-9a-f]{16}$/);
    expect(res.body.data.nextOffset).toBeNull();
    expect((await get(`/v1/coordination/clusters?${W}&topic=${topicId}&posts=2`)).body.data.clusters[0].posts).toHaveLength(2);
    expect((await get('/v1/coordination/clusters?from=2026-11-13&to=2026-11-14')).body.data.clusters).toEqual([]);
  });

  it.each([
    ['from=2026-11-10&to=nope', 'to'],
    ['from=2026-11-12&to=2026-11-10', 'from'],
    [`${W}&limit=0`, 'limit'],
    [`${W}&offset=-1`, 'offset'],
    [`${W}&excludeCoordinated=true`, 'excludeCoordinated'],
  ])('answers 400 naming the parameter for %s', async (query, parameter) => {
    const res = await get(`/v1/coordination/clusters?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_QUERY', parameter });
  });

  it('states the method and caveats in the methodology', async () => {
    const res = await get('/v1/methodology');
    expect(res.body.data.coordination.rule).toEqual(RULE);
    expect(res.body.data.coordination.method).toMatch(/MinHash/);
    expect(res.body.data.coordination.caveats.join(' ')).toMatch(/precision for recall/);
  });
});
