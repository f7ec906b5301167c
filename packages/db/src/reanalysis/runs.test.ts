import { migratedTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, migrate, openDatabase } from '../client.ts';
import { writeAnalyzedBatch } from '../posts/batch.ts';
import { population, populationVersions, sentimentSeries } from '../rollups/queries.ts';
import { rowsOf } from '../sql.ts';
import { createTopic } from '../topics/topics.ts';
import { nextPostsToRelabel, openReanalyzeRun, type ReanalyzeRun, writeRelabelledBatch } from './runs.ts';

const OLD = 'old-1';
const NEW = 'new-2';
const WINDOW = { from: '2026-11-10', to: '2026-11-12' };

describe.each(['pglite', 'postgres'] as const)('reanalysis runs on %s', (kind) => {
  let handle: DatabaseHandle;
  let testDb: TestDatabase | undefined;
  let topicId = 0;

  const rows = async (statement: string) => rowsOf(await handle.db.execute(statement));
  /** Rollup rows of daily_sentiment, daily_keywords and daily_topic_sentiment that differ from a recount of the labels. */
  const drift = async () => {
    const counts = `count(*)::int as posts, count(*) filter (where l.label = 'negative')::int as negative,
      count(*) filter (where l.label = 'positive')::int as positive`;
    const [d] = await rows(`select
      (select count(*)::int from daily_sentiment r full join (select p.day, p.platform, l.model_version, ${counts}
        from posts p join sentiment_labels l on l.post_id = p.id group by 1, 2, 3) c
        on r.day = c.day and r.platform = c.platform and r.model_version = c.model_version
        where (r.posts, r.negative, r.positive) is distinct from (c.posts, c.negative, c.positive)) as sentiment,
      (select count(*)::int from daily_keywords r full join (select p.day, p.platform, l.model_version, k.key, ${counts}
        from posts p join sentiment_labels l on l.post_id = p.id cross join lateral unnest(p.keywords) as k(key) group by 1, 2, 3, 4) c
        on r.day = c.day and r.platform = c.platform and r.model_version = c.model_version and r.key = c.key
        where (r.posts, r.negative, r.positive) is distinct from (c.posts, c.negative, c.positive)) as keywords,
      (select count(*)::int from daily_topic_sentiment r full join (select pt.topic_id, pt.day, p.platform, l.model_version, ${counts}
        from post_topics pt join posts p on p.id = pt.post_id join sentiment_labels l on l.post_id = p.id group by 1, 2, 3, 4) c
        on r.topic_id = c.topic_id and r.day = c.day and r.platform = c.platform and r.model_version = c.model_version
        where (r.posts, r.negative, r.positive) is distinct from (c.posts, c.negative, c.positive)) as topic`);
    return d;
  };

  /** Relabels every post of a batch positive with NEW, as a run would with a model. */
  const relabelNext = async (run: ReanalyzeRun, limit: number) => {
    const posts = await nextPostsToRelabel(handle.db, run, limit);
    const last = posts[posts.length - 1];
    if (!last) return null;
    return writeRelabelledBatch(handle.db, run, {
      cursorDay: last.day,
      cursorPostId: last.id,
      skippedNoText: posts.filter((p) => p.textRemoved).length,
      labels: posts
        .filter((p) => !p.textRemoved)
        .map((p) => ({ postId: p.id, sentiment: { label: 'positive', probabilities: [0.1, 0.1, 0.8], confidence: 0.8 } })),
    });
  };

  beforeAll(async () => {
    if (kind === 'postgres') ({ testDb, handle } = await migratedTestDatabase());
    else {
      handle = await openDatabase({ dataDir: 'memory://' });
      await migrate(handle);
    }
    topicId = (await createTopic(handle.db, { name: 'antrean', query: 'antrean' })).id;
    // 30 posts over three days, all negative by OLD; every third one tagged with the topic.
    await writeAnalyzedBatch(handle.db, {
      modelVersion: OLD,
      posts: Array.from({ length: 30 }, (_, i) => ({
        ...makeAnalyzed(makePost({ externalId: `r${i}`, publishedAt: `2026-11-${10 + (i % 3)}T01:00:00.000Z` }), {
          offset: i,
          label: 'negative',
          day: `2026-11-${10 + (i % 3)}`,
          keywords: i % 2 ? ['antrean', 'puskesmas'] : ['antrean'],
        }),
        topicIds: i % 3 === 0 ? [topicId] : [],
      })),
      exclusions: [],
    });
  });

  afterAll(async () => {
    await handle?.close();
    await testDb?.drop();
  });

  it('moves each batch between versions exactly, and a run opened again continues from its cursor', async () => {
    expect(await drift()).toEqual({ sentiment: 0, keywords: 0, topic: 0 });
    const scope = { ...WINDOW, topicId: null, modelVersion: NEW, emotionModelVersion: null };
    const run = await openReanalyzeRun(handle.db, scope);
    expect(run).toMatchObject({ total: 30, relabelled: 0, resumed: false, cursorDay: null });
    // One batch, then a stop: the run stays open with its cursor.
    const first = await relabelNext(run, 8);
    expect(first).toMatchObject({ relabelled: 8, batches: 1, cursorDay: '2026-11-10' });
    expect(await drift()).toEqual({ sentiment: 0, keywords: 0, topic: 0 });
    expect(await populationVersions(handle.db, WINDOW)).toEqual([
      { version: NEW, posts: 8 },
      { version: OLD, posts: 22 },
    ]);
    // Every post counted once, whatever its version.
    expect((await population(handle.db, { ...WINDOW, modelVersion: NEW })).postsCounted).toBe(30);
    const series = await sentimentSeries(handle.db, { ...WINDOW, granularity: 'day', modelVersion: NEW });
    const total = (key: 'posts' | 'positive' | 'negative') => series.reduce((t, d) => t + d[key], 0);
    expect([total('posts'), total('positive'), total('negative')]).toEqual([30, 8, 22]);

    let resumed = await openReanalyzeRun(handle.db, scope);
    expect(resumed).toMatchObject({
      id: run.id,
      resumed: true,
      relabelled: 8,
      cursorDay: first?.cursorDay,
      cursorPostId: first?.cursorPostId,
    });
    for (let next = await relabelNext(resumed, 8); next; next = await relabelNext(resumed, 8)) resumed = next;
    expect(resumed).toMatchObject({ relabelled: 30, batches: 4 });
    expect(await drift()).toEqual({ sentiment: 0, keywords: 0, topic: 0 });
    expect(await populationVersions(handle.db, WINDOW)).toEqual([{ version: NEW, posts: 30 }]);
    expect(await populationVersions(handle.db, { ...WINDOW, topicId })).toEqual([{ version: NEW, posts: 10 }]);
    expect(await rows(`select count(*)::int as n from sentiment_labels`)).toEqual([{ n: 30 }]);
    // Nothing left at another version: a new run of the same scope has nothing to do.
    const again = await openReanalyzeRun(handle.db, scope);
    expect(await nextPostsToRelabel(handle.db, again, 100)).toEqual([]);
  });
});
