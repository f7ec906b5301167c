import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres.ts';
import { makeAnalyzed, makePost } from '../../../test/support/posts.ts';
import { writeAnalyzedBatch } from './batch.ts';
import { type DatabaseHandle, migrate, openDatabase } from './client.ts';
import { coordinatedSeries } from './coordination-queries.ts';
import { type Granularity, population, sentimentOverview, sentimentSeries } from './queries.ts';

const MODEL = 'test-model-1';
let testDb: TestDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  const labels = ['negative', 'neutral', 'positive', 'uncertain'] as const;
  const platforms = ['x', 'facebook'] as const;
  const days = ['2026-11-02', '2026-11-03', '2026-11-09', '2026-11-10'];
  await writeAnalyzedBatch(handle.db, {
    modelVersion: MODEL,
    posts: Array.from({ length: 40 }, (_, i) =>
      makeAnalyzed(
        makePost({
          externalId: String(i),
          platform: platforms[i % 2] ?? 'x',
          text: 'antrean lama',
          engagement: { likes: i, replies: i % 3, shares: i % 2, views: 10 * i },
        }),
        { offset: i, label: labels[i % 4] ?? 'neutral', day: days[i % 4] ?? '2026-11-10' },
      ),
    ),
    exclusions: [
      { ref: 'lang:x:1', reason: 'not_indonesian', code: 'en', stage: 'analysis', platform: 'x', day: '2026-11-10' },
      { ref: 'dlq:1', reason: 'invalid', code: 'schema', stage: 'ingest', platform: null, day: '2026-11-03' },
      { ref: 'lang:x:2', reason: 'not_indonesian', code: 'en', stage: 'analysis', platform: 'facebook', day: '2026-11-20' },
    ],
  });
  // A topic tagging two posts in three, some of them coordinated; one tagged post has no label of this model version.
  await handle.db.execute(sql`insert into topics (name, query, backfill_state) values ('iuran', 'iuran', 'done')`);
  await handle.db.execute(sql`insert into post_topics (post_id, topic_id, day) select id, 1, day from posts where id % 3 <> 0`);
  await handle.db.execute(sql`insert into coordinated_posts (post_id, day) select id, day from posts where id % 5 = 1`);
  await handle.db.execute(sql`delete from sentiment_labels where post_id = (select min(post_id) from post_topics)`);
  // Part of some days' posts in coordinated clusters (as the coordination step keeps them).
  await handle.db.execute(sql`
    insert into daily_coordinated_sentiment (day, platform, model_version, posts, negative, neutral, positive, uncertain, likes, replies, shares, views)
    values ('2026-11-10', 'x', ${MODEL}, 2, 1, 0, 1, 0, 5, 1, 0, 50), ('2026-11-03', 'facebook', ${MODEL}, 1, 0, 1, 0, 0, 1, 0, 1, 10)`);
});

afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

describe('sentiment overview in one statement', () => {
  const windows = [
    { from: '2026-11-01', to: '2026-11-14' },
    { from: '2026-11-03', to: '2026-11-10', platform: 'x' },
    { from: '2026-11-09', to: '2026-11-10', platform: 'facebook' },
    { from: '2026-11-20', to: '2026-11-21' },
    { from: '2026-12-01', to: '2026-12-02' },
  ];
  const cases = [...windows, ...windows.map((w) => ({ ...w, topicId: 1 }))].flatMap((w) =>
    (['day', 'week'] as Granularity[]).flatMap((granularity) =>
      [false, true].map((excludeCoordinated) => ({ ...w, granularity, excludeCoordinated, modelVersion: MODEL })),
    ),
  );

  it.each(cases)('equals the series, coordinated series and population of %o', async (window) => {
    const overview = await sentimentOverview(handle.db, window);
    expect(overview.series).toEqual(await sentimentSeries(handle.db, window));
    expect(overview.coordinated).toEqual(await coordinatedSeries(handle.db, window));
    expect(overview.population).toEqual(await population(handle.db, window));
  });

  it('counts what it should on the fixture', async () => {
    const all = await sentimentOverview(handle.db, { from: '2026-11-01', to: '2026-11-14', granularity: 'day', modelVersion: MODEL });
    expect(all.population.postsCounted).toBe(40);
    expect(all.population.excluded).toMatchObject({ not_indonesian: 1, invalid: 1, abstained: 10 });
    const without = await sentimentOverview(handle.db, {
      from: '2026-11-01',
      to: '2026-11-14',
      granularity: 'day',
      modelVersion: MODEL,
      excludeCoordinated: true,
    });
    expect(without.population.postsCounted).toBe(37);
    expect(without.coordinated.get('2026-11-10')).toEqual({ posts: 10, coordinatedPosts: 2 });
  });
});
