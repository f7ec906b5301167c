/// <reference lib="dom" />
import { type App, buildApp } from '@pantau/api';
import { createTopic, createUser, type DatabaseHandle, getAlertRule, listAlertRules } from '@pantau/db';
import { loadSentimentModel } from '@pantau/sentiment';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { migratedTestDatabase, type TestDatabase } from '../support/postgres.ts';

// The alert-rules editor in a real browser against the real API and Postgres: an admin creates, edits, disables and
// deletes a rule (errors from the API shown at the field, webhook secrets never shown back), creates one with the
// keyboard alone on a 390 px screen, and a viewer gets no editor.
let testDb: TestDatabase;
let handle: DatabaseHandle;
let app: App;
let browser: Browser;
let url = '';
let topicId = 0;
const PASSWORD = 'sandi-rahasia-panjang';
const SECRET = 'webhook-secret-0123456789abcdef';

beforeAll(async () => {
  ({ testDb, handle } = await migratedTestDatabase());
  await createUser(handle.db, { name: 'ayu', role: 'admin', password: PASSWORD }, { keyId: null, by: 'test' });
  await createUser(handle.db, { name: 'vino', role: 'viewer', password: PASSWORD }, { keyId: null, by: 'test' });
  topicId = (await createTopic(handle.db, { name: 'Iuran BPJS', query: 'iuran' })).id;
  const model = await loadSentimentModel();
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

/** A signed-in page at the given width, collecting console errors and page errors. */
async function signedIn(name: string, width: number): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${url}/?lang=en`);
  await page.fill('input[name="userName"]', name);
  await page.fill('input[name="password"]', PASSWORD);
  await page.click('[data-testid="password-sign-in"]');
  await page.waitForSelector('[data-testid="user-name"]');
  return { page, errors };
}

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** Presses Tab until the focused element matches `selector` (keyboard only); fails after 80 presses. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe('alert-rules editor', () => {
  it('lets an admin create, edit, disable and delete a rule, with API errors at the field and secrets never shown', async () => {
    const { page, errors } = await signedIn('ayu', 1280);
    await page.click('nav a[href="#alert-rules"]');
    await page.waitForSelector('[data-testid="alert-rules"]');
    await page.waitForSelector('[data-testid="rules-none"]');
    const words = page.locator('[data-testid="rule-words"]');

    await page.fill('input[name="name"]', 'Negatif naik');
    await page.selectOption('select[name="kind"]', 'negative_rise');
    await page.selectOption('select[name="topicId"]', String(topicId));
    // The rule in words follows the form as it is typed.
    expect(await words.textContent()).toContain("For topic «Iuran BPJS»: alert when today's negative share is ≥ 10 percentage points");
    await page.fill('input[name="params.minPoints"]', '0');
    expect(await words.textContent()).toContain('≥ 0 percentage points');
    await page.click('button[data-action="save"]');
    // The API's 400 names the threshold: its message is shown at that field, which takes the focus.
    const pointsError = page.locator('[data-error-for="params.minPoints"]');
    await pointsError.waitFor();
    expect(await pointsError.textContent()).toBe('params.minPoints: a positive number');
    expect(await page.getAttribute('input[name="params.minPoints"]', 'aria-invalid')).toBe('true');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('params.minPoints');
    await page.fill('input[name="params.minPoints"]', '15');

    await page.click('button[data-action="add-webhook"]');
    await page.fill('input[name="channels.0.url"]', 'https://hooks.example.test/desk/very-secret-path');
    await page.fill('input[name="channels.0.secret"]', 'short');
    await page.click('button[data-action="add-email"]');
    await page.fill('input[name="channels.1.to"]', 'desk@example.test');
    await page.check('input[name="quiet"]');
    await page.fill('input[name="quietFrom"]', '22:00');
    await page.fill('input[name="quietTo"]', '06:00');
    expect(await words.textContent()).toContain(
      'Sent to the dashboard, webhook https://hooks.example.test/desk/very-secret-path, e-mail desk@example.test, in Indonesian. Deliveries detected between 22:00 and 06:00 (Asia/Jakarta) wait until the quiet hours end. At most once every 60 minutes.',
    );
    await page.click('button[data-action="save"]');
    const channelError = page.locator('[data-error-for="channels.0"]');
    await channelError.waitFor();
    expect(await channelError.textContent()).toMatch(/^channels\.0/);
    await page.fill('input[name="channels.0.secret"]', SECRET);
    await page.click('button[data-action="save"]');
    await page.waitForSelector('tr[data-rule="Negatif naik"]');
    expect(await page.textContent('[data-testid="rules-notice"]')).toBe('Rule created.');

    const row = page.locator('tr[data-rule="Negatif naik"]');
    expect(await row.locator('[data-col="kind"]').textContent()).toBe('negative rise');
    expect(await row.locator('[data-col="topic"]').textContent()).toBe('Iuran BPJS');
    expect(await row.locator('[data-col="channels"]').textContent()).toBe('webhook https://hooks.example.test/…e-mail …@example.test');
    expect(await row.locator('[data-col="quiet"]').textContent()).toBe('22:00–06:00');
    expect(await row.locator('[data-col="interval"]').textContent()).toBe('60 min');
    expect(await row.locator('[data-col="enabled"]').textContent()).toBe('on');
    const [stored] = await listAlertRules(handle.db);
    expect(stored).toMatchObject({
      name: 'Negatif naik',
      kind: 'negative_rise',
      topicId,
      params: { minPoints: 15 },
      quietHours: { from: '22:00', to: '06:00' },
      enabled: true,
      channels: [
        { type: 'webhook', url: 'https://hooks.example.test/desk/very-secret-path', secret: SECRET },
        { type: 'email', to: 'desk@example.test' },
      ],
    });
    const id = stored?.id ?? 0;

    // Edit: the form holds the rule, the secret is not shown back; a change without touching targets keeps them.
    await page.click('tr[data-rule="Negatif naik"] button[data-action="edit"]');
    expect(await page.inputValue('input[name="name"]')).toBe('Negatif naik');
    expect(await page.inputValue('input[name="channels.0.secret"]')).toBe('');
    expect(await page.content()).not.toContain(SECRET);
    await page.fill('input[name="name"]', 'Negatif naik tajam');
    await page.fill('input[name="minIntervalMinutes"]', '120');
    await page.selectOption('select[name="language"]', 'en');
    expect(await words.textContent()).toContain('in English.');
    expect(await words.textContent()).toContain('At most once every 120 minutes.');
    await page.click('button[data-action="save"]');
    await page.waitForSelector('tr[data-rule="Negatif naik tajam"]');
    expect(await getAlertRule(handle.db, id)).toMatchObject({
      name: 'Negatif naik tajam',
      minIntervalMinutes: 120,
      language: 'en',
      channels: [{ type: 'webhook', secret: SECRET }, { type: 'email' }],
    });

    // Disable, then delete after a confirmation (cancelled once).
    await page.click('tr[data-rule="Negatif naik tajam"] button[data-action="toggle"]');
    await page.waitForSelector('tr[data-rule="Negatif naik tajam"][data-enabled="false"]');
    expect((await getAlertRule(handle.db, id))?.enabled).toBe(false);
    await page.click('tr[data-rule="Negatif naik tajam"] button[data-action="delete"]');
    await page.click('tr[data-rule="Negatif naik tajam"] button[data-action="cancel-delete"]');
    // Escape cancels too; the confirmation's first button has the focus.
    await page.click('tr[data-rule="Negatif naik tajam"] button[data-action="delete"]');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('confirm-delete');
    await page.keyboard.press('Escape');
    await page.waitForSelector('tr[data-rule="Negatif naik tajam"] .confirm', { state: 'detached' });
    expect(await getAlertRule(handle.db, id)).not.toBeNull();
    await page.click('tr[data-rule="Negatif naik tajam"] button[data-action="delete"]');
    expect(await page.textContent('tr[data-rule="Negatif naik tajam"] .confirm')).toContain(
      'Delete the rule «Negatif naik tajam» with its alerts?',
    );
    await page.click('tr[data-rule="Negatif naik tajam"] button[data-action="confirm-delete"]');
    await page.waitForSelector('[data-testid="rules-none"]');
    expect(await getAlertRule(handle.db, id)).toBeNull();

    expect(await page.content()).not.toContain(SECRET);
    expect(await fitsWidth(page)).toBe(true);
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('creates a rule with the keyboard alone on a 390 px screen', async () => {
    const { page, errors } = await signedIn('ayu', 390);
    await tabTo(page, 'nav a[href="#alert-rules"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="rules-none"]');
    await tabTo(page, 'input[name="name"]');
    await page.keyboard.type('Volume melonjak');
    await page.keyboard.press('Tab');
    // A closed select takes its option from the keys typed: "v" is "volume jump".
    await page.keyboard.type('v');
    expect(await page.inputValue('select[name="kind"]')).toBe('volume_jump');
    await tabTo(page, 'input[name="params.ratio"]');
    await page.keyboard.type('3');
    await tabTo(page, 'input[name="quiet"]');
    await page.keyboard.press('Space');
    await tabTo(page, 'button[data-action="add-email"]');
    await page.keyboard.press('Enter');
    // The new target's address has the focus.
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.name === 'channels.0.to');
    await page.keyboard.type('malam@example.test');
    expect(await page.textContent('[data-testid="rule-words"]')).toBe(
      'For all posts: alert when posts today reach ≥ 3× the daily mean of the 7 days before and ≥ 30 posts. Sent to the dashboard, e-mail malam@example.test, in Indonesian. Deliveries detected between 22:00 and 06:00 (Asia/Jakarta) wait until the quiet hours end. At most once every 60 minutes.',
    );
    await tabTo(page, 'button[data-action="save"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('tr[data-rule="Volume melonjak"]');
    expect(await listAlertRules(handle.db)).toEqual([
      expect.objectContaining({
        name: 'Volume melonjak',
        kind: 'volume_jump',
        topicId: null,
        params: { ratio: 3 },
        quietHours: { from: '22:00', to: '06:00' },
        channels: [{ type: 'email', to: 'malam@example.test' }],
      }),
    ]);
    expect(await fitsWidth(page)).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('shows a viewer no editor: no link, and a message in its place', async () => {
    for (const width of [1280, 390]) {
      const { page, errors } = await signedIn('vino', width);
      expect(await page.locator('nav a[href="#alert-rules"]').count()).toBe(0);
      await page.goto(`${url}/?lang=en#alert-rules`);
      await page.waitForSelector('[data-testid="alert-rules-denied"]');
      expect(await page.textContent('[data-testid="alert-rules-denied"] [role="alert"]')).toBe(
        'Only admins can see and change alert rules. The list of alerts is on the dashboard.',
      );
      expect(await page.locator('[data-testid="rule-form"]').count()).toBe(0);
      expect(await page.locator('[data-testid="rules-table"]').count()).toBe(0);
      expect(await fitsWidth(page)).toBe(true);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  }, 180_000);
});
