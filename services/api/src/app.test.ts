import { createMemoryBus } from '@pantau/bus';
import { TOPICS } from '@pantau/contracts';
import { createApiKey, type DatabaseHandle, migrate, openDatabase, revokeApiKey, writeAnalyzedBatch } from '@pantau/db';
import { drainTopic } from '@pantau/e2e/support/bus.ts';
import { createTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { loadSentimentModel } from '@pantau/sentiment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from './app.ts';

let testDb: TestDatabase;
let handle: DatabaseHandle;
let app: App;
const bus = createMemoryBus();
const keys: Record<'read' | 'ingest' | 'revoked', string> = { read: '', ingest: '', revoked: '' };

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  const model = await loadSentimentModel();
  await writeAnalyzedBatch(handle.db, {
    modelVersion: model.manifest.version,
    posts: [
      makeAnalyzed(makePost({ externalId: '1' }), { offset: 1, label: 'negative', day: '2026-11-09', keywords: ['iuran', 'naik'] }),
      makeAnalyzed(makePost({ externalId: '2' }), { offset: 2, label: 'negative', day: '2026-11-10', keywords: ['iuran', 'naik'] }),
      makeAnalyzed(makePost({ externalId: '3' }), { offset: 3, label: 'negative', day: '2026-11-10', keywords: ['iuran'] }),
      makeAnalyzed(makePost({ externalId: '4' }), { offset: 4, label: 'positive', day: '2026-11-10', keywords: ['iuran', 'mantap'] }),
      makeAnalyzed(makePost({ externalId: '5' }), { offset: 5, label: 'uncertain', day: '2026-11-10', keywords: ['antrean'] }),
    ],
    exclusions: [{ ref: 'lang:x:9', reason: 'not_indonesian', code: 'en', stage: 'analysis', platform: 'x', day: '2026-11-10' }],
  });
  keys.read = (await createApiKey(handle.db, 'analyst', ['read'])).secret;
  keys.ingest = (await createApiKey(handle.db, 'collector', ['ingest'])).secret;
  const revoked = await createApiKey(handle.db, 'old', ['read']);
  keys.revoked = revoked.secret;
  await revokeApiKey(handle.db, revoked.key.id);
  const producer = await bus.producer();
  app = await buildApp({
    db: handle.db,
    pingDatabase: () => handle.ping(),
    model,
    software: { version: '0.1.0', commit: 'test' },
    producer,
    pepper: 'api-test-pepper-0123456789',
  });
});

afterAll(async () => {
  await app?.close();
  await handle?.close();
  await testDb?.drop();
});

const get = (url: string, key: string | null = keys.read) =>
  app.inject({ method: 'GET', url, headers: key ? { authorization: `Bearer ${key}` } : {} });

describe('API access', () => {
  it('answers health without a key and reports readiness', async () => {
    expect((await get('/v1/health', null)).json()).toEqual({ status: 'ok' });
    const ready = await get('/v1/ready', null);
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ ready: true, checks: { database: true } });
  });

  it.each([
    ['no key', null, 401],
    ['an unknown key', 'pantau_nope_nope', 401],
    ['a revoked key', 'revoked', 401],
    ['a key without the read scope', 'ingest', 403],
  ])('refuses %s', async (_name, key, status) => {
    const secret = key === 'revoked' ? keys.revoked : key === 'ingest' ? keys.ingest : key;
    const res = await get('/v1/sentiment/daily', secret);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN');
  });

  it.each([
    ['/v1/sentiment/daily?from=2026-13-01', 'from'],
    ['/v1/sentiment/daily?to=yesterday', 'to'],
    ['/v1/sentiment/daily?from=2026-11-10&to=2026-11-01', 'from'],
    ['/v1/sentiment/daily?granularity=hour', 'granularity'],
    ['/v1/sentiment/daily?platform=myspace', 'platform'],
    ['/v1/keywords/top?limit=0', 'limit'],
    ['/v1/keywords/top?limit=abc', 'limit'],
    ['/v1/keywords/top?from=2024-01-01&to=2026-01-01', 'from'],
  ])('gives a 400 naming the parameter for %s', async (url, parameter) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'INVALID_QUERY', parameter });
  });
});

describe('aggregates', () => {
  it('serves daily sentiment with Wilson intervals over answered posts and the disclosure', async () => {
    const res = await get('/v1/sentiment/daily?from=2026-11-09&to=2026-11-10');
    expect(res.statusCode).toBe(200);
    const { data, disclosure } = res.json();
    const day = data.series.find((d: { period: string }) => d.period === '2026-11-10');
    expect(day).toMatchObject({ posts: 4, abstained: 1, answered: 3, counts: { negative: 2, neutral: 0, positive: 1 } });
    expect(day.shares.negative.share).toBeCloseTo(2 / 3);
    expect(day.shares.negative.low).toBeLessThan(2 / 3);
    expect(day.netSentiment).toBeCloseTo(-1 / 3);
    expect(data.total).toMatchObject({ posts: 5, answered: 4 });
    expect(disclosure.population).toEqual({
      postsCounted: 5,
      excluded: { not_indonesian: 1, duplicate: 0, abstained: 1, invalid: 0 },
      redacted: { posts: 0, phone: 0, email: 0, nik: 0, bpjs: 0 },
      languages: { id: { posts: 5, share: 1 } },
    });
    expect(disclosure.method.timeZone).toBe('Asia/Jakarta');
    expect(disclosure.model.version).toBeTruthy();
    expect(disclosure.window).toEqual({ from: '2026-11-09', to: '2026-11-10', granularity: 'day' });
    expect(disclosure.software.commit).toBe('test');
    expect(disclosure.caveats.length).toBeGreaterThan(3);
  });

  it('defaults the window to the 14 days ending on the latest day with data', async () => {
    const { disclosure } = (await get('/v1/sentiment/daily')).json();
    expect(disclosure.window).toMatchObject({ from: '2026-10-28', to: '2026-11-10' });
  });

  it('serves top keywords with change against the previous period', async () => {
    const res = await get('/v1/keywords/top?from=2026-11-10&to=2026-11-10&limit=2');
    const { data } = res.json();
    expect(data.window).toEqual({ from: '2026-11-10', to: '2026-11-10', previousFrom: '2026-11-09', previousTo: '2026-11-09' });
    expect(data.keywords).toEqual([
      {
        term: 'iuran',
        key: 'iuran',
        kind: 'unigram',
        posts: 3,
        previousPosts: 1,
        change: 2,
        sentiment: { negative: 2, neutral: 0, positive: 1, uncertain: 0 },
        coordinatedPosts: 0,
      },
      {
        term: 'antrean',
        key: 'antrean',
        kind: 'unigram',
        posts: 1,
        previousPosts: 0,
        change: null,
        sentiment: { negative: 0, neutral: 0, positive: 0, uncertain: 1 },
        coordinatedPosts: 0,
      },
    ]);
  });
});

describe('ingest webhook', () => {
  it('publishes valid posts, lists rejected ones by index and records the run', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/ingest/posts',
      headers: { authorization: `Bearer ${keys.ingest}` },
      payload: {
        posts: [
          { platform: 'x', externalId: '77', author: '@someone', publishedAt: '2026-11-10T08:00:00+07:00', text: 'kartu KIS belum jadi' },
          { platform: 'x', externalId: '78', author: '@someone', publishedAt: 'not a date', text: 'x' },
        ],
      },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ received: 2, published: 1, rejected: [{ index: 1, reason: 'invalid_date' }] });
    const raw = await drainTopic(bus, TOPICS.postsRaw);
    expect(raw.map((m) => m.key)).toEqual(['x:77']);
  });

  it('refuses a read-only key, an empty batch and an oversized body', async () => {
    const read = await app.inject({
      method: 'POST',
      url: '/v1/ingest/posts',
      headers: { authorization: `Bearer ${keys.read}` },
      payload: { posts: [{}] },
    });
    expect(read.statusCode).toBe(403);
    const empty = await app.inject({
      method: 'POST',
      url: '/v1/ingest/posts',
      headers: { authorization: `Bearer ${keys.ingest}` },
      payload: { posts: [] },
    });
    expect(empty.statusCode).toBe(400);
    const huge = await app.inject({
      method: 'POST',
      url: '/v1/ingest/posts',
      headers: { authorization: `Bearer ${keys.ingest}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ posts: [{ text: 'a'.repeat(9 * 1024 * 1024) }] }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('volume, mentions and model', () => {
  it('serves volume with distinct author pseudonyms', async () => {
    const { data, disclosure } = (await get('/v1/volume?from=2026-11-10&to=2026-11-10')).json();
    // The fixture posts share one author pseudonym; distinct authors are estimated, and the disclosure says how well.
    expect(data.uniqueAuthors).toBe(1);
    expect(disclosure.distinctAuthors).toMatchObject({ method: 'hyperloglog', registers: 4096, relativeStandardError: 0.0163 });
    const exact = (await get('/v1/volume?from=2026-11-10&to=2026-11-10&excludeCoordinated=true')).json();
    expect(exact.disclosure.distinctAuthors).toMatchObject({ method: 'exact', registers: null, relativeError95: 0 });
    const [day] = data.series;
    expect(day).toMatchObject({ period: '2026-11-10', posts: 4, uniqueAuthors: 1, likes: 4, replies: 0, shares: 0, views: 40 });
    expect(day.coordinated).toMatchObject({ share: 0, successes: 0, trials: 4 });
    expect(Object.keys(day).sort()).toEqual(['coordinated', 'likes', 'period', 'posts', 'replies', 'shares', 'uniqueAuthors', 'views']);
  });

  it('pages mentions with a cursor, filters by label and term, and never shows a handle', async () => {
    const first = (await get('/v1/mentions?from=2026-11-09&to=2026-11-10&limit=3')).json();
    expect(first.data.mentions).toHaveLength(3);
    expect(first.data.nextCursor).toBeTruthy();
    const second = (await get(`/v1/mentions?from=2026-11-09&to=2026-11-10&limit=3&cursor=${first.data.nextCursor}`)).json();
    expect(second.data.mentions).toHaveLength(2);
    expect(second.data.nextCursor).toBeNull();
    const ids = [...first.data.mentions, ...second.data.mentions].map((m: { externalId: string }) => m.externalId);
    expect(new Set(ids).size).toBe(5);
    expect(first.data.mentions[0].author).toMatch(/^[0-9a-f]{16}$/);

    const negative = (await get('/v1/mentions?from=2026-11-09&to=2026-11-10&label=negative&term=naik')).json();
    expect(negative.data.mentions.map((m: { externalId: string }) => m.externalId).sort()).toEqual(['1', '2']);
    const bad = await get('/v1/mentions?cursor=not-a-cursor');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.parameter).toBe('cursor');
  });

  it('serves the model manifest and the methodology', async () => {
    const model = (await get('/v1/model')).json();
    expect(model.data.version).toBeTruthy();
    // Quality is quoted from held-out sets only, labelled as benchmark figures with dataset, n and interval.
    expect(model.data.evaluation.map((e: { dataset: string; heldOut: boolean; role: string }) => [e.dataset, e.heldOut, e.role])).toEqual([
      ['smsa-valid', true, 'held-out benchmark'],
      ['indolem-dev0', true, 'held-out benchmark'],
    ]);
    const method = (await get('/v1/methodology')).json();
    expect(method.data.method.timeZone).toBe('Asia/Jakarta');
    expect(method.data.model.evaluation).toEqual(model.data.evaluation);
    // The folder's other heads are named where the model is: the emotion head and the regional head with its languages.
    for (const heads of [model.data.heads, method.data.heads]) {
      expect(heads.emotion.version).toBeTruthy();
      expect(heads.emotion.evaluation.every((e: { heldOut: boolean }) => e.heldOut)).toBe(true);
      expect(heads.regional.languages).toEqual(['jav', 'sun', 'min', 'bjn', 'ban', 'mad']);
      expect(heads.regional.evaluation.length).toBeGreaterThan(0);
    }
    expect(method.data.benchmark.figures[0]).toMatch(/^held-out benchmark smsa-valid \(n \d+\): macro-F1 [\d.]+ \(95% CI [\d.]+–[\d.]+\)$/);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a key exceeds its limit', async () => {
    const limited = await buildApp({
      db: handle.db,
      pingDatabase: () => handle.ping(),
      model: await loadSentimentModel(),
      software: { version: '0.1.0', commit: 'test' },
      rateLimitPerMinute: 3,
    });
    try {
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof limited.inject>> | undefined;
      for (let i = 0; i < 5; i++) {
        last = await limited.inject({ url: '/v1/model', headers: { authorization: `Bearer ${keys.read}` } });
        statuses.push(last.statusCode);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
      expect(last?.json().error.code).toBe('RATE_LIMITED');
      // Health is never limited.
      expect((await limited.inject({ url: '/v1/health' })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('keyword series, headers and audit', () => {
  it('serves one keyword per day, found by its display form', async () => {
    // "Naik" is typed capitalized; it is normalized and stemmed as keywords are.
    const res = await get('/v1/keywords/Naik/series?from=2026-11-09&to=2026-11-10');
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({
      key: 'naik',
      series: [
        { period: '2026-11-09', posts: 1, negative: 1 },
        { period: '2026-11-10', posts: 1, negative: 1 },
      ],
    });
    expect((await get('/v1/keywords/satu%20dua%20tiga/series')).json().error.parameter).toBe('term');
  });

  it('answers /v1/sentiment like /v1/sentiment/daily', async () => {
    const a = (await get('/v1/sentiment?from=2026-11-09&to=2026-11-10&granularity=week')).json();
    const b = (await get('/v1/sentiment/daily?from=2026-11-09&to=2026-11-10&granularity=week')).json();
    expect(a.data).toEqual(b.data);
  });

  it('sets security headers and never caches API answers', async () => {
    const res = await get('/v1/model');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('writes an audit row per request with key, route, query, status and duration', async () => {
    await get('/v1/volume?from=2026-11-08&to=2026-11-10');
    await get('/v1/volume?from=bad');
    await app.close(); // flushes the buffered audit rows
    const client = new (await import('pg')).default.Client({ connectionString: testDb.url });
    await client.connect();
    const { rows } = await client.query(
      "select key_id, detail from audit_log where action = 'request' and detail->>'route' = '/v1/volume' order by id",
    );
    await client.end();
    expect(
      rows.map((r: { detail: { status: number; query: { from: string } } }) => [r.detail.status, r.detail.query.from]).slice(-2),
    ).toEqual([
      [200, '2026-11-08'],
      [400, 'bad'],
    ]);
    expect(rows[rows.length - 2].key_id).toMatch(/^[0-9a-f]{12}$/);
    expect(typeof rows[rows.length - 2].detail.ms).toBe('number');
  });
});
