/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type App, buildApp } from '@pantau/api';
import { createApiKey, type DatabaseHandle, listLabels } from '@pantau/db';
import type { SentimentModel } from '@pantau/sentiment';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { type AnalysedSample, analyseSample } from '../support/sample.ts';

// The labelling view in a real browser: an annotator labels sampled posts with the keyboard, the labels reach the
// API, and the sentiment panel turns from "not validated" to validated shares once the task has enough gold labels.
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const SAMPLE_SIZE = 120;
let sample: AnalysedSample;
let handle: DatabaseHandle;
let model: SentimentModel;
let app: App;
let url = '';
const keys = { admin: '', annotator: '', reader: '', labeller: '' };
let annotatorId = '';
let taskId = 0;
let browser: Browser;
let page: Page;

type Item = { postId: string; text: string | null; url: string | null };

const call = async (key: string, method: 'GET' | 'POST', path: string, payload?: unknown) => {
  const response = await app.inject({
    method,
    url: path,
    headers: { authorization: `Bearer ${key}` },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  return { status: response.statusCode, body: response.json() };
};
const get = async (key: string, path: string) => {
  const r = await call(key, 'GET', path);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

beforeAll(async () => {
  sample = await analyseSample('annotation-ui');
  handle = sample.handle;
  model = sample.model;
  keys.admin = (await createApiKey(handle.db, 'admin', ['admin'])).secret;
  const annotator = await createApiKey(handle.db, 'annotator', ['read', 'annotate']);
  keys.annotator = annotator.secret;
  annotatorId = annotator.key.id;
  keys.reader = (await createApiKey(handle.db, 'reader', ['read'])).secret;
  keys.labeller = (await createApiKey(handle.db, 'labeller', ['annotate'])).secret;
  app = await buildApp({ db: handle.db, pingDatabase: () => handle.ping(), model, software: { version: 'e2e', commit: 'e2e' } });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  // The task samples exactly the window the dashboard opens on, so its labels can validate that window.
  const window = (await get(keys.admin, '/v1/sentiment')).disclosure.window;
  const created = await call(keys.admin, 'POST', '/v1/annotation/tasks', {
    name: 'Sampel November',
    from: window.from,
    to: window.to,
    size: SAMPLE_SIZE,
    seed: 7,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  taskId = created.body.data.id;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await sample?.close();
});

const signIn = async (key: string) => {
  await page.goto(url);
  await page.waitForSelector('input[name="apiKey"], nav.views');
  const signOut = page.locator('header button', { hasText: 'Keluar' });
  if ((await signOut.count()) > 0) await signOut.click();
  await page.fill('input[name="apiKey"]', key);
  await page.click('button[type="submit"]');
  await page.waitForSelector('nav.views');
};
const shownPost = () => page.getAttribute('[data-testid="labelling"] article.post', 'data-post-id');
/** Presses a key and waits until the view shows another post (or the same one again, after an undo). */
const press = async (key: string) => {
  const before = await shownPost();
  await page.keyboard.press(key);
  await page.waitForFunction(
    (id) => document.querySelector('[data-testid="labelling"] article.post')?.getAttribute('data-post-id') !== id,
    before,
  );
  return before;
};

describe('labelling view', () => {
  it('tells a key without the annotate scope why it cannot label', async () => {
    await signIn(keys.reader);
    await page.click('nav.views >> text=Pelabelan');
    await page.waitForSelector('[data-testid="no-annotate"]');
    expect(await page.textContent('[data-testid="no-annotate"]')).toContain('tidak memiliki izin annotate');
    expect(await page.locator('[data-testid="labelling"]').count()).toBe(0);
  });

  it('shows "belum divalidasi di domain ini" while no task validates the window', async () => {
    await signIn(keys.annotator);
    const api = await get(keys.annotator, '/v1/sentiment');
    expect(api.data.total.validated).toBeUndefined();
    expect(api.disclosure.validation.status).toBe('none');
    await page.waitForSelector('[data-testid="not-validated"]');
    expect(await page.textContent('[data-testid="not-validated"]')).toContain('belum divalidasi di domain ini');
    expect(await page.locator('[data-testid="validated-shares"]').count()).toBe(0);
    expect(await page.textContent('[data-testid="validation"]')).toContain('belum divalidasi di domain ini');
  });

  it('labels posts with the keys 1, 2, 3, 0, 9 and S, each stored through the API at once', async () => {
    await page.click('nav.views >> text=Pelabelan');
    await page.waitForSelector(`[data-testid="tasks"] tr[data-task="${taskId}"]`);
    await page.click(`[data-testid="tasks"] tr[data-task="${taskId}"] a`);
    await page.waitForSelector('[data-testid="labelling"] article.post');
    // The model's label is not shown while labelling.
    expect(await page.textContent('[data-testid="labelling"]')).not.toMatch(/model: (negative|neutral|positive)/i);
    const queue = (await get(keys.annotator, `/v1/annotation/tasks/${taskId}/items?annotator=me&limit=10`)).data.items as Item[];
    expect(await shownPost()).toBe(queue[0]?.postId);
    // The original post opens in a new tab, from the URL the API gives.
    expect(queue[0]?.url).toMatch(/^https:/);
    expect(await page.getAttribute('[data-testid="labelling"] article.post a', 'href')).toBe(queue[0]?.url);
    expect(await page.textContent('[data-testid="sampled"]')).toBe(String(SAMPLE_SIZE));

    // Pairs, not an object: post ids are numeric strings, which an object would reorder.
    const given: [string | null, string][] = [];
    for (const [key, label] of [
      ['1', 'negative'],
      ['2', 'neutral'],
      ['3', 'positive'],
      ['0', 'not_relevant'],
      ['9', 'not_indonesian'],
    ] as const) {
      given.push([await press(key), label]);
    }
    const skipped = await press('s');
    expect(given.map(([id]) => id)).toEqual(queue.slice(0, 5).map((i) => i.postId));
    expect(skipped).toBe(queue[5]?.postId);
    await page.waitForFunction(() => document.querySelector('[data-testid="labelled"]')?.textContent === '5');

    // Through the API: the five labelled posts left the annotator's list, the skipped one is still to do.
    const left = (await get(keys.annotator, `/v1/annotation/tasks/${taskId}/items?annotator=me&limit=${SAMPLE_SIZE}`)).data;
    expect(left.remaining).toBe(SAMPLE_SIZE - 5);
    const leftIds = (left.items as Item[]).map((i) => i.postId);
    for (const [id] of given) expect(leftIds).not.toContain(id);
    expect(leftIds[0]).toBe(skipped);
    const progress = (await get(keys.annotator, `/v1/annotation/tasks/${taskId}`)).data.progress;
    expect(progress.labelled).toBe(5);
    expect(progress.byAnnotator).toEqual([expect.objectContaining({ annotator: annotatorId, labelled: 5 })]);
    // The stored labels are exactly the keys pressed, by this key.
    const stored = await listLabels(handle.db, taskId);
    expect(Object.fromEntries(stored.map((l) => [l.postId, l.label]))).toEqual(Object.fromEntries(given));
    expect(new Set(stored.map((l) => l.annotator))).toEqual(new Set([annotatorId]));
  });

  it('undoes the last label: the post comes back and its new label is kept as a revision', async () => {
    // The last label given was 9 (the skip in between is not a label).
    const undone = (await listLabels(handle.db, taskId)).find((l) => l.label === 'not_indonesian')?.postId;
    expect(undone).toBeDefined();
    await press('u');
    expect(await shownPost()).toBe(undone);
    expect(await page.textContent('[data-testid="previous"]')).toContain('bukan bahasa Indonesia');
    await press('2');
    await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent?.includes('netral') ?? false);
    await expect
      .poll(async () =>
        (await listLabels(handle.db, taskId, { revisions: true })).filter((l) => l.postId === undone).map((l) => [l.label, l.current]),
      )
      .toEqual(
        expect.arrayContaining([
          ['not_indonesian', false],
          ['neutral', true],
        ]),
      );
    expect((await get(keys.annotator, `/v1/annotation/tasks/${taskId}`)).data.progress.labelled).toBe(5);
  });

  it('does not take keys typed into a field', async () => {
    const before = await shownPost();
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.id = 'scratch';
      document.body.append(input);
    });
    await page.focus('#scratch');
    await page.keyboard.type('1239');
    await page.waitForTimeout(300);
    expect(await shownPost()).toBe(before);
    expect((await get(keys.annotator, `/v1/annotation/tasks/${taskId}`)).data.progress.labelled).toBe(5);
    await page.evaluate(() => document.getElementById('scratch')?.remove());
  });

  it('reads well at 1280 px and on a phone', async () => {
    await page.screenshot({ path: `${ARTIFACTS}labelling.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${ARTIFACTS}labelling-phone.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('speaks English when asked, keeping the post and the keys', async () => {
    const shown = await shownPost();
    await page.click('header button:has-text("English")');
    await page.waitForSelector('text=Labelling: Sampel November');
    expect(await page.textContent('[data-testid="labelling"] .choices')).toContain('not Indonesian');
    expect(await page.getAttribute('button[data-label="not_indonesian"]', 'aria-keyshortcuts')).toBe('9');
    expect(await shownPost()).toBe(shown);
    await page.click('header button:has-text("Bahasa Indonesia")');
    await page.waitForSelector('text=Pelabelan: Sampel November');
  });

  it("going straight to another task's address shows that task's posts", async () => {
    // One day only, so this task does not cover (nor validate) the dashboard's window.
    const day = (await get(keys.admin, '/v1/sentiment')).disclosure.window.to;
    const other = await call(keys.admin, 'POST', '/v1/annotation/tasks', { name: 'Satu hari', from: day, to: day, size: 10, seed: 3 });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    const first = (
      (await get(keys.annotator, `/v1/annotation/tasks/${other.body.data.id}/items?annotator=me&limit=1`)).data.items as Item[]
    )[0];
    await page.evaluate((id) => {
      window.location.hash = `#label/${id}`;
    }, other.body.data.id);
    await page.waitForSelector('text=Pelabelan: Satu hari');
    await page.waitForFunction(
      (id) => document.querySelector('[data-testid="labelling"] article.post')?.getAttribute('data-post-id') === id,
      first?.postId,
    );
    expect(await page.textContent('[data-testid="sampled"]')).toBe('10');
    await page.evaluate((id) => {
      window.location.hash = `#label/${id}`;
    }, taskId);
    await page.waitForSelector('text=Pelabelan: Sampel November');
    // Back on the first task (both now listed): its own open posts, not the other task's.
    const back = ((await get(keys.annotator, `/v1/annotation/tasks/${taskId}/items?annotator=me&limit=1`)).data.items as Item[])[0];
    await page.waitForFunction(
      (id) => document.querySelector('[data-testid="labelling"] article.post')?.getAttribute('data-post-id') === id,
      back?.postId,
    );
    expect(await page.textContent('[data-testid="sampled"]')).toBe(String(SAMPLE_SIZE));
  });

  it('lets a key with only the annotate scope sign in and label', async () => {
    await signIn(keys.labeller);
    expect(await page.textContent('[data-testid="no-read"]')).toContain('izin read');
    await page.click('nav.views >> text=Pelabelan');
    await page.click(`[data-testid="tasks"] tr[data-task="${taskId}"] a`);
    await page.waitForSelector('[data-testid="labelling"] article.post');
    // Its first post in sample order is one the other annotator labelled 1 (negatif): a second label for agreement.
    // The view moves on at once; the label is stored when its POST answers.
    const stored = page.waitForResponse((r) => r.url().endsWith('/labels') && r.request().method() === 'POST');
    const first = await press('3');
    expect((await stored).status()).toBe(200);
    await page.waitForFunction((n) => document.querySelector('[data-testid="remaining"]')?.textContent === String(n), SAMPLE_SIZE - 1);
    const progress = (await get(keys.admin, `/v1/annotation/tasks/${taskId}`)).data.progress;
    expect(progress.annotators).toBe(2);
    expect(progress.labelled).toBe(5);
    const second = (await listLabels(handle.db, taskId)).filter((l) => l.postId === first).map((l) => l.label);
    expect(second.sort()).toEqual(['negative', 'positive']);
  });

  it('stays signed out when the kept key is still being checked at sign-out', async () => {
    await signIn(keys.annotator);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/v1/topics', async (route) => {
      await held;
      await route.continue();
    });
    await page.reload();
    await page.click('header button:has-text("Keluar")');
    await page.waitForSelector('input[name="apiKey"]');
    const answered = page.waitForResponse('**/v1/topics');
    release();
    await answered;
    await page.waitForTimeout(200);
    expect(await page.locator('input[name="apiKey"]').count()).toBe(1);
    expect(await page.evaluate(() => sessionStorage.getItem('pantau.apiKey'))).toBeNull();
    await page.unroute('**/v1/topics');
  });

  it('shows validated shares beside the model-only ones once the task has enough gold labels', async () => {
    // The admin labels the whole sample through the API with the model's most probable class (any labels would do:
    // the check is that the dashboard shows what the API computes from them).
    const items = (await get(keys.admin, `/v1/annotation/tasks/${taskId}/items?annotator=me&limit=${SAMPLE_SIZE}&showModel=true`)).data
      .items as (Item & { model?: { probabilities: Record<'negative' | 'neutral' | 'positive', number> } })[];
    const top = (p: Record<'negative' | 'neutral' | 'positive', number>) =>
      (['negative', 'neutral', 'positive'] as const).reduce((a, b) => (p[b] > p[a] ? b : a));
    const posted = await call(keys.admin, 'POST', `/v1/annotation/tasks/${taskId}/labels`, {
      labels: items.map((i) => ({ postId: i.postId, label: i.model ? top(i.model.probabilities) : 'not_indonesian' })),
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);
    const api = await get(keys.annotator, '/v1/sentiment');
    const validated = api.data.total.validated;
    expect(validated.task).toBe(taskId);
    expect(api.disclosure.validation.status).toBe('validated');

    await signIn(keys.annotator);
    await page.waitForSelector('[data-testid="validated-shares"]');
    expect(await page.locator('[data-testid="not-validated"]').count()).toBe(0);
    expect(await page.textContent('[data-testid="validated-column"]')).toBe(
      `tervalidasi (${validated.labels} label, tugas #${taskId} Sampel November)`,
    );
    expect(await page.textContent('[data-testid="validated-shares"] thead')).toContain('hanya model');
    const negative = await page.textContent('[data-testid="validated-shares"] tr[data-class="negative"] [data-field="validated"]');
    // Shares are written the Indonesian way, with a decimal comma.
    const f = (x: number) => `${(100 * x).toFixed(1).replace('.', ',')}%`;
    expect(negative).toBe(
      `${f(validated.shares.negative.estimate)} (${f(validated.shares.negative.low)}–${f(validated.shares.negative.high)})`,
    );
    const modelOnly = api.data.total.shares.negative;
    expect(await page.textContent('[data-testid="validated-shares"] tr[data-class="negative"] [data-field="model"]')).toBe(
      `${f(modelOnly.share)} (${f(modelOnly.low)}–${f(modelOnly.high)})`,
    );
    const disclosure = await page.textContent('[data-testid="validation"]');
    expect(disclosure).toContain(`#${taskId} Sampel November`);
    expect(disclosure).toContain(`${api.disclosure.validation.labels} label`);
    expect(disclosure).toContain(api.disclosure.validation.method.slice(0, 40));
    await page.screenshot({ path: `${ARTIFACTS}validated-shares.png`, fullPage: true });
  });
});
