import { addDays, jakartaDay } from '@pantau/contracts';
import { type Database, getReport, listTopics, saveReport } from '@pantau/db';
import { type BuildReportOptions, buildDailyReport, type DailyReport } from './assemble.ts';

/** Builds and stores the report of one day for all posts and for each topic; returns what was stored. */
export async function produceDailyReports(db: Database, options: Omit<BuildReportOptions, 'topicId'>): Promise<DailyReport[]> {
  const scopes: (number | undefined)[] = [undefined, ...(await listTopics(db)).map((t) => t.id)];
  const out: DailyReport[] = [];
  for (const topicId of scopes) {
    const report = await buildDailyReport(db, { ...options, topicId });
    await saveReport(db, { day: report.date, topicId: topicId ?? null, generatedAt: new Date(report.generatedAt), content: report });
    out.push(report);
  }
  return out;
}

/** Minutes after midnight (Asia/Jakarta) of an `HH:MM` time. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * The day whose report is due at `nowMs`: yesterday (Asia/Jakarta) once the configured time has passed and while it is
 * not stored yet; otherwise null.
 */
export async function dueReportDay(db: Database, nowMs: number, at: string): Promise<string | null> {
  const today = jakartaDay(nowMs);
  const jakartaMinutes = Math.floor(((nowMs + 7 * 3_600_000) % 86_400_000) / 60_000);
  if (jakartaMinutes < minutesOf(at)) return null;
  const yesterday = addDays(today, -1);
  return (await getReport(db, yesterday, null)) ? null : yesterday;
}
