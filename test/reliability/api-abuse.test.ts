import { type App, buildApp } from '@pantau/api';
import { createMemoryBus } from '@pantau/bus';
import { ERROR_CODES } from '@pantau/contracts';
import {
  createAnnotationTask,
  createApiKey,
  type DatabaseHandle,
  migrate,
  openDatabase,
  revokeApiKey,
  writeAnalyzedBatch,
} from '@pantau/db';
import { loadSentimentModel } from '@pantau/sentiment';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { makeAnalyzed, makePost } from '../support/posts.ts';

// Hostile and random input against every endpoint, on the embedded store and on Postgres: never a 500, every error in
// the documented shape, never a stack trace, SQL text or secret in a body.
let testDb: TestDatabase | undefined;
let handle: DatabaseHandle;
let app: App;
let admin = '';
let reader = '';
let revoked = '';

async function setUp(kind: Store): Promise<void> {
  testDb = kind === 'postgres' ? await createTestDatabase() : undefined;
  handle = await openDatabase(testDb ? { url: testDb.url } : { dataDir: 'memory://' });
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
  // Task 1 samples both posts, so the annotation routes are fuzzed past their lookups.
  await createAnnotationTask(handle.db, { name: 'abuse', from: '2026-11-01', to: '2026-11-30', size: 2, seed: 1 });
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
    producer: await createMemoryBus().producer(),
    pepper: 'abuse-test-pepper-0123456789',
  });
}

async function tearDown(): Promise<void> {
  await app?.close();
  await handle?.close();
  await testDb?.drop();
}

type Store = 'pglite' | 'postgres';

const LEAKS = /\bat \S+ \(|node_modules|\.ts:\d+|select .* from|insert into|syntax error at|pantau_[0-9a-f]{12}_|postgres:\/\//i;

/** Percent-encodes a path segment; a lone surrogate (which encodeURIComponent refuses) goes as its CESU-8 bytes. */
function encodePathSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

/** Generated cases per store, by test: reported in RELIABILITY.md. */
const cases: Record<string, number> = {};

function expectSafe(res: { statusCode: number; body: string; headers: Record<string, unknown> }, context: string) {
  expect(res.statusCode, context).toBeLessThan(500);
  expect(res.body, context).not.toMatch(LEAKS);
  if (res.statusCode >= 400) {
    // The documented shape: { error: { code, message, parameter? } } with a known code.
    expect(String(res.headers['content-type']), context).toMatch(/^application\/json/);
    const body = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown } };
    expect(ERROR_CODES, `${context}: ${res.body}`).toContain(body.error?.code);
    expect(typeof body.error?.message, context).toBe('string');
  }
}

const ENDPOINTS = [
  '/v1/sentiment',
  '/v1/sentiment/daily',
  '/v1/volume',
  '/v1/keywords/top',
  '/v1/mentions',
  '/v1/ratings/agreement',
  '/v1/keywords/iuran/series',
  '/v1/topics',
  '/v1/reports',
  '/v1/model',
  '/v1/methodology',
  '/v1/coverage',
  '/v1/annotation/tasks',
  '/v1/annotation/tasks/1',
  '/v1/annotation/tasks/1/items',
  '/v1/annotation/tasks/1/disagreements',
];
const PARAMS = [
  'from',
  'to',
  'platform',
  'topic',
  'granularity',
  'limit',
  'label',
  'term',
  'cursor',
  'connector',
  'task',
  'annotator',
  'showModel',
  'unknown',
];
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
  'iuran\u0000naik',
  '\ud800',
  'a\udc00b',
  '\uFEFFiuran',
  '99999999999999999999',
  '2147483648',
  '9007199254740993',
  '-0',
  '0x10',
  'x'.repeat(5000),
];
// Sent as written (not re-encoded): NUL, an encoded surrogate, truncated and stray escapes, bytes that are not UTF-8.
const RAW_ENCODED = ['%00', '%ED%A0%80', '%ED%B0%80', '%E0%A4%A', '%', '%%', '%zz', '%FF', '%C0%AF', '%F4%90%80%80', 'a%00b', '%2500'];

describe.each(['pglite', 'postgres'] as const)('API abuse (%s)', (kind) => {
  beforeAll(async () => {
    for (const name of Object.keys(cases)) delete cases[name];
    await setUp(kind);
  }, 60_000);
  afterAll(async () => {
    await tearDown();
    // One line per store with the generated cases of each fuzz test, for RELIABILITY.md.
    process.stdout.write(`api-abuse ${kind}: ${JSON.stringify(cases)}\n`);
  });

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
          cases.queryValues = (cases.queryValues ?? 0) + 1;
        },
      ),
      { numRuns: 400, seed: 20261124 },
    );
  });

  it('answers raw percent-encodings, huge ids and long values in queries and paths without a 500', async () => {
    const fragment = fc.oneof(fc.constantFrom(...RAW_ENCODED), fc.string({ maxLength: 8 }).map(encodeURIComponent));
    const raw = fc.array(fragment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
    const pathTemplates = [
      '/v1/keywords/{}/series',
      '/v1/topics/{}',
      '/v1/reports/daily/{}',
      '/v1/authors/{}',
      '/v1/annotation/tasks/{}',
      '/v1/annotation/tasks/{}/items',
      '/v1/{}',
      '/{}',
      '/assets/{}',
      '/docs/{}',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS, '/v1/no-such-route', '/no-such-page'),
        fc.constantFrom(...PARAMS),
        raw,
        fc.constantFrom(...pathTemplates),
        fc.oneof(raw, fc.constantFrom('99999999999999999999', '2147483648', '0', '-1', '1e309', 'x'.repeat(300))),
        fc.constantFrom('GET', 'DELETE', 'PATCH'),
        async (path, name, value, template, segment, method) => {
          for (const url of [`${path}?${name}=${value}`, `${path}?${value}=1`, template.replace('{}', segment)]) {
            const res = await app.inject({
              method,
              url,
              headers: { authorization: `Bearer ${admin}` },
              ...(method === 'PATCH' ? { payload: { name: 'x' } } : {}),
            });
            expectSafe(res, `${method} ${url}`);
            cases.rawUrls = (cases.rawUrls ?? 0) + 1;
          }
        },
      ),
      { numRuns: 300, seed: 20261206 },
    );
  });

  it('answers random, hostile and deeply nested JSON bodies on every body-taking route without a 500', async () => {
    const hostileString = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 10 }));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        hostileString,
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(
          fc.oneof(
            fc.constantFrom(
              'name',
              'query',
              'posts',
              'from',
              'to',
              'size',
              'seed',
              'postId',
              'label',
              'labels',
              '__proto__',
              'constructor',
            ),
            hostileString,
          ),
          tie('value'),
          {
            maxKeys: 3,
          },
        ),
      ),
    })).value;
    const nested = (depth: number, open: string, close: string) => `${open.repeat(depth)}${close.repeat(depth)}`;
    const body = fc.oneof(
      json.map((v) => JSON.stringify(v) ?? 'null'),
      fc.record({ name: hostileString, query: hostileString }).map((v) => JSON.stringify(v)),
      fc.array(json, { maxLength: 3 }).map((posts) => JSON.stringify({ posts })),
      fc.integer({ min: 30, max: 20_000 }).map((d) => `{"posts":[${nested(d, '[', ']')}]}`),
      fc.integer({ min: 30, max: 20_000 }).map((d) => `{"name":${nested(d, '{"a":', '}').replace(/}$/, '1}')}}`),
      fc.constantFrom('', '{', '{"name":', 'null', '[]', '"x"', '{"name":"\\u0000","query":"iuran"}', '{"name":"\\ud800","query":"iuran"}'),
    );
    const routes = [
      ['POST', '/v1/topics'],
      ['PATCH', '/v1/topics/1'],
      ['POST', '/v1/ingest/posts'],
      ['POST', '/v1/annotation/tasks'],
      ['POST', '/v1/annotation/tasks/1/labels'],
      ['POST', '/v1/annotation/tasks/1/adjudications'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        body,
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'text/plain',
          'application/xml',
          'application/x-www-form-urlencoded',
        ),
        async ([method, url], payload, contentType) => {
          const res = await app.inject({
            method,
            url,
            headers: { authorization: `Bearer ${admin}`, 'content-type': contentType },
            payload,
          });
          expectSafe(res, `${method} ${url} ${contentType} ${payload.slice(0, 80)}`);
          cases.bodies = (cases.bodies ?? 0) + 1;
        },
      ),
      { numRuns: 300, seed: 20261207 },
    );
  });

  it('answers hostile headers and oversized requests in the documented shape', async () => {
    for (const headers of [
      { authorization: `Bearer ${reader}`, 'x-big': 'a'.repeat(64 * 1024) },
      { authorization: `Bearer ${reader}\u0000` },
      { authorization: `Bearer ${reader}`, accept: '\u0000' },
      { authorization: `Bearer ${reader}`, 'content-type': 'application/json\u0000' },
    ]) {
      const res = await app.inject({ url: '/v1/sentiment?from=2026-11-01&to=2026-11-30', headers });
      expectSafe(res, JSON.stringify(Object.keys(headers)));
      cases.headers = (cases.headers ?? 0) + 1;
    }
    for (const url of [
      `/v1/mentions?term=${'a'.repeat(100_000)}`,
      `/v1/keywords/${'a'.repeat(10_000)}/series`,
      `/v1/${'a/'.repeat(5000)}`,
    ]) {
      const res = await app.inject({ url, headers: { authorization: `Bearer ${reader}` } });
      expectSafe(res, url.slice(0, 40));
      expect([400, 404, 414], url.slice(0, 40)).toContain(res.statusCode);
      cases.headers = (cases.headers ?? 0) + 1;
    }
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
    // Digits only are a valid pseudonym prefix (hex): those are deletions of nobody, not hostile input.
    for (const hostile of HOSTILE.filter((h) => !/^[0-9a-f]{16,64}$/.test(h))) {
      const url = `/v1/authors/${encodePathSegment(hostile)}`;
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
