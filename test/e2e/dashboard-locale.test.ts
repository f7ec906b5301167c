/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

import { type App, buildApp } from '@pantau/api';
import { backfillTopic, createApiKey, createTopic, type DatabaseHandle } from '@pantau/db';
import { analyzeText, topicMatcher } from '@pantau/text';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { type AnalysedSample, analyseSample } from '../support/sample.ts';

// The dashboard's languages, days and numbers in a real browser over the bundled sample, in browsers set to other zones.
let sample: AnalysedSample;
let handle: DatabaseHandle;
let app: App;
let url = '';
let key = '';
let topicId = 0;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Console errors and uncaught exceptions of every page opened here. */
const pageErrors: string[] = [];

beforeAll(async () => {
  sample = await analyseSample('dashboard-locale');
  handle = sample.handle;
  const model = sample.model;
  const topic = await createTopic(handle.db, { name: 'Iuran', query: 'iuran OR tunggakan' });
  topicId = topic.id;
  await backfillTopic(handle.db, topic.id, topicMatcher(topic.query, analyzeText), { query: topic.query });
  key = (await createApiKey(handle.db, 'dashboard-locale', ['read'])).secret;
  app = await buildApp({ db: handle.db, pingDatabase: () => handle.ping(), model, software: { version: 'e2e', commit: 'e2e' } });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await app?.close();
  await sample?.close();
});

const apiGet = async (path: string) => (await app.inject({ url: path, headers: { authorization: `Bearer ${key}` } })).json();

/** A fresh page in a browser set to a time zone, its console errors collected. */
async function openPage(timezoneId = 'Asia/Jakarta', viewport = { width: 1280, height: 1000 }): Promise<Page> {
  const context = await browser.newContext({ timezoneId, viewport, locale: 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`${timezoneId}: ${message.text()} ${message.location().url} (${page.url()})`);
  });
  page.on('pageerror', (error) => pageErrors.push(`${timezoneId}: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) pageErrors.push(`${timezoneId}: ${response.status()} ${response.url()}`);
  });
  return page;
}

/** Signs in on the page at `address` and waits for the daily table. */
async function signIn(page: Page, address = url) {
  await page.goto(address);
  await page.fill('input[name="apiKey"]', key);
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-testid="sentiment-table"] tbody tr');
  await page.waitForSelector('[data-testid="posts-counted"]');
  // The first answer fills in the default window, which loads once more: wait until the page is quiet.
  await page.waitForLoadState('networkidle');
}

/** The page's text and labels outside elements marked English (prose the API states only in English), hidden parts included. */
const indonesianText = (page: Page) =>
  page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    for (const el of copy.querySelectorAll('[lang="en"]')) el.remove();
    // Titles are left out: they carry the collectors' own notes (limits, failure details), which the API states in English.
    const attributes = [...copy.querySelectorAll('[aria-label]')].map((el) => el.getAttribute('aria-label') ?? '');
    return `${copy.textContent ?? ''} ${attributes.join(' ')}`;
  });

/** English words and raw codes that the Indonesian interface once showed. */
const KNOWN_LEAKS = [
  'day',
  'keyword',
  'connector',
  'runs',
  'fetched',
  'published',
  'rejected',
  'likes',
  'shares',
  'views',
  'mean',
  'z =',
  'new',
  'Time',
  'not_indonesian',
  'duplicate',
  'abstained',
  'invalid',
  'coordinated',
  'uncertain',
  'negative',
  'positive',
  'neutral',
  'phone',
  'email',
  'PLACEHOLDER',
  'CI',
  'Each post',
  'A post whose',
  'A term spikes',
];
const leaksIn = (text: string) => KNOWN_LEAKS.filter((word) => new RegExp(`(^|[^\\p{L}_])${word}($|[^\\p{L}_])`, 'u').test(text));

const ID_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];
/** A Jakarta day as the Indonesian interface writes it: `9 Nov`. */
const idDay = (day: string) => `${Number(day.slice(8, 10))} ${ID_MONTHS[Number(day.slice(5, 7)) - 1]}`;
/** An instant as its Jakarta day and time of day, written independently of the dashboard's code. */
function idInstant(iso: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Jakarta',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${idDay(`${parts.year}-${parts.month}-${parts.day}`)} ${parts.year} ${parts.hour}:${parts.minute}`;
}

/** Hovers the sentiment chart over the i-th of n days and returns the legend's values (the day first). */
async function hoverSentiment(page: Page, i: number, n: number) {
  const over = page.locator('section[aria-labelledby="h-sentiment"] .chart .u-over');
  // Panels load side by side and the chart is drawn again when the page's layout settles: wait for the requests to end.
  await page.waitForLoadState('networkidle');
  await over.waitFor();
  // The day's summary comes first: bring the chart into the viewport, where the mouse can reach it.
  await over.scrollIntoViewIfNeeded();
  const box = await over.boundingBox();
  if (!box) throw new Error('the sentiment chart is not drawn');
  // Come from outside the chart, so that the move into it is a hover even when the mouse was already there.
  await page.mouse.move(0, 0);
  await page.mouse.move(box.x + (box.width * (i + 0.5)) / n, box.y + box.height / 2, { steps: 2 });
  // The legend follows the cursor: wait until it shows a hovered point rather than its resting dashes.
  await page.waitForFunction(() => {
    const value = document.querySelector('section[aria-labelledby="h-sentiment"] .chart .u-legend .u-series .u-value')?.textContent ?? '';
    return value !== '' && !/^[-–]+$/.test(value);
  });
  return page.$$eval('section[aria-labelledby="h-sentiment"] .chart .u-legend .u-series', (rows) =>
    rows.map((r) => [r.querySelector('.u-label')?.textContent ?? '', r.querySelector('.u-value')?.textContent ?? '']),
  );
}

describe('dashboard languages', () => {
  it('shows the Indonesian interface without the English words it once leaked, and declares it', async () => {
    const page = await openPage();
    await signIn(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('id');
    // Open the posts behind a day's count too: their labels are shown in the dialog.
    await page.locator('[data-testid="sentiment-table"] [data-field="negative"] button.link').first().click();
    await page.waitForSelector('[data-testid="mentions"] li');
    expect(leaksIn(await indonesianText(page))).toEqual([]);
    // The excluded posts are named by reason, not by code.
    expect(await page.textContent('[data-testid="disclosure"]')).toContain('bukan bahasa Indonesia');
  });

  it('declares English in English, and remembers the choice across a reload', async () => {
    const page = await openPage();
    await signIn(page);
    await page.click('button:has-text("English")');
    await page.waitForSelector('text=How this is computed');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.reload();
    await page.waitForSelector('[data-testid="posts-counted"]');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.textContent('[data-testid="disclosure"]')).toContain('How this is computed');
    expect(await page.textContent('[data-testid="sentiment-table"] thead')).toContain('day');
    // Opened again without any view in the address, the page still speaks English: the choice is remembered.
    await page.goto(url);
    await page.waitForSelector('[data-testid="posts-counted"]');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.textContent('[data-testid="disclosure"]')).toContain('How this is computed');
    // And back: Indonesian is declared again.
    await page.click('button:has-text("Bahasa Indonesia")');
    await page.waitForSelector('text=Cara angka ini dihitung');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('id');
  });
});

describe('dashboard days and numbers', () => {
  for (const timezoneId of ['UTC', 'America/Los_Angeles']) {
    it(`shows Jakarta days in a browser set to ${timezoneId}`, async () => {
      const page = await openPage(timezoneId);
      await signIn(page);
      const api = await apiGet('/v1/sentiment');
      const days: string[] = api.data.series.map((p: { period: string }) => p.period);
      const i = Math.floor(days.length / 2);
      const day = days[i] ?? '';
      const legend = await hoverSentiment(page, i, days.length);
      // The hovered day is the Jakarta day, without a time of day; shares are percentages; no interval bound is a series.
      expect(legend[0]).toEqual(['hari', idDay(day)]);
      expect(legend.map(([label]) => label)).toEqual(['hari', 'negatif', 'positif', 'tidak pasti']);
      for (const [, value] of legend.slice(1)) expect(value).toMatch(/^(\d{1,3}(,\d)?%|–)$/);
      expect(await page.textContent(`[data-testid="sentiment-table"] tr[data-day="${day}"] [data-field="day"]`)).toBe(idDay(day));
      // A post's time is its Jakarta time.
      await page.locator(`[data-testid="sentiment-table"] tr[data-day="${day}"] [data-field="negative"] button.link`).click();
      await page.waitForSelector('[data-testid="mentions"] li time');
      const time = page.locator('[data-testid="mentions"] li time').first();
      expect(await time.textContent()).toBe(idInstant((await time.getAttribute('datetime')) ?? ''));
    });
  }

  it('draws a one-day window as that day', async () => {
    const page = await openPage('UTC');
    await signIn(page);
    const api = await apiGet('/v1/sentiment');
    const day: string = api.data.series.at(-2).period;
    await page.fill('input[name="from"]', day);
    await page.fill('input[name="to"]', day);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="sentiment-table"] tbody tr').length === 1);
    await page.waitForSelector(`[data-testid="sentiment-table"] tr[data-day="${day}"]`);
    expect((await hoverSentiment(page, 0, 1))[0]).toEqual(['hari', idDay(day)]);
  });

  it('prints engagement and counts in the Indonesian compact format', async () => {
    const page = await openPage();
    await signIn(page);
    const volume = await apiGet('/v1/volume');
    const views = volume.data.series.reduce((s: number, p: { views: number }) => s + p.views, 0);
    expect(views).toBeGreaterThan(999_999);
    // Intl puts a no-break space between the number and its unit; compared here as a plain space.
    const plain = (text: string | null) => (text ?? '').replace(/\u00a0/g, ' ');
    const compact = plain(new Intl.NumberFormat('id-ID', { notation: 'compact', maximumFractionDigits: 1 }).format(views));
    expect(compact).toMatch(/^\d+(,\d)? jt$/);
    const text = plain(await page.textContent('[data-testid="engagement"]'));
    expect(text).toContain(`${compact} ditonton`);
    expect(text).not.toContain(String(views));
  });
});

/** A calendar day moved by a number of days, counted in UTC (no local zone). */
const shiftDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const tableDays = (page: Page) =>
  page.$$eval('[data-testid="sentiment-table"] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-day')));

describe('dashboard views in the URL', () => {
  it('opens the view a shared URL names: topic, window, switch and language', async () => {
    const defaults = await apiGet('/v1/sentiment');
    const days: string[] = defaults.data.series.map((p: { period: string }) => p.period);
    const from = days[2] ?? '';
    const to = days.at(-3) ?? '';
    const query = `topic=${topicId}&from=${from}&to=${to}&excludeCoordinated=true`;
    const api = await apiGet(`/v1/sentiment?${query}`);
    const page = await openPage();
    await signIn(page, `${url}?${query}&lang=en`);
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="posts-counted"]')?.getAttribute('data-count') === String(n),
      api.disclosure.population.postsCounted,
    );
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.inputValue('select[name="topic"]')).toBe(String(topicId));
    expect(await page.inputValue('input[name="from"]')).toBe(from);
    expect(await page.inputValue('input[name="to"]')).toBe(to);
    expect(await page.isChecked('input[name="excludeCoordinated"]')).toBe(true);
    expect(await tableDays(page)).toEqual(api.data.series.map((p: { period: string }) => p.period));
    // The address still names the view after it loaded.
    const address = new URL(page.url());
    expect(Object.fromEntries(address.searchParams)).toEqual({ topic: String(topicId), from, to, excludeCoordinated: 'true', lang: 'en' });
  });

  it('keeps the view in the URL as it changes, and a copy of the URL opens it elsewhere', async () => {
    const page = await openPage();
    await signIn(page);
    // The language is part of the view from the start; the default window is not pinned.
    expect(new URL(page.url()).search).toBe('?lang=id');
    await page.selectOption('select[name="topic"]', String(topicId));
    await page.selectOption('select[name="platform"]', 'instagram');
    await page.waitForFunction(() => new URL(window.location.href).searchParams.get('platform') === 'instagram');
    const shared = page.url();
    expect(new URL(shared).searchParams.get('topic')).toBe(String(topicId));
    const api = await apiGet(`/v1/sentiment?topic=${topicId}&platform=instagram`);
    const other = await openPage('UTC');
    await signIn(other, shared);
    await other.waitForFunction(
      (n) => document.querySelector('[data-testid="posts-counted"]')?.getAttribute('data-count') === String(n),
      api.disclosure.population.postsCounted,
    );
    expect(await other.inputValue('select[name="topic"]')).toBe(String(topicId));
    expect(await other.inputValue('select[name="platform"]')).toBe('instagram');
  });

  it('sets the window with a preset, ending at the window’s last day', async () => {
    const page = await openPage();
    await signIn(page);
    const to = await page.inputValue('input[name="to"]');
    expect(to).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.click('button[data-preset="7"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="sentiment-table"] tbody tr').length === 7);
    const from = shiftDay(to, -6);
    expect(await page.inputValue('input[name="from"]')).toBe(from);
    expect(await tableDays(page)).toEqual(
      (await apiGet(`/v1/sentiment?from=${from}&to=${to}`)).data.series.map((p: { period: string }) => p.period),
    );
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ from, to, lang: 'id' });
    expect(await page.getAttribute('button[data-preset="7"]', 'aria-pressed')).toBe('true');
    await page.click('button[data-preset="month"]');
    await page.waitForFunction((first) => new URL(window.location.href).searchParams.get('from') === first, `${to.slice(0, 8)}01`);
    expect(await page.inputValue('input[name="from"]')).toBe(`${to.slice(0, 8)}01`);
    await page.click('button[data-preset="90"]');
    await page.waitForFunction((first) => new URL(window.location.href).searchParams.get('from') === first, shiftDay(to, -89));
  });
});

describe('dashboard pages', () => {
  it('logs no console error on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
