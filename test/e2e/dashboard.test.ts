/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type App, buildApp } from '@pantau/api';
import { backfillTopic, createApiKey, createTopic, type DatabaseHandle } from '@pantau/db';
import type { SentimentModel } from '@pantau/sentiment';
import { analyzeText, topicMatcher } from '@pantau/text';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { type AnalysedSample, analyseSample } from '../support/sample.ts';

// The dashboard in a real browser over the bundled sample: sign in, read the numbers against the API, open mentions.
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
let sample: AnalysedSample;
let handle: DatabaseHandle;
let model: SentimentModel;
let app: App;
let url = '';
let key = '';
let topicId = 0;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  sample = await analyseSample('dashboard');
  handle = sample.handle;
  model = sample.model;
  const topic = await createTopic(handle.db, { name: 'Iuran', query: 'iuran OR tunggakan' });
  topicId = topic.id;
  await backfillTopic(handle.db, topic.id, topicMatcher(topic.query, analyzeText), { query: topic.query });
  key = (await createApiKey(handle.db, 'dashboard', ['read'])).secret;
  app = await buildApp({ db: handle.db, pingDatabase: () => handle.ping(), model, software: { version: 'e2e', commit: 'e2e' } });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await sample?.close();
});

const apiGet = async (path: string) => (await app.inject({ url: path, headers: { authorization: `Bearer ${key}` } })).json();
const tableRows = (p: Page) =>
  p.$$eval('[data-testid="sentiment-table"] tbody tr', (rows) =>
    rows.map((r) => [r.getAttribute('data-day'), Number(r.querySelector('[data-field="posts"]')?.getAttribute('data-count'))]),
  );

describe('dashboard', () => {
  it('shows an API error in words for a bad key', async () => {
    await page.goto(url);
    await page.fill('input[name="apiKey"]', 'pantau_not_a_key');
    await page.click('button[type="submit"]');
    await page.waitForSelector('[role="alert"]');
    expect(await page.textContent('[role="alert"]')).toContain('Kunci API tidak dikenal');
    // The key is never put in the URL.
    expect(page.url()).not.toContain('pantau_not_a_key');
  });

  it('signs in and shows the same daily numbers as the API, with the disclosure beside them', async () => {
    await page.fill('input[name="apiKey"]', key);
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="sentiment-table"] tbody tr');
    const api = await apiGet('/v1/sentiment');
    expect(await tableRows(page)).toEqual(api.data.series.map((p: { period: string; posts: number }) => [p.period, p.posts]));
    await page.waitForSelector('[data-testid="posts-counted"]');
    expect(Number(await page.getAttribute('[data-testid="posts-counted"]', 'data-count'))).toBe(api.disclosure.population.postsCounted);
    expect(await page.textContent('[data-testid="disclosure"]')).toContain(model.manifest.version);
    const share = api.disclosure.coordination.share;
    expect(await page.textContent('[data-testid="coordinated-share"]')).toMatch(new RegExp(`^${share.successes} / ${share.trials}\\b`));
    expect(await page.locator('.chart canvas').count()).toBeGreaterThan(2);
    await page.screenshot({ path: `${ARTIFACTS}dashboard.png`, fullPage: true });
  });

  it('scopes every panel to a picked topic', async () => {
    await page.selectOption('select[name="topic"]', String(topicId));
    const api = await apiGet(`/v1/sentiment?topic=${topicId}`);
    await page.waitForFunction(
      (total) =>
        [...document.querySelectorAll('[data-testid="sentiment-table"] [data-field="posts"]')].reduce(
          (s, td) => s + Number(td.getAttribute('data-count')),
          0,
        ) === total,
      api.data.total.posts,
    );
    expect(Number(await page.getAttribute('[data-testid="posts-counted"]', 'data-count'))).toBe(api.disclosure.population.postsCounted);
  });

  it('recomputes every panel without coordinated posts when asked', async () => {
    const all = await apiGet(`/v1/sentiment?topic=${topicId}`);
    const api = await apiGet(`/v1/sentiment?topic=${topicId}&excludeCoordinated=true`);
    // The sample's copy-pasted bursts mention "iuran": the topic has coordinated posts to leave out.
    expect(api.disclosure.population.excluded.coordinated).toBeGreaterThan(0);
    expect(api.disclosure.population.postsCounted).toBe(
      all.disclosure.population.postsCounted - api.disclosure.population.excluded.coordinated,
    );
    await page.check('input[name="excludeCoordinated"]');
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="posts-counted"]')?.getAttribute('data-count') === String(n),
      api.disclosure.population.postsCounted,
    );
    await page.uncheck('input[name="excludeCoordinated"]');
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="posts-counted"]')?.getAttribute('data-count') === String(n),
      all.disclosure.population.postsCounted,
    );
  });

  it('opens the posts behind a keyword', async () => {
    const first = page.locator('[data-testid="keywords"] button.link').first();
    const term = await first.getAttribute('data-term');
    await first.click();
    await page.waitForSelector('[data-testid="mentions"] li');
    expect(await page.textContent('[data-testid="mentions"] h2')).toContain(term ?? '');
    expect(await page.locator('[data-testid="mentions"] li').count()).toBeGreaterThan(0);
    await page.click('[data-testid="mentions"] button');
  });

  it('filters every panel by platform, the new sources among them', async () => {
    const options = await page.$$eval('select[name="platform"] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(expect.arrayContaining(['', 'youtube', 'tiktok', 'news', 'app_review', 'instagram']));
    const api = await apiGet(`/v1/sentiment?topic=${topicId}&platform=instagram`);
    expect(api.disclosure.population.postsCounted).toBeGreaterThan(0);
    await page.selectOption('select[name="platform"]', 'instagram');
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="posts-counted"]')?.getAttribute('data-count') === String(n),
      api.disclosure.population.postsCounted,
    );
    await page.selectOption('select[name="platform"]', '');
  });

  it('switches to English and fits a phone screen', async () => {
    await page.click('text=English');
    await page.waitForSelector('text=How this is computed');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${ARTIFACTS}dashboard-phone.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
  });
});
