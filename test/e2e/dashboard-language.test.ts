/// <reference lib="dom" />

import { type App, buildApp } from '@pantau/api';
import { createApiKey, type DatabaseHandle, migrate, openDatabase } from '@pantau/db';
import { loadSentimentModel } from '@pantau/sentiment';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { analyseRegionalPosts } from '../support/regional-posts.ts';

// The dashboard's language selector and language shares in a real browser, over Indonesian, Javanese and Sundanese posts.
let testDb: TestDatabase;
let handle: DatabaseHandle;
let app: App;
let browser: Browser;
let url = '';
let key = '';

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  const model = await loadSentimentModel();
  await analyseRegionalPosts(handle.db, model);
  key = (await createApiKey(handle.db, 'dashboard-language', ['read'])).secret;
  app = await buildApp({ db: handle.db, pingDatabase: () => handle.ping(), model, software: { version: 'e2e', commit: 'e2e' } });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await handle?.close();
  await testDb?.drop();
});

/** Signs in at `address` and waits until the panel states the counted posts and the page is quiet. */
async function signIn(page: Page, address: string) {
  await page.goto(address);
  await page.fill('input[name="apiKey"]', key);
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-testid="posts-counted"]');
  await page.waitForLoadState('networkidle');
}

const counted = (page: Page) => page.getAttribute('[data-testid="posts-counted"]', 'data-count');
const shares = (page: Page) =>
  page.$$eval('[data-testid="language-shares"] [data-language]', (els) =>
    els.map((el) => [el.getAttribute('data-language'), el.getAttribute('data-count')]),
  );

describe('the language selector', () => {
  it('opens the view of a language from the address, and puts the chosen language in the address', async () => {
    const page = await browser.newPage();
    try {
      await signIn(page, `${url}/?from=2026-11-01&to=2026-11-02&language=jav`);
      expect(await page.inputValue('select[name="language"]')).toBe('jav');
      expect(await counted(page)).toBe('2');
      expect(await shares(page)).toEqual([['jav', '2']]);
      // Every language: the shares of the four, Indonesian first, and the Acehnese post (no head labels it) among the exclusions.
      await page.selectOption('select[name="language"]', '');
      await page.waitForFunction(() => !new URL(window.location.href).searchParams.has('language'));
      await page.waitForFunction(() => document.querySelector('[data-testid="posts-counted"]')?.getAttribute('data-count') === '9');
      expect(await shares(page)).toEqual([
        ['id', '5'],
        ['jav', '2'],
        ['ace', '1'],
        ['sun', '1'],
      ]);
      expect(await page.textContent('[data-testid="language-shares"]')).toContain('Jawa');
      expect(await page.textContent('body')).toContain('berbahasa Aceh');
      expect(await page.textContent('body')).not.toContain('berbahasa Sunda (');
      await page.selectOption('select[name="language"]', 'sun');
      await page.waitForFunction(() => new URL(window.location.href).searchParams.get('language') === 'sun');
      await page.waitForFunction(() => document.querySelector('[data-testid="posts-counted"]')?.getAttribute('data-count') === '1');
      expect(await page.$$eval('select[name="language"] option', (els) => els.map((el) => el.textContent))).toEqual([
        'Semua bahasa',
        'Indonesia',
        'Jawa',
        'Sunda',
        'Minang',
        'Banjar',
        'Bali',
        'Madura',
        'Aceh',
        'Bugis',
        'Ngaju',
        'Batak Toba',
      ]);
    } finally {
      await page.close();
    }
  }, 180_000);
});
