/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { readFile } from 'node:fs/promises';
import { type App, buildApp } from '@pantau/api';
import { createApiKey, type DatabaseHandle } from '@pantau/db';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { type AnalysedSample, analyseSample } from '../support/sample.ts';

// Every number opens its posts: the posts dialog, the top posts and the coordinated clusters in a real browser over the
// bundled sample, on a desktop screen and on a 390 px phone, by mouse and by keyboard alone.
let sample: AnalysedSample;
let handle: DatabaseHandle;
let app: App;
let url = '';
let key = '';
let browser: Browser;
let lastDay: { period: string; posts: number; counts: { negative: number; neutral: number; positive: number }; abstained: number };
/** The newest neutral post of that day, whose text retention removed. */
let removedId = '';

beforeAll(async () => {
  sample = await analyseSample('dashboard-posts');
  handle = sample.handle;
  key = (await createApiKey(handle.db, 'dashboard-posts', ['read'])).secret;
  app = await buildApp({
    db: handle.db,
    pingDatabase: () => handle.ping(),
    model: sample.model,
    software: { version: 'e2e', commit: 'e2e' },
  });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  // The last day with neutral and uncertain posts (the sample's days are small enough for the table).
  const sentiment = await apiGet('/v1/sentiment');
  lastDay = [...sentiment.data.series].reverse().find((p: typeof lastDay) => p.counts.neutral > 0 && p.abstained > 0);
  const newest = (await apiGet(`/v1/mentions?from=${lastDay.period}&to=${lastDay.period}&label=neutral&limit=1`)).data.mentions[0];
  removedId = newest.externalId;
  await handle.db.execute(
    `update posts set text = '', url = null, text_removed_at = now() where platform = '${newest.platform}' and external_id = '${removedId}'`,
  );
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await sample?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: answers are read as the API documents them
const apiGet = async (path: string): Promise<any> => (await app.inject({ url: path, headers: { authorization: `Bearer ${key}` } })).json();

interface ApiMention {
  externalId: string;
  url: string | null;
  text: string | null;
  label: string;
  author: string | null;
  publishedAt: string;
  engagement: { likes: number; replies: number; shares: number; views: number };
}

/** Every post of a mentions query, following the cursor as a client would. */
async function allMentions(query: string): Promise<ApiMention[]> {
  const rows: ApiMention[] = [];
  let cursor: string | null = null;
  do {
    const page = await apiGet(`/v1/mentions?${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    rows.push(...page.data.mentions);
    cursor = page.data.nextCursor;
  } while (cursor);
  return rows;
}

const dialog = '[role="dialog"]';
const totalOf = async (page: Page) => Number(await page.getAttribute('[data-testid="posts-total"]', 'data-total'));
const waitTotal = (page: Page) =>
  page.waitForFunction(() => document.querySelector('[data-testid="posts-total"]')?.getAttribute('data-total') !== '');
const focusInside = (page: Page) =>
  page.evaluate(() => document.querySelector('[role="dialog"]')?.contains(document.activeElement) === true);

describe.each([
  ['desktop', { width: 1280, height: 1000 }],
  ['phone', { width: 390, height: 844 }],
])('the posts behind every number (%s)', (name, viewport) => {
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  let window: { from: string; to: string };

  beforeAll(async () => {
    context = await browser.newContext({ viewport, acceptDownloads: true });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    const sentiment = await apiGet('/v1/sentiment');
    window = sentiment.disclosure.window;
    await page.goto(url);
    await page.fill('input[name="apiKey"]', key);
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="sentiment-table"] tbody tr');
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it("opens a day's neutral posts from the keyboard alone, keeps Tab inside, closes on Escape and gives the focus back", async () => {
    const opener = page.locator(`[data-testid="sentiment-table"] tr[data-day="${lastDay.period}"] [data-field="neutral"] button`);
    await opener.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(dialog);
    expect(await page.getAttribute(dialog, 'aria-modal')).toBe('true');
    const labelledBy = await page.getAttribute(dialog, 'aria-labelledby');
    expect(await page.textContent(`#${labelledBy}`)).toContain(lastDay.period.slice(8).replace(/^0/, ''));
    await waitTotal(page);
    const api = await apiGet(`/v1/mentions?from=${lastDay.period}&to=${lastDay.period}&label=neutral`);
    // The total is the table's count and the API's.
    expect(await totalOf(page)).toBe(lastDay.counts.neutral);
    expect(api.data.total).toBe(lastDay.counts.neutral);
    await page.waitForSelector(`${dialog} li.post`);
    expect(await page.locator(`${dialog} li.post`).count()).toBe(Math.min(20, lastDay.counts.neutral));
    const labels = await page.$$eval(`${dialog} [data-field="label"]`, (els) => els.map((e) => e.textContent));
    expect(new Set(labels)).toEqual(new Set(['netral']));
    expect(await page.textContent(`${dialog} [data-field="probabilities"]`)).toMatch(/netral \d+%/);
    // Retention removed the newest one's text: it is still listed and counted, and says why its text is gone.
    const removed = page.locator(`${dialog} li.post[data-external-id="${removedId}"]`);
    expect(await removed.locator('[data-field="removed"]').textContent()).toBe('teks dihapus: melewati batas masa simpan');
    expect(await removed.locator('a[data-field="url"]').count()).toBe(0);
    expect(await focusInside(page)).toBe(true);
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInside(page)).toBe(true);
    }
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await focusInside(page)).toBe(true);
    }
    await page.keyboard.press('Escape');
    await page.waitForSelector(dialog, { state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.closest('td')?.getAttribute('data-field'))).toBe('neutral');
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-day'))).toBe(lastDay.period);
  });

  it("opens the uncertain share and the day's volume, and closes on a click outside", async () => {
    await page.click(`[data-testid="sentiment-table"] tr[data-day="${lastDay.period}"] [data-field="abstained"] button`);
    await waitTotal(page);
    expect(await totalOf(page)).toBe(lastDay.abstained);
    const uncertain = await page.$$eval(`${dialog} [data-field="label"]`, (els) => els.map((e) => e.textContent));
    expect(new Set(uncertain)).toEqual(new Set(['tidak pasti']));
    await page.mouse.click(5, 5);
    await page.waitForSelector(dialog, { state: 'detached' });
    await page.click(`[data-testid="sentiment-table"] tr[data-day="${lastDay.period}"] [data-field="posts"] button`);
    await waitTotal(page);
    expect(await totalOf(page)).toBe(lastDay.posts);
    await page.mouse.click(5, 5);
    await page.waitForSelector(dialog, { state: 'detached' });
    await page.click('[data-field="volume-posts"]');
    await waitTotal(page);
    const volume = await apiGet('/v1/volume');
    expect(await totalOf(page)).toBe(volume.data.series.reduce((s: number, p: { posts: number }) => s + p.posts, 0));
    await page.keyboard.press('Escape');
    await page.waitForSelector(dialog, { state: 'detached' });
  });

  it("pages a keyword's posts, sorts them by engagement, links to the originals and formats engagement", async () => {
    const count = page.locator('[data-testid="keywords"] [data-field="keyword-posts"]').first();
    const term = (await page.locator('[data-testid="keywords"] button[data-term]').first().getAttribute('data-term')) ?? '';
    const shown = Number((await count.textContent())?.replace(/\D/g, ''));
    await count.click();
    await waitTotal(page);
    const api = await allMentions(`term=${encodeURIComponent(term)}`);
    expect(await totalOf(page)).toBe(api.length);
    expect(api.length).toBe(shown);
    expect(api.length).toBeGreaterThan(20);
    const ids = () => page.$$eval(`${dialog} li.post`, (els) => els.map((e) => e.getAttribute('data-external-id')));
    expect(await ids()).toEqual(api.slice(0, 20).map((m) => m.externalId));
    await page.click('[data-testid="next-page"]');
    await page.waitForFunction(
      (id) => document.querySelector('[role="dialog"] li.post')?.getAttribute('data-external-id') === id,
      api[20]?.externalId,
    );
    expect(await ids()).toEqual(api.slice(20, 40).map((m) => m.externalId));
    expect(await page.textContent('[data-testid="posts-total"]')).toContain('21–');
    await page.click('[data-testid="previous-page"]');
    await page.waitForFunction(
      (id) => document.querySelector('[role="dialog"] li.post')?.getAttribute('data-external-id') === id,
      api[0]?.externalId,
    );

    await page.selectOption(`${dialog} select[name="sort"]`, 'engagement');
    const byEngagement = await allMentions(`term=${encodeURIComponent(term)}&sort=engagement`);
    await page.waitForFunction(
      (id) => document.querySelector('[role="dialog"] li.post')?.getAttribute('data-external-id') === id,
      byEngagement[0]?.externalId,
    );
    const scores = await page.$$eval(`${dialog} [data-field="engagement"]`, (els) =>
      els.map((e) => Number(e.getAttribute('data-engagement'))),
    );
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const top = byEngagement[0] as ApiMention;
    const item = page.locator(`${dialog} li.post`).first();
    // Engagement in short Indonesian form (`3,2 jt`, `12 rb`), the full count on hover.
    const compact = new Intl.NumberFormat('id-ID', { notation: 'compact', maximumFractionDigits: 1 }).format(top.engagement.views);
    expect(await item.locator('[data-field="engagement"]').textContent()).toContain(`${compact} ditonton`);
    if (top.url) expect(await item.locator('a[data-field="url"]').getAttribute('href')).toBe(top.url);
    const links = await page.$$eval(`${dialog} a[data-field="url"]`, (as) =>
      as.map((a) => [a.getAttribute('target'), a.getAttribute('rel')]),
    );
    expect(links.length).toBe(byEngagement.slice(0, 20).filter((m) => m.url).length);
    for (const [target, rel] of links) expect([target, rel]).toEqual(['_blank', 'noopener noreferrer']);
    await page.keyboard.press('Escape');
  });

  it('downloads the posts behind a number as CSV, the same rows and columns as the API, and audits it', async () => {
    await page.click(`[data-testid="sentiment-table"] tr[data-day="${lastDay.period}"] [data-field="negative"] button`);
    await waitTotal(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
    expect(download.suggestedFilename()).toMatch(/^pantau-mentions-\d{4}-\d{2}-\d{2}\.csv$/);
    const records = parse(await readFile((await download.path()) as string, 'utf8'), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    const api = await allMentions(`from=${lastDay.period}&to=${lastDay.period}&label=negative`);
    expect(records.map((r) => r.external_id)).toEqual(api.map((m) => m.externalId));
    expect(records.length).toBe(lastDay.counts.negative);
    expect(Object.keys(records[0] ?? {})).toEqual([
      'platform',
      'external_id',
      'url',
      'published_at',
      'day',
      'author',
      'label',
      'p_negative',
      'p_neutral',
      'p_positive',
      'likes',
      'replies',
      'shares',
      'views',
      'rating',
      'outlet',
      'removed',
      'text',
    ]);
    records.forEach((r, i) => {
      const m = api[i] as ApiMention;
      expect(r).toMatchObject({ label: 'negative', url: m.url ?? '', author: m.author ?? '', published_at: m.publishedAt });
      expect(Number(r.views)).toBe(m.engagement.views);
      expect(r.text?.replace(/^'/, '')).toBe(m.text ?? '');
    });
    const audit = (await handle.db.execute(
      "select detail from audit_log where action = 'export' order by seq desc limit 1",
    )) as unknown as { rows: { detail: { route: string; rows: number; query: Record<string, string> } }[] };
    expect(audit.rows[0]?.detail).toMatchObject({
      route: '/v1/mentions',
      rows: records.length,
      query: { label: 'negative', format: 'csv' },
    });
    await page.keyboard.press('Escape');
    await page.waitForSelector(dialog, { state: 'detached' });
  });

  it('shows the top posts of the window by engagement and opens all of them', async () => {
    const api = await apiGet(`/v1/mentions?from=${window.from}&to=${window.to}&sort=engagement&limit=5`);
    await page.waitForSelector('[data-testid="top-posts"] li.post');
    const ids = await page.$$eval('[data-testid="top-posts"] li.post', (els) => els.map((e) => e.getAttribute('data-external-id')));
    expect(ids).toEqual(api.data.mentions.map((m: ApiMention) => m.externalId));
    await page.click('[data-testid="all-top-posts"]');
    await waitTotal(page);
    expect(await totalOf(page)).toBe(api.data.total);
    expect(await page.inputValue(`${dialog} select[name="sort"]`)).toBe('engagement');
    await page.keyboard.press('Escape');
    await page.waitForSelector(dialog, { state: 'detached' });
  });

  it("lists the coordinated clusters, opens each one's posts, and switches the figures without them", async () => {
    const api = await apiGet(`/v1/coordination/clusters?from=${window.from}&to=${window.to}&posts=0&limit=10`);
    expect(api.data.clusters.length).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid="clusters"] tr[data-cluster]');
    const rows = await page.$$eval('[data-testid="clusters"] tr[data-cluster]', (els) =>
      els.map((e) => Number(e.getAttribute('data-cluster'))),
    );
    expect(rows).toEqual(api.data.clusters.map((c: { id: number }) => c.id));
    const cluster = api.data.clusters[0];
    await page.click(`[data-testid="clusters"] tr[data-cluster="${cluster.id}"] [data-field="cluster-posts"]`);
    await waitTotal(page);
    expect(await totalOf(page)).toBe(cluster.postsInWindow);
    await page.keyboard.press('Escape');
    await page.waitForSelector(dialog, { state: 'detached' });

    const without = await apiGet('/v1/sentiment?excludeCoordinated=true');
    await page.check('[data-testid="clusters"] input[name="clustersExcludeCoordinated"]');
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="posts-counted"]')?.getAttribute('data-count') === String(n),
      without.disclosure.population.postsCounted,
    );
    expect(await page.isChecked('header input[name="excludeCoordinated"]')).toBe(true);
    expect(page.url()).toContain('excludeCoordinated=true');
    await page.uncheck('[data-testid="clusters"] input[name="clustersExcludeCoordinated"]');
    expect(await page.isChecked('header input[name="excludeCoordinated"]')).toBe(false);
  });

  it(`has no console errors (${name})`, () => {
    expect(problems).toEqual([]);
  });
});
