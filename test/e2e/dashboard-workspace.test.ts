/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { readFileSync } from 'node:fs';
import { type App, buildApp } from '@pantau/api';
import { backfillTopic, createApiKey, createTopic, type DatabaseHandle } from '@pantau/db';
import { launchChromium } from '@pantau/e2e/support/browser.ts';
import { type AnalysedSample, analyseSample } from '@pantau/e2e/support/sample.ts';
import { analyzeText, topicMatcher } from '@pantau/text';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The analyst's workspace in a real browser over the bundled sample: topics created, previewed, edited and deleted
// from the dashboard; two topics and two periods compared; tables and charts exported; on a desktop and a phone.
let sample: AnalysedSample;
let handle: DatabaseHandle;
let app: App;
let url = '';
let admin = '';
let reader = '';
let iuranId = 0;
let browser: Browser;
const consoleErrors: string[] = [];

beforeAll(async () => {
  sample = await analyseSample('workspace');
  handle = sample.handle;
  const topic = await createTopic(handle.db, { name: 'Iuran', query: 'iuran OR tunggakan' });
  iuranId = topic.id;
  await backfillTopic(handle.db, topic.id, topicMatcher(topic.query, analyzeText), { query: topic.query });
  admin = (await createApiKey(handle.db, 'workspace-admin', ['admin'])).secret;
  reader = (await createApiKey(handle.db, 'workspace-reader', ['read'])).secret;
  app = await buildApp({
    db: handle.db,
    pingDatabase: () => handle.ping(),
    model: sample.model,
    software: { version: 'e2e', commit: 'e2e' },
    startBackfill: (id, query) => void backfillTopic(handle.db, id, topicMatcher(query, analyzeText), { query }),
  });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await sample?.close();
});

const apiGet = async (path: string) => (await app.inject({ url: path, headers: { authorization: `Bearer ${admin}` } })).json();

/** A signed-in page at a width, its console errors and page errors collected. */
async function signedIn(width: number, key = admin): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (message) => {
    // The browser logs each refused request; the tests provoke these (bad query, duplicate name, missing scope).
    if (
      message.type() === 'error' &&
      !/^Failed to load resource: the server responded with a status of (400|403|409)\b/.test(message.text())
    ) {
      consoleErrors.push(`${width}px: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => consoleErrors.push(`${width}px: ${error.message}`));
  await page.goto(url);
  await page.fill('input[name="apiKey"]', key);
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-testid="sentiment-table"] tbody tr');
  return { context, page };
}

async function downloaded(page: Page, selector: string): Promise<{ file: Download; body: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { file, body: readFileSync(await file.path()) };
}

const noPageScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

for (const width of [1280, 390]) {
  describe(`analyst workspace at ${width} px`, () => {
    let context: BrowserContext;
    let page: Page;
    const name = width === 390 ? 'Antrean telepon' : 'Antrean';

    beforeAll(async () => {
      ({ context, page } = await signedIn(width));
    }, 60_000);
    afterAll(async () => {
      await context?.close();
    });

    it('previews a new topic query against the API, refuses a bad one by position, and saves it', async () => {
      await page.click('[data-testid="topic-new"]');
      await page.fill('input[name="topicName"]', name);
      await page.fill('textarea[name="topicQuery"]', 'antre AND (lama');
      await page.click('[data-testid="topic-preview"]');
      await page.waitForSelector('[data-testid="topic-error"]');
      expect(await page.textContent('[data-testid="topic-error"]')).toContain('karakter ke-');
      expect(await page.getAttribute('textarea[name="topicQuery"]', 'aria-invalid')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('topicQuery');

      await page.fill('textarea[name="topicQuery"]', 'antre OR antrean');
      await page.click('[data-testid="topic-preview"]');
      await page.waitForSelector('[data-testid="topic-preview-count"]');
      const api = await apiGet(`/v1/topics/preview?query=${encodeURIComponent('antre OR antrean')}`);
      expect(api.data.matched).toBeGreaterThan(0);
      expect(Number(await page.getAttribute('[data-testid="topic-preview-count"]', 'data-matched'))).toBe(api.data.matched);
      expect(await page.locator('[data-testid="topic-editor"] .samples li').count()).toBe(Math.min(5, api.data.matched));
      expect(await noPageScroll(page)).toBeLessThanOrEqual(1);

      await page.click('[data-testid="topic-editor"] button[type="submit"]');
      await page.waitForSelector(`[data-testid="topics-table"] td[data-field="name"]:text-is("${name}")`);
      const stored = (await apiGet('/v1/topics')).data.find((t: { name: string }) => t.name === name);
      expect(stored.query).toBe('antre OR antrean');
      // The new topic can be picked at once.
      expect(await page.locator(`select[name="topic"] option[value="${stored.id}"]`).count()).toBe(1);
    });

    it('refuses a duplicate name in another case, on the name field', async () => {
      await page.click('[data-testid="topic-new"]');
      await page.fill('input[name="topicName"]', name.toUpperCase());
      await page.fill('textarea[name="topicQuery"]', 'antre');
      await page.click('[data-testid="topic-editor"] button[type="submit"]');
      await page.waitForSelector('[data-testid="topic-error"]');
      expect(await page.textContent('[data-testid="topic-error"]')).toContain('sudah dipakai');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('topicName');
      const names = (await apiGet('/v1/topics')).data.map((t: { name: string }) => t.name.toLowerCase());
      expect(names.filter((n: string) => n === name.toLowerCase())).toHaveLength(1);
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid="topic-editor"]', { state: 'detached' });
    });

    it('edits a topic with a preview, then deletes it after confirming', async () => {
      const row = page.locator(`[data-testid="topics-table"] tr:has(td[data-field="name"]:text-is("${name}"))`);
      await row.locator('button', { hasText: 'Ubah' }).click();
      await page.fill('textarea[name="topicQuery"]', 'antre NOT lama');
      await page.click('[data-testid="topic-preview"]');
      await page.waitForSelector('[data-testid="topic-preview-count"]');
      const api = await apiGet(`/v1/topics/preview?query=${encodeURIComponent('antre NOT lama')}`);
      expect(Number(await page.getAttribute('[data-testid="topic-preview-count"]', 'data-matched'))).toBe(api.data.matched);
      await page.click('[data-testid="topic-editor"] button[type="submit"]');
      await page.waitForSelector('[data-testid="topic-editor"]', { state: 'detached' });
      const id = (await apiGet('/v1/topics')).data.find((t: { name: string }) => t.name === name).id as number;
      expect((await apiGet(`/v1/topics/${id}`)).data.query).toBe('antre NOT lama');

      await row.locator('button', { hasText: 'Hapus' }).click();
      await page.waitForSelector('[data-testid="topic-confirm"]');
      // Nothing is deleted before the confirmation.
      expect((await apiGet(`/v1/topics/${id}`)).data.name).toBe(name);
      await page.click('[data-testid="topic-confirm"] button.danger');
      await page.waitForSelector(`[data-testid="topics-table"] tr[data-topic="${id}"]`, { state: 'detached' });
      expect((await app.inject({ url: `/v1/topics/${id}`, headers: { authorization: `Bearer ${admin}` } })).statusCode).toBe(404);
    });

    it('compares two topics and two periods side by side, kept in the address', async () => {
      await page.click('[data-compare="topics"]');
      await page.waitForSelector('[data-testid="compare-table"]');
      expect(new URL(page.url()).searchParams.get('cmp')).toBe('topics');
      await page.selectOption('select[name="compare-a"]', String(iuranId));
      await page.selectOption('select[name="compare-b"]', 'all');
      const topicSide = await apiGet(`/v1/sentiment?topic=${iuranId}`);
      const all = await apiGet('/v1/sentiment');
      const posts = (side: 'a' | 'b') => page.textContent(`[data-testid="compare-table"] tr[data-row="posts"] td[data-side="${side}"]`);
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="compare-table"] th[data-side="a"]')?.textContent?.includes('Iuran') && n > 0,
        topicSide.data.total.posts,
      );
      expect((await posts('a'))?.replace(/\D/g, '')).toBe(String(topicSide.data.total.posts));
      expect((await posts('b'))?.replace(/\D/g, '')).toBe(String(all.data.total.posts));
      expect(new URL(page.url()).searchParams.get('cmpA')).toBe(String(iuranId));

      // The same address restores the same comparison.
      const shared = page.url();
      // A new tab has no key yet: after sign-in it shows the comparison of the address it was opened with.
      const other = await context.newPage();
      await other.goto(shared);
      await other.fill('input[name="apiKey"]', admin);
      await other.click('button[type="submit"]');
      await other.waitForSelector('[data-testid="compare-table"] th[data-side="a"]:has-text("Iuran")');
      expect((await other.textContent('[data-testid="compare-table"] tr[data-row="posts"] td[data-side="a"]'))?.replace(/\D/g, '')).toBe(
        String(topicSide.data.total.posts),
      );
      await other.close();

      await page.click('[data-compare="periods"]');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('cmp') === 'periods');
      const q = new URL(page.url()).searchParams;
      const [aFrom, aTo] = (q.get('cmpA') ?? '').split('..');
      const [bFrom, bTo] = (q.get('cmpB') ?? '').split('..');
      expect(bTo).toBe(all.disclosure.window.to);
      const a = await apiGet(`/v1/sentiment?from=${aFrom}&to=${aTo}`);
      const b = await apiGet(`/v1/sentiment?from=${bFrom}&to=${bTo}`);
      await page.waitForFunction(
        (n) =>
          document
            .querySelector('[data-testid="compare-table"] tr[data-row="posts"] td[data-side="b"]')
            ?.textContent?.replace(/\D/g, '') === n,
        String(b.data.total.posts),
      );
      expect((await posts('a'))?.replace(/\D/g, '')).toBe(String(a.data.total.posts));
      expect(await noPageScroll(page)).toBeLessThanOrEqual(1);

      const { file, body } = await downloaded(page, '[data-testid="compare"] [data-export="csv"]');
      expect(file.suggestedFilename()).toMatch(/^pantau_semua_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}_perbandingan\.csv$/);
      const rows = parse(body, { bom: true, columns: true, cast: true }) as Record<string, unknown>[];
      expect(rows.map((r) => [r.side, r.from, r.to, r.posts])).toEqual([
        ['A', aFrom, aTo, a.data.total.posts],
        ['B', bFrom, bTo, b.data.total.posts],
      ]);
      await page.click('[data-compare="off"]');
      await page.waitForFunction(() => !new URL(location.href).searchParams.has('cmp'));
    });

    it('exports the daily table as CSV equal to the API, and the charts as PNG and SVG', async () => {
      const api = await apiGet('/v1/sentiment');
      const { file, body } = await downloaded(page, '[aria-labelledby="h-sentiment"] .exports-row [data-export="csv"]');
      expect(file.suggestedFilename()).toBe(`pantau_semua_${api.disclosure.window.from}_${api.disclosure.window.to}_sentimen-harian.csv`);
      const rows = parse(body, { bom: true, columns: true, cast: true }) as Record<string, unknown>[];
      expect(rows).toHaveLength(api.data.series.length);
      api.data.series.forEach(
        (
          p: {
            period: string;
            posts: number;
            abstained: number;
            counts: Record<string, number>;
            shares: Record<string, { share: number | null }>;
          },
          i: number,
        ) => {
          expect(rows[i]).toMatchObject({
            day: p.period,
            posts: p.posts,
            abstained: p.abstained,
            negative_count: p.counts.negative,
            positive_count: p.counts.positive,
            negative_share: p.shares.negative?.share ?? '',
          });
        },
      );

      const keywords = await apiGet('/v1/keywords/top?limit=10');
      const kw = await downloaded(page, '[aria-labelledby="h-keywords"] [data-export="csv"]');
      const kwRows = parse(kw.body, { bom: true, columns: true, cast: true }) as Record<string, unknown>[];
      expect(kwRows.map((r) => [String(r.term), r.posts])).toEqual(
        keywords.data.keywords.map((k: { term: string; posts: number }) => [k.term, k.posts]),
      );

      const png = await downloaded(page, '[aria-labelledby="h-sentiment"] [data-export="png"]');
      expect(png.file.suggestedFilename()).toBe(
        `pantau_semua_${api.disclosure.window.from}_${api.disclosure.window.to}_grafik-sentimen.png`,
      );
      expect([...png.body.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      // IHDR: width and height, big-endian, at bytes 16–23; the chart is drawn at 1,200 px whatever the screen.
      expect(png.body.readUInt32BE(16)).toBe(1200);
      expect(png.body.readUInt32BE(20)).toBeGreaterThan(240);
      expect(png.body.length).toBeGreaterThan(10_000);

      const svg = await downloaded(page, '[aria-labelledby="h-sentiment"] [data-export="svg"]');
      const text = svg.body.toString('utf8');
      expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(text).toContain('data-series="negatif"');
      expect(text).toContain('data-band="true"');
      const volumePng = await downloaded(page, '[aria-labelledby="h-volume"] [data-export="png"]');
      expect(volumePng.body.readUInt32BE(16)).toBe(1200);
    });

    it("exports the keyword sparklines as a PNG at 1,200 px and an SVG with every keyword's series", async () => {
      const { data: top } = await apiGet('/v1/keywords/top?limit=10');
      const { from, to } = top.window as { from: string; to: string };
      const png = await downloaded(page, '[aria-labelledby="h-keywords"] [data-export="png"]');
      expect(png.file.suggestedFilename()).toBe(`pantau_semua_${from}_${to}_tren-kata-kunci.png`);
      expect([...png.body.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      // IHDR: 1,200 px wide; 260 px of chart under a 64 px header of title and legend (device pixel ratio 1).
      expect(png.body.readUInt32BE(16)).toBe(1200);
      expect(png.body.readUInt32BE(20)).toBe(324);
      expect(png.body.length).toBeGreaterThan(5_000);

      const svg = await downloaded(page, '[aria-labelledby="h-keywords"] [data-export="svg"]');
      expect(svg.file.suggestedFilename()).toBe(`pantau_semua_${from}_${to}_tren-kata-kunci.svg`);
      // Parsed by the browser's XML parser: one line per keyword, a point per day of the window.
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        return {
          error: doc.querySelector('parsererror')?.textContent ?? null,
          title: doc.querySelector('title')?.textContent ?? null,
          series: [...doc.querySelectorAll('path[data-series]')].map((p) => ({
            label: p.getAttribute('data-series'),
            ys: (p.getAttribute('d') ?? '')
              .split(/[ML]/)
              .filter((xy) => xy)
              .map((xy) => Number(xy.split(',')[1])),
          })),
        };
      }, svg.body.toString('utf8'));
      expect(parsed.error).toBeNull();
      expect(parsed.title).toBe('Tren kata kunci: unggahan per hari');
      expect(parsed.series.map((x) => x.label)).toEqual(top.keywords.map((k: { term: string }) => k.term));
      const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
      for (const x of parsed.series) expect(x.ys).toHaveLength(days);
      // The first keyword's line follows its posts per day: a day with more posts is drawn higher.
      const term = top.keywords[0].term as string;
      const series = (await apiGet(`/v1/keywords/${encodeURIComponent(term)}/series?from=${from}&to=${to}`)).data.series as {
        period: string;
        posts: number;
      }[];
      const counts = Array.from({ length: days }, (_, i) => {
        const day = new Date(Date.parse(from) + i * 86_400_000).toISOString().slice(0, 10);
        return series.find((p) => p.period === day)?.posts ?? 0;
      });
      expect(Math.max(...counts)).toBeGreaterThan(0);
      const ys = parsed.series[0]?.ys ?? [];
      for (let i = 0; i < days; i++)
        for (let j = 0; j < days; j++)
          expect(Math.sign((ys[j] as number) - (ys[i] as number))).toBe(Math.sign((counts[i] as number) - (counts[j] as number)));
    });

    it('fits the screen, and logged no console error', async () => {
      expect(await noPageScroll(page)).toBeLessThanOrEqual(1);
      expect(consoleErrors).toEqual([]);
    });
  });
}

describe('topic editor by keyboard alone', () => {
  it('creates, previews, saves and deletes a topic with keys only, and says when a key may not change topics', async () => {
    const { context, page } = await signedIn(1280);
    await page.locator('[data-testid="topic-new"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'topicName');
    await page.keyboard.type('Rawat inap');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('topicQuery');
    await page.keyboard.type('"rawat inap"');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="topic-preview-count"]');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="topic-editor"]', { state: 'detached' });
    // Focus returns to the button that opened the editor.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'topic-new');
    const id = (await apiGet('/v1/topics')).data.find((t: { name: string }) => t.name === 'Rawat inap').id as number;

    await page.locator(`[data-testid="topics-table"] tr[data-topic="${id}"] button:has-text("Hapus")`).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.textContent === 'Ya, hapus');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="topic-confirm"]', { state: 'detached' });
    expect((await apiGet(`/v1/topics/${id}`)).data.name).toBe('Rawat inap');
    await page.locator(`[data-testid="topics-table"] tr[data-topic="${id}"] button:has-text("Hapus")`).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.textContent === 'Ya, hapus');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-testid="topics-table"] tr[data-topic="${id}"]`, { state: 'detached' });
    await context.close();

    const read = await signedIn(1280, reader);
    await read.page.click('[data-testid="topic-new"]');
    await read.page.fill('input[name="topicName"]', 'Tidak boleh');
    await read.page.fill('textarea[name="topicQuery"]', 'iuran');
    await read.page.click('[data-testid="topic-editor"] button[type="submit"]');
    await read.page.waitForSelector('[data-testid="topic-error"]');
    expect(await read.page.textContent('[data-testid="topic-error"]')).toContain('perlu izin admin');
    await read.context.close();
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});
