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
import { analyseRegionalPosts, pseudonymOf } from '../support/regional-posts.ts';

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
  it('stores a Javanese post as jav with the label other_language, and excludes the English post', async () => {
    const rows = await query(
      `select p.external_id, p.lang, l.label from posts p join sentiment_labels l on l.post_id = p.id order by p.id`,
    );
    const byId = new Map(rows.map((r) => [String(r.external_id), r]));
    expect(byId.get('r5')).toMatchObject({ lang: 'jav', label: 'other_language' });
    expect(byId.get('r6')).toMatchObject({ lang: 'jav', label: 'other_language' });
    expect(byId.get('r7')).toMatchObject({ lang: 'sun', label: 'other_language' });
    for (const id of ['r0', 'r1', 'r2', 'r3', 'r4']) {
      expect(byId.get(id)?.lang).toBe('id');
      expect(['negative', 'neutral', 'positive', 'uncertain']).toContain(byId.get(id)?.label);
    }
    expect(byId.has('r8')).toBe(false);
    const [excluded] = await query(`select reason, code from exclusions where external_id = 'r8'`);
    expect(excluded).toMatchObject({ reason: 'not_indonesian', code: 'en' });
  });

  it('keeps the language rollup equal to a recount of the stored posts', async () => {
    const rollup = await query(
      `select lang, sum(posts)::int as posts, sum(likes)::int as likes from daily_language_sentiment group by 1 order by 1`,
    );
    const recount = await query(`select lang, count(*)::int as posts, sum(likes)::int as likes from posts group by 1 order by 1`);
    expect(rollup).toEqual(recount);
  });
});

describe('sentiment, volume, keywords and mentions by language', () => {
  it('leaves regional posts out of the sentiment shares and names them in the disclosure', async () => {
    const { status, body } = await get<SentimentBody>(`/v1/sentiment?${WINDOW}`);
    expect(status).toBe(200);
    const [ids] = await query(`select count(*)::int as n from posts where lang = 'id'`);
    // The shares' posts are the Indonesian ones; the regional ones are counted and excluded by their language.
    expect(body.data.total.posts).toBe(ids?.n);
    const population = body.disclosure.population;
    expect(population.postsCounted).toBe(8);
    expect(population.excluded.language_jav).toBe(2);
    expect(population.excluded.language_sun).toBe(1);
    expect(population.excluded.not_indonesian).toBe(1);
    expect(population.languages.id).toEqual({ posts: 5, share: 5 / 8 });
    expect(population.languages.jav).toEqual({ posts: 2, share: 2 / 8 });
    expect(population.languages.sun).toEqual({ posts: 1, share: 1 / 8 });
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

  it('filters sentiment by language: a regional language has posts but no class shares', async () => {
    const jav = await get<SentimentBody>(`/v1/sentiment?${WINDOW}&language=jav`);
    expect(jav.status).toBe(200);
    expect(jav.body.data.total.posts).toBe(0);
    expect(jav.body.disclosure.population.postsCounted).toBe(2);
    expect(Object.keys(jav.body.disclosure.population.languages)).toEqual(['jav']);
    expect(jav.body.disclosure.validation.status).toBe('none');
    const id = await get<SentimentBody>(`/v1/sentiment?${WINDOW}&language=id`);
    const all = await get<SentimentBody>(`/v1/sentiment?${WINDOW}`);
    // Indonesian only gives the same shares as no filter (the regional posts have no class), a smaller population.
    expect(id.body.data.total.counts).toEqual(all.body.data.total.counts);
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
    expect(all.body.data.series.reduce((t, p) => t + p.posts, 0)).toBe(8);
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
    // Their keywords carry no sentiment class.
    for (const k of jav.body.data.keywords) expect(k.sentiment).toEqual({ negative: 0, neutral: 0, positive: 0, uncertain: 0 });
  });

  it('filters mentions by language', async () => {
    const { status, body } = await get<MentionsBody>(`/v1/mentions?${WINDOW}&language=sun,jav`);
    expect(status).toBe(200);
    const direct = await query(`select external_id from posts where lang in ('jav', 'sun') order by external_id`);
    expect(body.data.total).toBe(direct.length);
    expect(body.data.mentions.map((m) => m.externalId).sort()).toEqual(direct.map((r) => r.external_id));
    expect(body.data.mentions.every((m) => m.label === 'other_language')).toBe(true);
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
