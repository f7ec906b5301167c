/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

import { type App, buildApp } from '@pantau/api';
import { type BusConsumer, createMemoryBus } from '@pantau/bus';
import { fileConnector, runConnector } from '@pantau/connectors';
import { TOPICS } from '@pantau/contracts';
import { backfillTopic, createApiKey, createTopic, type DatabaseHandle, migrate, openDatabase, topicQueries } from '@pantau/db';
import { SAMPLE_POSTS_FILE } from '@pantau/ingest';
import { createAnalyzer, startAnalysisConsumer } from '@pantau/pipeline';
import { loadSentimentModel } from '@pantau/sentiment';
import { analyzeText, createLanguageIdentifier, topicMatcher } from '@pantau/text';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// The dashboard's languages, days and numbers in a real browser over the bundled sample, in browsers set to other zones.
let testDb: TestDatabase;
let handle: DatabaseHandle;
let consumer: BusConsumer;
let app: App;
let url = '';
let key = '';
let topicId = 0;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Console errors and uncaught exceptions of every page opened here. */
const pageErrors: string[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  const model = await loadSentimentModel();
  const bus = createMemoryBus({ defaultPartitions: 2 });
  const producer = await bus.producer();
  const analyzer = createAnalyzer({
    db: handle.db,
    model,
    languages: await createLanguageIdentifier(),
    dlq: producer,
    topics: () => topicQueries(handle.db),
    coordination: { minAuthors: 5, windowSeconds: 60, similarity: 0.7 },
  });
  consumer = await startAnalysisConsumer(bus, analyzer, { groupId: 'dashboard-locale', maxBatch: 500 });
  await runConnector(fileConnector(SAMPLE_POSTS_FILE), { producer, db: handle.db, pepper: 'dashboard-locale-pepper-0123456789' });
  while ((await bus.lag('dashboard-locale', TOPICS.postsRaw)) > 0) await new Promise((r) => setTimeout(r, 50));
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
  await consumer?.stop();
  await handle?.close();
  await testDb?.drop();
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

describe('dashboard pages', () => {
  it('logs no console error on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
