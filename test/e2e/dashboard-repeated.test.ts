/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { readFile } from 'node:fs/promises';
import { type App, buildApp } from '@pantau/api';
import { createApiKey } from '@pantau/db';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { type AnalysedSample, analyseSample, SAMPLE_RULE } from '../support/sample.ts';

// The repeated-texts view over the bundled sample, in a real browser on a desktop screen and a 390 px phone: the three
// texts posted verbatim by many pseudonyms over two days are grouped and flagged by the repeated-text rule.
const VERBATIM = [
  'Coba #AntreanOnline di puskesmas',
  'Antrean online BPJS beneran memangkas waktu tunggu',
  'Sekarang ada antrean online, alhamdulillah',
];

let sample: AnalysedSample;
let app: App;
let url = '';
let key = '';
let browser: Browser;
// biome-ignore lint/suspicious/noExplicitAny: answers are read as the API documents them
let flagged: any[] = [];

// biome-ignore lint/suspicious/noExplicitAny: answers are read as the API documents them
const apiGet = async (path: string): Promise<any> => (await app.inject({ url: path, headers: { authorization: `Bearer ${key}` } })).json();

beforeAll(async () => {
  sample = await analyseSample('dashboard-repeated');
  key = (await createApiKey(sample.handle.db, 'dashboard-repeated', ['read'])).secret;
  app = await buildApp({
    db: sample.handle.db,
    pingDatabase: () => sample.handle.ping(),
    model: sample.model,
    software: { version: 'e2e', commit: 'e2e' },
    coordinationRule: SAMPLE_RULE,
  });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  const window = (await apiGet('/v1/sentiment')).disclosure.window;
  flagged = (await apiGet(`/v1/repeated-texts?from=${window.from}&to=${window.to}&flagged=true&limit=50`)).data.texts;
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await sample?.close();
});

describe('repeated texts in the API', () => {
  it('groups and flags the three verbatim texts, each from at least k distinct authors, about 56 pseudonyms in all', async () => {
    const ours = VERBATIM.map((start) => flagged.find((g) => g.text.toLowerCase().startsWith(start.toLowerCase())));
    for (const g of ours) {
      expect(g).toBeDefined();
      expect(g.flagged).toBe(true);
      expect(g.distinctAuthors).toBeGreaterThanOrEqual(SAMPLE_RULE.repeated.minAuthors);
      expect(g.windowSeconds).toBe(86_400);
    }
    const authors = ours.reduce((s, g) => s + g.distinctAuthors, 0);
    expect(authors).toBeGreaterThanOrEqual(50);
    expect(authors).toBeLessThanOrEqual(56);
    // Their posts are counted as coordinated under the repeated-text rule, and the disclosure says so and states the lag.
    const disclosure = (await apiGet('/v1/sentiment')).disclosure.coordination;
    expect(disclosure.byRule.repeated.successes).toBeGreaterThanOrEqual(ours.reduce((s, g) => s + g.size, 0));
    expect(disclosure.rule.repeated).toEqual(SAMPLE_RULE.repeated);
    expect(disclosure.lag.posts).toBeGreaterThan(0);
    // A group's posts are the posts the dialog lists.
    const first = ours[0];
    expect((await apiGet(`/v1/mentions?cluster=${first.id}&limit=1`)).data.total).toBe(first.size);
  });

  it('answers 400 naming the parameter', async () => {
    const res = await app.inject({ url: '/v1/repeated-texts?limit=0', headers: { authorization: `Bearer ${key}` } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'INVALID_QUERY', parameter: 'limit' });
  });
});

describe.each([
  ['desktop', { width: 1280, height: 1000 }],
  ['phone', { width: 390, height: 844 }],
])('the repeated-texts view (%s)', (_name, viewport) => {
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    context = await browser.newContext({ viewport, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(url);
    await page.fill('input[name="apiKey"]', key);
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="repeated-texts"] tr[data-flagged="true"]', { timeout: 60_000 });
  }, 90_000);

  afterAll(async () => {
    await context?.close();
  });

  it('lists the three texts as flagged with their post and author counts, and opens a group from the keyboard', async () => {
    const rows = page.locator('[data-testid="repeated-texts"] tr[data-flagged="true"]');
    const texts = (await rows.locator('td.text').allTextContents()).map((s) => s.toLowerCase());
    for (const start of VERBATIM) expect(texts.some((t) => t.startsWith(start.toLowerCase()))).toBe(true);
    expect(await page.textContent('#h-repeated')).toBe('Teks berulang');
    const group = flagged.find((g) => g.text.toLowerCase().startsWith(VERBATIM[0]?.toLowerCase()));
    const row = page.locator(`[data-testid="repeated-texts"] tr[data-repeated="${group.id}"]`);
    expect(await row.locator('[data-field="repeated-authors"]').textContent()).toBe(String(group.authorsInWindow));
    await row.locator('[data-field="repeated-posts"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[role="dialog"] li.post');
    await page.waitForFunction(() => document.querySelector('[data-testid="posts-total"]')?.getAttribute('data-total') !== '');
    expect(Number(await page.getAttribute('[data-testid="posts-total"]', 'data-total'))).toBe(group.postsInWindow);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[role="dialog"]', { state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('repeated-posts');
  }, 60_000);

  it('downloads the groups as CSV with the same numbers', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="repeated-texts"] [data-export="csv"]')]);
    expect(download.suggestedFilename()).toMatch(/teks-berulang\.csv$/);
    const records = parse(await readFile((await download.path()) as string, 'utf8'), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    const shown = await page.locator('[data-testid="repeated-texts"] tbody tr').count();
    expect(records).toHaveLength(shown);
    for (const g of flagged.filter((x) => records.some((r) => r.group === String(x.id)))) {
      const r = records.find((x) => x.group === String(g.id)) as Record<string, string>;
      expect(r).toMatchObject({
        // The export prefixes text a spreadsheet would run as a formula (@, =, +, - first) with an apostrophe.
        text: /^[=+\-@\t\r]/.test(g.text) ? `'${g.text}` : g.text,
        posts_in_window: String(g.postsInWindow),
        authors_in_window: String(g.authorsInWindow),
        flagged: 'true',
      });
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
