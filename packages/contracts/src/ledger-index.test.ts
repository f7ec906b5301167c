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
      expect(got.connectors.map(summary)).toEqual(want.connectors);
    }
  });
});
