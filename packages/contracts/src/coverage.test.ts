import { describe, expect, it } from 'vitest';
import { dayStatus, daysCovered, type LedgerRun, ledgerOver, scheduleDueOn } from './coverage.ts';

const run = (over: Partial<LedgerRun> = {}): LedgerRun => ({
  runId: 'r',
  connector: 'x-recent-search',
  query: 'bpjs',
  platform: 'x',
  windowFrom: null,
  windowTo: null,
  startedAt: '2026-11-10T03:00:00.000Z',
  finishedAt: '2026-11-10T03:05:00.000Z',
  fetched: 5,
  published: 5,
  rejected: {},
  lastError: null,
  ...over,
});

describe('daysCovered', () => {
  it('reads a collection window as half-open Jakarta days', () => {
    // 2026-11-09 00:00 to 2026-11-11 00:00 in Jakarta: two days, not three.
    expect(daysCovered(run({ windowFrom: '2026-11-08T17:00:00.000Z', windowTo: '2026-11-10T17:00:00.000Z' }))).toEqual({
      first: '2026-11-09',
      last: '2026-11-10',
    });
  });

  it('takes a run without a window as covering the Jakarta day it started', () => {
    expect(daysCovered(run({ startedAt: '2026-11-09T18:30:00.000Z' }))).toEqual({ first: '2026-11-10', last: '2026-11-10' });
  });

  it('covers the day of a single published post', () => {
    const at = '2026-11-09T16:59:59.000Z';
    expect(daysCovered(run({ windowFrom: at, windowTo: at }))).toEqual({ first: '2026-11-09', last: '2026-11-09' });
  });
});

describe('dayStatus', () => {
  it('is not_run without a covering run and empty when runs found nothing', () => {
    expect(dayStatus('2026-11-10', []).status).toBe('not_run');
    expect(dayStatus('2026-11-10', [run({ fetched: 0, published: 0 })])).toMatchObject({ status: 'empty', runs: 1, errors: [] });
  });

  it('is failed for an error or a run that never finished, unless a successful run fetched the day', () => {
    const failed = run({ lastError: 'HTTP 429', fetched: 2 });
    const unfinished = run({ finishedAt: null, fetched: 0 });
    expect(dayStatus('d', [failed, unfinished])).toMatchObject({ status: 'failed', errors: ['HTTP 429', 'did not finish'] });
    expect(dayStatus('d', [failed, run({ fetched: 0 })]).status).toBe('failed');
    expect(dayStatus('d', [failed, run({ fetched: 3 })])).toMatchObject({ status: 'ok', runs: 2, fetched: 5 });
  });

  it('is partial when a rate limit or spent quota cut short a run that fetched something, until a later run finishes', () => {
    const cut = run({ lastError: 'RATE_LIMITED: youtube: daily quota of 10000 units spent', fetched: 4 });
    expect(dayStatus('d', [cut])).toMatchObject({ status: 'partial', errors: [cut.lastError] });
    // Stopped by the limit before anything came: nothing was collected, the day failed.
    expect(dayStatus('d', [run({ lastError: 'RATE_LIMITED: x-recent-search: rate limited (429)', fetched: 0 })]).status).toBe('failed');
    expect(dayStatus('d', [cut, run({ lastError: 'UPSTREAM_ERROR: HTTP 503', fetched: 0 })]).status).toBe('partial');
    expect(dayStatus('d', [cut, run({ fetched: 6 })]).status).toBe('ok');
  });

  it('lists each distinct error once', () => {
    const many = Array.from({ length: 50 }, () => run({ lastError: 'HTTP 503' }));
    expect(dayStatus('d', many).errors).toEqual(['HTTP 503']);
  });
});

describe('coverage judged against what was due', () => {
  const window = { from: '2026-11-08', to: '2026-11-12' };
  const statuses = (runs: LedgerRun[], key: { connector: string; query: string; platform: string | null; since?: string }) => {
    const [c] = ledgerOver({ runs, known: [key] }, window).connectors;
    return { days: c?.days.map((d) => d.status), gaps: c?.gaps.map((g) => `${g.day} ${g.status}`) };
  };

  it('never marks a pushed source not_run: a webhook test post is a good day, the other days are not due', () => {
    const push = run({
      connector: 'webhook',
      query: 'partner',
      platform: null,
      windowFrom: '2026-11-10T01:00:00.000Z',
      windowTo: '2026-11-10T01:00:00.000Z',
      fetched: 1,
    });
    expect(statuses([push], { connector: 'webhook', query: 'partner', platform: null })).toEqual({
      days: ['not_due', 'not_due', 'ok', 'not_due', 'not_due'],
      gaps: [],
    });
  });

  it('keeps a failed one-off import an error of its own day only', () => {
    const failed = run({
      connector: 'file',
      query: 'export.csv',
      platform: null,
      lastError: 'INVALID_INPUT: export.csv line 3',
      fetched: 0,
      published: 0,
    });
    expect(statuses([failed], { connector: 'file', query: 'export.csv', platform: null })).toEqual({
      days: ['not_due', 'not_due', 'failed', 'not_due', 'not_due'],
      gaps: ['2026-11-10 failed'],
    });
  });

  it('judges a polled connector by its stored schedule: due days without a run are gaps, days outside it are not', () => {
    const key = { connector: 'x-recent-search', query: 'bpjs', platform: 'x' };
    // Every 6 h from 2026-11-09 10:00 Jakarta until 2026-11-11 06:00 Jakarta; one run covered 2026-11-09.
    const schedule = { ...key, everyMinutes: 360, validFrom: '2026-11-09T03:00:00.000Z', validTo: '2026-11-10T23:00:00.000Z' };
    const first = run({ windowFrom: '2026-11-09T03:00:00.000Z', windowTo: '2026-11-09T09:00:00.000Z' });
    const [c] = ledgerOver(
      { runs: [first], known: [key], schedules: [schedule] },
      { ...window, nowMs: Date.parse('2026-12-01T00:00:00Z') },
    ).connectors;
    expect(c?.days.map((d) => d.status)).toEqual(['not_due', 'ok', 'not_run', 'not_run', 'not_due']);
    expect(c?.gaps.map((g) => g.detail)).toEqual([
      'no run of this connector covered the day although its schedule (every 6 h) put one there',
      'no run of this connector covered the day although its schedule (every 6 h) put one there',
    ]);
    // A schedule known before its first run lists the query; a run time still ahead is not missed yet.
    const early = ledgerOver(
      { runs: [], known: [], schedules: [{ ...schedule, validTo: null }] },
      { ...window, nowMs: Date.parse('2026-11-11T02:00:00Z') },
    );
    expect(early.connectors.map((x) => [x.connector, x.days.map((d) => d.status)])).toEqual([
      ['x-recent-search', ['not_due', 'not_run', 'not_run', 'not_run', 'not_due']],
    ]);
  });

  it('puts a run of a schedule longer than a day only on the days its run times fall', () => {
    const s = {
      connector: 'rss',
      query: 'feed',
      platform: null,
      everyMinutes: 2 * 24 * 60,
      validFrom: '2026-11-08T05:00:00.000Z',
      validTo: null,
    };
    const now = Date.parse('2026-12-01T00:00:00Z');
    expect(['2026-11-08', '2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12'].map((d) => scheduleDueOn(s, d, now))).toEqual([
      true,
      false,
      true,
      false,
      true,
    ]);
  });
});
