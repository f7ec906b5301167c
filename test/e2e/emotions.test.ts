/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type App, buildApp } from '@pantau/api';
import { EMOTION_CLASSES } from '@pantau/contracts';
import { createApiKey, rowsOf } from '@pantau/db';
import { methodOf } from '@pantau/disclosure';
import { buildDailyReport, renderHtml, renderMarkdown } from '@pantau/report';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { type AnalysedSample, analyseSample } from '../support/sample.ts';

// The bundled sample through the analysis step: every stored post gets an emotion label and lands in the daily emotion
// rollup; the API, the daily report and the dashboard panel state those figures.
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
let sample: AnalysedSample;
let app: App;
let url = '';
let key = '';
let browser: Browser;
let page: Page;

const apiGet = async (path: string) => (await app.inject({ url: path, headers: { authorization: `Bearer ${key}` } })).json();
const one = async (statement: string) => rowsOf(await sample.handle.db.execute(statement))[0] as Record<string, unknown>;

beforeAll(async () => {
  sample = await analyseSample('emotions');
  key = (await createApiKey(sample.handle.db, 'emotions', ['read'])).secret;
  app = await buildApp({
    db: sample.handle.db,
    pingDatabase: () => sample.handle.ping(),
    model: sample.model,
    software: { version: 'e2e', commit: 'e2e' },
  });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await sample?.close();
});

describe('emotions of the bundled sample', () => {
  it('labels every stored post with the emotion head and rolls the labels up per day', async () => {
    const head = sample.model.emotion;
    expect(head).toBeDefined();
    const version = head?.manifest.version as string;
    const posts = Number((await one('select count(*) as n from posts')).n);
    expect(posts).toBeGreaterThan(100);
    const labels = await one(
      `select count(*) as n, count(distinct label) as classes, min(p_anger + p_fear + p_happy + p_love + p_sadness) as low,
        max(p_anger + p_fear + p_happy + p_love + p_sadness) as high from emotion_labels where model_version = '${version}'`,
    );
    expect(Number(labels.n)).toBe(posts);
    expect(Number(labels.classes)).toBeGreaterThanOrEqual(4);
    expect(Number(labels.low)).toBeCloseTo(1, 4);
    expect(Number(labels.high)).toBeCloseTo(1, 4);
    // The rollup holds, per day and platform, exactly the labels of that day's posts.
    const mismatch = await one(`
      with counted as (
        select p.day, p.platform, count(*) as posts, count(*) filter (where l.label = 'anger') as anger,
          count(*) filter (where l.label = 'sadness') as sadness, count(*) filter (where l.label = 'uncertain') as uncertain
        from posts p join emotion_labels l on l.post_id = p.id and l.model_version = '${version}' group by 1, 2)
      select count(*) as n, (select count(*) from daily_emotions where model_version = '${version}') as rollup_rows
      from counted c full join daily_emotions d on d.day = c.day and d.platform = c.platform and d.model_version = '${version}'
      where c.posts is distinct from d.posts or c.anger is distinct from d.anger or c.sadness is distinct from d.sadness
        or c.uncertain is distinct from d.uncertain`);
    expect(Number(mismatch.n)).toBe(0);
    expect(Number(mismatch.rollup_rows)).toBeGreaterThan(1);
  });

  it('serves the rollup through GET /v1/emotions and states the day in the daily report (id and en)', async () => {
    const all = await apiGet('/v1/emotions');
    const sentiment = await apiGet('/v1/sentiment');
    expect(all.data.total.posts).toBe(sentiment.data.total.posts);
    expect(all.disclosure.emotion.unlabelled).toBe(0);
    const day = all.data.series.at(-1).period as string;
    const report = await buildDailyReport(sample.handle.db, {
      date: day,
      model: sample.model.disclosure(),
      emotionModel: sample.model.emotion?.disclosure(),
      method: methodOf(sample.model),
    });
    const ofDay = (await apiGet(`/v1/emotions?from=${day}&to=${day}`)).data.total;
    expect(report.emotions).toMatchObject({ posts: ofDay.posts, abstained: ofDay.abstained, counts: ofDay.counts });
    const id = renderMarkdown(report, 'id');
    expect(id).toContain('## Emosi');
    expect(id).toMatch(/marah \d/);
    expect(id).toContain('held-out benchmark emot-valid');
    const en = renderMarkdown(report, 'en');
    expect(en).toContain('## Emotions');
    expect(en).toMatch(new RegExp(`of ${ofDay.answered} answered posts; ${ofDay.abstained} uncertain`));
    expect(renderHtml(report, 'en')).toContain('<h2 id="emotions">Emotions</h2>');
  });

  it('shows the emotion panel in the dashboard with the API figures, in Indonesian and English', async () => {
    await page.goto(url);
    await page.fill('input[name="apiKey"]', key);
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="emotions-table"] tbody tr', { timeout: 60_000 });
    const api = await apiGet('/v1/emotions');
    const rows = await page.$$eval('[data-testid="emotions-table"] tbody tr', (trs) =>
      trs.map((r) => [
        r.getAttribute('data-emotion'),
        r.querySelector('[data-field="name"]')?.textContent,
        Number(r.querySelector('[data-field="posts"]')?.getAttribute('data-count')),
      ]),
    );
    const names = { anger: 'marah', fear: 'takut', happy: 'senang', love: 'cinta', sadness: 'sedih' } as const;
    expect(rows).toEqual(EMOTION_CLASSES.map((c) => [c, names[c], api.data.total.counts[c]]));
    expect(await page.textContent('[data-testid="emotions-abstained"]')).toContain(`Tidak pasti: ${api.data.total.abstained}`);
    expect(await page.textContent('[data-testid="emotions-model"]')).toContain('pantau-emotion-id');
    await page.locator('[data-testid="emotions"]').screenshot({ path: `${ARTIFACTS}emotions-panel.png` });
    await page.click('button:has-text("English")');
    await page.waitForSelector('[data-testid="emotions"] h2:has-text("Emotions")');
    expect(await page.textContent('[data-testid="emotions-table"] tbody')).toContain('sadness');
  }, 180_000);
});
