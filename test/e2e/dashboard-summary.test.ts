/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type App, buildApp } from '@pantau/api';
import { addDays } from '@pantau/contracts';
import { backfillTopic, createApiKey, createTopic, rowsOf } from '@pantau/db';
import { methodOf } from '@pantau/disclosure';
import { buildDailyReport, renderHtml, renderMarkdown } from '@pantau/report';
import { analyzeText, topicMatcher } from '@pantau/text';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { type AnalysedSample, analyseSample } from '../support/sample.ts';

// The day's summary and the morning brief in a real browser over the bundled sample: the summary at the top of the
// dashboard on a desktop and a phone, its stories with example posts, the report at its own address, as HTML on a
// phone and as a PDF.
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const PHONE = { width: 390, height: 844 };
let sample: AnalysedSample;
let app: App;
let url = '';
let key = '';
let browser: Browser;
let storyDay = '';
let firstDay = '';
const consoleErrors: string[] = [];

interface Story {
  key: string;
  term: string;
  title: string;
  posts: number;
  related: { term: string }[];
  examples: { url: string | null; text: string | null; sameText: number; platform: string }[];
  evidence: { count: number; z: number | null };
}

const apiGet = async (path: string) => (await app.inject({ url: path, headers: { authorization: `Bearer ${key}` } })).json();

/** A fresh page whose console errors and page errors are collected. */
async function openPage(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  return { context, page };
}

async function signIn(page: Page, address: string) {
  await page.goto(address);
  await page.fill('input[name="apiKey"]', key);
  await page.click('button[type="submit"]');
}

beforeAll(async () => {
  sample = await analyseSample('dashboard-summary');
  key = (await createApiKey(sample.handle.db, 'summary', ['read'])).secret;
  app = await buildApp({
    db: sample.handle.db,
    pingDatabase: () => sample.handle.ping(),
    model: sample.model,
    software: { version: 'e2e', commit: 'e2e' },
  });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  // The latest day of the sample with a story: the dashboard's window is set to end there.
  const last = (await apiGet('/v1/summary')).data.date as string;
  for (let day = last; !storyDay && day > addDays(last, -14); day = addDays(day, -1)) {
    if ((await apiGet(`/v1/summary?date=${day}`)).data.stories.length > 0) storyDay = day;
  }
  firstDay = addDays(storyDay, -13);
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await sample?.close();
});

describe('GET /v1/summary', () => {
  it("tells the day's spikes as stories, with the rule's numbers and example posts with links, as the report does", async () => {
    expect(storyDay).not.toBe('');
    const { data, disclosure } = await apiGet(`/v1/summary?date=${storyDay}`);
    expect(disclosure.window).toMatchObject({ from: storyDay, to: storyDay });
    expect(disclosure.validation.status).toBe('none');
    const sentiment = await apiGet(`/v1/sentiment?from=${storyDay}&to=${storyDay}`);
    expect(data.posts).toBe(sentiment.data.total.posts);
    expect(data.net).toMatchObject({ source: 'model', validated: null });
    expect(data.net.value).toBeCloseTo(sentiment.data.series[0].netSentiment, 6);
    const stories = data.stories as Story[];
    for (const s of stories) {
      expect(s.examples.length).toBeGreaterThan(0);
      expect(s.examples.length).toBeLessThanOrEqual(3);
      // One example per distinct text; every example of the sample links to its original.
      expect(new Set(s.examples.map((e) => e.text)).size).toBe(s.examples.length);
      for (const e of s.examples) expect(e.url).toMatch(/^https:\/\//);
      expect(s.posts).toBeGreaterThanOrEqual(s.evidence.count);
    }
    // Terms are told once: a folded term is not a story of its own.
    const named = stories.flatMap((s) => [s.term, ...s.related.map((r) => r.term)]);
    expect(new Set(named).size).toBe(named.length);
    expect(data.headlines.id).toHaveLength(3);
    expect(data.headlines.en).toHaveLength(3);
    expect(data.headlines.id[1]).toContain(`«${stories[0]?.title}»`);
    // The report of the day tells the same stories, from the same function.
    const report = await buildDailyReport(sample.handle.db, {
      date: storyDay,
      model: sample.model.disclosure(),
      method: methodOf(sample.model),
    });
    expect(report.spikes.map((s) => [s.key, s.title, s.posts, s.examples.map((e) => e.url)])).toEqual(
      stories.map((s) => [s.key, s.title, s.posts, s.examples.map((e) => e.url)]),
    );
  });

  it('writes the sample report of the bundled data (docs/sample-report-2026-11-10.*)', async () => {
    const report = await buildDailyReport(sample.handle.db, {
      date: '2026-11-10',
      model: sample.model.disclosure(),
      method: methodOf(sample.model),
    });
    expect(report.spikes.length).toBeGreaterThan(0);
    writeFileSync(`${ARTIFACTS}sample-report-2026-11-10.md`, renderMarkdown(report));
    writeFileSync(`${ARTIFACTS}sample-report-2026-11-10.html`, renderHtml(report));
    writeFileSync(`${ARTIFACTS}sample-report-2026-11-10.json`, `${JSON.stringify(report, null, 2)}\n`);
  });

  it('counts every figure of one platform when asked: posts, net sentiment, stories, examples, gaps and the disclosure', async () => {
    const version = sample.model.manifest.version;
    // A day on which one platform has a story of its own.
    let day = '';
    for (let d = storyDay; !day && d > addDays(storyDay, -14); d = addDays(d, -1))
      if ((await apiGet(`/v1/summary?date=${d}&platform=x`)).data.stories.length > 0) day = d;
    expect(day).not.toBe('');
    const { data, disclosure } = await apiGet(`/v1/summary?date=${day}&platform=x`);
    const all = (await apiGet(`/v1/summary?date=${day}`)).data;
    const direct = async (d: string) => {
      const [row] = rowsOf(
        await sample.handle.db.execute(`select count(*)::int as posts, count(*) filter (where l.label = 'negative')::int as negative,
          count(*) filter (where l.label = 'positive')::int as positive, count(*) filter (where l.label = 'neutral')::int as neutral,
          count(*) filter (where l.label = 'uncertain')::int as uncertain
          from posts p join sentiment_labels l on l.post_id = p.id and l.model_version = '${version}'
          where p.day = '${d}' and p.platform = 'x'`),
      );
      return row as { posts: number; negative: number; positive: number; neutral: number; uncertain: number };
    };
    const today = await direct(day);
    expect(data.platform).toBe('x');
    expect(data.posts).toBe(today.posts);
    expect(data.posts).toBeLessThan(all.posts);
    expect(data.abstained).toBe(today.uncertain);
    expect(data.answered).toBe(today.negative + today.neutral + today.positive);
    expect(data.net.model).toBeCloseTo((today.positive - today.negative) / data.answered, 9);
    expect(data.previousDay.posts).toBe((await direct(addDays(day, -1))).posts);
    expect(data.sameWeekday.posts).toBe((await direct(addDays(day, -7))).posts);
    // Each story's count is the platform's posts with its term that day; every example is one of them.
    for (const story of data.stories as (Story & { key: string })[]) {
      const [row] = rowsOf(
        await sample.handle.db.execute(
          `select count(*)::int as n from posts where day = '${day}' and platform = 'x' and keywords @> array['${story.key.replace(/'/g, "''")}']`,
        ),
      );
      expect(story.evidence.count, story.key).toBe(row?.n);
      for (const e of story.examples) expect(e.platform).toBe('x');
    }
    expect(data.headlines.id[0]).toContain('hanya platform x');
    expect(data.headlines.en[0]).toContain('x only');
    // The disclosure says the figures are of one platform and counts the same posts; its coverage is of that platform.
    expect(disclosure.window).toEqual({ from: day, to: day, granularity: 'day', platform: 'x' });
    expect(disclosure.population.postsCounted).toBe(today.posts);
    for (const c of disclosure.coverage as { platform: string | null }[]) expect([null, 'x']).toContain(c.platform);
    expect(
      (await app.inject({ url: '/v1/summary?platform=myspace', headers: { authorization: `Bearer ${key}` } })).json().error,
    ).toMatchObject({
      code: 'INVALID_QUERY',
      parameter: 'platform',
    });
  });

  it('names a bad parameter and an unknown topic', async () => {
    const bad = await app.inject({ url: '/v1/summary?date=2026-02-30', headers: { authorization: `Bearer ${key}` } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.parameter).toBe('date');
    const unknown = await app.inject({ url: '/v1/summary?topic=999', headers: { authorization: `Bearer ${key}` } });
    expect(unknown.statusCode).toBe(404);
    expect((await app.inject({ url: '/v1/summary' })).statusCode).toBe(401);
  });
});

describe('Ringkasan hari ini', () => {
  it('opens the dashboard with the day in three headlines, its figures and its stories, above everything else', async () => {
    const { context, page } = await openPage({ width: 1280, height: 900 });
    try {
      await signIn(page, `${url}/?from=${firstDay}&to=${storyDay}`);
      await page.waitForSelector('[data-testid="day-summary"] [data-testid="story"]');
      const api = (await apiGet(`/v1/summary?date=${storyDay}`)).data;
      expect(await page.locator('[data-testid="headlines"] li').allTextContents()).toEqual(
        api.headlines.id.map((line: string, i: number) => `${['Apa yang berubah', 'Mengapa', 'Di mana melihat'][i]}. ${line}`),
      );
      expect(Number(await page.getAttribute('[data-testid="summary-posts"]', 'data-count'))).toBe(api.posts);
      expect(await page.locator('[data-testid="story"]').count()).toBe(api.stories.length);
      // When the stories were computed and from how many posts, as the answer says.
      const asOf = page.locator('[data-testid="stories-as-of"]');
      expect(await asOf.getAttribute('data-behind')).toBe(String(api.storiesAsOf.behind));
      expect(await asOf.textContent()).toContain(`dari ${new Intl.NumberFormat('id-ID').format(api.storiesAsOf.posts)} unggahan`);
      // The summary is the first screen: above the sentiment panel, inside the first 900 px.
      const summaryBox = await page.locator('[data-testid="day-summary"]').boundingBox();
      const sentimentBox = await page.locator('#h-sentiment').boundingBox();
      expect(summaryBox?.y ?? 1e9).toBeLessThan(sentimentBox?.y ?? 0);
      expect((await page.locator('[data-testid="headlines"]').boundingBox())?.y ?? 1e9).toBeLessThan(900);
      // Example posts link to their originals.
      const links = await page.locator('[data-testid="story-example"] a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) expect(link).toMatch(/^https:\/\//);
      // A story opens its posts in the posts dialog.
      const story = page.locator('[data-testid="story"]').first();
      const term = await story.locator('button.link').getAttribute('data-term');
      await story.locator('button.link').click();
      await page.waitForSelector('[data-testid="mentions"] li');
      expect(await page.textContent('[data-testid="mentions"] h2')).toContain(api.stories[0].title);
      const mentions = await apiGet(`/v1/mentions?from=${storyDay}&to=${storyDay}&term=${encodeURIComponent(term ?? '')}&limit=20`);
      expect(await page.locator('[data-testid="mentions"] li').count()).toBe(mentions.data.mentions.length);
      await page.click('[data-testid="mentions"] button');
      // The keyword change column has figures on the default window of a fresh install (data only inside the window).
      const changes = await page.locator('[data-testid="keywords"] [data-field="change"]').allTextContents();
      expect(changes.filter((c) => c !== '–').length).toBeGreaterThan(0);
      await page.screenshot({ path: `${ARTIFACTS}dashboard-summary.png` });
    } finally {
      await context.close();
    }
  });

  it('fits a 390 px phone without horizontal scrolling, in English too', async () => {
    const { context, page } = await openPage(PHONE);
    try {
      await signIn(page, `${url}/?from=${firstDay}&to=${storyDay}&lang=en`);
      await page.waitForSelector('[data-testid="day-summary"] [data-testid="story"]');
      expect(await page.textContent('#h-day-summary')).toContain("Today's summary");
      expect(await page.locator('[data-testid="headlines"] li').first().textContent()).toMatch(/^What changed\./);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${ARTIFACTS}dashboard-summary-phone.png` });
    } finally {
      await context.close();
    }
  });
});

describe('Ringkasan hari ini by keyboard alone and from a shared address', () => {
  for (const viewport of [{ width: 1280, height: 900 }, PHONE]) {
    it(`tabs through the summary to a story's posts, opens them with Enter and comes back with Escape (${viewport.width} px)`, async () => {
      const { context, page } = await openPage(viewport);
      try {
        await signIn(page, `${url}/?from=${firstDay}&to=${storyDay}`);
        await page.waitForSelector('[data-testid="day-summary"] [data-testid="story"]');
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        // Tab from the top of the page until a story's "posts" button has the focus; every stop is a visible control.
        let reached = false;
        for (let i = 0; i < 80 && !reached; i++) {
          await page.keyboard.press('Tab');
          const stop = await page.evaluate(() => {
            const el = document.activeElement as HTMLElement | null;
            const box = el?.getBoundingClientRect();
            return {
              story: Boolean(el?.matches('[data-testid="story"] button[data-term]')),
              visible: Boolean(box && box.width > 0 && box.height > 0),
            };
          });
          expect(stop.visible).toBe(true);
          reached = stop.story;
        }
        expect(reached).toBe(true);
        const term = await page.evaluate(() => document.activeElement?.getAttribute('data-term'));
        await page.keyboard.press('Enter');
        await page.waitForSelector('[data-testid="mentions"] li');
        // The dialog takes the focus and keeps it.
        expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')))).toBe(true);
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')))).toBe(true);
        await page.keyboard.press('Escape');
        await page.waitForSelector('[data-testid="mentions"]', { state: 'detached' });
        expect(
          await page.evaluate(() => {
            const el = document.activeElement;
            return el?.matches('[data-testid="story"] button[data-term]') ? el.getAttribute('data-term') : null;
          }),
        ).toBe(term);
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      } finally {
        await context.close();
      }
    });

    it(`restores the same summary from a shared address (topic, window, platform, language) after sign-in (${viewport.width} px)`, async () => {
      const topic = await createTopic(sample.handle.db, { name: `Iuran ${viewport.width}`, query: 'iuran OR tunggakan OR denda' });
      await backfillTopic(sample.handle.db, topic.id, topicMatcher(topic.query, analyzeText), { query: topic.query });
      const shared = `${url}/?topic=${topic.id}&from=${firstDay}&to=${storyDay}&platform=x&lang=en`;
      const api = (await apiGet(`/v1/summary?date=${storyDay}&topic=${topic.id}&platform=x`)).data;
      expect(api.posts).toBeGreaterThan(0);
      const { context, page } = await openPage(viewport);
      try {
        await signIn(page, shared);
        await page.waitForSelector(`[data-testid="day-summary"][data-day="${storyDay}"]`);
        await page.waitForFunction(
          (n) => document.querySelector('[data-testid="summary-posts"]')?.getAttribute('data-count') === n,
          String(api.posts),
        );
        expect(new URL(page.url()).searchParams.get('platform')).toBe('x');
        expect(new URL(page.url()).searchParams.get('topic')).toBe(String(topic.id));
        expect(await page.getAttribute('html', 'lang')).toBe('en');
        expect(await page.inputValue('select[name="platform"]')).toBe('x');
        expect(await page.locator('[data-testid="headlines"] li').allTextContents()).toEqual(
          api.headlines.en.map((line: string, i: number) => `${['What changed', 'Why', 'Where to look'][i]}. ${line}`),
        );
        expect(await page.textContent('[data-testid="summary-platform"]')).toContain('of X only');
        expect(await page.locator('[data-testid="story"]').count()).toBe(api.stories.length);
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      } finally {
        await context.close();
      }
    });
  }
});

describe('the morning brief', () => {
  it('is readable on a 390 px phone: three Indonesian headlines on the first screen, then stories with linked examples', async () => {
    const { context, page } = await openPage(PHONE);
    try {
      await context.setExtraHTTPHeaders({ authorization: `Bearer ${key}` });
      await page.goto(`${url}/v1/reports/daily/${storyDay}`);
      expect(await page.getAttribute('html', 'lang')).toBe('id');
      const headlines = page.locator('#headlines li');
      expect(await headlines.count()).toBe(3);
      expect(await headlines.nth(0).textContent()).toMatch(/^Apa yang berubah\./);
      expect(await headlines.nth(1).textContent()).toMatch(/^Mengapa\./);
      expect(await headlines.nth(2).textContent()).toMatch(/^Di mana melihat\./);
      const box = await page.locator('#headlines').boundingBox();
      expect((box?.y ?? 1e9) + (box?.height ?? 0)).toBeLessThanOrEqual(PHONE.height);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      expect(await page.locator('.story').count()).toBeGreaterThan(0);
      expect(await page.locator('.story a[href^="https://"]').count()).toBeGreaterThan(0);
      // One language: no English heading in the Indonesian report.
      const headings = await page.locator('h2').allTextContents();
      expect(headings).not.toContain('Top keywords');
      expect(headings).toContain('Kata kunci teratas');
      await page.screenshot({ path: `${ARTIFACTS}report-phone-first-screen.png` });
      await page.screenshot({ path: `${ARTIFACTS}report-phone.png`, fullPage: true });
      // English is complete when asked.
      await page.goto(`${url}/v1/reports/daily/${storyDay}?lang=en`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.locator('#headlines li').first().textContent()).toMatch(/^What changed\./);
      expect(await page.locator('h2').allTextContents()).toContain('Top keywords');
    } finally {
      await context.close();
    }
  });

  it('opens from the dashboard at its own address after sign-in, and downloads as a PDF', async () => {
    const { context, page } = await openPage({ width: 1280, height: 900 });
    try {
      await signIn(page, `${url}/?from=${firstDay}&to=${storyDay}`);
      await page.click('[data-testid="report-link"]');
      await page.waitForSelector('[data-testid="report-view"] iframe');
      // A real address, not a `blob:` one.
      expect(page.url()).toBe(`${url}/?from=${firstDay}&to=${storyDay}&lang=id#report/${storyDay}`);
      const frame = page.frameLocator('[data-testid="report-view"] iframe');
      expect(await frame.locator('#headlines li').count()).toBe(3);
      // The address opens the report in a new tab after signing in there.
      const other = await context.newPage();
      await signIn(other, `${url}/?from=${firstDay}&to=${storyDay}#report/${storyDay}`);
      await other.waitForSelector('[data-testid="report-view"] iframe');
      expect(await other.frameLocator('[data-testid="report-view"] iframe').locator('#headlines li').count()).toBe(3);
      await other.close();
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-pdf"]')]);
      expect(download.suggestedFilename()).toBe(`pantau-${storyDay}-id.pdf`);
      const pdf = readFileSync((await download.path()) ?? '');
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? [];
      expect(pages.length).toBeGreaterThan(0);
      // Back to the dashboard, the window kept.
      await page.click('[data-testid="report-view"] .actions a');
      await page.waitForSelector('[data-testid="day-summary"]');
      expect(page.url()).toBe(`${url}/?from=${firstDay}&to=${storyDay}&lang=id`);
    } finally {
      await context.close();
    }
  });

  it('logs no console error on any page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
