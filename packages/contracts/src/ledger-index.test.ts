import { describe, expect, it } from 'vitest';
import {
  type ConnectorCoverage,
  dayStatus,
  daysCovered,
  indexLedger,
  isPushedConnector,
  type LedgerKey,
  type LedgerRun,
  type LedgerSchedule,
  type LedgerWindow,
  ledgerOver,
} from './coverage.ts';

// The ledger over a window computed directly: every run's days and every day's covering runs worked out per question.
function reference(
  runs: LedgerRun[],
  known: LedgerKey[],
  schedules: LedgerSchedule[],
  window: { from: string; to: string; platform?: string; nowMs: number },
) {
  const inScope = (r: LedgerKey) => !window.platform || r.platform === window.platform || r.platform === null;
  const over = runs.filter((r) => inScope(r) && daysCovered(r).first <= window.to && daysCovered(r).last >= window.from);
  const days: string[] = [];
  for (let ms = Date.parse(`${window.from}T00:00:00Z`); ms <= Date.parse(`${window.to}T00:00:00Z`); ms += 86_400_000)
    days.push(new Date(ms).toISOString().slice(0, 10));
  const same = (a: LedgerKey, b: LedgerKey) => a.connector === b.connector && a.query === b.query && a.platform === b.platform;
  const connectors = known.filter(inScope).map((k) => {
    const own = over.filter((r) => same(r, k));
    // Due on a day when one of its schedules put a run time on it, unless it is pushed: run times walked one by one.
    const runTimes = isPushedConnector(k.connector)
      ? []
      : schedules
          .filter((s) => same(s, k))
          .flatMap((s) => {
            const times: string[] = [];
            const end = Math.min(s.validTo === null ? Number.POSITIVE_INFINITY : Date.parse(s.validTo), window.nowMs);
            for (let t = Date.parse(s.validFrom); t < end; t += s.everyMinutes * 60_000)
              times.push(new Date(t + 7 * 3_600_000).toISOString().slice(0, 10));
            return times;
          });
    const perDay = days.map((day) =>
      dayStatus(
        day,
        own.filter((r) => daysCovered(r).first <= day && daysCovered(r).last >= day),
        runTimes.includes(day),
      ),
    );
    return {
      key: k,
      runs: own.length,
      fetched: own.reduce((s, r) => s + r.fetched, 0),
      published: own.reduce((s, r) => s + r.published, 0),
      rejected: own.reduce((s, r) => s + Object.values(r.rejected).reduce((a, b) => a + b, 0), 0),
      lastRunAt: own.reduce<string | null>((m, r) => (m === null || r.startedAt > m ? r.startedAt : m), null),
      perDay,
    };
  });
  return { runs: over, connectors };
}

/** One page of runs as a client reads them: after the cursor's run when it is there, else after the cursor's start. */
function referencePage(runs: LedgerRun[], limit: number, after?: { startedAt: string; runId: string }) {
  let start = 0;
  if (after) {
    const at = runs.findIndex((r) => r.runId === after.runId && r.startedAt === after.startedAt);
    start = at >= 0 ? at + 1 : runs.findIndex((r) => r.startedAt > after.startedAt);
    if (start < 0) start = runs.length;
  }
  return { page: runs.slice(start, start + limit), more: start + limit < runs.length };
}

/** Every run of a window read page by page, each page's cursor its last run. */
function readPages(window: LedgerWindow, limit: number): LedgerRun[] {
  const all: LedgerRun[] = [];
  let after: { startedAt: string; runId: string } | undefined;
  for (;;) {
    const { page, more } = window.runsAfter(after, limit);
    all.push(...page);
    const last = page[page.length - 1];
    if (!more || !last) return all;
    after = { startedAt: last.startedAt, runId: last.runId };
  }
}

const summary = (c: ConnectorCoverage) => ({
  key: { connector: c.connector, query: c.query, platform: c.platform },
  runs: c.runs,
  fetched: c.fetched,
  published: c.published,
  rejected: c.rejected,
  lastRunAt: c.lastRunAt,
  perDay: c.days,
});

describe('ledgerOver on an indexed ledger', () => {
  it('gives what a direct computation gives, for runs of one or several days, failed and unfinished runs, and any window', () => {
    let seed = 11;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const known: LedgerKey[] = [
      { connector: 'x-recent-search', query: 'bpjs', platform: 'x' },
      { connector: 'rss', query: 'feed', platform: null },
      { connector: 'meta-graph', query: 'page', platform: 'facebook' },
      { connector: 'file', query: 'import', platform: 'x' },
    ];
    const start = Date.parse('2026-10-01T00:00:00+07:00');
    const runs: LedgerRun[] = Array.from({ length: 600 }, (_, i) => {
      const k = known[i % 3] as LedgerKey;
      const from = start + Math.floor(random() * 40 * 86_400_000);
      // Most runs cover half an hour; some several days; some have no window at all.
      const length = random() < 0.1 ? Math.floor(random() * 4 * 86_400_000) : 1_800_000;
      const windowless = random() < 0.05;
      return {
        runId: `r${i}`,
        ...k,
        windowFrom: windowless ? null : new Date(from).toISOString(),
        windowTo: windowless ? null : new Date(from + length).toISOString(),
        startedAt: new Date(from + length).toISOString(),
        finishedAt: random() < 0.05 ? null : new Date(from + length + 20_000).toISOString(),
        fetched: random() < 0.2 ? 0 : Math.floor(random() * 50),
        published: Math.floor(random() * 40),
        rejected: random() < 0.3 ? { too_long: Math.floor(random() * 5), invalid_json: 1 } : {},
        lastError: random() < 0.05 ? 'HTTP 503' : null,
      };
    }).sort((a, b) => (a.startedAt < b.startedAt ? -1 : 1));
    // Schedules of the polled keys: one changed its interval, one was removed, the file import has none.
    const schedules: LedgerSchedule[] = [
      { ...(known[0] as LedgerKey), everyMinutes: 360, validFrom: '2026-10-03T01:00:00.000Z', validTo: '2026-10-20T05:00:00.000Z' },
      { ...(known[0] as LedgerKey), everyMinutes: 90, validFrom: '2026-10-20T05:00:00.000Z', validTo: null },
      { ...(known[1] as LedgerKey), everyMinutes: 3 * 24 * 60, validFrom: '2026-10-05T10:00:00.000Z', validTo: null },
      { ...(known[2] as LedgerKey), everyMinutes: 720, validFrom: '2026-09-28T00:00:00.000Z', validTo: '2026-10-25T12:00:00.000Z' },
    ];
    const nowMs = Date.parse('2026-11-08T09:00:00.000Z');
    const indexed = indexLedger({ runs, known, schedules });
    for (let q = 0; q < 60; q++) {
      const first = new Date(start + Math.floor(random() * 45) * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
      const to = new Date(Date.parse(`${first}T00:00:00Z`) + Math.floor(random() * 20) * 86_400_000).toISOString().slice(0, 10);
      const window = { from: first, to, nowMs, ...(q % 3 === 0 ? { platform: 'x' } : {}) };
      const got = ledgerOver(indexed, window);
      const want = reference(runs, known, schedules, window);
      expect(got.runs.map((r) => r.runId)).toEqual(want.runs.map((r) => r.runId));
      expect(got.runsTotal).toBe(want.runs.length);
      expect(readPages(got, 7).map((r) => r.runId)).toEqual(want.runs.map((r) => r.runId));
      expect(got.connectors.map(summary)).toEqual(want.connectors);
    }
  });

  it('pages the runs of connectors polling back to back in the ledger order, from any cursor', () => {
    const known: LedgerKey[] = [
      { connector: 'x-recent-search', query: 'bpjs', platform: 'x' },
      { connector: 'rss', query: 'feed', platform: null },
      { connector: 'meta-graph', query: 'page', platform: 'facebook' },
    ];
    const start = Date.parse('2026-10-01T00:00:00+07:00');
    const step = 1_800_000;
    // Each key every 30 minutes over 20 days, at its own minute; a few runs failed or never finished.
    const runs: LedgerRun[] = known
      .flatMap((k, j) =>
        Array.from({ length: 20 * 48 }, (_, g): LedgerRun => {
          const from = start + g * step + j * 60_000;
          return {
            runId: `${k.connector}-${g}`,
            ...k,
            windowFrom: new Date(from).toISOString(),
            windowTo: new Date(from + step).toISOString(),
            startedAt: new Date(from + step).toISOString(),
            finishedAt: g % 53 === 7 ? null : new Date(from + step + 20_000).toISOString(),
            fetched: g % 5,
            published: g % 4,
            rejected: {},
            lastError: g % 97 === 5 ? 'HTTP 503' : null,
          };
        }),
      )
      .sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.runId < b.runId ? -1 : 1));
    const nowMs = Date.parse('2026-11-08T09:00:00.000Z');
    const indexed = indexLedger({ runs, known });
    for (const [from, to, platform] of [
      ['2026-10-01', '2026-10-01', undefined],
      ['2026-10-03', '2026-10-16', undefined],
      ['2026-10-05', '2026-10-25', 'x'],
      ['2026-10-19', '2026-10-22', 'facebook'],
    ] as const) {
      const window = { from, to, nowMs, ...(platform ? { platform } : {}) };
      const got = ledgerOver(indexed, window);
      const want = reference(runs, known, [], window);
      expect(got.runs.map((r) => r.runId)).toEqual(want.runs.map((r) => r.runId));
      expect(got.runsTotal).toBe(want.runs.length);
      expect(got.connectors.map(summary)).toEqual(want.connectors);
      expect(readPages(got, 20).map((r) => r.runId)).toEqual(want.runs.map((r) => r.runId));
      // A cursor naming a run of the window, and cursors that name none (a start between runs, before and after all).
      const middle = want.runs[Math.floor(want.runs.length / 2)] as LedgerRun;
      for (const after of [
        { startedAt: middle.startedAt, runId: middle.runId },
        { startedAt: middle.startedAt, runId: 'gone' },
        { startedAt: '2026-10-10T10:10:30.000Z', runId: 'gone' },
        { startedAt: '2000-01-01T00:00:00.000Z', runId: 'gone' },
        { startedAt: '2099-01-01T00:00:00.000Z', runId: 'gone' },
      ]) {
        const page = got.runsAfter(after, 20);
        const expected = referencePage(want.runs, 20, after);
        expect(page.page.map((r) => r.runId)).toEqual(expected.page.map((r) => r.runId));
        expect(page.more).toBe(expected.more);
      }
    }
  });
});
