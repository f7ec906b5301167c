import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp } from '@pantau/api';
import { type BusConsumer, createMemoryBus } from '@pantau/bus';
import { publishItems } from '@pantau/connectors';
import { addDays, TOPICS } from '@pantau/contracts';
import { createApiKey, type DatabaseHandle, migrate, openDatabase } from '@pantau/db';
import { methodOf } from '@pantau/disclosure';
import { createAnalyzer, startAnalysisConsumer } from '@pantau/pipeline';
import { buildDailyReport, type DailyReport, dueReportDay, produceDailyReports, renderHtml, renderMarkdown } from '@pantau/report';
import { loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier } from '@pantau/text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// 21 days of fixture posts with a planted spike on the last day, through the pipeline into Postgres, then the report.
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const FIRST = '2026-10-01';
const SPIKE_DAY = '2026-10-21';
const BACKGROUND = [
  'antrean di puskesmas lama banget hari ini',
  'pelayanan dokter di klinik ramah dan cepat',
  'cara daftar peserta bpjs mandiri bagaimana ya',
  'kartu kis saya sudah aktif kembali, terima kasih',
  'rujukan ke rumah sakit harus dari faskes pertama',
];
const SPIKE = [
  'obat kosong di apotek faskes, disuruh beli sendiri',
  'stok obat kosong lagi, pasien kecewa',
  'obat hipertensi kosong sudah seminggu',
];

let testDb: TestDatabase;
let handle: DatabaseHandle;
let consumer: BusConsumer;
let model: SentimentModel;
let report: DailyReport;
const bus = createMemoryBus({ defaultPartitions: 2 });

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  model = await loadSentimentModel();
  const producer = await bus.producer();
  const analyzer = createAnalyzer({ db: handle.db, model, languages: await createLanguageIdentifier(), dlq: producer });
  consumer = await startAnalysisConsumer(bus, analyzer, { groupId: 'report-e2e', maxBatch: 200 });
  const items: { ref: string; item: unknown }[] = [];
  for (let d = 0; d < 21; d++) {
    const day = addDays(FIRST, d);
    // Background: 10 posts a day, 1 of them mentions medicine (so the baseline is not empty).
    for (let i = 0; i < 10; i++) {
      const text = i === 0 ? 'obat di apotek puskesmas tersedia lengkap' : `${BACKGROUND[(d + i) % BACKGROUND.length]} ${i}`;
      items.push({
        ref: `${d}-${i}`,
        item: {
          platform: 'x',
          externalId: `r${d}-${i}`,
          author: `@w${i}`,
          publishedAt: `${day}T${String(8 + i).padStart(2, '0')}:00:00+07:00`,
          text,
        },
      });
    }
  }
  // The planted spike: 30 posts about medicine being out of stock on the last day.
  for (let i = 0; i < 30; i++) {
    items.push({
      ref: `s${i}`,
      item: {
        platform: 'facebook',
        externalId: `s${i}`,
        author: `@p${i}`,
        publishedAt: `${SPIKE_DAY}T1${i % 10}:30:00+07:00`,
        text: SPIKE[i % SPIKE.length],
      },
    });
  }
  await publishItems(items, { producer, pepper: 'report-e2e-pepper-0123456789', source: { connector: 'fixture', runId: 'report-e2e' } });
  while ((await bus.lag('report-e2e', TOPICS.postsRaw)) > 0) await new Promise((r) => setTimeout(r, 50));
  report = await buildDailyReport(handle.db, { date: SPIKE_DAY, model: model.disclosure(), method: methodOf(model) });
}, 120_000);

afterAll(async () => {
  await consumer?.stop();
  await handle?.close();
  await testDb?.drop();
});

describe('daily report', () => {
  it('names the planted spike with the numbers that fired it and example posts', () => {
    expect(report.volume.posts).toBe(40);
    expect(report.volume.previousDay).toBe(10);
    const spike = report.spikes[0];
    // "kosong" appears in all 30 spike posts and never before; "obat" in 31 posts against a baseline of 1 a day.
    expect(spike?.evidence).toMatchObject({ rule: 'z-score', count: 31, baselineMean: 1, baseline: [1, 1, 1, 1, 1, 1, 1] });
    expect(spike?.term).toBe('obat');
    expect(spike?.evidence.z).toBe(30);
    expect(spike?.related.map((r) => r.term)).toContain('kosong');
    expect(spike?.examples).toHaveLength(3);
    expect(report.summary.en).toContain('"obat" (31 posts; 7-day mean before 1)');
    expect(report.summary.id).toContain('«obat» (31 unggahan');
    expect(report.keywords[0]).toMatchObject({ term: 'obat', posts: 31, previousDay: 1, previousWeek: 1 });
    expect(report.keywords[0]?.series).toEqual([...Array(13).fill(1), 31]);
  });

  it("quotes the model's held-out benchmark figures, named as such, in the method block", () => {
    const benchmark =
      /held-out benchmark smsa-valid \(n 1260\): macro-F1 \d+\.\d \(95% CI \d+\.\d–\d+\.\d\); held-out benchmark indolem-dev0 binary \(n 389\)/;
    expect(renderMarkdown(report, 'en')).toMatch(benchmark);
    expect(renderHtml(report, 'en')).toMatch(benchmark);
  });

  it('gives the same report for the same data', async () => {
    const again = await buildDailyReport(handle.db, { date: SPIKE_DAY, model: model.disclosure(), method: methodOf(model) });
    expect({ ...again, generatedAt: '' }).toEqual({ ...report, generatedAt: '' });
  });

  it('says so honestly on an empty day and on a day without a baseline', async () => {
    const empty = await buildDailyReport(handle.db, { date: '2026-10-25', model: model.disclosure(), method: methodOf(model) });
    expect(empty.volume.posts).toBe(0);
    expect(empty.spikes).toEqual([]);
    expect(empty.summary.en).toContain('no posts were counted');
    expect(renderMarkdown(empty, 'en')).toContain('No collector run covers this day');
    expect(renderMarkdown(empty)).toContain('Tidak ada pengumpul yang tercatat untuk hari ini');
    const early = await buildDailyReport(handle.db, { date: '2026-10-03', model: model.disclosure(), method: methodOf(model) });
    expect(early.baseline.available).toBe(false);
    expect(early.spikes).toEqual([]);
    expect(early.summary.en).toContain('no 7-day baseline yet');
  });

  it('renders HTML that a browser shows with its summary, spike and charts', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const htmlPath = `${ARTIFACTS}report-${SPIKE_DAY}.html`;
    writeFileSync(htmlPath, renderHtml(report, 'en'));
    writeFileSync(`${ARTIFACTS}report-${SPIKE_DAY}.md`, renderMarkdown(report, 'en'));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
      await page.goto(`file://${htmlPath}`);
      expect(await page.locator('#summary').isVisible()).toBe(true);
      expect(await page.locator('#summary').textContent()).toContain('31 posts');
      const spike = page.locator('.spike[data-term="obat"]');
      expect(await spike.isVisible()).toBe(true);
      expect(await spike.textContent()).toContain('z = 30');
      expect(await page.locator('svg.chart').count()).toBe(2);
      expect(await page.locator('#keywords svg.spark').count()).toBe(report.keywords.length);
      await page.screenshot({ path: `${ARTIFACTS}report-${SPIKE_DAY}.png`, fullPage: true });
    } finally {
      await browser.close();
    }
  });
});

describe('stored reports', () => {
  it("writes yesterday's reports once the configured time has passed, and not again", async () => {
    const beforeSix = Date.parse('2026-10-22T05:59:00+07:00');
    const afterSix = Date.parse('2026-10-22T06:01:00+07:00');
    expect(await dueReportDay(handle.db, beforeSix, '06:00')).toBeNull();
    expect(await dueReportDay(handle.db, afterSix, '06:00')).toBe(SPIKE_DAY);
    await produceDailyReports(handle.db, { date: SPIKE_DAY, model: model.disclosure(), method: methodOf(model) });
    expect(await dueReportDay(handle.db, afterSix, '06:00')).toBeNull();
  });

  it("serves a day's report as JSON with its disclosure, as Markdown and as HTML, and lists stored reports", async () => {
    const { secret } = await createApiKey(handle.db, 'report-reader', ['read']);
    const app = await buildApp({ db: handle.db, pingDatabase: () => handle.ping(), model, software: { version: 'e2e', commit: 'e2e' } });
    try {
      const get = (url: string, accept: string) => app.inject({ url, headers: { authorization: `Bearer ${secret}`, accept } });
      const json = await get(`/v1/reports/daily/${SPIKE_DAY}`, 'application/json');
      expect(json.json().data.spikes[0].term).toBe('obat');
      expect(json.json().disclosure.method.spikeRule).toContain('A term spikes');
      const md = await get(`/v1/reports/daily/${SPIKE_DAY}`, 'text/markdown');
      expect(md.headers['content-type']).toContain('text/markdown');
      // One language per report: Indonesian unless asked otherwise.
      expect(md.body).toContain('# Laporan harian pemantauan');
      expect((await get(`/v1/reports/daily/${SPIKE_DAY}?lang=en`, 'text/markdown')).body).toContain('# Daily keyword monitoring report');
      const html = await get(`/v1/reports/daily/${SPIKE_DAY}`, 'text/html');
      expect(html.body).toContain('<svg');
      // A day not stored yet is built on request and stored.
      expect((await get('/v1/reports/daily/2026-10-20', 'application/json')).json().data.volume.posts).toBe(10);
      const list = (await get('/v1/reports', 'application/json')).json().data.map((r: { day: string }) => r.day);
      expect(list).toEqual(expect.arrayContaining([SPIKE_DAY, '2026-10-20']));
      expect((await get('/v1/reports/daily/2026-02-30', 'application/json')).statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});
