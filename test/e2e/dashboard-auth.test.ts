/// <reference lib="dom" />
import { type App, buildApp } from '@pantau/api';
import { createUser, type DatabaseHandle, findUser } from '@pantau/db';
import { loadSentimentModel } from '@pantau/sentiment';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { migratedTestDatabase, type TestDatabase } from '../support/postgres.ts';

// Signing in to the dashboard with a user name and password in a real browser: the view in the address survives the
// sign-in, a new tab needs no second sign-in, the user menu and the users page work, and "end all sessions" ends them.
let testDb: TestDatabase;
let handle: DatabaseHandle;
let app: App;
let browser: Browser;
let context: BrowserContext;
let url = '';
const PASSWORD = 'sandi-rahasia-panjang';

beforeAll(async () => {
  ({ testDb, handle } = await migratedTestDatabase());
  await createUser(handle.db, { name: 'sari', role: 'admin', password: PASSWORD }, { keyId: null, by: 'test' });
  const model = await loadSentimentModel();
  app = await buildApp({ db: handle.db, pingDatabase: () => handle.ping(), model, software: { version: 'e2e', commit: 'e2e' } });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await handle?.close();
  await testDb?.drop();
});

describe('dashboard sign-in with a password', () => {
  it('refuses a wrong password in words, signs in, and keeps the view of the address', async () => {
    const page = await context.newPage();
    const view = '/?from=2026-11-01&to=2026-11-14&lang=en';
    await page.goto(`${url}${view}`);
    await page.waitForSelector('[data-testid="sign-in"]');
    // No identity provider configured: no SSO button; the API key form stays, as the advanced option.
    expect(await page.locator('[data-testid="sso-sign-in"]').count()).toBe(0);
    expect(await page.locator('input[name="apiKey"]').count()).toBe(1);
    await page.fill('input[name="userName"]', 'sari');
    await page.fill('input[name="password"]', 'not-the-password');
    await page.click('[data-testid="password-sign-in"]');
    await page.waitForSelector('[data-testid="sign-in-error"]');
    expect(await page.textContent('[data-testid="sign-in-error"]')).toBe('Wrong user name or password.');
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('[data-testid="password-sign-in"]');
    await page.waitForSelector('[data-testid="user-name"]');
    expect(await page.textContent('[data-testid="user-name"]')).toBe('sari');
    expect(await page.textContent('[data-testid="user-role"]')).toBe('admin');
    expect(page.url()).toBe(`${url}${view}`);
    // The session lives in an HttpOnly cookie: page scripts see only its secret-free companion, and no secret is stored.
    expect(await page.evaluate(() => document.cookie)).toBe('pantau_signed_in=1');
    expect(await page.evaluate(() => sessionStorage.getItem('pantau.apiKey'))).toBe('session');
  });

  it('opens a new tab signed in, without asking again', async () => {
    const tab = await context.newPage();
    await tab.goto(`${url}/?lang=en`);
    await tab.waitForSelector('[data-testid="user-name"]');
    expect(await tab.textContent('[data-testid="user-name"]')).toBe('sari');
    await tab.close();
  });

  it('lets an admin create a user, change their role and disable them on the users page', async () => {
    const page = context.pages()[0];
    if (!page) throw new Error('no page');
    await page.click('nav a[href="#users"]');
    await page.waitForSelector('[data-testid="users-admin"]');
    await page.fill('input[name="newName"]', 'budi');
    await page.selectOption('select[name="newRole"]', 'analyst');
    await page.fill('input[name="newPassword"]', 'budi-punya-sandi');
    await page.click('.new-user input[type="submit"]');
    await page.waitForSelector('tr[data-user="budi"]');
    expect((await findUser(handle.db, 'budi'))?.role).toBe('analyst');
    await page.selectOption('tr[data-user="budi"] select[name="role"]', 'viewer');
    await expect.poll(async () => (await findUser(handle.db, 'budi'))?.role, { timeout: 20_000 }).toBe('viewer');
    await page.click('tr[data-user="budi"] button:has-text("Disable")');
    await expect.poll(async () => (await findUser(handle.db, 'budi'))?.disabledAt, { timeout: 20_000 }).not.toBeNull();
    await page.waitForSelector('tr[data-user="budi"] button:has-text("Enable")');
    expect(await page.textContent('tr[data-user="budi"]')).toContain('disabled');
  });

  it('ends every session with "End all sessions", also on another device', async () => {
    const page = context.pages()[0];
    if (!page) throw new Error('no page');
    const device = await browser.newContext();
    const other = await device.newPage();
    await other.goto(`${url}/?lang=en`);
    await other.fill('input[name="userName"]', 'sari');
    await other.fill('input[name="password"]', PASSWORD);
    await other.click('[data-testid="password-sign-in"]');
    await other.waitForSelector('[data-testid="user-name"]');
    await page.click('[data-testid="sign-out-everywhere"]');
    await page.waitForSelector('[data-testid="sign-in"]');
    expect(await other.evaluate(async () => (await fetch('/v1/auth/session')).status)).toBe(401);
    await other.reload();
    await other.waitForSelector('[data-testid="sign-in"]');
    await device.close();
  });
});
