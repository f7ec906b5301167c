import {
  createApiKey,
  createTopic,
  type DatabaseHandle,
  migrate,
  openDatabase,
  recordCoverageRun,
  watchDataChanges,
  writeAnalyzedBatch,
} from '@pantau/db';
import { createTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from './app.ts';

let testDb: TestDatabase;
let handle: DatabaseHandle;
let model: SentimentModel;
/** Keeps answers until the data changes (a kept answer is served from its kept bytes). */
let kept: App;
/** Computes every answer. */
let fresh: App;
let key = '';

/** What the route's response schema serializer and plain JSON.stringify write of each 200 payload, by URL. */
const written = new Map<App, Map<string, { schema: string; plain: string }>>();

/** Records, beside the answer served, what Fastify's schema serializer writes of the same payload. */
function recordSchemaSerialization(app: App): void {
  const byUrl = new Map<string, { schema: string; plain: string }>();
  written.set(app, byUrl);
  app.addHook('preSerialization', (request, reply, payload, done) => {
    if (reply.statusCode === 200)
      byUrl.set(request.url, {
        schema: reply.serializeInput(payload as Record<string, unknown>, '200') as string,
        plain: JSON.stringify(payload),
      });
    done(null, payload);
  });
}

const post = (externalId: string, day: string, label: 'negative' | 'positive', lang = 'id') => ({
  ...makeAnalyzed(
    makePost({
      externalId,
      authorPseudonym: externalId.repeat(64).slice(0, 64),
      publishedAt: `${day}T01:00:00.000Z`,
      // Quotes, accents and an emoji: text the answers must write as the schema serializer does.
      text: 'iuran naik lagi “kenapa” \u00e9 \ud83d\ude00',
    }),
    { offset: Number(externalId), label, day, keywords: ['iuran', 'naik'] },
  ),
  lang,
});

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  model = await loadSentimentModel();
  await createTopic(handle.db, { name: 'Iuran', query: 'iuran' });
  await writeAnalyzedBatch(handle.db, {
    modelVersion: model.manifest.version,
    posts: [post('1', '2026-11-09', 'negative'), post('2', '2026-11-10', 'positive'), post('3', '2026-11-10', 'negative', 'jav')],
    exclusions: [],
  });
  await recordCoverageRun(handle.db, {
    runId: 'run-1',
    connector: 'x',
    query: 'iuran',
    platform: 'x',
    startedAt: new Date('2026-11-10T02:00:00Z'),
    finishedAt: new Date('2026-11-10T02:01:00Z'),
    windowFrom: new Date('2026-11-09T17:00:00Z'),
    windowTo: new Date('2026-11-10T17:00:00Z'),
    fetched: 3,
    published: 3,
    rejected: { duplicate: 1 },
    lastError: 'rate limited "429"',
  });
  key = (await createApiKey(handle.db, 'analyst', ['read', 'admin'])).secret;
  const context = { db: handle.db, pingDatabase: () => handle.ping(), model, software: { version: '0.1.0', commit: 'test' } };
  kept = await buildApp({ ...context, dataChanges: watchDataChanges(handle) });
  fresh = await buildApp(context);
  recordSchemaSerialization(kept);
  recordSchemaSerialization(fresh);
  // The feed is live once it listens: kept answers are only kept from then on.
  for (let i = 0; i < 100 && !(await kept.inject({ method: 'GET', url: '/v1/ready' })).body.includes('"ok"'); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
}, 60_000);

afterAll(async () => {
  await kept?.close();
  await fresh?.close();
  await handle?.close();
  await testDb?.drop();
});

const WINDOW = 'from=2026-11-09&to=2026-11-10';
const URLS = [
  `/v1/sentiment?${WINDOW}`,
  `/v1/sentiment?${WINDOW}&granularity=week&topic=1`,
  `/v1/sentiment?${WINDOW}&language=jav`,
  `/v1/sentiment?${WINDOW}&excludeCoordinated=true`,
  `/v1/volume?${WINDOW}`,
  `/v1/volume?${WINDOW}&language=id`,
  `/v1/keywords/top?${WINDOW}&limit=20`,
  `/v1/keywords/iuran/series?${WINDOW}`,
  `/v1/coverage?${WINDOW}`,
  `/v1/emotions?${WINDOW}`,
  `/v1/coordination/clusters?${WINDOW}`,
  `/v1/ratings/agreement?${WINDOW}`,
  `/v1/repeated-texts?${WINDOW}`,
  `/v1/mentions?${WINDOW}&limit=20`,
  `/v1/summary?date=2026-11-10`,
];

describe('aggregate answers written from their fixed parts', () => {
  it('are written so by every aggregate route', () => {
    for (const route of [
      '/v1/sentiment',
      '/v1/volume',
      '/v1/keywords/top',
      '/v1/keywords/:term/series',
      '/v1/coverage',
      '/v1/emotions',
      '/v1/mentions',
      '/v1/summary',
    ]) {
      expect(kept.answerJsonRoutes.has(`GET ${route}`), route).toBe(true);
    }
  });

  it('are byte for byte what the response schema serializer writes, with the fields and values of the object form', async () => {
    for (const app of [fresh, kept]) {
      // Three times: the keeping app writes a kept answer whole when first served, keeps its bytes when served again
      // (written and split around the serving time) and serves them from the third time on.
      for (const round of [1, 2, 3]) {
        for (const url of URLS) {
          const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
          expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
          const expected = written.get(app)?.get(url);
          expect(response.body, `${url} (round ${round})`).toBe(expected?.schema);
          expect(JSON.parse(response.body)).toEqual(JSON.parse(expected?.plain ?? ''));
          expect(response.headers['content-length']).toBe(String(Buffer.byteLength(response.body)));
        }
      }
    }
  });

  it('state each answer with the time it is served, not the time it was kept', async () => {
    const url = `/v1/sentiment?${WINDOW}`;
    const first = (await kept.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } })).json();
    await new Promise((r) => setTimeout(r, 5));
    const second = (await kept.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } })).json();
    expect(second.disclosure.generatedAt > first.disclosure.generatedAt).toBe(true);
    expect({ ...second, disclosure: { ...second.disclosure, generatedAt: '' } }).toEqual({
      ...first,
      disclosure: { ...first.disclosure, generatedAt: '' },
    });
  });

  it('leave error answers to the error handler', async () => {
    const response = await kept.inject({
      method: 'GET',
      url: '/v1/sentiment?from=2026-13-40',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: expect.any(String) } });
  });
});
