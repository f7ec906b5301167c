import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { createMemoryBus } from '@pantau/bus';
import { createApiKey, type DatabaseHandle, migrate, openDatabase, schema, writeAnalyzedBatch } from '@pantau/db';
import { createTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { loadSentimentModel } from '@pantau/sentiment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from './app.ts';

// The text rule and the bounds at the API's edge, on both stores: every refusal a coded 4xx naming what is wrong.
const HUGE_ID = '99999999999999999999';
const AGGREGATES_WITH_TOPIC = [
  '/v1/sentiment',
  '/v1/sentiment/daily',
  '/v1/volume',
  '/v1/keywords/top',
  '/v1/keywords/iuran/series',
  '/v1/mentions',
  '/v1/coordination/clusters',
  '/v1/reports/daily/2026-11-10',
  '/v1/summary',
];

interface Harness {
  app: App;
  handle: DatabaseHandle;
  testDb: TestDatabase | undefined;
  keys: { admin: string; read: string; ingest: string };
}

async function start(kind: 'pglite' | 'postgres'): Promise<Harness> {
  const testDb = kind === 'postgres' ? await createTestDatabase() : undefined;
  const handle = await openDatabase(testDb ? { url: testDb.url } : { dataDir: 'memory://' });
  await migrate(handle);
  const model = await loadSentimentModel();
  await writeAnalyzedBatch(handle.db, {
    modelVersion: model.manifest.version,
    posts: [makeAnalyzed(makePost({ externalId: '1' }), { offset: 1, keywords: ['iuran'] })],
    exclusions: [],
  });
  const keys = {
    admin: (await createApiKey(handle.db, 'admin', ['admin'])).secret,
    read: (await createApiKey(handle.db, 'reader', ['read'])).secret,
    ingest: (await createApiKey(handle.db, 'collector', ['ingest'])).secret,
  };
  const app = await buildApp({
    db: handle.db,
    pingDatabase: () => handle.ping(),
    model,
    software: { version: 't', commit: 't' },
    producer: await createMemoryBus().producer(),
    pepper: 'input-test-pepper-0123456789',
    rateLimitPerMinute: 1_000_000,
  });
  return { app, handle, testDb, keys };
}

async function stop(h: Harness | undefined): Promise<void> {
  await h?.app.close();
  await h?.handle.close();
  await h?.testDb?.drop();
}

/** The documented error shape, and nothing of the refused value echoed back. */
function expectCoded(res: { statusCode: number; json(): unknown; body: string }, status: number, code: string, parameter?: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json() as { error: { code: string; message: string; parameter?: string } };
  expect(body.error.code, res.body).toBe(code);
  expect(typeof body.error.message).toBe('string');
  if (parameter !== undefined) expect(body.error.parameter, res.body).toBe(parameter);
}

describe.each(['pglite', 'postgres'] as const)('input at the edge (%s)', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await start(kind);
  }, 60_000);
  afterAll(() => stop(h));

  const get = (url: string, key = h.keys.read) => h.app.inject({ url, headers: { authorization: `Bearer ${key}` } });

  it('refuses NUL, lone surrogates and malformed percent-encoding in query parameters with INVALID_TEXT naming them', async () => {
    for (const [query, parameter] of [
      ['term=%00', 'term'],
      ['term=iuran%00naik', 'term'],
      ['term=%ED%A0%80', 'term'],
      ['term=%E0%A4%A', 'term'],
      ['term=100%', 'term'],
      ['platform=%00', 'platform'],
      ['cursor=%FF', 'cursor'],
    ] as const) {
      const res = await get(`/v1/mentions?from=2026-11-01&to=2026-11-30&${query}`);
      expectCoded(res, 400, 'INVALID_TEXT', parameter);
      expect(res.body).not.toContain('\\u0000');
    }
    // A well-formed pair (an emoji) is text like any other.
    expect((await get('/v1/mentions?from=2026-11-01&to=2026-11-30&term=%F0%9F%98%A1')).statusCode).toBe(200);
  });

  it('refuses the same in path parameters and headers', async () => {
    expectCoded(await get('/v1/keywords/%00/series'), 400, 'INVALID_TEXT', 'term');
    expectCoded(await get('/v1/keywords/%ED%A0%80/series'), 400, 'INVALID_TEXT', 'path');
    expectCoded(await get('/v1/keywords/%E0%A4%A/series'), 400, 'INVALID_TEXT', 'path');
    const header = await h.app.inject({ url: '/v1/model', headers: { authorization: `Bearer ${h.keys.read}`, 'x-note': 'a\u0000b' } });
    expectCoded(header, 400, 'INVALID_TEXT', 'x-note');
  });

  it('refuses a topic id beyond the integer range on every route that takes one, by name, without echoing it', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await h.app.inject({
        method,
        url: `/v1/topics/${HUGE_ID}`,
        headers: { authorization: `Bearer ${h.keys.admin}` },
        ...(method === 'PATCH' ? { payload: { name: 'x' } } : {}),
      });
      expectCoded(res, 400, 'INVALID_QUERY', 'id');
      expect(res.body).not.toMatch(/100000000000000000000|1e\+20/);
    }
    for (const path of AGGREGATES_WITH_TOPIC) {
      for (const id of [HUGE_ID, '2147483648', '9007199254740993']) {
        const window = path.startsWith('/v1/reports/') || path === '/v1/summary' ? '' : 'from=2026-11-01&to=2026-11-30&';
        const res = await get(`${path}?${window}topic=${id}`);
        expectCoded(res, 400, 'INVALID_QUERY', 'topic');
        expect(res.body).not.toMatch(/100000000000000000000|9007199254740992/);
      }
    }
    // The largest id the database can hold is a plain miss.
    expectCoded(await get('/v1/topics/2147483647', h.keys.admin), 404, 'NOT_FOUND', 'id');
  });

  it('takes a JSON body as sent: a topic name sent as a number is refused, text in it follows the rule', async () => {
    const post = (payload: unknown) =>
      h.app.inject({ method: 'POST', url: '/v1/topics', headers: { authorization: `Bearer ${h.keys.admin}` }, payload: payload as object });
    expectCoded(await post({ name: 5, query: 'iuran' }), 400, 'INVALID_QUERY', 'name');
    expectCoded(await post({ name: 'bpjs', query: 7 }), 400, 'INVALID_QUERY', 'query');
    expectCoded(await post({ name: 'a\u0000b', query: 'iuran' }), 400, 'INVALID_TEXT', 'name');
    expectCoded(await post({ name: 'a\ud800b', query: 'iuran' }), 400, 'INVALID_TEXT', 'name');
    const patched = await h.app.inject({
      method: 'PATCH',
      url: '/v1/topics/1',
      headers: { authorization: `Bearer ${h.keys.admin}` },
      payload: { name: true },
    });
    expectCoded(patched, 400, 'INVALID_QUERY', 'name');
    const created = await post({ name: '\uFEFFbpjs 😡', query: 'iuran' });
    expect(created.statusCode).toBe(201);
    expect(created.json().data.name).toBe('\uFEFFbpjs 😡');
  });

  it('bounds JSON nesting before parsing: a webhook item nested 10,000 arrays deep is a 400, not a stack overflow', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/ingest/posts',
      headers: { authorization: `Bearer ${h.keys.ingest}`, 'content-type': 'application/json' },
      payload: `{"posts":[${deep}]}`,
    });
    expectCoded(res, 400, 'INVALID_INPUT', 'body');
  });

  it('checks webhook posts one by one: one breaking the text rule is rejected and counted, the others published', async () => {
    const item = (externalId: string, text: string) => ({
      platform: 'x',
      externalId,
      author: '@warga',
      publishedAt: '2026-11-10T08:00:00+07:00',
      text,
    });
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/ingest/posts',
      headers: { authorization: `Bearer ${h.keys.ingest}` },
      payload: { posts: [item('w1', 'iuran naik'), item('w2', 'iuran\u0000naik'), item('w3', 'iuran \udc00')] },
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({
      received: 3,
      published: 1,
      rejected: [
        { index: 1, reason: 'control_characters' },
        { index: 2, reason: 'invalid_utf8' },
      ],
    });
  });

  it('answers framework errors in the documented shape', async () => {
    const auth = { authorization: `Bearer ${h.keys.admin}` };
    const media = await h.app.inject({
      method: 'POST',
      url: '/v1/topics',
      headers: { ...auth, 'content-type': 'application/xml' },
      payload: '<x/>',
    });
    expectCoded(media, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const empty = await h.app.inject({
      method: 'POST',
      url: '/v1/topics',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '',
    });
    expectCoded(empty, 400, 'INVALID_INPUT');
    const broken = await h.app.inject({
      method: 'POST',
      url: '/v1/topics',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expectCoded(broken, 400, 'INVALID_INPUT');
    const poisoned = await h.app.inject({
      method: 'POST',
      url: '/v1/topics',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"name":"x","query":"iuran","__proto__":{"admin":true}}',
    });
    expectCoded(poisoned, 400, 'INVALID_INPUT');
    expectCoded(await get('/v1/%'), 400, 'INVALID_TEXT', 'path');
    expectCoded(await get(`/v1/keywords/${'a'.repeat(500)}/series`), 414, 'URI_TOO_LONG', 'path');
    expectCoded(await get(`/v1/mentions?term=${'a'.repeat(5000)}`), 414, 'URI_TOO_LONG', 'query');
  });

  it('keeps every request in the audit log: a NUL in a query never reaches its insert, matched route or not', async () => {
    const before = await settledAuditRows(h.handle);
    for (let i = 0; i < 5; i++) expect((await get('/v1/sentiment?from=2026-11-01&to=2026-11-30')).statusCode).toBe(200);
    const hostile = await h.app.inject({ url: '/v1/volume?from=2026-11-01&to=2026-11-30&platform=%00' });
    expectCoded(hostile, 400, 'INVALID_TEXT', 'platform');
    // A path no route matches is parsed by Fastify's not-found router: the rule holds there too.
    expectCoded(await h.app.inject({ url: '/v1/no-such-route?x=%00' }), 400, 'INVALID_TEXT', 'x');
    expect((await settledAuditRows(h.handle)) - before).toBe(7);
  });
});

/** Audit rows once the log's buffer has been flushed (it flushes every second): two reads a flush apart agree. */
async function settledAuditRows(handle: DatabaseHandle): Promise<number> {
  const count = async () => (await handle.db.select({ id: schema.auditLog.id }).from(schema.auditLog)).length;
  let last = -1;
  for (;;) {
    await new Promise((r) => setTimeout(r, 1_200));
    const now = await count();
    if (now === last) return now;
    last = now;
  }
}

describe('errors Node raises before any route (a listening server)', () => {
  let h: Harness;
  let port = 0;
  beforeAll(async () => {
    h = await start('pglite');
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    port = (h.app.server.address() as { port: number }).port;
  }, 60_000);
  afterAll(() => stop(h));

  const raw = (text: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(text));
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString('utf8');
      });
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });
  const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: { code: string } };

  it('answers headers over the size limit with a coded 431', async () => {
    const answer = await raw(`GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(answer).error.code).toBe('HEADERS_TOO_LARGE');
  });

  it('answers a URL over the size limit with a coded 431, and a malformed request with a coded 400', async () => {
    const long = await raw(`GET /v1/mentions?term=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(long).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(long).error.code).toBe('HEADERS_TOO_LARGE');
    const broken = await raw('GET /v1/health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
    expect(broken).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(broken).error.code).toBe('INVALID_INPUT');
  });

  it('still serves a normal request', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ port, host: '127.0.0.1', path: '/v1/health' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
  });
});
