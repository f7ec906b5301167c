import { and, between, desc, eq } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { reports } from '../schema.ts';

/** A stored report's identity. */
export interface StoredReportInfo {
  day: string;
  topicId: number | null;
  generatedAt: string;
}

/** Stores (or replaces) the report of a day and topic. */
export async function saveReport(
  db: Database,
  input: { day: string; topicId: number | null; generatedAt: Date; content: object },
): Promise<void> {
  const row = {
    day: input.day,
    topicKey: input.topicId ?? 0,
    generatedAt: input.generatedAt,
    content: input.content as Record<string, unknown>,
  };
  await db
    .insert(reports)
    .values(row)
    .onConflictDoUpdate({ target: [reports.day, reports.topicKey], set: { generatedAt: row.generatedAt, content: row.content } });
}

/** The stored report of a day and topic, or null. */
export async function getReport(db: Database, day: string, topicId: number | null): Promise<Record<string, unknown> | null> {
  const [row] = await db
    .select({ content: reports.content })
    .from(reports)
    .where(and(eq(reports.day, day), eq(reports.topicKey, topicId ?? 0)));
  return row?.content ?? null;
}

/** Stored reports, newest day first. */
export async function listReports(db: Database, limit = 100): Promise<StoredReportInfo[]> {
  const rows = await db
    .select({ day: reports.day, topicKey: reports.topicKey, generatedAt: reports.generatedAt })
    .from(reports)
    .orderBy(desc(reports.day), reports.topicKey)
    .limit(limit);
  return rows.map((r) => ({ day: String(r.day), topicId: r.topicKey === 0 ? null : r.topicKey, generatedAt: r.generatedAt.toISOString() }));
}

/**
 * Drops the stored reports of days `from`..`to` (every topic), for days whose posts arrived after their report was
 * written: the API builds them again on request and the scheduler writes yesterday's again. Returns how many went.
 */
export async function dropReports(db: Database, window: { from: string; to: string }): Promise<number> {
  return (
    await db
      .delete(reports)
      .where(between(reports.day, window.from, window.to))
      .returning({ day: reports.day })
  ).length;
}
