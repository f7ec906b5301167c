import { addDays, daysBetween } from '@pantau/contracts';
import {
  backfillTopic,
  coverageSummary,
  createTopic,
  type DatabaseHandle,
  type DataChangeFeed,
  type DayWindow,
  forgetAuthor,
  type Granularity,
  type KeptKeywords,
  keywordSeries,
  languageLabelCounts,
  populationVersions,
  readKeywordRollups,
  recordCoverageRun,
  rowsOf,
  sentimentOverview,
  topKeywords,
  UNWATCHED,
  volumeSeries,
  watchDataChanges,
  writeAnalyzedBatch,
} from '@pantau/db';
import { migratedTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KeptKeywordRollups } from './kept-keywords.ts';
import { mondayOf, RollupMemory } from './rollup-memory.ts';

const MODEL = 'test-model-1';
const LABELS = ['negative', 'neutral', 'positive', 'uncertain'] as const;
const PLATFORMS = ['x', 'facebook'] as const;
const DAYS = ['2026-11-02', '2026-11-03', '2026-11-09', '2026-11-10'];
const KEYWORDS = [
  ['antre', 'unigram'],
  ['#mobilejkn', 'hashtag'],
  ['antre lama', 'bigram'],
  ['obat', 'unigram'],
  ['iur', 'unigram'],
  ['Ωmega', 'unigram'],
] as const;
let testDb: TestDatabase;
let handle: DatabaseHandle;
let feed: DataChangeFeed;
let memory: RollupMemory;
let written = 0;

/** Writes `count` analysed posts (varied day, platform, label, engagement, redactions), tagged with topic 1 when asked. */
async function writePosts(count: number, options: { author?: string; topic?: boolean } = {}): Promise<void> {
  const posts = Array.from({ length: count }, (_, k) => {
    const i = written + k;
    return {
      ...makeAnalyzed(
        makePost({
          externalId: String(i),
          platform: PLATFORMS[i % 2] ?? 'x',
          authorPseudonym: (options.author ?? (i % 7 === 0 ? 'c' : 'a')).repeat(64),
          text: 'antrean lama',
          engagement: { likes: i, replies: i % 3, shares: i % 2, views: 10 * i },
          ...(i % 6 === 0 ? { redactions: { phone: 1, email: i % 12 === 0 ? 1 : 0, nik: 0, bpjs: 0 } } : {}),
        }),
        { offset: i, label: LABELS[i % 4] ?? 'neutral', day: DAYS[i % 4] ?? '2026-11-10' },
      ),
      // Keywords of every kind, used unevenly (ties and a display form that differs from post to post).
      keywords: KEYWORDS.filter((_, k) => (i + k) % (k + 2) === 0).map(([key, kind], k) => ({
        key,
        term: (i + k) % 3 === 0 ? key.toUpperCase() : key,
        kind,
      })),
      // Some posts in a regional language (counted apart in every disclosure's languages).
      ...(i % 5 === 2 ? { lang: 'jav' } : {}),
      ...(options.topic !== false && i % 3 !== 0 ? { topicIds: [1] } : {}),
    };
  });
  written += count;
  await writeAnalyzedBatch(handle.db, { modelVersion: MODEL, posts, exclusions: [] });
}

/** Kept keyword rows as comparable text, one line a row: key, day, platform, part, term, kind, counts. */
function keptRows(kept: KeptKeywords | null): string[] {
  if (!kept) return [];
  const lines: string[] = [];
  for (const [key, k] of kept.keys)
    for (const [part, rows] of [
      ['all', k.all],
      ['coordinated', k.coordinated],
    ] as const)
      for (const r of rows) lines.push(`${key} ${r.day} ${r.platform} ${part} ${r.term} ${r.kind} ${r.counts.join(',')}`);
  return [...lines.sort(), `rows ${kept.rows}`];
}

/** Waits until the feed has seen a write to one of `tables` after `before`. */
async function notified(tables: string[], before: number): Promise<void> {
  await vi.waitFor(() => expect(feed.generationOf?.(tables)).toBeGreaterThan(before), { timeout: 10_000 });
}

const windows: DayWindow[] = [
  { from: '2026-11-01', to: '2026-11-14' },
  { from: '2026-11-03', to: '2026-11-10', platform: 'x' },
  { from: '2026-11-09', to: '2026-11-10', platform: 'facebook' },
  { from: '2026-11-03', to: '2026-11-03', platform: 'facebook' },
  { from: '2026-11-20', to: '2026-11-21' },
  { from: '2026-12-01', to: '2026-12-02' },
];
const cases = [...windows, ...windows.map((w) => ({ ...w, topicId: 1 }))].flatMap((w) =>
  (['day', 'week'] as Granularity[]).flatMap((granularity) =>
    [false, true].map((excludeCoordinated) => ({ ...w, granularity, excludeCoordinated, modelVersion: MODEL })),
  ),
);

/** The kept rollups answer every window as the database does (a topic without coordinated posts is left to it). */
async function expectAsDatabase(): Promise<void> {
  for (const window of cases) {
    const kept = await memory.sentimentOverview(window);
    if (window.topicId !== undefined && window.excludeCoordinated) expect(kept).toBeNull();
    else expect(kept, JSON.stringify(window)).toEqual(await sentimentOverview(handle.db, window));
    const languages = await memory.languageCounts(window);
    if (window.excludeCoordinated) expect(languages).toBeNull();
    else expect(languages, JSON.stringify(window)).toEqual(await languageLabelCounts(handle.db, window));
    const versions = await memory.populationVersions(window);
    if (window.topicId !== undefined && window.excludeCoordinated) expect(versions).toBeNull();
    else expect(versions, JSON.stringify(window)).toEqual(await populationVersions(handle.db, window));
    expect(await memory.coverageSummary(window), JSON.stringify(window)).toEqual(await coverageSummary(handle.db, window));
    const volume = await memory.volume(window);
    if (window.excludeCoordinated) expect(volume).toBeNull();
    else expect(volume, JSON.stringify(window)).toEqual(await volumeSeries(handle.db, window));
    await expectKeywordsAsDatabase(window);
  }
}

/** The kept keyword rollups give the window's top keywords and each keyword's series as the database does. */
async function expectKeywordsAsDatabase(window: (typeof cases)[number]): Promise<void> {
  const previousTo = addDays(window.from, -1);
  const previousFrom = addDays(previousTo, -daysBetween(window.from, window.to));
  for (const limit of [1, 2, 20]) {
    const scope = { ...window, limit, previousFrom, previousTo };
    const kept = await memory.topKeywords(scope);
    if (window.topicId !== undefined) expect(kept).toBeNull();
    else expect(kept, JSON.stringify(scope)).toEqual(await topKeywords(handle.db, scope));
  }
  for (const [key] of [...KEYWORDS, ['tidak ada']]) {
    const scope = { ...window, key };
    const kept = await memory.keywordSeries(scope);
    if (window.topicId !== undefined) expect(kept).toBeNull();
    else expect(kept, JSON.stringify(scope)).toEqual(await keywordSeries(handle.db, scope));
  }
}

beforeAll(async () => {
  ({ testDb, handle } = await migratedTestDatabase());
  await createTopic(handle.db, { name: 'iuran', query: 'iuran' });
  await writePosts(40);
  await writeAnalyzedBatch(handle.db, {
    modelVersion: MODEL,
    posts: [],
    exclusions: [
      { ref: 'lang:x:1', reason: 'not_indonesian', code: 'en', stage: 'analysis', platform: 'x', day: '2026-11-10' },
      { ref: 'dlq:1', reason: 'invalid', code: 'schema', stage: 'ingest', platform: null, day: '2026-11-03' },
      { ref: 'lang:x:2', reason: 'not_indonesian', code: 'en', stage: 'analysis', platform: 'facebook', day: '2026-11-20' },
    ],
  });
  await handle.db.execute(`insert into coordinated_posts (post_id, day) select id, day from posts where id % 5 = 1`);
  await handle.db.execute(`
    insert into daily_coordinated_sentiment (day, platform, model_version, posts, negative, neutral, positive, uncertain, likes, replies, shares, views)
    values ('2026-11-10', 'x', '${MODEL}', 2, 1, 0, 1, 0, 5, 1, 0, 50), ('2026-11-03', 'facebook', '${MODEL}', 1, 0, 1, 0, 0, 1, 0, 1, 10)`);
  // The coordinated part of the keyword rollup, and rows of an older model version (the display form is the term of
  // the row with most posts, whatever its version).
  await handle.db.execute(`
    insert into daily_coordinated_keywords (day, platform, model_version, key, term, kind, posts, negative, neutral, positive, uncertain)
    select day, platform, model_version, key, term, kind, least(posts, 2), least(negative, 1), 0, least(positive, 1), 0
    from daily_keywords where key in ('antre', '#mobilejkn') and day in ('2026-11-03', '2026-11-10')`);
  await handle.db.execute(`
    insert into daily_keywords (day, platform, model_version, key, term, kind, posts, negative, neutral, positive, uncertain)
    values ('2026-11-09', 'x', 'test-model-0', 'obat', 'OBAT-lama', 'unigram', 50, 10, 20, 10, 10),
      ('2026-11-02', 'facebook', 'test-model-0', 'iur', 'iuran', 'unigram', 4, 1, 1, 1, 1)`);
  const run = { connector: 'x-recent-search', query: 'bpjs', fetched: 3, published: 3, rejected: {} };
  await recordCoverageRun(handle.db, {
    ...run,
    runId: 'r1',
    platform: 'x',
    windowFrom: new Date('2026-11-02T17:00:00Z'),
    windowTo: new Date('2026-11-03T17:00:00Z'),
    startedAt: new Date('2026-11-04T00:00:00Z'),
    finishedAt: new Date('2026-11-04T00:01:00Z'),
  });
  await recordCoverageRun(handle.db, {
    ...run,
    runId: 'r2',
    connector: 'rss',
    platform: null,
    startedAt: new Date('2026-11-09T03:00:00Z'),
  });
  feed = watchDataChanges(handle);
  memory = new RollupMemory(handle.db, feed);
  await vi.waitFor(() => expect(feed.live).toBe(true), { timeout: 10_000 });
});

afterAll(async () => {
  await feed?.close();
  await handle?.close();
  await testDb?.drop();
});

describe('rollups kept in memory', () => {
  it('answer every window as the database does', expectAsDatabase);

  it('reflect a notified write at the next use', async () => {
    const all = { from: '2026-11-01', to: '2026-11-14', granularity: 'day' as const, modelVersion: MODEL };
    const before = await memory.sentimentOverview(all);
    const topicBefore = await memory.sentimentOverview({ ...all, topicId: 1 });
    const generation = feed.generationOf?.(['daily_sentiment']) ?? 0;
    await writePosts(8);
    await notified(['daily_sentiment'], generation);
    expect((await memory.sentimentOverview(all))?.population.postsCounted).toBe((before?.population.postsCounted ?? 0) + 8);
    expect((await memory.sentimentOverview({ ...all, topicId: 1 }))?.population.postsCounted).toBeGreaterThan(
      topicBefore?.population.postsCounted ?? 0,
    );
    await expectAsDatabase();
  });

  it('reflect exclusions, coverage runs, forgotten authors and new topics once notified', async () => {
    const exclusionsBefore = feed.generationOf?.(['exclusions']) ?? 0;
    const ledgerBefore = feed.generationOf?.(['coverage_runs']) ?? 0;
    await writeAnalyzedBatch(handle.db, {
      modelVersion: MODEL,
      posts: [],
      exclusions: [{ ref: 'dup:1', reason: 'duplicate', code: 'dup', stage: 'analysis', platform: 'facebook', day: '2026-11-09' }],
    });
    await recordCoverageRun(handle.db, {
      runId: 'r3',
      connector: 'meta-graph',
      query: 'page:1',
      platform: 'facebook',
      startedAt: new Date('2026-11-09T05:00:00Z'),
      finishedAt: null,
      fetched: 0,
      published: 0,
      rejected: {},
      lastError: 'UPSTREAM_ERROR',
    });
    await notified(['exclusions'], exclusionsBefore);
    await notified(['coverage_runs'], ledgerBefore);
    const day = { from: '2026-11-09', to: '2026-11-09', granularity: 'day' as const, modelVersion: MODEL, platform: 'facebook' };
    expect((await memory.sentimentOverview(day))?.population.excluded.duplicate).toBe(1);
    expect((await memory.coverageSummary(day))?.map((c) => c.connector)).toContain('meta-graph');
    await expectAsDatabase();

    let generation = feed.generationOf?.(['daily_sentiment']) ?? 0;
    await forgetAuthor(handle.db, { pseudonym: 'c'.repeat(64), requestedBy: 'test' });
    await notified(['daily_sentiment'], generation);
    await expectAsDatabase();

    generation = feed.generationOf?.(['topics']) ?? 0;
    expect(await memory.topicExists(2)).toBe(false);
    await createTopic(handle.db, { name: 'antre', query: 'antre' });
    await backfillTopic(handle.db, 2, () => true);
    await notified(['topics'], generation);
    expect(await memory.topicExists(2)).toBe(true);
    expect(await memory.topicExists(1)).toBe(true);
  });

  it('keep the keyword rollups only up to their bound (beyond it each window is read from the database)', async () => {
    const [count] = rowsOf(
      await handle.db.execute('select (select count(*) from daily_keywords) + (select count(*) from daily_coordinated_keywords) as n'),
    );
    const rows = Number(count?.n);
    expect(rows).toBeGreaterThan(10);
    expect((await readKeywordRollups(handle.db, rows))?.rows).toBe(rows);
    expect(await readKeywordRollups(handle.db, rows - 1)).toBeNull();
  });

  it('read again only the days a write to the keyword rollups names, to what a whole read gives', async () => {
    const named: string[] = [];
    feed.onRollupDays?.((table, days) => named.push(`${table}:${days === null ? '*' : days.join(',')}`));
    const keywords = new KeptKeywordRollups(handle.db, feed, 50_000);
    const kept = await keywords.get();
    expect(kept).not.toBeNull();
    expect(await keywords.get()).toBe(kept);

    // Posts on four days; rows on days of their own; a changed row and a deleted day of the coordinated part.
    await writePosts(12, { topic: false });
    await handle.db.execute(`
      insert into daily_keywords (day, platform, model_version, key, term, kind, posts, negative, neutral, positive, uncertain)
      values ('2026-11-25', 'x', '${MODEL}', 'baru', 'Baru', 'unigram', 3, 1, 1, 1, 0);
      insert into daily_coordinated_keywords (day, platform, model_version, key, term, kind, posts, negative, neutral, positive, uncertain)
      values ('2026-11-26', 'x', '${MODEL}', 'antre', 'antre', 'unigram', 1, 1, 0, 0, 0)`);
    await vi.waitFor(() => expect(named).toContain('daily_coordinated_keywords:2026-11-26'), { timeout: 10_000 });
    const first = await keywords.get();
    expect(first).toBe(kept);
    expect(keptRows(first)).toEqual(keptRows(await readKeywordRollups(handle.db, 50_000)));
    await handle.db.execute(`
      update daily_coordinated_keywords set posts = posts + 1 where day = '2026-11-03';
      delete from daily_coordinated_keywords where day = '2026-11-26'`);
    await vi.waitFor(
      () =>
        expect(named).toEqual(
          expect.arrayContaining([
            'daily_keywords:2026-11-02,2026-11-03,2026-11-09,2026-11-10',
            'daily_keywords:2026-11-25',
            'daily_coordinated_keywords:2026-11-03',
            'daily_coordinated_keywords:2026-11-26',
          ]),
        ),
      { timeout: 10_000 },
    );
    // Updated in place (a whole read would answer a new object), to the rows a whole read gives.
    const updated = await keywords.get();
    expect(updated).toBe(kept);
    expect(keptRows(updated)).toEqual(keptRows(await readKeywordRollups(handle.db, 50_000)));
    expect(keptRows(updated).filter((r) => r.startsWith('baru 2026-11-25'))).toHaveLength(1);
    expect(keptRows(updated).filter((r) => r.includes(' 2026-11-26 '))).toEqual([]);
    await expectAsDatabase();

    // A truncate names no day: the rollups are read again whole.
    const before = named.length;
    await handle.db.execute(`
      create temporary table kept_coordinated_keywords as select * from daily_coordinated_keywords;
      truncate daily_coordinated_keywords;
      insert into daily_coordinated_keywords select * from kept_coordinated_keywords;
      drop table kept_coordinated_keywords`);
    await vi.waitFor(() => expect(named.slice(before)).toContain('daily_coordinated_keywords:*'), { timeout: 10_000 });
    const reread = await keywords.get();
    expect(reread).not.toBe(kept);
    expect(keptRows(reread)).toEqual(keptRows(await readKeywordRollups(handle.db, 50_000)));
  });

  it('keep nothing while the feed is not live', async () => {
    const unwatched = new RollupMemory(handle.db, UNWATCHED);
    const window = { from: '2026-11-01', to: '2026-11-14', granularity: 'day' as const, modelVersion: MODEL };
    expect(await unwatched.sentimentOverview(window)).toBeNull();
    expect(await unwatched.coverageSummary(window)).toBeNull();
    expect(await unwatched.topicExists(1)).toBeNull();
    expect(await unwatched.topKeywords({ ...window, limit: 20, previousFrom: '2026-10-18', previousTo: '2026-10-31' })).toBeNull();
    expect(await unwatched.keywordSeries({ ...window, key: 'antre' })).toBeNull();
  });

  it('puts a day in the ISO week Postgres puts it in', async () => {
    const rows = rowsOf(
      await handle.db.execute(`
        select to_char(d, 'YYYY-MM-DD') as day, to_char(date_trunc('week', d), 'YYYY-MM-DD') as week
        from generate_series(date '2026-12-20', date '2027-01-10', interval '1 day') d`),
    );
    for (const r of rows) expect(mondayOf(String(r.day)), String(r.day)).toBe(String(r.week));
  });
});
