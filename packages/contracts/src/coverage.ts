// The coverage ledger's rules: which Jakarta days a connector run covered, each day's status, and the gaps a
// disclosure lists. Pure: the database package reads the runs, these functions judge them.

import { sourceLimits } from './sources.ts';

/**
 * What the ledger says about one connector and query on one Asia/Jakarta day. `not_due`: no run covered the day and
 * none was due (a pushed source, a connector run by hand, or a day its stored schedule put no run on); not a gap.
 */
export type CoverageDayStatus = 'ok' | 'partial' | 'failed' | 'empty' | 'not_run' | 'not_due';

/**
 * Sources that are pushed to Pantau rather than polled on a schedule: the webhook and one-off file imports. They have
 * no schedule, so a day without a push is never `not_run`, and a failed import is an error of its own days only.
 */
export const PUSHED_CONNECTORS: readonly string[] = ['webhook', 'file'];

/** Whether a connector is pushed (no schedule), not polled. */
export const isPushedConnector = (connector: string): boolean => PUSHED_CONNECTORS.includes(connector);

/** A run stopped by a rate limit or a spent quota: the platform's limit, not a fault (`RATE_LIMITED: …` in the ledger). */
export const isLimitError = (lastError: string | null): boolean => lastError?.startsWith('RATE_LIMITED') === true;

/** A connector's day: its status and the runs whose window covered the day. */
export interface CoverageDay {
  day: string;
  status: CoverageDayStatus;
  runs: number;
  /** Items fetched and published by those runs (a run covering several days counts on each of them). */
  fetched: number;
  published: number;
  /** Errors of failed runs covering the day ("did not finish" for a run that never finished). */
  errors: string[];
}

/** A day that is neither `ok` nor `not_due`: no figure of that day includes what this connector should have collected. */
export interface CoverageGap {
  day: string;
  status: Exclude<CoverageDayStatus, 'ok' | 'not_due'>;
  detail: string;
}

/** One connector and query over a window: totals of the runs that covered it, each day's status, and the gaps. */
export interface ConnectorCoverage {
  connector: string;
  query: string;
  platform: string | null;
  /** What the source can and cannot reach (X: seven days), or null when unknown. */
  limits: string | null;
  runs: number;
  fetched: number;
  published: number;
  rejected: number;
  lastRunAt: string | null;
  days: CoverageDay[];
  gaps: CoverageGap[];
}

/** One row of the ledger as the API shows it. */
export interface LedgerRun {
  runId: string;
  connector: string;
  query: string;
  platform: string | null;
  windowFrom: string | null;
  windowTo: string | null;
  startedAt: string;
  finishedAt: string | null;
  fetched: number;
  published: number;
  rejected: Record<string, number>;
  lastError: string | null;
}

const DAY_MS = 86_400_000;
const JAKARTA_OFFSET_MS = 7 * 3_600_000;
const dayOf = (ms: number) => new Date(ms + JAKARTA_OFFSET_MS).toISOString().slice(0, 10);
const dayStartMs = (day: string) => Date.parse(`${day}T00:00:00+07:00`);

/**
 * Jakarta days a run covered: its collection window (half-open; a window of published times when the run had none,
 * both ends included), or the day it started when it has no window at all.
 */
export function daysCovered(run: Pick<LedgerRun, 'windowFrom' | 'windowTo' | 'startedAt'>): { first: string; last: string } {
  const from = Date.parse(run.windowFrom ?? run.windowTo ?? run.startedAt);
  const to = Date.parse(run.windowTo ?? run.windowFrom ?? run.startedAt);
  return { first: dayOf(from), last: dayOf(to > from ? to - 1 : from) };
}

/**
 * The status of a day from the runs that covered it: `ok` when a run that finished without error fetched something,
 * else `partial` when a run fetched something before a rate limit or quota cut it short, else `failed` when a covering
 * run ended with an error or never finished, else `empty` (runs looked, found nothing); when no run covered it, `not_run`
 * if a run was `due` that day, else `not_due`.
 */
export function dayStatus(day: string, covering: readonly LedgerRun[], due = true): CoverageDay {
  const failed = covering.filter((r) => r.lastError !== null || r.finishedAt === null);
  const succeeded = covering.filter((r) => r.lastError === null && r.finishedAt !== null);
  const status: CoverageDayStatus =
    covering.length === 0
      ? due
        ? 'not_run'
        : 'not_due'
      : succeeded.some((r) => r.fetched > 0)
        ? 'ok'
        : failed.some((r) => r.fetched > 0 && isLimitError(r.lastError))
          ? 'partial'
          : failed.length > 0
            ? 'failed'
            : 'empty';
  return {
    day,
    status,
    runs: covering.length,
    fetched: covering.reduce((s, r) => s + r.fetched, 0),
    published: covering.reduce((s, r) => s + r.published, 0),
    // Distinct errors, a few at most: a day retried a hundred times does not list a hundred lines.
    errors: [...new Set(failed.map((r) => r.lastError ?? 'did not finish'))].slice(0, 5),
  };
}

const gapDetail = (d: CoverageDay): string =>
  d.status === 'failed'
    ? `collection failed: ${d.errors.join('; ').slice(0, 300)}`
    : d.status === 'partial'
      ? `collection cut short by a platform limit: ${d.errors.join('; ').slice(0, 300)}`
      : d.status === 'empty'
        ? `${d.runs} run(s) covered the day and fetched nothing`
        : 'no run of this connector covered the day';

/** A connector, query and platform the ledger knows. */
export interface LedgerKey {
  connector: string;
  query: string;
  platform: string | null;
}

/**
 * A polled connector and query's schedule over the period it held: a run due every `everyMinutes` from `validFrom`
 * (the first at `validFrom`) until `validTo` (null: still in force). Schedule changes keep the earlier periods.
 */
export interface LedgerSchedule extends LedgerKey {
  everyMinutes: number;
  validFrom: string;
  validTo: string | null;
}

/**
 * Ledger rows as read: runs ordered by start (then id), the connectors and queries known, in the ledger's order, and the
 * stored schedules (a key with a schedule and no run yet is known too).
 */
export interface LedgerRows {
  runs: LedgerRun[];
  known: LedgerKey[];
  schedules?: LedgerSchedule[];
}

/**
 * Whether a schedule said a run was due on a Jakarta day: one of its run times (`validFrom` + k·`everyMinutes`) falls on
 * the day, before the schedule ended and before `nowMs` (a run time still ahead is not yet missed).
 */
export function scheduleDueOn(s: LedgerSchedule, day: string, nowMs: number): boolean {
  const start = Date.parse(s.validFrom);
  const end = Math.min(s.validTo === null ? Number.POSITIVE_INFINITY : Date.parse(s.validTo), nowMs);
  const from = Math.max(dayStartMs(day), start);
  const until = Math.min(dayStartMs(day) + DAY_MS, end);
  if (from >= until) return false;
  const step = s.everyMinutes * 60_000;
  return start + Math.ceil((from - start) / step) * step < until;
}

/** A schedule's interval in words (`every 6 h`, `every 30 min`). */
export const scheduleWords = (everyMinutes: number): string =>
  everyMinutes % 60 === 0 ? `every ${everyMinutes / 60} h` : `every ${Number(everyMinutes.toFixed(2))} min`;

/** Which part of the ledger a question is about: a connector, a platform (runs without one count for every platform). */
export interface LedgerScope {
  connector?: string | undefined;
  platform?: string | undefined;
}

/** A ledger run with the Jakarta days it covered and its place in the ledger's order, computed once. */
interface PlacedRun {
  run: LedgerRun;
  order: number;
  first: string;
  last: string;
  /** Items rejected, all reasons. */
  rejected: number;
}

/** One connector and query's runs, by first day covered, and each day's status from every run that covered it. */
interface ConnectorRuns {
  byFirstDay: PlacedRun[];
  /** Whether `byFirstDay` is also in the ledger's order (runs started one after another over successive days). */
  inLedgerOrder: boolean;
  /** Sums over `byFirstDay[0, i)` at index i: runs' fetched, published and rejected items. */
  sums: { fetched: Float64Array; published: Float64Array; rejected: Float64Array };
  /** Per first day: the latest start of a run with that first day. */
  latestStart: Map<string, string>;
  /** Most days after its first that one of these runs covered (0 when each covered one day). */
  longestSpanDays: number;
  days: Map<string, CoverageDay>;
}

/** A connector, query and platform the ledger knows, with its runs, its stored schedules and its source's limits. */
interface KnownKey extends LedgerKey {
  runs: ConnectorRuns | undefined;
  /** The stored schedules of a polled source (none for a pushed one: it is due on no day). */
  schedules: LedgerSchedule[];
  limits: string | null;
}

/**
 * Ledger rows prepared for many windows: each run's days computed once and its connector's runs ordered by first day,
 * and per connector and query each day's status from every run that covered it (a day's status does not depend on the
 * window asked: any run covering a day of the window overlaps the window). A window then costs the runs it holds and
 * its days, not a pass over the whole ledger with dates parsed for every run.
 */
export interface IndexedLedger {
  /** Every connector, query and platform known, in the ledger's order, then those only a schedule names. */
  keys: KnownKey[];
  /** Every run in the ledger's order. */
  runs: readonly LedgerRun[];
}

const keyOf = (r: { connector: string; query: string; platform: string | null }) => JSON.stringify([r.connector, r.query, r.platform]);

/** Prepares ledger rows for `ledgerOver` (once per read of the ledger). */
export function indexLedger(ledger: LedgerRows): IndexedLedger {
  const covering = new Map<string, { runs: PlacedRun[]; perDay: Map<string, LedgerRun[]>; span: number }>();
  ledger.runs.forEach((run, order) => {
    const rejected = Object.values(run.rejected).reduce((a, b) => a + Number(b), 0);
    const placed: PlacedRun = { run, order, rejected, ...daysCovered(run) };
    const key = keyOf(run);
    let entry = covering.get(key);
    if (!entry) {
      entry = { runs: [], perDay: new Map(), span: 0 };
      covering.set(key, entry);
    }
    entry.runs.push(placed);
    const firstMs = dayStartMs(placed.first);
    const lastMs = dayStartMs(placed.last);
    entry.span = Math.max(entry.span, Math.round((lastMs - firstMs) / DAY_MS));
    for (let ms = firstMs; ms <= lastMs; ms += DAY_MS) {
      const day = dayOf(ms);
      const list = entry.perDay.get(day);
      if (list) list.push(run);
      else entry.perDay.set(day, [run]);
    }
  });
  const connectors = new Map<string, ConnectorRuns>();
  for (const [key, { runs, perDay, span }] of covering) {
    const byFirstDay = runs.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : a.order - b.order));
    const sums = {
      fetched: new Float64Array(byFirstDay.length + 1),
      published: new Float64Array(byFirstDay.length + 1),
      rejected: new Float64Array(byFirstDay.length + 1),
    };
    const latestStart = new Map<string, string>();
    let inLedgerOrder = true;
    byFirstDay.forEach((r, i) => {
      sums.fetched[i + 1] = (sums.fetched[i] as number) + r.run.fetched;
      sums.published[i + 1] = (sums.published[i] as number) + r.run.published;
      sums.rejected[i + 1] = (sums.rejected[i] as number) + r.rejected;
      const latest = latestStart.get(r.first);
      if (latest === undefined || r.run.startedAt > latest) latestStart.set(r.first, r.run.startedAt);
      if (i > 0 && (byFirstDay[i - 1] as PlacedRun).order > r.order) inLedgerOrder = false;
    });
    connectors.set(key, {
      byFirstDay,
      inLedgerOrder,
      sums,
      latestStart,
      longestSpanDays: span,
      days: new Map([...perDay].map(([day, list]) => [day, dayStatus(day, list)])),
    });
  }
  const schedules = new Map<string, LedgerSchedule[]>();
  const known = [...ledger.known];
  const seen = new Set(known.map(keyOf));
  for (const s of ledger.schedules ?? []) {
    const key = keyOf(s);
    const list = schedules.get(key);
    if (list) list.push(s);
    else schedules.set(key, [s]);
    // A scheduled query that never ran is still listed: its due days are gaps.
    if (!seen.has(key)) {
      seen.add(key);
      known.push({ connector: s.connector, query: s.query, platform: s.platform });
    }
  }
  const keys = known.map(
    (k): KnownKey => ({
      connector: k.connector,
      query: k.query,
      platform: k.platform,
      runs: connectors.get(keyOf(k)),
      // A pushed source is due on no day; a polled one on the days its stored schedule put a run.
      schedules: isPushedConnector(k.connector) ? [] : (schedules.get(keyOf(k)) ?? []),
      limits: sourceLimits(k.connector, k.query),
    }),
  );
  return { keys, runs: ledger.runs };
}

/** First index of `runs` (ordered by first day) whose first day is after `day`, or at/after it when `inclusive`. */
function firstAfter(runs: readonly PlacedRun[], day: string, inclusive: boolean): number {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const first = (runs[mid] as PlacedRun).first;
    if (inclusive ? first < day : first <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The day after a Jakarta day, kept: windows ask for the same few hundred days again and again. */
const nextDays = new Map<string, string>();
function nextDay(day: string): string {
  let next = nextDays.get(day);
  if (next === undefined) {
    next = dayOf(dayStartMs(day) + DAY_MS);
    if (nextDays.size >= 100_000) nextDays.clear();
    nextDays.set(day, next);
  }
  return next;
}

/** The first schedule that put a run on the day, if any. */
function dueSchedule(schedules: readonly LedgerSchedule[], day: string, nowMs: number): LedgerSchedule | undefined {
  for (const s of schedules) if (scheduleDueOn(s, day, nowMs)) return s;
  return undefined;
}

/**
 * One connector's runs in a window, in the ledger's order when its runs are: those that started covering days before
 * the window and reach into it (`before`), then the range `[from, to)` of its runs by first day.
 */
interface WindowRuns {
  before: readonly PlacedRun[];
  byFirstDay: readonly PlacedRun[];
  from: number;
  to: number;
  length: number;
  /** Whether `byFirstDay` is in the ledger's order, and so this sequence. */
  inLedgerOrder: boolean;
}

const placedAt = (s: WindowRuns, i: number): PlacedRun =>
  (i < s.before.length ? s.before[i] : s.byFirstDay[s.from + i - s.before.length]) as PlacedRun;

/** First index of a sequence in the ledger's order whose run started after `startedAt`, or at/after it when `inclusive`. */
function firstStartedAfter(s: WindowRuns, startedAt: string, inclusive: boolean): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const at = placedAt(s, mid).run.startedAt;
    if (inclusive ? at < startedAt : at <= startedAt) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index of a sequence in the ledger's order whose run comes after the ledger position `order`. */
function firstAfterOrder(s: WindowRuns, order: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (placedAt(s, mid).order <= order) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Up to `limit` runs of sequences each in the ledger's order, merged in that order, after the cursor's run when one of
 * them is it, else from the first started after its start.
 */
function mergedPage(
  sequences: readonly WindowRuns[],
  after: { startedAt: string; runId: string } | undefined,
  limit: number,
): { page: LedgerRun[]; more: boolean } {
  const at = new Int32Array(sequences.length);
  if (after) {
    let cursorOrder = -1;
    sequences.forEach((s, i) => {
      const later = firstStartedAfter(s, after.startedAt, false);
      at[i] = later;
      for (let k = firstStartedAfter(s, after.startedAt, true); k < later; k++) {
        const placed = placedAt(s, k);
        if (placed.run.runId === after.runId) cursorOrder = placed.order;
      }
    });
    if (cursorOrder >= 0)
      sequences.forEach((s, i) => {
        at[i] = firstAfterOrder(s, cursorOrder);
      });
  }
  const page: LedgerRun[] = [];
  while (page.length < limit) {
    let next = -1;
    let nextOrder = Number.POSITIVE_INFINITY;
    for (let i = 0; i < sequences.length; i++) {
      const s = sequences[i] as WindowRuns;
      const k = at[i] as number;
      if (k < s.length) {
        const order = placedAt(s, k).order;
        if (order < nextOrder) {
          next = i;
          nextOrder = order;
        }
      }
    }
    if (next < 0) break;
    page.push(placedAt(sequences[next] as WindowRuns, at[next] as number).run);
    at[next] = (at[next] as number) + 1;
  }
  return { page, more: sequences.some((s, i) => (at[i] as number) < s.length) };
}

/** The ledger over a window: each connector's coverage, and the runs that covered a day of it. */
export interface LedgerWindow {
  connectors: ConnectorCoverage[];
  /** Every run that covered a day of the window, in the ledger's order (start, then run id). */
  readonly runs: LedgerRun[];
  /** How many runs covered a day of the window. */
  readonly runsTotal: number;
  /**
   * Up to `limit` of those runs in the ledger's order: after the run `after` names when it is one of them, else from
   * the first started after its start; and whether more follow.
   */
  runsAfter(after: { startedAt: string; runId: string } | undefined, limit: number): { page: LedgerRun[]; more: boolean };
}

/** Window totals and the day statuses of one connector, and its runs in the window added to `sequences`. */
function connectorOver(
  k: KnownKey,
  window: { from: string; to: string },
  windowDays: readonly string[],
  nowMs: number,
  sequences: WindowRuns[],
): ConnectorCoverage {
  const runs = k.runs;
  let count = 0;
  let fetched = 0;
  let published = 0;
  let rejected = 0;
  let lastRunAt: string | null = null;
  if (runs) {
    // Its runs in the window: those first covering a day of the window (a range of `byFirstDay`, summed from the
    // prefix sums), and those that started earlier and reach into it (checked one by one).
    const inside = firstAfter(runs.byFirstDay, window.from, true);
    const end = Math.max(inside, firstAfter(runs.byFirstDay, window.to, false));
    const before: PlacedRun[] = [];
    if (runs.longestSpanDays > 0) {
      const earliest = dayOf(dayStartMs(window.from) - runs.longestSpanDays * DAY_MS);
      for (let i = firstAfter(runs.byFirstDay, earliest, true); i < inside; i++) {
        const r = runs.byFirstDay[i] as PlacedRun;
        if (r.last >= window.from) before.push(r);
      }
    }
    const length = before.length + end - inside;
    sequences.push({ before, byFirstDay: runs.byFirstDay, from: inside, to: end, length, inLedgerOrder: runs.inLedgerOrder });
    count = length;
    for (const r of before) {
      fetched += r.run.fetched;
      published += r.run.published;
      rejected += r.rejected;
      if (lastRunAt === null || r.run.startedAt > lastRunAt) lastRunAt = r.run.startedAt;
    }
    if (end > inside) {
      fetched += (runs.sums.fetched[end] as number) - (runs.sums.fetched[inside] as number);
      published += (runs.sums.published[end] as number) - (runs.sums.published[inside] as number);
      rejected += (runs.sums.rejected[end] as number) - (runs.sums.rejected[inside] as number);
      for (const day of windowDays) {
        const latest = runs.latestStart.get(day);
        if (latest !== undefined && (lastRunAt === null || latest > lastRunAt)) lastRunAt = latest;
      }
    }
  }
  const days: CoverageDay[] = [];
  const gaps: CoverageGap[] = [];
  for (const day of windowDays) {
    const kept = runs?.days.get(day);
    const schedule = kept || k.schedules.length === 0 ? undefined : dueSchedule(k.schedules, day, nowMs);
    const d = kept ?? dayStatus(day, [], schedule !== undefined);
    days.push(d);
    if (d.status === 'ok' || d.status === 'not_due') continue;
    const detail = schedule
      ? `no run of this connector covered the day although its schedule (${scheduleWords(schedule.everyMinutes)}) put one there`
      : gapDetail(d);
    gaps.push({ day, status: d.status, detail });
  }
  return {
    connector: k.connector,
    query: k.query,
    platform: k.platform,
    limits: k.limits,
    runs: count,
    fetched,
    published,
    rejected,
    lastRunAt,
    days,
    gaps,
  };
}

/**
 * The coverage ledger over a window from ledger rows read for it (or for the whole ledger, indexed once): see
 * `coverageLedger`. The day objects are shared between answers and must not be changed.
 */
export function ledgerOver(
  ledger: LedgerRows | IndexedLedger,
  window: { from: string; to: string } & LedgerScope & { nowMs?: number | undefined },
): LedgerWindow {
  const indexed = 'keys' in ledger ? ledger : indexLedger(ledger);
  const nowMs = window.nowMs ?? Date.now();
  const windowDays: string[] = [];
  for (let day = window.from; day <= window.to; day = nextDay(day)) windowDays.push(day);
  const sequences: WindowRuns[] = [];
  const connectors: ConnectorCoverage[] = [];
  for (const k of indexed.keys) {
    if (window.connector && k.connector !== window.connector) continue;
    if (window.platform && k.platform !== window.platform && k.platform !== null) continue;
    connectors.push(connectorOver(k, window, windowDays, nowMs, sequences));
  }
  let runsTotal = 0;
  for (const s of sequences) runsTotal += s.length;
  // The runs are merged in the ledger's order from each connector's, when each connector's runs by first day are in it
  // (as they are when runs cover successive days); else sorted once, when first asked.
  let merged: WindowRuns[] | undefined;
  const inOrder = (): WindowRuns[] => {
    if (merged) return merged;
    if (sequences.every((s) => s.inLedgerOrder)) merged = sequences;
    else {
      const all: PlacedRun[] = [];
      for (const s of sequences) for (let i = 0; i < s.length; i++) all.push(placedAt(s, i));
      all.sort((a, b) => a.order - b.order);
      merged = [{ before: [], byFirstDay: all, from: 0, to: all.length, length: all.length, inLedgerOrder: true }];
    }
    return merged;
  };
  return {
    connectors,
    runsTotal,
    // Put together only when asked (disclosures need the connectors alone).
    get runs() {
      return mergedPage(inOrder(), undefined, Number.POSITIVE_INFINITY).page;
    },
    runsAfter: (after, limit) => mergedPage(inOrder(), after, limit),
  };
}

/** A disclosure's coverage from the ledger over its window: each connector's days counted by status. */
export function summarizeCoverage(connectors: ConnectorCoverage[]) {
  return connectors.map(({ days, ...c }) => {
    const counts = { ok: 0, partial: 0, failed: 0, empty: 0, not_run: 0, not_due: 0 };
    for (const d of days) counts[d.status]++;
    return { ...c, days: counts };
  });
}
