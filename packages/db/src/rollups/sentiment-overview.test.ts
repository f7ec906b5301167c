import { migratedTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../client.ts';
import { coordinatedSeries } from '../coordination/queries.ts';
import { writeAnalyzedBatch } from '../posts/batch.ts';
import { forgetAuthor } from '../privacy/privacy.ts';
import { type Granularity, rowsOf } from '../sql.ts';
import { backfillTopic, createTopic, deleteTopic, updateTopic } from '../topics/topics.ts';
import { population, sentimentOverview, sentimentSeries } from './queries.ts';

const MODEL = 'test-model-1';
let testDb: TestDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  ({ testDb, handle } = await migratedTestDatabase());
  const labels = ['negative', 'neutral', 'positive', 'uncertain'] as const;
  const platforms = ['x', 'facebook'] as const;
  const days = ['2026-11-02', '2026-11-03', '2026-11-09', '2026-11-10'];
  await createTopic(handle.db, { name: 'iuran', query: 'iuran' });
  await createTopic(handle.db, { name: 'antre', query: 'antre' });
  // Topic 1 tagged on arrival (two posts in three), topic 2 by back-fill (every post); some posts by the author who is
  // forgotten below, some with personal data redacted.
  await writeAnalyzedBatch(handle.db, {
    modelVersion: MODEL,
    posts: Array.from({ length: 40 }, (_, i) => ({
      ...makeAnalyzed(
        makePost({
          externalId: String(i),
          platform: platforms[i % 2] ?? 'x',
          authorPseudonym: (i % 7 === 0 ? 'c' : 'a').repeat(64),
          text: 'antrean lama',
          engagement: { likes: i, replies: i % 3, shares: i % 2, views: 10 * i },
          ...(i % 6 === 0 ? { redactions: { phone: 1, email: i % 12 === 0 ? 1 : 0, nik: 0, bpjs: 0 } } : {}),
        }),
        { offset: i, label: labels[i % 4] ?? 'neutral', day: days[i % 4] ?? '2026-11-10' },
      ),
      ...(i % 3 !== 0 ? { topicIds: [1] } : {}),
    })),
    exclusions: [
      { ref: 'lang:x:1', reason: 'not_indonesian', code: 'en', stage: 'analysis', platform: 'x', day: '2026-11-10' },
      { ref: 'dlq:1', reason: 'invalid', code: 'schema', stage: 'ingest', platform: null, day: '2026-11-03' },
      { ref: 'lang:x:2', reason: 'not_indonesian', code: 'en', stage: 'analysis', platform: 'facebook', day: '2026-11-20' },
    ],
  });
  await backfillTopic(handle.db, 2, () => true);
  await handle.db.execute(sql`insert into coordinated_posts (post_id, day) select id, day from posts where id % 5 = 1`);
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
  const cases = [...windows, ...windows.map((w) => ({ ...w, topicId: 1 })), ...windows.map((w) => ({ ...w, topicId: 2 }))].flatMap((w) =>
    (['day', 'week'] as Granularity[]).flatMap((granularity) =>
      [false, true].map((excludeCoordinated) => ({ ...w, granularity, excludeCoordinated, modelVersion: MODEL })),
    ),
  );
  /** The overview equals the separate statements (a topic's computed from its tagged posts, not the topic rollup). */
  const expectAsComputed = async (window: (typeof cases)[number]) => {
    const overview = await sentimentOverview(handle.db, window);
    expect(overview.series, JSON.stringify(window)).toEqual(await sentimentSeries(handle.db, window));
    expect(overview.coordinated, JSON.stringify(window)).toEqual(await coordinatedSeries(handle.db, window));
    expect(overview.population, JSON.stringify(window)).toEqual(await population(handle.db, window));
  };

  it.each(cases)('equals the series, coordinated series and population of %o', expectAsComputed);

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

  it('keeps the topic rollup equal to the tagged posts after an author is forgotten', async () => {
    const before = await sentimentOverview(handle.db, {
      from: '2026-11-01',
      to: '2026-11-14',
      granularity: 'day',
      modelVersion: MODEL,
      topicId: 2,
    });
    const forgotten = await forgetAuthor(handle.db, { pseudonym: 'c'.repeat(64), requestedBy: 'test' });
    expect(forgotten.postsDeleted).toBe(6);
    const after = await sentimentOverview(handle.db, {
      from: '2026-11-01',
      to: '2026-11-14',
      granularity: 'day',
      modelVersion: MODEL,
      topicId: 2,
    });
    expect(after.population.postsCounted).toBe(before.population.postsCounted - 6);
    expect(after.population.redacted.phone).toBe(before.population.redacted.phone - 1);
    for (const window of cases) await expectAsComputed(window);
  });

  it('drops a re-queried topic from its rollup and counts its new back-fill', async () => {
    await updateTopic(handle.db, 2, { query: 'lama' });
    const rows = rowsOf(await handle.db.execute(sql`select count(*)::int as n from daily_topic_sentiment where topic_id = 2`));
    expect(rows[0]?.n).toBe(0);
    await backfillTopic(handle.db, 2, () => true);
    await backfillTopic(handle.db, 2, () => true);
    for (const window of cases) await expectAsComputed(window);
    await deleteTopic(handle.db, 2);
    expect(rowsOf(await handle.db.execute(sql`select count(*)::int as n from daily_topic_sentiment where topic_id = 2`))[0]?.n).toBe(0);
  });
});
