import { eq } from 'drizzle-orm';
import type { Database } from './client.ts';
import { coverageRuns } from './schema.ts';

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
