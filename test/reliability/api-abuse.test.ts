import { type App, buildApp } from '@pantau/api';
import { createApiKey, type DatabaseHandle, migrate, openDatabase, revokeApiKey, writeAnalyzedBatch } from '@pantau/db';
import { loadSentimentModel } from '@pantau/sentiment';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { makeAnalyzed, makePost } from '../support/posts.ts';

// Hostile and random input against every endpoint: never a 500, never a stack trace, SQL text or secret in a body.
let testDb: TestDatabase;
let handle: DatabaseHandle;
let app: App;
let admin = '';
let reader = '';
let revoked = '';

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  const model = await loadSentimentModel();
  await writeAnalyzedBatch(handle.db, {
    modelVersion: model.manifest.version,
    posts: [
      makeAnalyzed(makePost({ externalId: '1' }), { offset: 1 }),
      makeAnalyzed(makePost({ externalId: '2' }), { offset: 2, label: 'positive' }),
    ],
    exclusions: [],
  });
  admin = (await createApiKey(handle.db, 'admin', ['admin'])).secret;
  reader = (await createApiKey(handle.db, 'reader', ['read'])).secret;
  const old = await createApiKey(handle.db, 'old', ['admin']);
  revoked = old.secret;
  await revokeApiKey(handle.db, old.key.id);
  app = await buildApp({
    db: handle.db,
    pingDatabase: () => handle.ping(),
    model,
    software: { version: 't', commit: 't' },
    rateLimitPerMinute: 1_000_000,
  });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await handle?.close();
  await testDb?.drop();
});

const LEAKS = /\bat \S+ \(|node_modules|\.ts:\d+|select .* from|insert into|syntax error at|pantau_[0-9a-f]{12}_|postgres:\/\//i;

function expectSafe(res: { statusCode: number; body: string }, context: string) {
  expect(res.statusCode, context).toBeLessThan(500);
  expect(res.body, context).not.toMatch(LEAKS);
}

const ENDPOINTS = [
  '/v1/sentiment',
  '/v1/sentiment/daily',
  '/v1/volume',
  '/v1/keywords/top',
  '/v1/mentions',
  '/v1/keywords/iuran/series',
  '/v1/topics',
  '/v1/reports',
  '/v1/model',
  '/v1/methodology',
  '/v1/coverage',
];
const PARAMS = ['from', 'to', 'platform', 'topic', 'granularity', 'limit', 'label', 'term', 'cursor', 'connector', 'unknown'];
const HOSTILE = [
  "' OR 1=1 --",
  "2026-11-10'; DROP TABLE posts; --",
  '1; select pg_sleep(5)',
  '../../../../etc/passwd',
  '%00',
  '{"$gt":""}',
  '<script>alert(1)</script>',
  '9'.repeat(400),
  '-1',
  '1e309',
  'NaN',
  '2026-02-30',
  '０１２３',
  '\u202e\u0000',
];

describe('API abuse', () => {
  it('answers random and hostile values of every query parameter on every endpoint without a 500 or a leak', async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.constantFrom(...HOSTILE),
      fc.integer().map(String),
      fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString().slice(0, 10))),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS),
        fc.dictionary(fc.constantFrom(...PARAMS), value, { maxKeys: 4 }),
        async (path, params) => {
          const url = `${path}?${new URLSearchParams(params).toString()}`;
          const res = await app.inject({ url, headers: { authorization: `Bearer ${reader}` } });
          expectSafe(res, url);
        },
      ),
      { numRuns: 400, seed: 20261124 },
    );
  });

  it('keeps SQL injection and path traversal inert in paths and bodies', async () => {
    for (const path of [
      "/v1/keywords/' OR 1=1 --/series",
      '/v1/keywords/..%2F..%2Fetc%2Fpasswd/series',
      '/v1/reports/daily/..%2F..%2Fpackage.json',
      '/assets/..%2F..%2F..%2Fpackage.json',
      '/assets/../../src/app.ts',
      '/v1/topics/1%20OR%201=1',
      '/docs/../../package.json',
    ]) {
      const res = await app.inject({ url: path, headers: { authorization: `Bearer ${reader}` } });
      expectSafe(res, path);
      expect(res.body).not.toContain('"name": "@pantau');
    }
    for (const hostile of HOSTILE) {
      const url = `/v1/authors/${encodeURIComponent(hostile)}`;
      const res = await app.inject({ method: 'DELETE', url, headers: { authorization: `Bearer ${admin}` } });
      expectSafe(res, url);
      expect([400, 414], url).toContain(res.statusCode);
    }
    const created = await app.inject({
      method: 'POST',
      url: '/v1/topics',
      headers: { authorization: `Bearer ${admin}` },
      payload: { name: "x'); DROP TABLE posts; --", query: 'iuran OR "\'; DELETE FROM posts; --"' },
    });
    expect(created.statusCode).toBe(201);
    const still = await app.inject({ url: '/v1/sentiment?from=2026-11-01&to=2026-11-30', headers: { authorization: `Bearer ${reader}` } });
    expect(still.json().data.total.posts).toBe(2);
  });

  it.each([
    ['no key', undefined, 401],
    ['a malformed header', 'Basic abc', 401],
    ['an unknown key', 'Bearer pantau_000000000000_nope', 401],
    ['a revoked key', 'revoked', 401],
    ['a very long key', `Bearer ${'a'.repeat(5000)}`, 401],
  ])('refuses %s with a coded 401', async (_name, header, status) => {
    const authorization = header === 'revoked' ? `Bearer ${revoked}` : header;
    const res = await app.inject({ url: '/v1/sentiment', headers: authorization ? { authorization } : {} });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe('UNAUTHORIZED');
    expectSafe(res, String(header));
  });

  it('refuses a read key on admin and ingest routes with 403', async () => {
    for (const [method, url] of [
      ['POST', '/v1/topics'],
      ['DELETE', '/v1/topics/1'],
      ['POST', '/v1/ingest/posts'],
      ['DELETE', '/v1/authors/0123456789abcdef'],
    ] as const) {
      const res = await app.inject({ method, url, headers: { authorization: `Bearer ${reader}` }, payload: {} });
      expect(res.statusCode, url).toBe(403);
    }
  });

  it('refuses oversized and malformed bodies without a 500', async () => {
    const huge = await app.inject({
      method: 'POST',
      url: '/v1/topics',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      payload: `{"name":"${'x'.repeat(2 * 1024 * 1024)}"}`,
    });
    expect(huge.statusCode).toBe(413);
    const broken = await app.inject({
      method: 'POST',
      url: '/v1/topics',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(broken.statusCode).toBe(400);
    expectSafe(broken, 'broken json');
  });
});
