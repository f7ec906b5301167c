import {
  backfillTopic,
  createApiKey,
  createTopic,
  type DatabaseHandle,
  type DataChangeFeed,
  forgetAuthor,
  migrate,
  openDatabase,
  recordCoverageRun,
  watchDataChanges,
  writeAnalyzedBatch,
} from '@pantau/db';
import { createTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AnswerCache } from './answer-cache.ts';
import { type App, buildApp } from './app.ts';

let testDb: TestDatabase;
let handle: DatabaseHandle;
let model: SentimentModel;
let feed: DataChangeFeed;
/** Keeps answers until the data changes. */
let cached: App;
/** Computes every answer: what the cached app must return. */
let fresh: App;
let key = '';
let offset = 0;

const AUTHOR = 'b'.repeat(64);
const post = (externalId: string, day: string, label: 'negative' | 'positive', author = 'a'.repeat(64)) =>
  makeAnalyzed(makePost({ externalId, authorPseudonym: author, publishedAt: `${day}T01:00:00.000Z`, text: 'iuran naik lagi' }), {
    offset: ++offset,
    label,
    day,
    keywords: ['iuran', 'naik'],
  });

/** Tags every post with topic 1 (as the analysis does for posts matching its query). */
const tagTopic = () => backfillTopic(handle.db, 1, () => true);

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  model = await loadSentimentModel();
  await createTopic(handle.db, { name: 'Iuran', query: 'iuran' });
  await writeAnalyzedBatch(handle.db, {
    modelVersion: model.manifest.version,
    posts: [post('1', '2026-11-09', 'negative'), post('2', '2026-11-10', 'positive'), post('3', '2026-11-10', 'negative', AUTHOR)],
    exclusions: [],
  });
  await tagTopic();
  key = (await createApiKey(handle.db, 'analyst', ['read', 'admin'])).secret;
  feed = watchDataChanges(handle);
  const context = { db: handle.db, pingDatabase: () => handle.ping(), model, software: { version: '0.1.0', commit: 'test' } };
  cached = await buildApp({ ...context, dataChanges: feed });
  fresh = await buildApp(context);
  await vi.waitFor(() => expect(feed.live).toBe(true), { timeout: 10_000 });
});

afterAll(async () => {
  await cached?.close();
  await fresh?.close();
  await handle?.close();
  await testDb?.drop();
  model?.dispose();
});

const URLS = [
  '/v1/sentiment?from=2026-11-09&to=2026-11-10',
  '/v1/sentiment?from=2026-11-09&to=2026-11-10&granularity=week&platform=x',
  '/v1/sentiment?topic=1&from=2026-11-09&to=2026-11-10',
  '/v1/sentiment',
  '/v1/volume?from=2026-11-09&to=2026-11-10',
  '/v1/keywords/top?from=2026-11-10&to=2026-11-10&limit=5',
  '/v1/keywords/iuran/series?from=2026-11-09&to=2026-11-10',
  '/v1/summary?date=2026-11-10',
  '/v1/summary?date=2026-11-10&topic=1&excludeCoordinated=true',
  '/v1/summary',
];

/** The body without the time it was served (and, for a summary, the time its stories were computed on request). */
async function answer(app: App, url: string) {
  const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json();
  expect(Date.parse(body.disclosure.generatedAt)).not.toBeNaN();
  delete body.disclosure.generatedAt;
  if (body.data?.storiesAsOf) {
    expect(Date.parse(body.data.storiesAsOf.computedAt)).not.toBeNaN();
    delete body.data.storiesAsOf.computedAt;
  }
  return body;
}

/** Runs a write and waits until its commit has been notified to the cached app. */
async function written(write: () => Promise<unknown>) {
  const before = feed.generation;
  await write();
  await vi.waitFor(() => expect(feed.generation).toBeGreaterThan(before), { timeout: 10_000 });
}

async function expectSameAsFresh() {
  for (const url of URLS) expect(await answer(cached, url), url).toEqual(await answer(fresh, url));
}

describe('aggregate answers kept until the data changes', () => {
  it('serves a kept answer identical to a computed one, disclosure included', async () => {
    for (const url of URLS) await answer(cached, url);
    await expectSameAsFresh();
    expect((await answer(cached, URLS[0] as string)).data.total.posts).toBe(3);
  });

  it('recomputes after posts are written', async () => {
    await written(() =>
      writeAnalyzedBatch(handle.db, {
        modelVersion: model.manifest.version,
        posts: [post('4', '2026-11-10', 'negative')],
        exclusions: [{ ref: 'lang:x:9', reason: 'not_indonesian', code: 'en', stage: 'analysis', platform: 'x', day: '2026-11-10' }],
      }),
    );
    await written(tagTopic);
    const after = await answer(cached, URLS[0] as string);
    expect(after.data.total.posts).toBe(4);
    expect(after.disclosure.population.excluded.not_indonesian).toBe(1);
    expect((await answer(cached, '/v1/summary?date=2026-11-10')).data.posts).toBe(3);
    await expectSameAsFresh();
  });

  it('recomputes after a collector run is recorded (the coverage in the disclosure)', async () => {
    await written(() =>
      recordCoverageRun(handle.db, {
        runId: 'run-cache',
        connector: 'test',
        startedAt: new Date('2026-11-10T00:00:00Z'),
        finishedAt: new Date('2026-11-10T00:05:00Z'),
        windowFrom: new Date('2026-11-09T17:00:00Z'),
        windowTo: new Date('2026-11-10T17:00:00Z'),
        fetched: 4,
        published: 4,
        rejected: {},
      }),
    );
    expect((await answer(cached, URLS[0] as string)).disclosure.coverage).toHaveLength(1);
    await expectSameAsFresh();
  });

  it('recomputes after an author is forgotten', async () => {
    await written(() => forgetAuthor(handle.db, { pseudonym: AUTHOR, requestedBy: 'test' }));
    expect((await answer(cached, URLS[0] as string)).data.total.posts).toBe(3);
    await expectSameAsFresh();
  });
});

describe('AnswerCache', () => {
  const feedOf = (state: { generation: number; live: boolean }): DataChangeFeed => ({
    get generation() {
      return state.generation;
    },
    get live() {
      return state.live;
    },
    close: async () => undefined,
  });

  it('shares one computation between concurrent requests and keeps it for its generation only', async () => {
    const state = { generation: 1, live: true };
    const cache = new AnswerCache(feedOf(state));
    let computed = 0;
    const compute = async () => ++computed;
    expect(await Promise.all([cache.get('k', compute), cache.get('k', compute)])).toEqual([1, 1]);
    expect(await cache.get('k', compute)).toBe(1);
    state.generation++;
    expect(await cache.get('k', compute)).toBe(2);
    expect(computed).toBe(2);
  });

  it('keeps nothing while the feed is not live, nor a failed computation', async () => {
    const state = { generation: 1, live: false };
    const cache = new AnswerCache(feedOf(state));
    let computed = 0;
    await cache.get('k', async () => ++computed);
    await cache.get('k', async () => ++computed);
    expect(computed).toBe(2);
    expect(cache.size).toBe(0);
    state.live = true;
    await expect(
      cache.get('k', async () => {
        throw new Error('database down');
      }),
    ).rejects.toThrow('database down');
    expect(await cache.get('k', async () => ++computed)).toBe(3);
  });
});
