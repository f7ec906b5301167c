import { fileURLToPath } from 'node:url';
import { type App, buildApp } from '@pantau/api';
import { backfillTopic, createApiKey, createTopic, type ReanalyzeRun, rowsOf, sentimentSeries } from '@pantau/db';
import { reanalyze } from '@pantau/pipeline';
import { loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import { analyzeText, topicMatcher } from '@pantau/text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalysedSample, analyseSample } from '../support/sample.ts';

// The bundled sample analysed by the active model (version A, with its coordination stage and a topic back-filled), then
// part of it relabelled by the previous model folder (version B, here the "active" model of the reanalysis): every
// aggregate counts each post once, the disclosure names both versions, and every rollup equals a recount of the posts.
const OLDER_MODEL = fileURLToPath(new URL('../../models/1.0.0/', import.meta.url));
const WINDOW = { from: '2026-11-01', to: '2026-11-14' };
const FIRST_PART = { from: '2026-11-01', to: '2026-11-06' };

let sample: AnalysedSample;
let older: SentimentModel;
let topicId = 0;

const one = async (statement: string) => rowsOf(await sample.handle.db.execute(statement))[0] as Record<string, unknown>;
const count = async (statement: string) => Number((await one(statement)).n);

/** Rollup rows that differ from a recount of the stored posts and their current labels, per rollup table (all 0 when exact). */
async function driftFromRecount(): Promise<Record<string, number>> {
  const labelCounts = `count(*) as posts, count(*) filter (where l.label = 'negative') as negative,
    count(*) filter (where l.label = 'neutral') as neutral, count(*) filter (where l.label = 'positive') as positive,
    count(*) filter (where l.label = 'uncertain') as uncertain`;
  const differs =
    'r.posts, r.negative, r.neutral, r.positive, r.uncertain) is distinct from (c.posts, c.negative, c.neutral, c.positive, c.uncertain';
  const tables: Record<string, { recount: string; rollup: string; key: string[] }> = {
    daily_sentiment: {
      recount: `select p.day, p.platform, l.model_version, ${labelCounts}, sum(p.likes) as likes
        from posts p join sentiment_labels l on l.post_id = p.id group by 1, 2, 3`,
      rollup: 'select day, platform, model_version, posts, negative, neutral, positive, uncertain, likes from daily_sentiment',
      key: ['day', 'platform', 'model_version'],
    },
    daily_language_sentiment: {
      recount: `select p.day, p.platform, l.model_version, p.lang, ${labelCounts}
        from posts p join sentiment_labels l on l.post_id = p.id group by 1, 2, 3, 4`,
      rollup: 'select day, platform, model_version, lang, posts, negative, neutral, positive, uncertain from daily_language_sentiment',
      key: ['day', 'platform', 'model_version', 'lang'],
    },
    daily_keywords: {
      recount: `select p.day, p.platform, l.model_version, k.key, ${labelCounts}
        from posts p join sentiment_labels l on l.post_id = p.id cross join lateral unnest(p.keywords) as k(key) group by 1, 2, 3, 4`,
      rollup: 'select day, platform, model_version, key, posts, negative, neutral, positive, uncertain from daily_keywords',
      key: ['day', 'platform', 'model_version', 'key'],
    },
    daily_topic_sentiment: {
      recount: `select pt.topic_id, pt.day, p.platform, l.model_version, ${labelCounts}
        from post_topics pt join posts p on p.id = pt.post_id join sentiment_labels l on l.post_id = p.id group by 1, 2, 3, 4`,
      rollup: 'select topic_id, day, platform, model_version, posts, negative, neutral, positive, uncertain from daily_topic_sentiment',
      key: ['topic_id', 'day', 'platform', 'model_version'],
    },
    daily_coordinated_sentiment: {
      recount: `select p.day, p.platform, l.model_version, ${labelCounts}
        from coordinated_posts cp join posts p on p.id = cp.post_id join sentiment_labels l on l.post_id = p.id group by 1, 2, 3`,
      rollup: 'select day, platform, model_version, posts, negative, neutral, positive, uncertain from daily_coordinated_sentiment',
      key: ['day', 'platform', 'model_version'],
    },
    daily_coordinated_keywords: {
      recount: `select p.day, p.platform, l.model_version, k.key, ${labelCounts}
        from coordinated_posts cp join posts p on p.id = cp.post_id join sentiment_labels l on l.post_id = p.id
        cross join lateral unnest(p.keywords) as k(key) group by 1, 2, 3, 4`,
      rollup: 'select day, platform, model_version, key, posts, negative, neutral, positive, uncertain from daily_coordinated_keywords',
      key: ['day', 'platform', 'model_version', 'key'],
    },
  };
  const out: Record<string, number> = {};
  for (const [table, q] of Object.entries(tables)) {
    const on = q.key.map((k) => `r.${k} = c.${k}`).join(' and ');
    out[table] = await count(`select count(*) as n from (${q.rollup}) r full join (${q.recount}) c on ${on} where (${differs})`);
  }
  out.daily_emotions = await count(`
    select count(*) as n from daily_emotions r full join (
      select p.day, p.platform, l.model_version, count(*) as posts, count(*) filter (where l.label = 'anger') as anger,
        count(*) filter (where l.label = 'sadness') as sadness, count(*) filter (where l.label = 'uncertain') as uncertain
      from posts p join emotion_labels l on l.post_id = p.id group by 1, 2, 3) c
      on r.day = c.day and r.platform = c.platform and r.model_version = c.model_version
    where (r.posts, r.anger, r.sadness, r.uncertain) is distinct from (c.posts, c.anger, c.sadness, c.uncertain)`);
  out.daily_sentiment_likes = await count(`
    select count(*) as n from daily_sentiment r full join (select p.day, p.platform, l.model_version, sum(p.likes) as likes
      from posts p join sentiment_labels l on l.post_id = p.id group by 1, 2, 3) c
      on r.day = c.day and r.platform = c.platform and r.model_version = c.model_version where r.likes is distinct from c.likes`);
  return out;
}

const EXACT = {
  daily_sentiment: 0,
  daily_language_sentiment: 0,
  daily_keywords: 0,
  daily_topic_sentiment: 0,
  daily_coordinated_sentiment: 0,
  daily_coordinated_keywords: 0,
  daily_emotions: 0,
  daily_sentiment_likes: 0,
};

const postsOf = (window: { from: string; to: string }) =>
  count(`select count(*) as n from posts where day between '${window.from}' and '${window.to}'`);
const versions = async () =>
  rowsOf(
    await sample.handle.db.execute('select model_version as version, count(*)::int as posts from sentiment_labels group by 1 order by 1'),
  );

beforeAll(async () => {
  sample = await analyseSample('reanalyze');
  const topic = await createTopic(sample.handle.db, { name: 'bpjs', query: 'bpjs' });
  topicId = topic.id;
  await backfillTopic(sample.handle.db, topic.id, topicMatcher('bpjs', analyzeText), { query: 'bpjs' });
  older = await loadSentimentModel({ modelDir: OLDER_MODEL });
}, 300_000);

afterAll(async () => {
  await sample?.close();
});

describe('pantau reanalyze', () => {
  it('starts from a population labelled by one version whose rollups equal a recount', async () => {
    expect(older.manifest.version).not.toBe(sample.model.manifest.version);
    expect(await versions()).toEqual([{ version: sample.model.manifest.version, posts: await postsOf(WINDOW) }]);
    expect(await count('select count(*) as n from post_topics')).toBeGreaterThan(100);
    expect(await count('select count(*) as n from coordinated_posts')).toBeGreaterThan(0);
    expect(await driftFromRecount()).toEqual(EXACT);
  });

  it('stops after two batches, keeps the rollups exact, and continues from its cursor when started again', async () => {
    const part = await postsOf(FIRST_PART);
    const stop = new Error('stopped after two batches');
    let seen: ReanalyzeRun | null = null;
    await expect(
      reanalyze({
        db: sample.handle.db,
        model: older,
        ...FIRST_PART,
        topicId: null,
        batchSize: 100,
        afterBatch: (run) => {
          seen = run;
          if (run.batches === 2) throw stop;
        },
      }),
    ).rejects.toBe(stop);
    const stopped = seen as ReanalyzeRun | null;
    expect(stopped?.relabelled).toBe(200);
    expect(stopped?.total).toBe(part);
    // The two committed batches are relabelled, nothing else; the rollups count every post once.
    expect(await versions()).toEqual([
      { version: older.manifest.version, posts: 200 },
      { version: sample.model.manifest.version, posts: (await postsOf(WINDOW)) - 200 },
    ]);
    expect(await driftFromRecount()).toEqual(EXACT);
    const run = await one(
      `select state, to_char(cursor_day, 'YYYY-MM-DD') as cursor_day, cursor_post_id, relabelled from reanalyze_runs where id = ${stopped?.id}`,
    );
    expect(run.state).toBe('running');
    expect(Number(run.relabelled)).toBe(200);

    let started: ReanalyzeRun | null = null;
    const finished = await reanalyze({
      db: sample.handle.db,
      model: older,
      ...FIRST_PART,
      topicId: null,
      batchSize: 100,
      onStart: (r) => {
        started = r;
      },
    });
    const continued = started as ReanalyzeRun | null;
    expect(continued?.id).toBe(stopped?.id);
    expect(continued?.resumed).toBe(true);
    expect(continued?.cursorPostId).toBe(Number(run.cursor_post_id));
    expect(continued?.cursorDay).toBe(run.cursor_day);
    expect(continued?.cursorDay).toBe(stopped?.cursorDay);
    expect(finished).toMatchObject({ state: 'done', relabelled: part, skippedNoText: 0, total: part });
    expect(await count(`select count(*) as n from reanalyze_runs`)).toBe(1);
    expect(await versions()).toEqual([
      { version: older.manifest.version, posts: part },
      { version: sample.model.manifest.version, posts: (await postsOf(WINDOW)) - part },
    ]);
    expect(
      await count(`select count(*) as n from posts p join sentiment_labels l on l.post_id = p.id
        where p.day between '${FIRST_PART.from}' and '${FIRST_PART.to}' and l.model_version <> '${older.manifest.version}'`),
    ).toBe(0);
    expect(await driftFromRecount()).toEqual(EXACT);
  });

  it('counts every post once in the aggregates and names both versions in the disclosure', async () => {
    const all = await postsOf(WINDOW);
    const part = await postsOf(FIRST_PART);
    const series = await sentimentSeries(sample.handle.db, { ...WINDOW, granularity: 'day', modelVersion: older.manifest.version });
    expect(series.reduce((t, p) => t + p.posts, 0)).toBe(all);
    const app: App = await buildApp({
      db: sample.handle.db,
      pingDatabase: () => sample.handle.ping(),
      model: older,
      software: { version: 'e2e', commit: 'e2e' },
    });
    try {
      const key = (await createApiKey(sample.handle.db, 'reanalyze', ['read'])).secret;
      const get = async (path: string) => (await app.inject({ url: path, headers: { authorization: `Bearer ${key}` } })).json();
      const answer = await get(`/v1/sentiment?from=${WINDOW.from}&to=${WINDOW.to}`);
      expect(answer.data.total.posts).toBe(all);
      expect(answer.disclosure.population.postsCounted).toBe(all);
      expect(answer.disclosure.model.version).toBe(older.manifest.version);
      expect(answer.disclosure.model.versions).toEqual([
        { version: older.manifest.version, posts: part },
        { version: sample.model.manifest.version, posts: all - part },
      ]);
      // A window of the relabelled days only: one version.
      const first = await get(`/v1/sentiment?from=${FIRST_PART.from}&to=${FIRST_PART.to}`);
      expect(first.disclosure.model.versions).toEqual([{ version: older.manifest.version, posts: part }]);
      // A topic's figures count its tagged posts once too, with the versions of those posts.
      const tagged = await count(`select count(*) as n from post_topics where day between '${WINDOW.from}' and '${WINDOW.to}'`);
      const topic = await get(`/v1/sentiment?from=${WINDOW.from}&to=${WINDOW.to}&topic=${topicId}`);
      expect(topic.data.total.posts).toBe(tagged);
      const topicVersions = topic.disclosure.model.versions as { version: string; posts: number }[];
      expect(topicVersions.map((v) => v.version)).toEqual([older.manifest.version, sample.model.manifest.version]);
      expect(topicVersions.reduce((t, v) => t + v.posts, 0)).toBe(tagged);
      const keywords = await get(`/v1/keywords/top?from=${WINDOW.from}&to=${WINDOW.to}&limit=5`);
      const top = keywords.data.keywords[0] as { key: string; posts: number };
      const stem = top.key;
      expect(stem).not.toBe('');
      expect(top.posts).toBe(
        await count(`select count(*) as n from posts where '${stem}' = any(keywords) and day between '${WINDOW.from}' and '${WINDOW.to}'`),
      );
    } finally {
      await app.close();
    }
  });

  it('relabels only a topic of the rest of the window and skips the posts whose text retention removed', async () => {
    const rest = { from: '2026-11-07', to: WINDOW.to };
    // Three of the topic's posts lost their text to retention (as `pantau privacy retention` leaves them).
    await sample.handle.db.execute(`
      update posts set text = '', url = null, text_removed_at = now() where id in (
        select pt.post_id from post_topics pt where pt.topic_id = ${topicId} and pt.day between '${rest.from}' and '${rest.to}'
        order by pt.post_id limit 3)`);
    const tagged = await count(
      `select count(*) as n from post_topics where topic_id = ${topicId} and day between '${rest.from}' and '${rest.to}'`,
    );
    const finished = await reanalyze({ db: sample.handle.db, model: older, ...rest, topicId, batchSize: 64 });
    expect(finished).toMatchObject({ state: 'done', total: tagged, relabelled: tagged - 3, skippedNoText: 3, topicId });
    expect(
      await count(`select count(*) as n from post_topics pt join sentiment_labels l on l.post_id = pt.post_id
        where pt.topic_id = ${topicId} and pt.day between '${rest.from}' and '${rest.to}' and l.model_version = '${sample.model.manifest.version}'`),
    ).toBe(3);
    // Posts outside the topic kept their label.
    expect(
      await count(`select count(*) as n from posts p join sentiment_labels l on l.post_id = p.id
        where p.day between '${rest.from}' and '${rest.to}' and l.model_version = '${older.manifest.version}'
          and not exists (select 1 from post_topics pt where pt.topic_id = ${topicId} and pt.post_id = p.id)`),
    ).toBe(0);
    expect(await driftFromRecount()).toEqual(EXACT);
    // Started again: nothing left but the three text-less posts, skipped again.
    const again = await reanalyze({ db: sample.handle.db, model: older, ...rest, topicId, batchSize: 64 });
    expect(again).toMatchObject({ total: 3, relabelled: 0, skippedNoText: 3 });
    expect(await driftFromRecount()).toEqual(EXACT);
  });

  it('relabels back with a model that has an emotion head, replacing the emotion labels in their rollup', async () => {
    const head = sample.model.emotion;
    expect(head).toBeDefined();
    const days = { from: '2026-11-01', to: '2026-11-02' };
    const indonesian = await count(`select count(*) as n from posts where lang = 'id' and day between '${days.from}' and '${days.to}'`);
    const emotionsBefore = await count('select count(*) as n from emotion_labels');
    const finished = await reanalyze({ db: sample.handle.db, model: sample.model, ...days, topicId: null, batchSize: 70 });
    expect(finished).toMatchObject({
      state: 'done',
      relabelled: await postsOf(days),
      emotionModelVersion: head?.manifest.version,
    });
    expect(
      await count(`select count(*) as n from posts p join emotion_labels e on e.post_id = p.id
        where p.day between '${days.from}' and '${days.to}' and e.model_version = '${head?.manifest.version}'`),
    ).toBe(indonesian);
    // One emotion label per post: replaced, not added.
    expect(await count('select count(*) as n from emotion_labels')).toBe(emotionsBefore);
    expect(await driftFromRecount()).toEqual(EXACT);
  });
});
