import { migratedTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, migrate } from '../client.ts';
import { population, sentimentSeries, topKeywords } from '../rollups/queries.ts';
import { rowsOf } from '../sql.ts';
import { writeAnalyzedBatch } from './batch.ts';

let testDb: TestDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  ({ testDb, handle } = await migratedTestDatabase());
  // A second migrate is a no-op (services may all migrate on start).
  await migrate(handle);
});

afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

const MODEL = 'test-model-1';

async function recountAndRollup() {
  const result = await handle.db.execute(sql`
    select p.day::text as day, p.platform, count(*)::int as posts,
      sum((l.label = 'negative')::int)::int as negative, sum((l.label = 'positive')::int)::int as positive,
      sum((l.label = 'uncertain')::int)::int as uncertain, sum(p.likes)::int as likes
    from posts p join sentiment_labels l on l.post_id = p.id and l.model_version = ${MODEL}
    group by 1, 2 order by 1, 2`);
  const rollup = await handle.db.execute(sql`
    select day::text as day, platform, posts, negative, positive, uncertain, likes::int as likes
    from daily_sentiment where model_version = ${MODEL} order by 1, 2`);
  const rows = (r: unknown) => (r as { rows: unknown[] }).rows;
  return { recount: rows(result), rollup: rows(rollup) };
}

describe('writeAnalyzedBatch on Postgres', () => {
  it('stores a batch once: a redelivered batch changes nothing, a re-sent post is a counted duplicate', async () => {
    const batch = {
      modelVersion: MODEL,
      posts: [
        makeAnalyzed(makePost({ externalId: '100' }), { offset: 0, label: 'negative' }),
        makeAnalyzed(makePost({ externalId: '101', engagement: { likes: 5, replies: 1, shares: 0, views: 9 } }), {
          offset: 1,
          label: 'positive',
        }),
        makeAnalyzed(makePost({ externalId: '102', publishedAt: '2026-11-10T20:00:00.000Z' }), {
          offset: 2,
          label: 'uncertain',
          day: '2026-11-11',
        }),
      ],
      exclusions: [
        { ref: 'msg:posts.raw/0/3', reason: 'invalid' as const, code: 'invalid_json', stage: 'analysis' as const, day: '2026-11-10' },
      ],
    };
    const { stored: firstStored, ...first } = await writeAnalyzedBatch(handle.db, batch);
    expect(first).toEqual({ inserted: 3, duplicates: 0, redelivered: 0, excluded: 1 });
    // The stored id of each post, for the coordination stage's message.
    expect([...firstStored.keys()].sort()).toEqual(['x:100', 'x:101', 'x:102']);

    // The same messages again (a crash after the commit, before the offset commit).
    const { stored: againStored, ...again } = await writeAnalyzedBatch(handle.db, batch);
    expect(again).toEqual({ inserted: 0, duplicates: 0, redelivered: 3, excluded: 0 });
    // A redelivered post keeps its id: the stage may not have seen it before the crash.
    expect(againStored).toEqual(firstStored);

    // The same post from a later message, twice in one batch and once more redelivered.
    const resent = {
      modelVersion: MODEL,
      posts: [makeAnalyzed(makePost({ externalId: '100' }), { offset: 7 }), makeAnalyzed(makePost({ externalId: '100' }), { offset: 8 })],
      exclusions: [],
    };
    expect(await writeAnalyzedBatch(handle.db, resent)).toMatchObject({ inserted: 0, duplicates: 2, redelivered: 0, excluded: 2 });
    expect(await writeAnalyzedBatch(handle.db, resent)).toMatchObject({ inserted: 0, duplicates: 0, redelivered: 0, excluded: 0 });

    const { recount, rollup } = await recountAndRollup();
    expect(rollup).toEqual(recount);
    expect(rollup).toEqual([
      { day: '2026-11-10', platform: 'x', posts: 2, negative: 1, positive: 1, uncertain: 0, likes: 6 },
      { day: '2026-11-11', platform: 'x', posts: 1, negative: 0, positive: 0, uncertain: 1, likes: 1 },
    ]);

    const pop = await population(handle.db, { from: '2026-11-10', to: '2026-11-11', modelVersion: MODEL });
    expect(pop).toEqual({
      postsCounted: 3,
      excluded: { not_indonesian: 0, duplicate: 2, abstained: 1, invalid: 1 },
      redacted: { posts: 0, phone: 0, email: 0, nik: 0, bpjs: 0 },
    });
  });

  it('aggregates days, weeks and keywords from the rollups', async () => {
    const days = await sentimentSeries(handle.db, { from: '2026-11-10', to: '2026-11-11', granularity: 'day', modelVersion: MODEL });
    expect(days.map((d) => [d.period, d.posts])).toEqual([
      ['2026-11-10', 2],
      ['2026-11-11', 1],
    ]);
    const weeks = await sentimentSeries(handle.db, { from: '2026-11-01', to: '2026-11-30', granularity: 'week', modelVersion: MODEL });
    // 2026-11-10 is a Tuesday: both days fall in the ISO week starting Monday 2026-11-09.
    expect(weeks.map((w) => [w.period, w.posts])).toEqual([['2026-11-09', 3]]);
    const top = await topKeywords(handle.db, {
      from: '2026-11-10',
      to: '2026-11-11',
      modelVersion: MODEL,
      limit: 10,
      previousFrom: '2026-11-08',
      previousTo: '2026-11-09',
    });
    expect(top.map((k) => [k.key, k.posts, k.previousPosts])).toEqual([
      ['antrean', 3, 0],
      ['puskesmas', 3, 0],
    ]);
    expect(top[0]).toMatchObject({ negative: 1, positive: 1, uncertain: 1 });
  });

  it('adds stored topic tags to the topic rollups as a recount of the tags finds them: a topic listed twice once, a missing one not at all', async () => {
    const created = await handle.db.execute(sql`
      insert into topics (name, query, backfill_state) values ('topic a', 'antrean', 'done'), ('topic b', 'puskesmas', 'done')
      returning id`);
    const [a, b] = rowsOf(created).map((r) => Number(r.id)) as [number, number];
    const missing = b + 1_000;
    const tagged = (externalId: string, offset: number, topicIds: number[], extra: Parameters<typeof makeAnalyzed>[1] = {}) => ({
      ...makeAnalyzed(
        makePost({
          externalId,
          authorPseudonym: `${'b'.repeat(63)}${offset % 2}`,
          engagement: { likes: offset % 7, replies: 1, shares: 0, views: offset },
        }),
        { offset, ...extra },
      ),
      topicIds,
    });
    const result = await writeAnalyzedBatch(handle.db, {
      modelVersion: 'topic-model',
      posts: [
        tagged('t1', 900, [a, a, b], { label: 'negative' }),
        tagged('t2', 901, [a, missing], { label: 'positive', day: '2026-11-12' }),
        tagged('t3', 902, [b], { label: 'uncertain' }),
      ],
      exclusions: [],
    });
    expect(result.inserted).toBe(3);
    const rows = async (statement: SQL) => rowsOf(await handle.db.execute(statement));
    const tags = await rows(sql`select topic_id, count(*)::int as n from post_topics where topic_id in (${a}, ${b}, ${missing})
      group by 1 order by 1`);
    expect(tags).toEqual([
      { topic_id: a, n: 2 },
      { topic_id: b, n: 2 },
    ]);
    const recount = await rows(sql`
      select pt.topic_id, pt.day::text as day, p.platform, count(*)::int as posts,
        count(*) filter (where l.label = 'negative')::int as negative, count(*) filter (where l.label = 'positive')::int as positive,
        count(*) filter (where l.label = 'uncertain')::int as uncertain, sum(p.likes)::int as likes, sum(p.views)::int as views,
        encode(pantau_hll_add(decode(repeat('00', 4096), 'hex'), array_agg(pantau_hll_entry(p.author_pseudonym))), 'hex') as authors
      from post_topics pt join posts p on p.id = pt.post_id join sentiment_labels l on l.post_id = p.id
      where pt.topic_id in (${a}, ${b}) group by 1, 2, 3 order by 1, 2, 3`);
    const rollups = await rows(sql`
      select s.topic_id, s.day::text as day, s.platform, s.posts, s.negative, s.positive, s.uncertain, v.likes::int as likes,
        v.views::int as views, encode(v.authors, 'hex') as authors
      from daily_topic_sentiment s join daily_topic_volume v on v.topic_id = s.topic_id and v.day = s.day and v.platform = s.platform
      where s.topic_id in (${a}, ${b}) and s.model_version = 'topic-model' and v.posts = s.posts order by 1, 2, 3`);
    expect(recount).toHaveLength(3);
    expect(rollups).toEqual(recount);
  });

  it('keeps rollups exact when two writers add the same days concurrently', async () => {
    const make = (start: number) => ({
      modelVersion: 'concurrent-model',
      posts: Array.from({ length: 200 }, (_, i) =>
        makeAnalyzed(makePost({ externalId: `c${start + i}` }), {
          offset: start + i,
          label: i % 2 ? 'positive' : 'negative',
          day: `2026-11-${10 + (i % 5)}`,
        }),
      ),
      exclusions: [],
    });
    const window = { from: '2026-11-01', to: '2026-11-30', granularity: 'day' as const, modelVersion: 'concurrent-model' };
    // The aggregates sum every model version: the posts of the earlier tests are counted too.
    const before = await sentimentSeries(handle.db, window);
    const results = await Promise.all([0, 200, 400, 600].map((s) => writeAnalyzedBatch(handle.db, make(s))));
    expect(results.reduce((s, r) => s + r.inserted, 0)).toBe(800);
    const series = await sentimentSeries(handle.db, window);
    const sum = (periods: typeof series, key: 'posts' | 'positive') => periods.reduce((s, d) => s + d[key], 0);
    expect(sum(series, 'posts') - sum(before, 'posts')).toBe(800);
    expect(sum(series, 'positive') - sum(before, 'positive')).toBe(400);
  });
});
