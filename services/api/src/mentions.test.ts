import {
  backfillTopic,
  createApiKey,
  createTopic,
  type DatabaseHandle,
  type DataChangeFeed,
  migrate,
  openDatabase,
  watchDataChanges,
  writeAnalyzedBatch,
} from '@pantau/db';
import { createTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { loadSentimentModel } from '@pantau/sentiment';
import { keywordKey } from '@pantau/text';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type App, buildApp } from './app.ts';

let testDb: TestDatabase;
let handle: DatabaseHandle;
let app: App;
/** The same app over the live data-change feed: totals and days from the rollups kept in memory. */
let kept: App;
let feed: DataChangeFeed;
let key = '';

// 30 posts over two days: engagement grows with i, publication times are spread so time and engagement orders differ.
const LABELS = ['negative', 'neutral', 'positive', 'uncertain'] as const;
const fixture = Array.from({ length: 30 }, (_, i) => {
  const day = i % 2 === 0 ? '2026-11-09' : '2026-11-10';
  const hour = (i * 7) % 17;
  return makeAnalyzed(
    makePost({
      externalId: `p${i}`,
      publishedAt: `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`,
      url: `https://x.com/i/status/${1000 + i}`,
      text: i === 3 ? '=HYPERLINK("x") tagihan iuran naik' : `iuran naik lagi nomor [TELEPON] ${i}`,
      engagement: { likes: (i * 37) % 101, replies: i % 5, shares: i % 3, views: 100 * i },
    }),
    { offset: i, label: LABELS[i % 4] ?? 'negative', day, keywords: i % 3 === 0 ? ['iuran', 'naik'] : ['iuran'] },
  );
});

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  const model = await loadSentimentModel();
  await writeAnalyzedBatch(handle.db, { modelVersion: model.manifest.version, posts: fixture, exclusions: [] });
  // Retention removed the text of one post: it is still counted, without text, url or author.
  await handle.db.execute("update posts set text = '', url = null, text_removed_at = now() where external_id = 'p5'");
  key = (await createApiKey(handle.db, 'analyst', ['read'])).secret;
  const context = { db: handle.db, pingDatabase: () => handle.ping(), model, software: { version: '0.1.0', commit: 'test' } };
  app = await buildApp(context);
  feed = watchDataChanges(handle);
  kept = await buildApp({ ...context, dataChanges: feed });
  await vi.waitFor(() => expect(feed.live).toBe(true), { timeout: 10_000 });
});

afterAll(async () => {
  await app?.close();
  await kept?.close();
  await feed?.close();
  await handle?.close();
  await testDb?.drop();
});

const get = (url: string, headers: Record<string, string> = {}, by: App = app) =>
  by.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}`, ...headers } });

interface Row {
  externalId: string;
  publishedAt: string;
  text: string | null;
  url: string | null;
  author: string | null;
  removed: string | null;
  label: string;
  engagement: { likes: number; replies: number; shares: number; views: number };
  probabilities: Record<string, number>;
}

/** Every page of a query, following nextCursor. */
async function allPages(query: string, limit = 7, by: App = app): Promise<{ rows: Row[]; totals: number[]; pages: number }> {
  const rows: Row[] = [];
  const totals: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await get(`/v1/mentions?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, {}, by);
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    rows.push(...data.mentions);
    totals.push(data.total);
    cursor = data.nextCursor;
    pages++;
  } while (cursor);
  return { rows, totals, pages };
}

const engagementOf = (r: Row) => r.engagement.likes + r.engagement.replies + r.engagement.shares;
const WINDOW = 'from=2026-11-09&to=2026-11-10';

describe('GET /v1/mentions', () => {
  it('pages every post once, newest first or most engaged first, with the exact total on every page', async () => {
    const byTime = await allPages(WINDOW);
    expect(byTime.rows).toHaveLength(30);
    expect(byTime.pages).toBe(5);
    expect(new Set(byTime.totals)).toEqual(new Set([30]));
    const instants = byTime.rows.map((r) => r.publishedAt);
    expect(instants).toEqual([...instants].sort().reverse());

    const byEngagement = await allPages(`${WINDOW}&sort=engagement`);
    expect(new Set(byEngagement.rows.map((r) => r.externalId)).size).toBe(30);
    const scores = byEngagement.rows.map(engagementOf);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeGreaterThan(scores[29] ?? 0);
    expect(byEngagement.rows.map((r) => r.externalId)).not.toEqual(byTime.rows.map((r) => r.externalId));
  });

  it('counts each filter exactly: label (the uncertain share too), keyword, topic-free and per day', async () => {
    for (const label of LABELS) {
      const { rows, totals } = await allPages(`${WINDOW}&label=${label}&sort=engagement`, 3);
      expect(rows.every((r) => r.label === label)).toBe(true);
      expect(totals[0]).toBe(rows.length);
      expect(rows.length).toBeGreaterThan(0);
    }
    const naik = await allPages(`${WINDOW}&term=naik`, 4);
    expect(naik.rows.map((r) => r.externalId).sort()).toEqual(
      fixture
        .filter((_, i) => i % 3 === 0)
        .map((p) => p.post.externalId)
        .sort(),
    );
    expect(naik.totals[0]).toBe(10);
    const day = await allPages('from=2026-11-10&to=2026-11-10&label=negative&sort=engagement', 2);
    expect(day.totals[0]).toBe(day.rows.length);
    expect(day.rows.every((r) => r.publishedAt.startsWith('2026-11-10') || r.publishedAt.startsWith('2026-11-09T2'))).toBe(true);
  });

  it('shows the post as stored: redacted text, link to the original, removed text after retention', async () => {
    const { rows } = await allPages(WINDOW, 50);
    const removed = rows.find((r) => r.externalId === 'p5');
    expect(removed).toMatchObject({ text: null, url: null, author: null, removed: 'retention' });
    const kept = rows.find((r) => r.externalId === 'p4');
    expect(kept).toMatchObject({ text: 'iuran naik lagi nomor [TELEPON] 4', url: 'https://x.com/i/status/1004', removed: null });
    expect(kept?.author).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refuses a cursor of the other sort by name', async () => {
    const first = (await get(`/v1/mentions?${WINDOW}&limit=2`)).json();
    const res = await get(`/v1/mentions?${WINDOW}&limit=2&sort=engagement&cursor=${first.data.nextCursor}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'INVALID_QUERY', parameter: 'cursor' });
    const badSort = await get(`/v1/mentions?${WINDOW}&sort=likes`);
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json().error.parameter).toBe('sort');
  });

  it('exports the posts behind a number as CSV, row for row as the API pages them, and audits the export', async () => {
    const query = `${WINDOW}&label=negative&sort=engagement`;
    const api = await allPages(query, 2);
    for (const [url, headers] of [
      [`/v1/mentions?${query}&format=csv`, {}],
      [`/v1/mentions?${query}`, { accept: 'text/csv' }],
    ] as const) {
      const res = await get(url, headers);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="pantau-mentions-.*\.csv"/);
      expect(res.headers['x-pantau-total']).toBe(String(api.rows.length));
      const records = parse(res.body, { columns: true, bom: true }) as Record<string, string>[];
      expect(records.map((r) => r.external_id)).toEqual(api.rows.map((r) => r.externalId));
      expect(Object.keys(records[0] ?? {})).toEqual(
        ['platform', 'external_id', 'url', 'published_at', 'day', 'author', 'label', 'p_negative', 'p_neutral', 'p_positive'].concat([
          'likes',
          'replies',
          'shares',
          'views',
          'rating',
          'outlet',
          'removed',
          'text',
        ]),
      );
      records.forEach((r, i) => {
        const m = api.rows[i] as Row;
        expect(r).toMatchObject({
          url: m.url ?? '',
          published_at: m.publishedAt,
          author: m.author ?? '',
          label: m.label,
          removed: m.removed ?? '',
        });
        expect(Number(r.likes)).toBe(m.engagement.likes);
        expect(Number(r.p_negative)).toBeCloseTo(m.probabilities.negative ?? 0, 6);
        expect(r.text).toBe(m.text === null ? '' : m.text.startsWith('=') ? `'${m.text}` : m.text);
      });
    }
    const all = parse((await get(`/v1/mentions?${WINDOW}&format=csv`)).body, { columns: true, bom: true }) as Record<string, string>[];
    expect(all.find((r) => r.external_id === 'p5')).toMatchObject({ text: '', url: '', author: '', removed: 'retention' });
    // A formula is kept as text, never run by a spreadsheet.
    expect(all.find((r) => r.external_id === 'p3')?.text).toBe(`'=HYPERLINK("x") tagihan iuran naik`);
    const audit = await handle.db.execute("select action, detail from audit_log where action = 'export' order by seq");
    const rows = (
      audit as unknown as { rows: { action: string; detail: { route: string; rows: number; query: Record<string, string> } }[] }
    ).rows;
    expect(rows.length).toBe(3);
    expect(rows[0]?.detail).toMatchObject({
      route: '/v1/mentions',
      rows: api.rows.length,
      query: { label: 'negative', sort: 'engagement' },
    });
  });

  it('pages and counts alike from the rollups kept in memory, each total the count of the posts themselves', async () => {
    const filters = ['', 'label=negative', 'term=naik', 'term=iuran', 'term=absen', 'platform=x', 'platform=facebook'];
    filters.push('label=neutral&platform=x', 'term=naik&label=positive', 'term=iuran&label=uncertain&platform=x');
    for (const window of [WINDOW, 'from=2026-11-10&to=2026-11-10', 'from=2026-11-01&to=2026-11-09'])
      for (const filter of filters)
        for (const sort of ['time', 'engagement']) {
          const query = `${window}${filter ? `&${filter}` : ''}&sort=${sort}`;
          const fromKept = await allPages(query, 4, kept);
          expect(fromKept).toEqual(await allPages(query, 4));
          // The fixture's posts matching the filter, counted here (every post is on x).
          const p = new URLSearchParams(query);
          const term = p.get('term');
          const key = term === null ? null : (keywordKey(term) ?? term.toLowerCase());
          const n = Array.from({ length: 30 }, (_, i) => i).filter((i) => {
            const day = i % 2 === 0 ? '2026-11-09' : '2026-11-10';
            const keywords = i % 3 === 0 ? ['iuran', 'naik'] : ['iuran'];
            return (
              day >= (p.get('from') as string) &&
              day <= (p.get('to') as string) &&
              (p.get('label') === null || p.get('label') === LABELS[i % 4]) &&
              (p.get('platform') === null || p.get('platform') === 'x') &&
              (key === null || keywords.includes(key))
            );
          }).length;
          expect(new Set(fromKept.totals), query).toEqual(new Set([n]));
          expect(fromKept.rows, query).toHaveLength(n);
        }
    expect(feed.live).toBe(true);
  });

  // Last: it writes a post.
  it('counts a topic and a keyword from the posts once per filter, again after the data changed', async () => {
    const topic = await createTopic(handle.db, { name: 'Nomor', query: 'nomor' });
    await backfillTopic(handle.db, topic.id, (text) => text.includes('nomor'));
    const query = `${WINDOW}&topic=${topic.id}&term=naik&sort=engagement`;
    // The fixture's tagged posts (every text but p3's and the removed p5's holds "nomor") carrying "naik".
    const expected = Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 3 === 0 && i !== 3 && i !== 5).length;
    const first = await allPages(query, 2, kept);
    expect(first.rows).toHaveLength(expected);
    expect(new Set(first.totals)).toEqual(new Set([expected]));
    expect(first).toEqual(await allPages(query, 2));
    // Counted once for all its pages (the app without a live feed keeps nothing).
    expect(kept.mentionCounts.size).toBe(1);
    expect(app.mentionCounts.size).toBe(0);
    await writeAnalyzedBatch(handle.db, {
      modelVersion: kept.model.manifest.version,
      posts: [
        makeAnalyzed(makePost({ externalId: 'late', publishedAt: '2026-11-10T03:00:00.000Z', text: 'iuran naik nomor baru' }), {
          offset: 30,
          label: 'negative',
          day: '2026-11-10',
          keywords: ['iuran', 'naik'],
        }),
      ],
      exclusions: [],
    });
    await backfillTopic(handle.db, topic.id, (text) => text.includes('nomor'));
    await vi.waitFor(async () => expect((await get(`/v1/mentions?${query}&limit=2`, {}, kept)).json().data.total).toBe(expected + 1), {
      timeout: 10_000,
    });
    expect((await allPages(query, 2, kept)).rows).toHaveLength(expected + 1);
  });
});
