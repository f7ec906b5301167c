import { useConnectorFixtures } from '@pantau/e2e/support/connectors.ts';
import { describe, expect, it } from 'vitest';
import { type CollectMode, collect } from './collect.ts';
import { createHttpClient, type HttpClientOptions } from './http.ts';
import { NEWS_OUTLETS, type NewsOutlet, newsConnector, resolveNewsQuery } from './news.ts';
import { pseudonymize } from './pseudonymize.ts';

const PEPPER = 'test-pepper-0123456789';
const START = Date.now();
// 24 November 2026, 15:00 in Jakarta, running.
const now = () => Date.parse('2026-11-24T08:00:00Z') + (Date.now() - START);
const LIVE: CollectMode = { kind: 'live', firstLookbackMs: 48 * 3_600_000 };
const PR = '/pikiran-rakyat/feed.atom';

const fixtures = useConnectorFixtures('news');

const outlets = (): NewsOutlet[] => [
  { name: 'antara', title: 'ANTARA News', feedUrl: `${fixtures.server.baseUrl}/antara/terkini.xml`, coverage: 'national' },
  { name: 'pikiran-rakyat', title: 'Pikiran Rakyat', feedUrl: `${fixtures.server.baseUrl}${PR}`, coverage: 'Jawa Barat' },
];
const connector = (query: string, http: Partial<HttpClientOptions> = {}) =>
  newsConnector({ query, outlets: outlets(), http: createHttpClient({ name: 'news', baseDelayMs: 1, retries: 1, now, ...http }) });
const run = (query: string, http: Partial<HttpClientOptions> = {}) =>
  collect(connector(query, http), { producer: fixtures.kit.producer, db: fixtures.kit.db, pepper: PEPPER, mode: LIVE, now });
const pages = () => fixtures.server.requests.filter((r) => r.path === PR).map((r) => r.query.page ?? '1');

describe('news connector (replayed outlet feeds)', () => {
  it('publishes one post per article with the outlet in source, the body the feed carries, and the byline pseudonymized', async () => {
    const { run: result } = await run('news:antara');
    expect(result?.error).toBeNull();
    const posts = (await fixtures.kit.published()).sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
    expect(posts.map((p) => p.publishedAt)).toEqual(['2026-11-24T07:20:00.000Z', '2026-11-24T04:05:00.000Z']);
    expect(posts[0]).toMatchObject({
      platform: 'news',
      url: 'https://www.antaranews.com/berita/5012345/bpjs-kesehatan-tambah-layanan-antrean-daring-di-2000-puskesmas',
      langHint: 'id',
      source: { connector: 'news', outlet: 'antara' },
      authorPseudonym: pseudonymize(PEPPER, 'news', 'Hendri Kurniawan'),
    });
    // The full text from content:encoded, its markup and script gone.
    expect(posts[0]?.text).toBe(
      'BPJS Kesehatan tambah layanan antrean daring di 2.000 puskesmas\n\nJakarta (ANTARA) - BPJS Kesehatan menambah layanan antrean ' +
        'daring di 2.000 puskesmas mulai Desember.\nPeserta JKN dapat mengambil nomor antrean lewat aplikasi Mobile JKN sehingga tidak perlu datang sejak subuh.',
    );
    expect(JSON.stringify(posts)).not.toMatch(/Hendri Kurniawan|Wisnu Adhi/);
    const letters = await fixtures.kit.deadLetters();
    expect(letters.map((l) => l.reason)).toEqual(['invalid_date']);
    const [row] = await fixtures.kit.ledger();
    expect(row).toMatchObject({ connector: 'news', query: 'news:antara', platform: 'news', fetched: 3, published: 2, lastError: null });
  });

  it('follows Atom pages until one reaches before the window, and dead-letters an entry with no text', async () => {
    const { run: result } = await run('news:pikiran-rakyat');
    expect(result?.error).toBeNull();
    expect(pages()).toEqual(['1', '2', '3']);
    const posts = await fixtures.kit.published();
    expect(posts).toHaveLength(3);
    expect(new Set(posts.map((p) => p.source.outlet))).toEqual(new Set(['pikiran-rakyat']));
    expect((await fixtures.kit.deadLetters()).map((l) => l.reason)).toEqual(['empty_text']);
  });

  it('waits out a 429 from the outlet, then continues', async () => {
    fixtures.server.prepend({
      request: { path: PR, query: { page: '2' } },
      response: { status: 429, headers: { 'retry-after': '1' } },
      times: 1,
    });
    const { run: result } = await run('news:pikiran-rakyat');
    expect(result?.error).toBeNull();
    expect(pages()).toEqual(['1', '2', '2', '3']);
    expect(await fixtures.kit.published()).toHaveLength(3);
  });

  it('after a 503 on a later page, the next run reads that page even though the first page has not changed', async () => {
    fixtures.server.prepend({
      request: { path: PR, query: { page: '2' } },
      response: { status: 503, body: 'Service Unavailable' },
      times: 2,
    });
    const first = await run('news:pikiran-rakyat');
    expect(first.run?.errorCode).toBe('UPSTREAM_ERROR');
    expect(await fixtures.kit.published()).toHaveLength(2);
    fixtures.server.requests.length = 0;
    const second = await run('news:pikiran-rakyat');
    expect(second.resumed).toBe(true);
    expect(second.run?.error).toBeNull();
    // Page 1 is read again, not answered 304 from the validators of an unfinished walk; its articles are not repeated.
    expect(fixtures.server.requests[0]?.headers['if-none-match']).toBeUndefined();
    expect(pages()).toEqual(['1', '2', '3']);
    const urls = (await fixtures.kit.published()).map((p) => p.url);
    expect(urls).toHaveLength(3);
    expect(new Set(urls).size).toBe(3);
    expect((await fixtures.kit.ledger()).map((r) => [r.published, r.lastError?.slice(0, 14) ?? null])).toEqual([
      [2, 'UPSTREAM_ERROR'],
      [1, null],
    ]);
  });

  it('knows its outlets by name, takes any feed URL, and refuses an unknown outlet', () => {
    expect(resolveNewsQuery('news:antara')).toEqual({ outlet: 'antara', feedUrl: 'https://www.antaranews.com/rss/terkini.xml' });
    expect(resolveNewsQuery('news:https://www.jawapos.example/rss')).toEqual({
      outlet: 'jawapos.example',
      feedUrl: 'https://www.jawapos.example/rss',
    });
    expect(() => resolveNewsQuery('news:koran-antah')).toThrow(/no built-in outlet koran-antah; one of antara, kompas/);
    expect(() => resolveNewsQuery('kompas')).toThrow(/news:<outlet> or news:<feed-url>/);
    const names = NEWS_OUTLETS.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    for (const o of NEWS_OUTLETS) {
      expect(o.name).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(new URL(o.feedUrl).protocol).toBe('https:');
    }
  });
});
