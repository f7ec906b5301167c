import { type App, buildApp } from '@pantau/api';
import {
  backfillTopic,
  createApiKey,
  createTopic,
  type DatabaseHandle,
  deleteTopic,
  forgetAuthor,
  migrate,
  openDatabase,
  rowsOf,
} from '@pantau/db';
import { loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { analyseRegionalPosts, pseudonymOf, REGIONAL_POSTS } from '../support/regional-posts.ts';

let testDb: TestDatabase;
let handle: DatabaseHandle;
let app: App;
let model: SentimentModel;
let key = '';

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  model = await loadSentimentModel();
  await analyseRegionalPosts(handle.db, model);
  key = (await createApiKey(handle.db, 'analyst', ['read'])).secret;
  app = await buildApp({ db: handle.db, pingDatabase: () => handle.ping(), model, software: { version: '0.1.0', commit: 'test' } });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await handle?.close();
  await testDb?.drop();
});

interface Disclosed {
  disclosure: {
    population: { postsCounted: number; excluded: Record<string, number>; languages: Record<string, { posts: number; share: number }> };
    validation: { status: string };
    model: { sha256: string };
    method: { label: string };
    regionalSentiment?: {
      model: { sha256: string; evaluation: { dataset: string }[] };
      languages: string[];
      posts: Record<string, number>;
      inDefaultShares: boolean;
      heldOut: string[];
    };
  };
}
type Counts = Record<'negative' | 'neutral' | 'positive', number>;
type SentimentBody = Disclosed & { data: { total: { posts: number; counts: Counts } } };
type VolumeBody = Disclosed & { data: { series: { period: string; posts: number; uniqueAuthors: number; likes: number }[] } };
type KeywordsBody = Disclosed & { data: { keywords: { key: string; posts: number; sentiment: Record<string, number> }[] } };
type MentionsBody = Disclosed & { data: { total: number; mentions: { externalId: string; label: string }[] } };

const get = async <Body>(url: string) => {
  const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
  return { status: res.statusCode, body: res.json() as Body };
};
const query = async (text: string) => rowsOf(await handle.db.execute(text));
const WINDOW = 'from=2026-11-01&to=2026-11-02';

describe('regional-language posts in the pipeline', () => {
  it('labels Javanese and Sundanese posts with the regional head, keeps the Acehnese one other_language, excludes the English post', async () => {
    const rows = await query(
      `select p.external_id, p.lang, l.label, l.p_negative, l.p_neutral, l.p_positive from posts p join sentiment_labels l on l.post_id = p.id order by p.id`,
    );
    const byId = new Map(rows.map((r) => [String(r.external_id), r]));
    const head = model.regional;
    if (!head) throw new Error('the active model folder has no regional head');
    const regional = [
      ['r5', 'jav'],
      ['r6', 'jav'],
      ['r7', 'sun'],
    ] as const;
    const predicted = await head.predict(regional.map(([id]) => REGIONAL_POSTS[Number(id.slice(1))]?.text ?? ''));
    regional.forEach(([id, lang], i) => {
      // The stored label and probabilities are the regional head's own, not `other_language`.
      expect(byId.get(id)).toMatchObject({ lang, label: predicted[i]?.label });
      expect(['negative', 'neutral', 'positive', 'uncertain']).toContain(byId.get(id)?.label);
      const stored = byId.get(id) ?? {};
      const p = predicted[i]?.probabilities ?? [-1, -1, -1];
      expect([stored.p_negative, stored.p_neutral, stored.p_positive].map(Number)).toEqual(p.map((x) => expect.closeTo(x, 5)));
    });
    expect(byId.get('r9')).toMatchObject({ lang: 'ace', label: 'other_language' });
    const indonesian = await model.predict(REGIONAL_POSTS.slice(0, 5).map((p) => p.text));
    for (const [i, id] of ['r0', 'r1', 'r2', 'r3', 'r4'].entries()) {
      expect(byId.get(id)?.lang).toBe('id');
      expect(byId.get(id)?.label).toBe(indonesian[i]?.label);
    }
    expect(byId.has('r8')).toBe(false);
    const [excluded] = await query(`select reason, code from exclusions where external_id = 'r8'`);
    expect(excluded).toMatchObject({ reason: 'not_indonesian', code: 'en' });
  });

  it('keeps the language rollup equal to a recount of the stored posts', async () => {
    const rollup = await query(
      `select lang, sum(posts)::int as posts, sum(negative + neutral + positive + uncertain)::int as labelled, sum(likes)::int as likes
       from daily_language_sentiment group by 1 order by 1`,
    );
    const recount = await query(
      `select p.lang, count(*)::int as posts, count(*) filter (where l.label <> 'other_language')::int as labelled, sum(p.likes)::int as likes
       from posts p join sentiment_labels l on l.post_id = p.id group by 1 order by 1`,
    );
    expect(rollup).toEqual(recount);
  });
});

describe('sentiment, volume, keywords and mentions by language', () => {
  it("puts the regional head's posts in the default shares, names the head and leaves Acehnese out", async () => {
    const { status, body } = await get<SentimentBody>(`/v1/sentiment?${WINDOW}`);
    expect(status).toBe(200);
    const labelled = await query(
      `select l.label, count(*)::int as n from posts p join sentiment_labels l on l.post_id = p.id where l.label <> 'other_language' group by 1`,
    );
    // The shares' posts are the Indonesian ones and those the regional head labelled (jav, sun), not the Acehnese one.
    expect(body.data.total.posts).toBe(labelled.reduce((t, r) => t + Number(r.n), 0));
    expect(body.data.total.posts).toBe(8);
    for (const c of ['negative', 'neutral', 'positive'] as const)
      expect(body.data.total.counts[c]).toBe(labelled.find((r) => r.label === c)?.n ?? 0);
    const disclosure = body.disclosure;
    const population = disclosure.population;
    expect(population.postsCounted).toBe(9);
    expect(population.excluded.language_ace).toBe(1);
    expect(population.excluded.language_jav).toBeUndefined();
    expect(population.excluded.language_sun).toBeUndefined();
    expect(population.excluded.not_indonesian).toBe(1);
    expect(population.languages.id).toEqual({ posts: 5, share: 5 / 9 });
    expect(population.languages.jav).toEqual({ posts: 2, share: 2 / 9 });
    expect(population.languages.ace).toEqual({ posts: 1, share: 1 / 9 });
    // Which head labelled what, and the regional head's held-out figures, labelled as a translation corpus.
    const regional = disclosure.regionalSentiment;
    expect(regional?.posts).toEqual({ jav: 2, sun: 1 });
    expect(regional?.languages).toEqual(['jav', 'sun', 'min', 'bjn', 'ban', 'mad']);
    expect(regional?.inDefaultShares).toBe(true);
    expect(regional?.model.sha256).toBe(model.regional?.manifest.sha256);
    expect(regional?.model.evaluation.map((e) => e.dataset)).toContain('nusax-jav-valid');
    expect(regional?.heldOut.join(' ')).toContain('translation corpus derived from SmSA');
    expect(disclosure.model.sha256).toBe(model.manifest.sha256);
    expect(disclosure.method.label).toContain(String(model.regional?.manifest.name));
  });

  it("counts a topic's posts per language in the disclosure as a direct count of its tagged posts does", async () => {
    // A topic over every stored post: Indonesian from its rollup, the regional languages from their few posts.
    const topic = await createTopic(handle.db, { name: 'pelayanan', query: 'pelayanan OR pelayanane OR palayanan OR antrean' });
    await backfillTopic(handle.db, topic.id, (text) => /pelayanan|pelayanane|palayanan|antrean/i.test(text), { chunkSize: 100 });
    const direct = await query(`select p.lang, count(*)::int as n from post_topics pt join posts p on p.id = pt.post_id
      join sentiment_labels l on l.post_id = p.id where pt.topic_id = ${topic.id} group by 1 order by 1`);
    expect(direct.length).toBeGreaterThan(1);
    const { body } = await get<SentimentBody>(`/v1/sentiment?${WINDOW}&topic=${topic.id}`);
    const languages = Object.fromEntries(Object.entries(body.disclosure.population.languages).map(([code, l]) => [code, l.posts]));
    expect(languages).toEqual(Object.fromEntries(direct.map((r) => [String(r.lang), Number(r.n)])));
    await deleteTopic(handle.db, topic.id);
  });

  it('filters sentiment by language: a labelled regional language has its shares, Acehnese has none', async () => {
    const jav = await get<SentimentBody>(`/v1/sentiment?${WINDOW}&language=jav`);
    expect(jav.status).toBe(200);
    expect(jav.body.data.total.posts).toBe(2);
    expect(jav.body.disclosure.population.postsCounted).toBe(2);
    expect(Object.keys(jav.body.disclosure.population.languages)).toEqual(['jav']);
    expect(jav.body.disclosure.validation.status).toBe('none');
    const javLabels = await query(
      `select l.label, count(*)::int as n from posts p join sentiment_labels l on l.post_id = p.id where p.lang = 'jav' group by 1`,
    );
    for (const c of ['negative', 'neutral', 'positive'] as const)
      expect(jav.body.data.total.counts[c]).toBe(javLabels.find((r) => r.label === c)?.n ?? 0);
    const ace = await get<SentimentBody>(`/v1/sentiment?${WINDOW}&language=ace`);
    expect(ace.body.data.total.posts).toBe(0);
    expect(ace.body.disclosure.population.excluded.language_ace).toBe(1);
    const id = await get<SentimentBody>(`/v1/sentiment?${WINDOW}&language=id`);
    expect(id.body.disclosure.population.postsCounted).toBe(5);
    const labels = await query(
      `select l.label, count(*)::int as n from posts p join sentiment_labels l on l.post_id = p.id where p.lang = 'id' group by 1`,
    );
    for (const c of ['negative', 'neutral', 'positive'] as const)
      expect(id.body.data.total.counts[c]).toBe(labels.find((r) => r.label === c)?.n ?? 0);
  });

  it('filters volume by language as a direct count of the posts does', async () => {
    const { status, body } = await get<VolumeBody>(`/v1/volume?${WINDOW}&language=jav,sun`);
    expect(status).toBe(200);
    const direct = await query(
      `select day::text as period, count(*)::int as posts, count(distinct author_pseudonym)::int as authors, sum(likes)::int as likes
       from posts where lang in ('jav', 'sun') group by 1 order by 1`,
    );
    expect(body.data.series.map((p) => ({ period: p.period, posts: p.posts, authors: p.uniqueAuthors, likes: p.likes }))).toEqual(direct);
    const all = await get<VolumeBody>(`/v1/volume?${WINDOW}`);
    expect(all.body.data.series.reduce((t, p) => t + p.posts, 0)).toBe(9);
  });

  it('filters top keywords by language as a direct count of the posts does', async () => {
    const { status, body } = await get<KeywordsBody>(`/v1/keywords/top?${WINDOW}&language=id&limit=200`);
    expect(status).toBe(200);
    const direct = await query(
      `select k.key, count(*)::int as posts from posts p cross join lateral unnest(p.keywords) as k(key)
       where p.lang = 'id' group by 1 order by 2 desc, 1`,
    );
    expect(body.data.keywords.map((k) => ({ key: k.key, posts: k.posts }))).toEqual(direct);
    const jav = await get<KeywordsBody>(`/v1/keywords/top?${WINDOW}&language=jav&limit=200`);
    const javDirect = await query(`select count(distinct k.key)::int as n from posts p, unnest(p.keywords) k(key) where p.lang = 'jav'`);
    expect(jav.body.data.keywords.length).toBe(javDirect[0]?.n);
    // Their keywords carry the regional head's classes; the Acehnese post's carry none.
    const javClasses = await query(
      `select k.key, count(*) filter (where l.label = 'negative')::int as negative, count(*) filter (where l.label = 'positive')::int as positive
       from posts p join sentiment_labels l on l.post_id = p.id, unnest(p.keywords) k(key) where p.lang = 'jav' group by 1`,
    );
    for (const k of jav.body.data.keywords) {
      const direct = javClasses.find((r) => r.key === k.key);
      expect({ negative: k.sentiment.negative, positive: k.sentiment.positive }, k.key).toEqual({
        negative: direct?.negative,
        positive: direct?.positive,
      });
    }
    const ace = await get<KeywordsBody>(`/v1/keywords/top?${WINDOW}&language=ace&limit=200`);
    expect(ace.body.data.keywords.length).toBeGreaterThan(0);
    for (const k of ace.body.data.keywords) expect(k.sentiment).toEqual({ negative: 0, neutral: 0, positive: 0, uncertain: 0 });
  });

  it('filters mentions by language', async () => {
    const { status, body } = await get<MentionsBody>(`/v1/mentions?${WINDOW}&language=sun,jav`);
    expect(status).toBe(200);
    const direct = await query(`select external_id from posts where lang in ('jav', 'sun') order by external_id`);
    expect(body.data.total).toBe(direct.length);
    expect(body.data.mentions.map((m) => m.externalId).sort()).toEqual(direct.map((r) => r.external_id));
    const labels = await query(
      `select p.external_id, l.label from posts p join sentiment_labels l on l.post_id = p.id where p.lang in ('jav', 'sun') order by 1`,
    );
    expect(body.data.mentions.map((m) => [m.externalId, m.label]).sort()).toEqual(labels.map((r) => [r.external_id, r.label]));
    expect(body.data.mentions.some((m) => m.label === 'other_language')).toBe(false);
  });

  it('refuses an unknown language code with a 400 naming the parameter', async () => {
    for (const url of [`/v1/sentiment?language=xx`, `/v1/volume?language=jav,english`, `/v1/keywords/top?language=`]) {
      const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
      expect(res.statusCode, url).toBe(400);
      expect((res.json() as { error: { parameter?: string } }).error.parameter, url).toBe('language');
    }
  });

  it('takes a forgotten author out of the language rollup', async () => {
    await forgetAuthor(handle.db, { pseudonym: pseudonymOf('j1'), requestedBy: 'test' });
    const rollup = await query(`select lang, sum(posts)::int as posts from daily_language_sentiment group by 1 order by 1`);
    const recount = await query(`select lang, count(*)::int as posts from posts group by 1 order by 1`);
    expect(rollup).toEqual(recount);
    expect(recount.find((r) => r.lang === 'jav')?.posts).toBe(1);
    const { body } = await get<SentimentBody>(`/v1/sentiment?${WINDOW}`);
    expect(body.disclosure.population.languages.jav?.posts).toBe(1);
  });
});
