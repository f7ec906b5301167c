import {
  type LedgerKey,
  type LedgerRows,
  type LedgerRun,
  type LedgerScope,
  type LedgerWindow,
  ledgerOver,
  summarizeCoverage,
} from '@pantau/contracts';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { coverageRuns } from '../schema.ts';
import { type DayWindow, rowsOf } from '../sql.ts';
import { ledgerSchedule, readSchedules } from './schedules.ts';

const DAY_MS = 86_400_000;
const dayStartMs = (day: string) => Date.parse(`${day}T00:00:00+07:00`);

/** A finished or running connector run for the coverage ledger. */
export interface CoverageRun {
  runId: string;
  connector: string;
  query?: string;
  platform?: string | null;
  windowFrom?: Date | null;
  windowTo?: Date | null;
  startedAt: Date;
  finishedAt?: Date | null;
  fetched: number;
  published: number;
  rejected: Record<string, number>;
  lastError?: string | null;
}

/** Writes (or updates) one row of the coverage ledger. */
export async function recordCoverageRun(db: Database, run: CoverageRun): Promise<void> {
  const row = {
    runId: run.runId,
    connector: run.connector,
    query: run.query ?? '',
    platform: run.platform ?? null,
    windowFrom: run.windowFrom ?? null,
    windowTo: run.windowTo ?? null,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt ?? null,
    fetched: run.fetched,
    published: run.published,
    rejected: run.rejected,
    lastError: run.lastError ?? null,
  };
  await db.insert(coverageRuns).values(row).onConflictDoUpdate({ target: coverageRuns.runId, set: row });
}

/** Whether a run with this id is already in the ledger. */
export async function hasCoverageRun(db: Database, runId: string): Promise<boolean> {
  const rows = await db.select({ runId: coverageRuns.runId }).from(coverageRuns).where(eq(coverageRuns.runId, runId)).limit(1);
  return rows.length > 0;
}

const toIso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
const dateOrNull = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
/** A ledger row as `json_agg` gives it (column names, timestamps as text). */
const jsonToRow = (r: Record<string, unknown>): typeof coverageRuns.$inferSelect => ({
  runId: String(r.run_id),
  connector: String(r.connector),
  query: String(r.query),
  platform: r.platform === null ? null : String(r.platform),
  windowFrom: dateOrNull(r.window_from),
  windowTo: dateOrNull(r.window_to),
  startedAt: new Date(r.started_at as string),
  finishedAt: dateOrNull(r.finished_at),
  fetched: Number(r.fetched),
  published: Number(r.published),
  rejected: (r.rejected ?? {}) as Record<string, number>,
  lastError: r.last_error === null || r.last_error === undefined ? null : String(r.last_error),
});
const rowToRun = (r: typeof coverageRuns.$inferSelect): LedgerRun => ({
  runId: r.runId,
  connector: r.connector,
  query: r.query,
  platform: r.platform,
  windowFrom: toIso(r.windowFrom),
  windowTo: toIso(r.windowTo),
  startedAt: new Date(r.startedAt).toISOString(),
  finishedAt: toIso(r.finishedAt),
  fetched: r.fetched,
  published: r.published,
  rejected: r.rejected,
  lastError: r.lastError,
});

/**
 * Reads the ledger: in one statement the runs (only those near `days` when given; exact days are computed by
 * `ledgerOver`) and the connectors and queries known from any time, within `scope`, then the stored schedules of the
 * same scope (those that held on some of `days`). At most `limit` runs when given.
 */
export async function readLedger(
  db: Database,
  scope: LedgerScope,
  days?: { from: string; to: string },
  limit?: number,
): Promise<LedgerRows> {
  const filter = and(
    scope.connector ? eq(coverageRuns.connector, scope.connector) : undefined,
    scope.platform ? or(eq(coverageRuns.platform, scope.platform), isNull(coverageRuns.platform)) : undefined,
  );
  const where = filter ?? sql`true`;
  // Candidates: runs whose window (or, without one, whose start) falls near the days asked.
  const start = sql`coalesce(${coverageRuns.windowFrom}, ${coverageRuns.windowTo}, ${coverageRuns.startedAt})`;
  const end = sql`coalesce(${coverageRuns.windowTo}, ${coverageRuns.windowFrom}, ${coverageRuns.startedAt})`;
  const near = days
    ? sql`and ${start} < ${new Date(dayStartMs(days.to) + DAY_MS)} and ${end} >= ${new Date(dayStartMs(days.from))}`
    : sql``;
  const [found] = rowsOf(
    await db.execute(sql`
      select
        (select coalesce(json_agg(r order by r.started_at, r.run_id), '[]'::json) from (
          select * from ${coverageRuns} where ${where} ${near}
          ${limit === undefined ? sql`` : sql`order by ${coverageRuns.startedAt}, ${coverageRuns.runId} limit ${limit}`}) r) as runs,
        (select coalesce(json_agg(k order by k.connector, k.query, k.platform), '[]'::json) from (
          select ${coverageRuns.connector} as connector, ${coverageRuns.query} as query, ${coverageRuns.platform} as platform
          from ${coverageRuns} where ${where}
          group by ${coverageRuns.connector}, ${coverageRuns.query}, ${coverageRuns.platform}) k) as known`),
  );
  const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  // The schedules of the same scope that held at any time of the days asked (all of them without days).
  const schedules = (await readSchedules(db, scope))
    .filter(
      (s) =>
        !days ||
        (s.validFrom.getTime() < dayStartMs(days.to) + DAY_MS && (s.validTo === null || s.validTo.getTime() >= dayStartMs(days.from))),
    )
    .map(ledgerSchedule);
  return {
    runs: json<Record<string, unknown>[]>(found?.runs ?? []).map((r) => rowToRun(jsonToRow(r))),
    known: json<LedgerKey[]>(found?.known ?? []),
    schedules,
  };
}

/**
 * The coverage ledger over a window of Jakarta days: the runs that covered any of its days and, for every connector
 * and query the ledger knows (from any time) or a schedule names, each day's status and the gaps. A day no run covered
 * is `not_run` when the stored schedule of that time put a run on it (no posts from it means it did not look, not that
 * nobody wrote), else `not_due`: a pushed source (webhook, file), a connector run by hand, days before a schedule began
 * or after it was removed.
 */
export async function coverageLedger(db: Database, window: { from: string; to: string } & LedgerScope): Promise<LedgerWindow> {
  return ledgerOver(await readLedger(db, window, window), window);
}

/**
 * Coverage for a disclosure: per connector, query and platform the ledger knows, the runs that covered the window's
 * days with their totals, how many days were ok, partial, failed, empty or not run, and each gap day.
 */
export async function coverageSummary(db: Database, window: DayWindow) {
  return summarizeCoverage((await coverageLedger(db, { from: window.from, to: window.to, platform: window.platform })).connectors);
}
