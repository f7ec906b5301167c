import { connectorFixtures, useConnectorFixtures } from '@pantau/e2e/support/connectors.ts';
import { describe, expect, it } from 'vitest';
import { type CollectMode, collect } from './collect.ts';
import { createHttpClient } from './http.ts';
import { pseudonymize } from './pseudonymize.ts';
import { htmlToText, rssConnector } from './rss.ts';

const PEPPER = 'test-pepper-0123456789';
const START = Date.now();
// 24 November 2026, 15:00 in Jakarta, running.
const now = () => Date.parse('2026-11-24T08:00:00Z') + (Date.now() - START);
const LIVE: CollectMode = { kind: 'live', firstLookbackMs: 48 * 3_600_000 };

const fixtures = useConnectorFixtures('rss');

const run = (path: string, mode: CollectMode = LIVE) =>
  collect(
    rssConnector({ feedUrl: `${fixtures.server.baseUrl}${path}`, http: createHttpClient({ name: 'rss', baseDelayMs: 1, retries: 0 }) }),
    {
      producer: fixtures.kit.producer,
      db: fixtures.kit.db,
      pepper: PEPPER,
      mode,
      now,
    },
  );

describe('rss connector (replayed feeds)', () => {
  it('reads an RSS 2.0 feed inside the window, dead-letters an entry with an unreadable date, then gets 304 and publishes nothing', async () => {
    const first = await run('/rss/kesehatan');
    expect(first.run?.error).toBeNull();
    const posts = await fixtures.kit.published();
    expect(posts.map((p) => p.url).sort()).toEqual([
      'https://www.wartanusantara.example/kesehatan/2026/11/24/antrean-pasien-jkn-puskesmas',
      'https://www.wartanusantara.example/kesehatan/2026/11/24/iuran-bpjs-kesehatan-kelas-2-naik',
      'https://www.wartanusantara.example/kesehatan/2026/11/24/obat-pasien-kronis-kosong',
    ]);
    posts.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
    expect(posts[0]).toMatchObject({
      platform: 'news',
      publishedAt: '2026-11-24T06:40:00.000Z',
      langHint: 'id',
      text:
        'Iuran BPJS Kesehatan Kelas 2 Dikabarkan Naik, Peserta Mandiri Keberatan\n\nSejumlah peserta mandiri mengaku keberatan jika ' +
        'iuran kelas 2 naik tahun depan, terutama yang masih memiliki tunggakan & denda.',
      authorPseudonym: pseudonymize(PEPPER, 'news', 'Siti Rahmawati'),
    });
    expect(posts[0]?.externalId).toMatch(/^www\.wartanusantara\.example:[0-9a-f]{24}$/);
    // No byline: the outlet stands in as the author.
    expect(posts[2]?.authorPseudonym).toBe(pseudonymize(PEPPER, 'news', 'Warta Nusantara - Kesehatan'));
    const letters = await fixtures.kit.deadLetters();
    expect(letters.map((l) => l.reason)).toEqual(['invalid_date']);
    expect(letters[0]?.detail).toBe('entry wn-kes-20261124-0019: publishedAt: Invalid ISO datetime');
    expect(Buffer.from(letters[0]?.valueBase64 ?? '', 'base64').toString()).toContain('"publishedAt":"Senin, 24 November 2026 07.30 WIB"');

    const second = await run('/rss/kesehatan');
    expect(second.run?.error).toBeNull();
    expect(fixtures.server.requests[1]?.headers['if-none-match']).toBe('W/"5f2c-18c3a9b2"');
    expect(fixtures.server.requests[1]?.headers['if-modified-since']).toBe('Mon, 24 Nov 2026 07:05:00 GMT');
    expect(second.window?.from).toEqual(first.window?.to);
    const ledger = await fixtures.kit.ledger();
    expect(ledger.map((r) => [r.fetched, r.published, r.rejected, r.lastError])).toEqual([
      [4, 3, { invalid_date: 1 }, null],
      [0, 0, {}, null],
    ]);
    expect(await fixtures.kit.published()).toHaveLength(3);
  });

  it('publishes each entry once when the feed answers 200 again with what it listed before', async () => {
    await run('/rss/kesehatan');
    // The server forgets its ETag (a cache flush): the whole feed comes back.
    fixtures.server.prepend({
      request: { path: '/rss/kesehatan' },
      response: { file: `${connectorFixtures('rss')}kesehatan.xml` },
      times: 1,
    });
    const again = await run('/rss/kesehatan');
    expect(fixtures.server.requests.at(-1)?.headers['if-none-match']).toBe('W/"5f2c-18c3a9b2"');
    expect(again.run?.stats).toMatchObject({ fetched: 0, published: 0 });
    expect(await fixtures.kit.published()).toHaveLength(3);
  });

  it('follows Atom rel="next" pages until the window start', async () => {
    const window = { from: new Date('2026-11-23T17:00:00Z'), to: new Date('2026-11-24T07:00:00Z') };
    const { run: result } = await run('/feeds/kabar-sehat.atom', { kind: 'backfill', window });
    expect(result?.error).toBeNull();
    expect(fixtures.server.requests.map((r) => r.query.page ?? '1')).toEqual(['1', '2']);
    const posts = (await fixtures.kit.published()).sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
    expect(posts.map((p) => [p.url, p.publishedAt])).toEqual([
      ['https://kabarsehat.example/berita/8812-puskesmas-layanan-sore', '2026-11-24T04:30:00.000Z'],
      ['https://kabarsehat.example/berita/8809-kartu-kis-belum-aktif', '2026-11-24T02:10:00.000Z'],
      ['https://kabarsehat.example/berita/8790-rsud-kris', '2026-11-23T23:00:00.000Z'],
    ]);
    expect(posts[0]?.text).toBe(
      'Dinkes: Puskesmas Buka Layanan Sore untuk Kurangi Antrean\n\nMulai Desember, lima puskesmas membuka layanan sore bagi peserta BPJS.',
    );
    expect((await fixtures.kit.checkpoints())[0]).toMatchObject({
      complete: true,
      mode: `backfill:${window.from.toISOString()}/${window.to.toISOString()}`,
    });
  });

  it('records a broken document as UPSTREAM_ERROR in the ledger', async () => {
    const { run: result } = await run('/rss/rusak');
    expect(result?.errorCode).toBe('UPSTREAM_ERROR');
    const [row] = await fixtures.kit.ledger();
    expect(row?.lastError).toMatch(/^UPSTREAM_ERROR: rss: .* is not well-formed XML/);
    expect((await fixtures.kit.checkpoints())[0]?.complete).toBe(false);
  });

  it('turns description markup into text', () => {
    expect(htmlToText('<p>Antre &amp; <b>lama</b>&#33;</p><script>x()</script><p>mksh&nbsp;ya</p>')).toBe('Antre & lama !\nmksh ya');
  });
});
