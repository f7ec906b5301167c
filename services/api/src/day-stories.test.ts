import {
  createApiKey,
  type DatabaseHandle,
  type DataChangeFeed,
  getDayStories,
  migrate,
  openDatabase,
  watchDataChanges,
  writeAnalyzedBatch,
} from '@pantau/db';
import { createTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { refreshDayStories, spikeRuleKey } from '@pantau/report';
import { loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type App, buildApp } from './app.ts';

const DAY = '2026-11-10';
let testDb: TestDatabase;
let handle: DatabaseHandle;
let model: SentimentModel;
let feed: DataChangeFeed;
/** Computes every answer, serving stored stories of a changed day for 10 minutes (the default). */
let app: App;
/** Keeps answers until the data changes. */
let cached: App;
/** Never serves stored stories of a day that changed since they were computed. */
let strict: App;
let key = '';
let offset = 0;

const post = (day: string, keywords: string[], text: string, label: 'negative' | 'positive' = 'negative') => {
  offset++;
  return makeAnalyzed(
    makePost({
      externalId: String(offset),
      authorPseudonym: offset.toString(16).padStart(64, '0'),
      publishedAt: `${day}T0${offset % 10}:00:00.000Z`,
      text,
      engagement: { likes: offset % 7, replies: 0, shares: 0, views: 1 },
    }),
    { offset, label, day, keywords },
  );
};
const write = (posts: ReturnType<typeof post>[]) =>
  writeAnalyzedBatch(handle.db, { modelVersion: model.manifest.version, posts, exclusions: [] });
const get = async (target: App, url: string) => {
  const res = await target.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
  expect(res.statusCode).toBe(200);
  return res.json();
};
const storedAt = async (scope: string) =>
  (await getDayStories(handle.db, { day: DAY, scope, modelVersion: model.manifest.version, rule: spikeRuleKey() }))?.computedAt ?? null;
const refresh = () => refreshDayStories(handle.db, { modelVersion: model.manifest.version });

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  model = await loadSentimentModel();
  // A quiet week of "antrean" before the day, then two bursts on the day: "iuran naik" and "banjir".
  const posts = [post('2026-11-02', ['antrean'], 'antrean pagi')];
  for (let d = 3; d <= 9; d++) posts.push(post(`2026-11-0${d}`, ['antrean'], `antrean hari ${d}`));
  for (let i = 0; i < 20; i++) posts.push(post(DAY, ['iuran', 'naik'], i % 4 === 0 ? 'iuran naik lagi' : `iuran naik ${i} kali`));
  for (let i = 0; i < 12; i++) posts.push(post(DAY, ['banjir'], `banjir di kampung ${i}`, 'positive'));
  await write(posts);
  key = (await createApiKey(handle.db, 'analyst', ['read'])).secret;
  const context = { db: handle.db, pingDatabase: () => handle.ping(), model, software: { version: '0.1.0', commit: 'test' } };
  app = await buildApp(context);
  strict = await buildApp({ ...context, storyMaxBehindMs: 0 });
  feed = watchDataChanges(handle);
  cached = await buildApp({ ...context, dataChanges: feed });
  await vi.waitFor(() => expect(feed.live).toBe(true), { timeout: 10_000 });
});

afterAll(async () => {
  await app?.close();
  await strict?.close();
  await cached?.close();
  await feed?.close();
  await handle?.close();
  await testDb?.drop();
  model?.dispose();
});

describe('day stories computed ahead', () => {
  it('stored stories equal the stories computed on request, and the answer says when and from how many posts', async () => {
    const urls = [`/v1/summary?date=${DAY}`, `/v1/summary?date=${DAY}&excludeCoordinated=true`];
    const onRequest = await Promise.all(urls.map((u) => get(app, u)));
    expect(onRequest[0].data.stories.map((s: { term: string }) => s.term)).toEqual(['iuran', 'banjir']);
    expect(onRequest[0].data.storiesAsOf).toMatchObject({ posts: 32, behind: false });
    expect(await storedAt('all')).toBeNull();

    const computed = await refresh();
    expect(computed).toEqual(
      expect.arrayContaining([
        { day: DAY, scope: 'all' },
        { day: DAY, scope: 'without-coordinated' },
      ]),
    );
    // A second pass finds nothing behind.
    expect(await refresh()).toEqual([]);

    const stored = await Promise.all(urls.map((u) => get(app, u)));
    for (const [i, scope] of ['all', 'without-coordinated'].entries()) {
      expect(stored[i].data.stories).toEqual(onRequest[i].data.stories);
      expect(stored[i].data.moreStories).toBe(onRequest[i].data.moreStories);
      expect(stored[i].data.baselineAvailable).toBe(true);
      expect(stored[i].data.headlines).toEqual(onRequest[i].data.headlines);
      expect(stored[i].data.storiesAsOf).toEqual({ computedAt: await storedAt(scope), posts: 32, behind: false });
    }
  });

  it('a topic or a platform has its stories computed on request', async () => {
    const one = await get(app, `/v1/summary?date=${DAY}&platform=x`);
    expect(one.data.storiesAsOf.computedAt).not.toBe(await storedAt('all'));
    expect(one.data.stories.map((s: { term: string }) => s.term)).toEqual(['iuran', 'banjir']);
  });

  it('a write to the day marks the stored stories behind until the job computes them again', async () => {
    const before = await get(cached, `/v1/summary?date=${DAY}`);
    expect(before.data.storiesAsOf.behind).toBe(false);
    const was = await storedAt('all');
    await write(Array.from({ length: 15 }, (_, i) => post(DAY, ['iuran', 'naik'], `iuran naik tambahan ${i}`)));

    // Within the lag allowed: the stories of 32 posts, saying so beside the 47 posts now counted.
    await vi.waitFor(async () => expect((await get(cached, `/v1/summary?date=${DAY}`)).data.posts).toBe(47));
    const behind = await get(cached, `/v1/summary?date=${DAY}`);
    expect(behind.data.storiesAsOf).toEqual({ computedAt: was, posts: 32, behind: true });
    expect(behind.data.stories.find((s: { term: string }) => s.term === 'iuran').evidence.count).toBe(20);

    // Without lag allowed: computed on request, of the posts counted now.
    const now = await get(strict, `/v1/summary?date=${DAY}`);
    expect(now.data.storiesAsOf).toMatchObject({ posts: 47, behind: false });
    expect(now.data.stories.find((s: { term: string }) => s.term === 'iuran').evidence.count).toBe(35);

    // The job finds the day behind (and the week after it, whose baseline holds the day) and computes it again; the
    // kept answer moves with the stored row.
    const computed = await refresh();
    expect(computed).toEqual(expect.arrayContaining([{ day: DAY, scope: 'all' }]));
    await vi.waitFor(async () => expect((await get(cached, `/v1/summary?date=${DAY}`)).data.storiesAsOf.behind).toBe(false));
    const after = await get(cached, `/v1/summary?date=${DAY}`);
    expect(after.data.storiesAsOf).toEqual({ computedAt: await storedAt('all'), posts: 47, behind: false });
    expect(after.data.stories).toEqual(now.data.stories);
  });

  it('a stored example whose text retention removed is served without its text', async () => {
    const first = (await get(app, `/v1/summary?date=${DAY}`)).data.stories[0].examples[0];
    await handle.db.execute(`update posts set text_removed_at = now() where id = ${Number(first.id)}`);
    const served = (await get(app, `/v1/summary?date=${DAY}`)).data.stories[0].examples[0];
    expect(served).toMatchObject({ id: first.id, text: null, url: null, author: null, removed: 'retention' });
  });
});
