import { type App, buildApp } from '@pantau/api';
import { type BusConsumer, createMemoryBus } from '@pantau/bus';
import { type CollectWindow, type Connector, type ConnectorPage, runConnector } from '@pantau/connectors';
import { TOPICS } from '@pantau/contracts';
import { createApiKey, type DatabaseHandle, migrate, openDatabase, readSchedules, recordCoverageRun, registerSchedules } from '@pantau/db';
import { createAnalyzer, startAnalysisConsumer } from '@pantau/pipeline';
import { buildDailyReport, renderHtml, renderMarkdown } from '@pantau/report';
import { loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier } from '@pantau/text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// Two connectors collect the same three days; one of them fails on the middle day and finds nothing on the last.
const PEPPER = 'coverage-pepper-0123456789';
const DAYS = ['2026-11-08', '2026-11-09', '2026-11-10'];
const windowOf = (day: string): CollectWindow => ({
  from: new Date(`${day}T00:00:00+07:00`),
  to: new Date(Date.parse(`${day}T00:00:00+07:00`) + 86_400_000),
});
const TEXTS = [
  'antrean di puskesmas lama banget, pelayanan lambat',
  'klaim rawat inap cair cepat, petugasnya ramah sekali',
  'iuran bpjs naik lagi, kecewa sama kebijakan ini',
];

/** A connector for tests: posts for the window's day, or an error thrown halfway, or nothing. */
function testConnector(name: string, platform: 'x' | 'news', behaviour: (day: string) => 'posts' | 'throw' | 'empty'): Connector {
  return {
    name,
    platform,
    query: 'bpjs kesehatan',
    async *fetch(window: CollectWindow | null): AsyncIterable<ConnectorPage> {
      const day = new Date((window as CollectWindow).from.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
      const mode = behaviour(day);
      if (mode === 'empty') return;
      const items = TEXTS.map((text, i) => ({
        ref: `${name}-${day}-${i}`,
        item: {
          platform,
          externalId: `${name}-${day}-${i}`,
          author: `@warga${i}`,
          publishedAt: `${day}T0${i + 1}:00:00+07:00`,
          text,
        },
      }));
      yield { items: items.slice(0, 1), checkpoint: '1' };
      if (mode === 'throw') throw new Error('HTTP 503 from the platform API');
      yield { items: items.slice(1), checkpoint: '3' };
    },
    map: (item) => item,
  };
}

let testDb: TestDatabase;
let handle: DatabaseHandle;
let app: App;
let consumer: BusConsumer;
let key: string;
let model: SentimentModel;
const bus = createMemoryBus();

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  await bus.ensureTopics([
    { name: TOPICS.postsRaw, partitions: 2 },
    { name: TOPICS.postsDlq, partitions: 1 },
    { name: TOPICS.postsAnalyzed, partitions: 1 },
  ]);
  const producer = await bus.producer();
  model = await loadSentimentModel();
  const analyzer = createAnalyzer({ db: handle.db, model, languages: await createLanguageIdentifier(), dlq: producer });
  consumer = await startAnalysisConsumer(bus, analyzer, { groupId: 'coverage-analysis', maxBatch: 100 });

  const steady = testConnector('rss-news', 'news', () => 'posts');
  const flaky = testConnector('x-recent-search', 'x', (day) => (day === '2026-11-09' ? 'throw' : day === '2026-11-10' ? 'empty' : 'posts'));
  for (const day of DAYS) {
    for (const connector of [steady, flaky]) {
      const result = await runConnector(connector, {
        producer,
        db: handle.db,
        pepper: PEPPER,
        window: windowOf(day),
        now: () => Date.parse(`${day}T23:30:00+07:00`),
      });
      if (connector === flaky && day === '2026-11-09') expect(result.error).toBe('HTTP 503 from the platform API');
    }
  }
  const deadline = Date.now() + 30_000;
  while ((await bus.lag('coverage-analysis', TOPICS.postsRaw)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  key = (await createApiKey(handle.db, 'analyst', ['read'])).secret;
  app = await buildApp({ db: handle.db, pingDatabase: () => handle.ping(), model, software: { version: '0.1.0', commit: 'test' } });
}, 120_000);

afterAll(async () => {
  await consumer?.stop();
  await app?.close();
  await bus.close();
  await handle?.close();
  await testDb?.drop();
});

const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
const statuses = (c: { days: { day: string; status: string }[] }) => Object.fromEntries(c.days.map((d) => [d.day, d.status]));

describe('coverage gaps', () => {
  it('shows the failed and empty days of one connector while the other connector is ok on every day', async () => {
    const res = await get('/v1/coverage?from=2026-11-07&to=2026-11-10');
    expect(res.statusCode).toBe(200);
    const { data, disclosure } = res.json();
    expect(data.window).toEqual({ from: '2026-11-07', to: '2026-11-10' });
    expect(data.runs).toHaveLength(6);
    const byName = Object.fromEntries(data.connectors.map((c: { connector: string }) => [c.connector, c]));
    expect(statuses(byName['rss-news'])).toEqual({
      '2026-11-07': 'not_due',
      '2026-11-08': 'ok',
      '2026-11-09': 'ok',
      '2026-11-10': 'ok',
    });
    expect(statuses(byName['x-recent-search'])).toEqual({
      '2026-11-07': 'not_due',
      '2026-11-08': 'ok',
      '2026-11-09': 'failed',
      '2026-11-10': 'empty',
    });
    expect(byName['x-recent-search'].days[2]).toMatchObject({
      runs: 1,
      fetched: 1,
      published: 1,
      errors: ['HTTP 503 from the platform API'],
    });
    expect(data.gaps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ connector: 'x-recent-search', query: 'bpjs kesehatan', day: '2026-11-09', status: 'failed' }),
        expect.objectContaining({ connector: 'x-recent-search', day: '2026-11-10', status: 'empty' }),
      ]),
    );
    expect(data.gaps.filter((g: { connector: string; day: string }) => g.connector === 'rss-news' && g.day >= '2026-11-08')).toEqual([]);
    expect(disclosure.coverage).toHaveLength(2);
  });

  it('puts the gap into the disclosure of an aggregate, next to the posts that were counted', async () => {
    const res = await get('/v1/sentiment/daily?from=2026-11-08&to=2026-11-10');
    expect(res.statusCode).toBe(200);
    const { data, disclosure } = res.json();
    // The failed day still has the news posts and the one x post published before the error; they are counted.
    expect(data.series.map((d: { period: string; posts: number }) => [d.period, d.posts])).toEqual([
      ['2026-11-08', 6],
      ['2026-11-09', 4],
      ['2026-11-10', 3],
    ]);
    const x = disclosure.coverage.find((c: { connector: string }) => c.connector === 'x-recent-search');
    expect(x).toMatchObject({ query: 'bpjs kesehatan', platform: 'x', runs: 3, days: { ok: 1, failed: 1, empty: 1, not_run: 0 } });
    expect(x.gaps).toEqual([
      { day: '2026-11-09', status: 'failed', detail: 'collection failed: HTTP 503 from the platform API' },
      { day: '2026-11-10', status: 'empty', detail: '1 run(s) covered the day and fetched nothing' },
    ]);
    const news = disclosure.coverage.find((c: { connector: string }) => c.connector === 'rss-news');
    expect(news).toMatchObject({ runs: 3, fetched: 9, published: 9, days: { ok: 3, failed: 0, empty: 0, not_run: 0 }, gaps: [] });
  });

  it('flags the gap in the daily report, in Indonesian and English, in Markdown and HTML', async () => {
    const report = await buildDailyReport(handle.db, {
      date: '2026-11-09',
      model: model.disclosure(),
      method: { label: 'l', abstainRule: 'a', keywordRule: 'k' },
    });
    const x = report.coverage.find((c) => c.connector === 'x-recent-search');
    expect(x?.gaps).toEqual([{ day: '2026-11-09', status: 'failed', detail: 'collection failed: HTTP 503 from the platform API' }]);
    expect(report.coverage.find((c) => c.connector === 'rss-news')?.gaps).toEqual([]);
    expect(report.summary.en).toContain('Coverage gaps: x-recent-search (failed)');
    expect(report.summary.id).toContain('Celah cakupan: x-recent-search (gagal)');
    const md = renderMarkdown(report, 'en');
    expect(md).toContain('x-recent-search «bpjs kesehatan» (x): **failed**');
    expect(md).toContain('Gap: x-recent-search «bpjs kesehatan» (x): collection failed');
    expect(renderMarkdown(report)).toContain('Celah: x-recent-search «bpjs kesehatan» (x): pengumpulan gagal');
    const html = renderHtml(report);
    expect(html).toContain('<tr class="gap"><td data-label="pengumpul">x-recent-search</td>');
    expect(html).toContain('Celah: x-recent-search');
    // The report's headlines name the gap in its language.
    expect(html).toContain('Celah cakupan: x-recent-search «bpjs kesehatan» (gagal)');
    const okDay = await buildDailyReport(handle.db, {
      date: '2026-11-08',
      model: model.disclosure(),
      method: { label: 'l', abstainRule: 'a', keywordRule: 'k' },
    });
    expect(okDay.summary.en).not.toContain('Coverage gaps');
  });

  it('filters by connector and platform and names a bad parameter', async () => {
    const only = (await get('/v1/coverage?from=2026-11-08&to=2026-11-10&connector=rss-news')).json();
    expect(only.data.connectors.map((c: { connector: string }) => c.connector)).toEqual(['rss-news']);
    const news = (await get('/v1/coverage?from=2026-11-08&to=2026-11-10&platform=news')).json();
    expect(news.data.connectors.map((c: { connector: string }) => c.connector)).toEqual(['rss-news']);
    for (const [url, parameter] of [
      ['/v1/coverage?from=2026-11-31', 'from'],
      ['/v1/coverage?from=2026-11-10&to=2026-11-01', 'from'],
      ['/v1/coverage?platform=myspace', 'platform'],
      ['/v1/coverage?connector=a%20b', 'connector'],
      ['/v1/coverage?topic=1', 'topic'],
      ['/v1/coverage?limit=0', 'limit'],
      ['/v1/coverage?limit=1001', 'limit'],
      ['/v1/coverage?cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ]) {
      const res = await get(url as string);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'INVALID_QUERY', parameter });
    }
  });

  it('pages the runs by cursor while the connectors and gaps stay whole on every page', async () => {
    const whole = (await get('/v1/coverage?from=2026-11-07&to=2026-11-10')).json().data;
    expect(whole).toMatchObject({ runsTotal: 6, nextCursor: null });
    const first = (await get('/v1/coverage?from=2026-11-07&to=2026-11-10&limit=4')).json().data;
    expect(first.runs).toEqual(whole.runs.slice(0, 4));
    expect(first).toMatchObject({ runsTotal: 6, connectors: whole.connectors, gaps: whole.gaps });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await get(`/v1/coverage?from=2026-11-07&to=2026-11-10&limit=4&cursor=${first.nextCursor}`)).json().data;
    expect(second.runs).toEqual(whole.runs.slice(4));
    expect(second).toMatchObject({ runsTotal: 6, nextCursor: null, gaps: whole.gaps });
  });

  // Last: it adds pushed sources to the ledger.
  it('judges pushed sources by what was pushed: a webhook test post and a failed import are no gap on other days', async () => {
    await recordCoverageRun(handle.db, {
      runId: 'webhook-test',
      connector: 'webhook',
      query: 'partner',
      startedAt: new Date('2026-11-08T03:00:00Z'),
      finishedAt: new Date('2026-11-08T03:00:01Z'),
      windowFrom: new Date('2026-11-08T02:59:00Z'),
      windowTo: new Date('2026-11-08T02:59:00Z'),
      fetched: 1,
      published: 1,
      rejected: {},
    });
    await recordCoverageRun(handle.db, {
      runId: 'import-failed',
      connector: 'file',
      query: 'export.csv',
      startedAt: new Date('2026-11-09T04:00:00Z'),
      finishedAt: new Date('2026-11-09T04:00:02Z'),
      fetched: 0,
      published: 0,
      rejected: {},
      lastError: 'INVALID_INPUT: export.csv: CSV is malformed after record 3',
    });
    const { data } = (await get('/v1/coverage?from=2026-11-07&to=2026-11-10')).json();
    const byName = Object.fromEntries(data.connectors.map((c: { connector: string }) => [c.connector, c]));
    expect(statuses(byName.webhook)).toEqual({
      '2026-11-07': 'not_due',
      '2026-11-08': 'ok',
      '2026-11-09': 'not_due',
      '2026-11-10': 'not_due',
    });
    expect(statuses(byName.file)).toEqual({
      '2026-11-07': 'not_due',
      '2026-11-08': 'not_due',
      '2026-11-09': 'failed',
      '2026-11-10': 'not_due',
    });
    expect(data.gaps.filter((g: { connector: string }) => g.connector === 'webhook')).toEqual([]);
    expect(data.gaps.filter((g: { connector: string }) => g.connector === 'file').map((g: { day: string }) => g.day)).toEqual([
      '2026-11-09',
    ]);
    // The report of another day warns of no gap from either.
    const report = await buildDailyReport(handle.db, {
      date: '2026-11-08',
      model: model.disclosure(),
      method: { label: 'l', abstainRule: 'a', keywordRule: 'k' },
    });
    expect(report.coverage.flatMap((c) => c.gaps)).toEqual([]);
    expect(renderHtml(report)).toContain('Tidak ada celah cakupan pada hari ini.');
  });

  // After the pushed sources: it adds a scheduled connector and a second import.
  it('judges a polled connector against its stored schedule, with its history, and pushed sources never as not run', async () => {
    const producer = await bus.producer();
    const feed = testConnector('news-feed', 'news', () => 'posts');
    const at = (iso: string) => new Date(iso);
    // Every 6 h from 12 Nov 08:00 (Jakarta); every 12 h from 13 Nov 20:00; removed on 16 Nov 12:00.
    await registerSchedules(
      handle.db,
      [{ connector: 'news-feed', query: 'bpjs kesehatan', platform: 'news', everyMinutes: 360 }],
      at('2026-11-12T08:00:00+07:00'),
    );
    // A restart with the same schedule keeps it: its period is not cut.
    expect(
      await registerSchedules(
        handle.db,
        [{ connector: 'news-feed', query: 'bpjs kesehatan', platform: 'news', everyMinutes: 360 }],
        at('2026-11-12T09:00:00+07:00'),
      ),
    ).toEqual({ opened: 0, closed: 0, kept: 1 });
    for (const day of ['2026-11-12', '2026-11-13'])
      await runConnector(feed, {
        producer,
        db: handle.db,
        pepper: PEPPER,
        window: windowOf(day),
        now: () => Date.parse(`${day}T23:30:00+07:00`),
      });
    await registerSchedules(
      handle.db,
      [{ connector: 'news-feed', query: 'bpjs kesehatan', platform: 'news', everyMinutes: 720 }],
      at('2026-11-13T20:00:00+07:00'),
    );
    await recordCoverageRun(handle.db, {
      runId: 'import-failed-2',
      connector: 'file',
      query: 'second.csv',
      startedAt: at('2026-11-14T10:00:00+07:00'),
      finishedAt: at('2026-11-14T10:00:01+07:00'),
      fetched: 0,
      published: 0,
      rejected: {},
      lastError: 'INVALID_INPUT: second.csv: not UTF-8',
    });
    await registerSchedules(handle.db, [], at('2026-11-16T12:00:00+07:00'));
    // The history is kept: each period with its interval.
    expect(
      (await readSchedules(handle.db, { connector: 'news-feed' })).map((s) => [
        s.everyMinutes,
        s.validFrom.toISOString(),
        s.validTo?.toISOString(),
      ]),
    ).toEqual([
      [360, '2026-11-12T01:00:00.000Z', '2026-11-13T13:00:00.000Z'],
      [720, '2026-11-13T13:00:00.000Z', '2026-11-16T05:00:00.000Z'],
    ]);

    const { data } = (await get('/v1/coverage?from=2026-11-10&to=2026-11-18')).json();
    const byKey = Object.fromEntries(data.connectors.map((c: { connector: string; query: string }) => [`${c.connector} ${c.query}`, c]));
    expect(statuses(byKey['news-feed bpjs kesehatan'])).toEqual({
      '2026-11-10': 'not_due',
      '2026-11-11': 'not_due',
      '2026-11-12': 'ok',
      '2026-11-13': 'ok',
      '2026-11-14': 'not_run',
      '2026-11-15': 'not_run',
      // Due at 08:00, before the schedule was removed at noon.
      '2026-11-16': 'not_run',
      '2026-11-17': 'not_due',
      '2026-11-18': 'not_due',
    });
    const feedGaps = data.gaps.filter((g: { connector: string }) => g.connector === 'news-feed');
    expect(feedGaps.map((g: { day: string; status: string }) => `${g.day} ${g.status}`)).toEqual([
      '2026-11-14 not_run',
      '2026-11-15 not_run',
      '2026-11-16 not_run',
    ]);
    expect(feedGaps[0].detail).toBe('no run of this connector covered the day although its schedule (every 12 h) put one there');
    // Connectors run without a schedule are judged by their runs only.
    for (const name of ['rss-news', 'x-recent-search', 'webhook'])
      expect(Object.values(statuses(byKey[`${name} ${name === 'webhook' ? 'partner' : 'bpjs kesehatan'}`]))).not.toContain('not_run');
    // The failed import is a gap of that import on its day only; the other import has none.
    expect(statuses(byKey['file second.csv'])['2026-11-14']).toBe('failed');
    expect(data.gaps.filter((g: { connector: string }) => g.connector === 'file')).toEqual([
      expect.objectContaining({ query: 'second.csv', day: '2026-11-14', status: 'failed' }),
    ]);
    expect(Object.values(statuses(byKey['file export.csv']))).toEqual(Array(9).fill('not_due'));

    // The day's summary names the missed collection.
    const summary = (await get('/v1/summary?date=2026-11-15')).json();
    expect(summary.data.gaps).toEqual([expect.objectContaining({ connector: 'news-feed', day: '2026-11-15', status: 'not_run' })]);
    // With a platform, the summary's gaps are that platform's collectors only.
    expect((await get('/v1/summary?date=2026-11-15&platform=news')).json().data.gaps).toHaveLength(1);
    expect((await get('/v1/summary?date=2026-11-15&platform=x')).json().data.gaps).toEqual([]);
  });
});
