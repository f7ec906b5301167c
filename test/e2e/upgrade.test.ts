import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DatabaseHandle,
  listApiKeys,
  MIGRATIONS_DIR,
  migrate,
  openDatabase,
  population,
  rowsOf,
  sentimentSeries,
  topKeywords,
  volumeSeries,
} from '@pantau/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateUpTo } from '../support/migrations.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// A database populated at migration 0008 (the schema of the first deployments), written with SQL of that schema, is
// upgraded by every migration that exists now and must answer the same aggregates. The expectations are computed
// from the rows written here, not by the project's queries at 0008; new migrations need no change to this file.
const BASE_MIGRATION = '0008_topic_rollup_data_changes';
const MODEL = 'model-0008';
const LABELS = ['negative', 'neutral', 'positive', 'uncertain'] as const;
const DAYS = ['2026-11-02', '2026-11-03'];

interface Row {
  id: number;
  platform: string;
  day: string;
  label: (typeof LABELS)[number];
  author: string;
  likes: number;
  replies: number;
  shares: number;
  views: number;
  keywords: string[];
}
const POSTS: Row[] = Array.from({ length: 12 }, (_, i) => ({
  id: i + 1,
  platform: i % 3 === 0 ? 'facebook' : 'x',
  day: DAYS[i % 2] as string,
  label: LABELS[i % 4] as (typeof LABELS)[number],
  author: String(i % 5).repeat(64),
  likes: i,
  replies: i % 3,
  shares: i % 2,
  views: 10 * i,
  keywords: i % 3 === 0 ? ['iuran'] : ['antrean', 'puskesmas'],
}));
const TOPIC_POSTS = POSTS.filter((p) => p.keywords.includes('antrean'));

/** The deployment's data, in SQL of the 0008 schema: posts, labels, rollups, a tagged topic, exclusions, keys, audit. */
const POPULATE_0008 = [
  `insert into posts (id, platform, external_id, author_pseudonym, published_at, day, text, url, likes, replies, shares, views,
     lang, lang_confidence, source_connector, source_run_id, collected_at, message_ref, keywords) values ${POSTS.map(
       (p) =>
         `(${p.id}, '${p.platform}', 'e${p.id}', '${p.author}', '${p.day}T03:00:00Z', '${p.day}', '${p.keywords.join(' ')} lama', null,
         ${p.likes}, ${p.replies}, ${p.shares}, ${p.views}, 'id', 0.9, 'file', 'run-1', '${p.day}T04:00:00Z', 'posts.raw/0/${p.id}',
         array[${p.keywords.map((k) => `'${k}'`).join(', ')}]::text[])`,
     ).join(', ')}`,
  // A Javanese post labelled by the Indonesian model, as stored before regional posts were left out of the shares (on a
  // day outside the windows compared below).
  `insert into posts (id, platform, external_id, author_pseudonym, published_at, day, text, likes, replies, shares, views,
     lang, lang_confidence, source_connector, source_run_id, collected_at, message_ref, keywords) values
     (${POSTS.length + 1}, 'x', 'jav1', '${'9'.repeat(64)}', '2026-10-15T03:00:00Z', '2026-10-15', 'iurane mundhak meneh', 2, 0, 0, 5,
     'jav', 0.9, 'file', 'run-1', '2026-10-15T04:00:00Z', 'posts.raw/0/99', array['iuran']::text[])`,
  `select setval(pg_get_serial_sequence('posts', 'id'), ${POSTS.length + 1})`,
  `insert into sentiment_labels (post_id, model_version, label, p_negative, p_neutral, p_positive, confidence) values ${POSTS.map(
    (p) => `(${p.id}, '${MODEL}', '${p.label}', 0.4, 0.3, 0.3, 0.4)`,
  ).join(', ')}, (${POSTS.length + 1}, '${MODEL}', 'negative', 0.6, 0.2, 0.2, 0.6)`,
  `insert into daily_sentiment (day, platform, model_version, posts, negative, neutral, positive, uncertain, likes, replies, shares, views)
   select p.day, p.platform, l.model_version, count(*), count(*) filter (where l.label = 'negative'), count(*) filter (where l.label = 'neutral'),
     count(*) filter (where l.label = 'positive'), count(*) filter (where l.label = 'uncertain'), sum(p.likes), sum(p.replies), sum(p.shares), sum(p.views)
   from posts p join sentiment_labels l on l.post_id = p.id group by 1, 2, 3`,
  `insert into daily_keywords (day, platform, model_version, key, term, kind, posts, negative, neutral, positive, uncertain)
   select p.day, p.platform, l.model_version, k.key, k.key, 'unigram', count(*), count(*) filter (where l.label = 'negative'),
     count(*) filter (where l.label = 'neutral'), count(*) filter (where l.label = 'positive'), count(*) filter (where l.label = 'uncertain')
   from posts p join sentiment_labels l on l.post_id = p.id cross join lateral unnest(p.keywords) as k(key) group by 1, 2, 3, 4`,
  `insert into topics (id, name, query, backfill_state, backfill_total, backfill_processed, backfill_matched)
   values (1, 'antrean', 'antrean', 'done', ${POSTS.length}, ${POSTS.length}, ${TOPIC_POSTS.length})`,
  `select setval(pg_get_serial_sequence('topics', 'id'), 1)`,
  `insert into post_topics (post_id, topic_id, day) values ${TOPIC_POSTS.map((p) => `(${p.id}, 1, '${p.day}')`).join(', ')}`,
  `insert into daily_topic_sentiment (topic_id, day, platform, model_version, posts, negative, neutral, positive, uncertain, likes, replies, shares, views)
   select pt.topic_id, pt.day, p.platform, l.model_version, count(*), count(*) filter (where l.label = 'negative'),
     count(*) filter (where l.label = 'neutral'), count(*) filter (where l.label = 'positive'), count(*) filter (where l.label = 'uncertain'),
     sum(p.likes), sum(p.replies), sum(p.shares), sum(p.views)
   from post_topics pt join posts p on p.id = pt.post_id join sentiment_labels l on l.post_id = p.id group by 1, 2, 3, 4`,
  `insert into exclusions (ref, reason, code, stage, platform, external_id, day) values
     ('lang:x:e90', 'not_indonesian', 'en', 'analysis', 'x', 'e90', '2026-11-02'),
     ('dup:posts.raw/0/91', 'duplicate', 'same_post_key', 'analysis', 'x', 'e1', '2026-11-03')`,
  `insert into coverage_runs (run_id, connector, query, platform, window_from, window_to, started_at, finished_at, fetched, published)
   values ('run-1', 'file', 'sample', 'x', '2026-11-01T17:00:00Z', '2026-11-03T17:00:00Z', '2026-11-04T01:00:00Z', '2026-11-04T01:01:00Z', 14, 14)`,
  `insert into api_keys (id, name, key_hash, scopes) values ('k0008', 'analyst', '${'f'.repeat(64)}', array['read'])`,
  `insert into audit_log (at, key_id, action, detail) values
     ('2026-11-04T02:00:00Z', 'k0008', 'key.create', '{"name": "analyst", "scopes": ["read"]}'),
     ('2026-11-04T02:01:00Z', 'k0008', 'GET /v1/sentiment', '{"status": 200}'),
     ('2026-11-04T02:02:00Z', null, 'GET /v1/volume', '{"status": 401}')`,
];

const sum = (rows: readonly Row[], f: (r: Row) => number) => rows.reduce((a, r) => a + f(r), 0);

/** The daily sentiment counts of `rows`, as a reader of the rows would count them. */
function sentimentOf(rows: readonly Row[]) {
  return DAYS.map((day) => {
    const d = rows.filter((r) => r.day === day);
    return {
      period: day,
      posts: d.length,
      ...Object.fromEntries(LABELS.map((l) => [l, d.filter((r) => r.label === l).length])),
      likes: sum(d, (r) => r.likes),
      replies: sum(d, (r) => r.replies),
      shares: sum(d, (r) => r.shares),
    };
  }).filter((p) => p.posts > 0);
}

type Store = { kind: 'pglite'; dir: string } | { kind: 'postgres'; db: TestDatabase };

describe.each([['PGlite'], ['Postgres']])('upgrade from migration 0008 (%s)', (name) => {
  let store: Store;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    store =
      name === 'PGlite'
        ? { kind: 'pglite', dir: mkdtempSync(join(tmpdir(), 'pantau-upgrade-')) }
        : { kind: 'postgres', db: await createTestDatabase() };
    handle = store.kind === 'pglite' ? await openDatabase({ dataDir: store.dir }) : await openDatabase({ url: store.db.url });
    await migrateUpTo(handle, BASE_MIGRATION);
    for (const statement of POPULATE_0008) await handle.db.execute(statement);
    // Then every migration of today's software, as `pantau migrate` applies them.
    await migrate(handle);
  }, 180_000);

  afterAll(async () => {
    await handle?.close();
    if (store?.kind === 'postgres') await store.db.drop();
    if (store?.kind === 'pglite') rmSync(store.dir, { recursive: true, force: true });
  });

  it('applies every migration after 0008', async () => {
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
      entries: { idx: number; when: number }[];
    };
    expect(journal.entries.map((e) => e.idx)).toEqual(Array.from({ length: journal.entries.length }, (_, i) => i));
    // The migrator skips a migration whose `when` is not later than the last one applied: a database at any earlier
    // migration would never get it.
    const whens = journal.entries.map((e) => e.when);
    expect(whens.every((when, i) => i === 0 || when > (whens[i - 1] ?? 0))).toBe(true);
    const sqlFiles = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'));
    expect(sqlFiles.length).toBe(journal.entries.length);
    const applied = rowsOf(await handle.db.execute('select count(*)::int as n from drizzle.__drizzle_migrations'))[0]?.n;
    expect(applied).toBe(journal.entries.length);
  });

  it('answers the same sentiment, volume, keywords, topic and population figures', async () => {
    const window = { from: '2026-11-01', to: '2026-11-05' };
    expect(await sentimentSeries(handle.db, { ...window, granularity: 'day', modelVersion: MODEL })).toEqual(
      sentimentOf(POSTS).map((p) => expect.objectContaining(p)),
    );
    expect(await sentimentSeries(handle.db, { ...window, granularity: 'day', modelVersion: MODEL, topicId: 1 })).toEqual(
      sentimentOf(TOPIC_POSTS).map((p) => expect.objectContaining(p)),
    );
    expect((await volumeSeries(handle.db, { ...window, granularity: 'day' })).series).toEqual(
      DAYS.map((day) => {
        const d = POSTS.filter((r) => r.day === day);
        return expect.objectContaining({
          period: day,
          posts: d.length,
          uniqueAuthors: new Set(d.map((r) => r.author)).size,
          likes: sum(d, (r) => r.likes),
          views: sum(d, (r) => r.views),
        });
      }),
    );
    const keywords = await topKeywords(handle.db, {
      ...window,
      modelVersion: MODEL,
      limit: 10,
      previousFrom: '2026-10-27',
      previousTo: '2026-10-31',
    });
    const expectedKeywords = ['antrean', 'iuran', 'puskesmas'].map((key) => {
      const using = POSTS.filter((r) => r.keywords.includes(key));
      return { key, posts: using.length, negative: using.filter((r) => r.label === 'negative').length, previousPosts: 0 };
    });
    expect([...keywords].sort((a, b) => (a.key < b.key ? -1 : 1))).toEqual(expectedKeywords.map((k) => expect.objectContaining(k)));
    expect(await population(handle.db, { ...window, modelVersion: MODEL })).toMatchObject({
      postsCounted: POSTS.length,
      excluded: { not_indonesian: 1, duplicate: 1 },
    });
  });

  it('relabels a stored regional-language post, takes it out of the class counts and keys a rollup by language', async () => {
    const q = async (text: string) => rowsOf(await handle.db.execute(text));
    expect((await q(`select label from sentiment_labels where post_id = ${POSTS.length + 1}`))[0]?.label).toBe('other_language');
    expect((await q(`select posts, negative from daily_sentiment where day = '2026-10-15'`))[0]).toEqual({ posts: 1, negative: 0 });
    expect((await q(`select posts, negative from daily_keywords where day = '2026-10-15' and key = 'iuran'`))[0]).toEqual({
      posts: 1,
      negative: 0,
    });
    const rollup = await q(
      `select lang, sum(posts)::int as posts, sum(negative)::int as negative, sum(likes)::int as likes from daily_language_sentiment group by 1 order by 1`,
    );
    const recount = await q(
      `select p.lang, count(*)::int as posts, (count(*) filter (where l.label = 'negative'))::int as negative, sum(p.likes)::int as likes
       from posts p join sentiment_labels l on l.post_id = p.id group by 1 order by 1`,
    );
    expect(rollup).toEqual(recount);
    expect(rollup.find((r) => r.lang === 'jav')).toEqual({ lang: 'jav', posts: 1, negative: 0, likes: 2 });
  });

  it('keeps the keys and the audit log', async () => {
    expect((await listApiKeys(handle.db)).map((k) => k.name)).toEqual(['analyst']);
    const audit = rowsOf(await handle.db.execute('select key_id, action, detail from audit_log order by at'));
    expect(audit).toEqual([
      { key_id: 'k0008', action: 'key.create', detail: { name: 'analyst', scopes: ['read'] } },
      { key_id: 'k0008', action: 'GET /v1/sentiment', detail: { status: 200 } },
      { key_id: null, action: 'GET /v1/volume', detail: { status: 401 } },
    ]);
  });
});
