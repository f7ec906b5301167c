/// <reference lib="dom" />
import { type App, buildApp } from '@pantau/api';
import { createApiKey, createUser } from '@pantau/db';
import { type AnalysedSample, analyseSample } from '@pantau/e2e/support/sample.ts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';

// Files the dashboard makes in the browser (a table as CSV, a chart as PNG or SVG) and the report it downloads from the
// API each leave one `export` row in the audit log, with the key or the signed-in user, before the file is saved.
let sample: AnalysedSample;
let app: App;
let browser: Browser;
let url = '';
let reader = { id: '', secret: '' };
let userId = 0;
const PASSWORD = 'sandi-rahasia-panjang';

beforeAll(async () => {
  sample = await analyseSample('export-audit');
  const key = await createApiKey(sample.handle.db, 'export reader', ['read']);
  reader = { id: key.key.id, secret: key.secret };
  userId = (await createUser(sample.handle.db, { name: 'dewi', role: 'analyst', password: PASSWORD }, { keyId: null, by: 'test' })).id;
  app = await buildApp({
    db: sample.handle.db,
    pingDatabase: () => sample.handle.ping(),
    model: sample.model,
    software: { version: 'e2e', commit: 'e2e' },
  });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await sample?.close();
});

type ExportRow = { key_id: string | null; detail: Record<string, unknown> };
const exportRows = async () =>
  (
    (await sample.handle.db.execute("select key_id, detail from audit_log where action = 'export' order by seq")) as unknown as {
      rows: ExportRow[];
    }
  ).rows;

/** Clicks a download button; returns the file's name and the export rows written for it. */
async function download(page: Page, selector: string): Promise<{ name: string; rows: ExportRow[] }> {
  const before = (await exportRows()).length;
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: file.suggestedFilename(), rows: (await exportRows()).slice(before) };
}

describe('dashboard exports in the audit log', () => {
  it('records CSV, PNG and SVG files made in the browser with the key, what and window', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${url}/?from=2026-11-01&to=2026-11-14`);
    await page.fill('input[name="apiKey"]', reader.secret);
    await page.click('button[type="submit"]');
    await page.waitForSelector('[aria-labelledby="h-keywords"] [data-export="csv"]');
    for (const [selector, format, what] of [
      ['[aria-labelledby="h-keywords"] [data-export="csv"]', 'csv', 'kata-kunci'],
      ['[aria-labelledby="h-sentiment"] [data-export="png"]', 'png', 'grafik-sentimen'],
      ['[aria-labelledby="h-sentiment"] [data-export="svg"]', 'svg', 'grafik-sentimen'],
    ] as const) {
      const { name, rows } = await download(page, selector);
      expect(rows, selector).toEqual([
        {
          key_id: reader.id,
          detail: { route: 'dashboard', format, what, topicId: null, from: '2026-11-01', to: '2026-11-14', file: name },
        },
      ]);
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it("records a signed-in user's report, opened and downloaded, with the user", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${url}/?lang=en#report/2026-11-10`);
    await page.fill('input[name="userName"]', 'dewi');
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('[data-testid="password-sign-in"]');
    // Opening the report shows the whole document in the page: that is an export of its HTML too.
    await page.waitForSelector('[data-testid="report-view"] iframe');
    const opened = (await exportRows()).at(-1);
    expect(opened).toMatchObject({ key_id: `user:${userId}`, detail: { route: '/v1/reports/daily/:date', format: 'html' } });
    const { name, rows } = await download(page, '[data-testid="download-html"]');
    expect(name).toBe('pantau-2026-11-10-en.html');
    expect(rows).toEqual([
      {
        key_id: `user:${userId}`,
        detail: expect.objectContaining({
          route: '/v1/reports/daily/:date',
          format: 'html',
          date: '2026-11-10',
          user: { id: userId, name: 'dewi' },
        }),
      },
    ]);
    await context.close();
  }, 180_000);
});
