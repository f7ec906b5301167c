import type { LedgerSchedule } from '@pantau/contracts';
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { connectorSchedules } from '../schema.ts';

/** What a polled connector and query is scheduled to do: a run every `everyMinutes`. */
export interface ConnectorSchedule {
  connector: string;
  query: string;
  platform: string | null;
  everyMinutes: number;
}

/** A stored schedule with the period it held (`validTo` null: in force). */
export interface StoredSchedule extends ConnectorSchedule {
  id: number;
  validFrom: Date;
  validTo: Date | null;
}

const keyOf = (s: { connector: string; query: string; platform: string | null }) => JSON.stringify([s.connector, s.query, s.platform]);

/**
 * Registers the set of schedules in force from `at` (what the poller was started with): a schedule already in force
 * with the same interval is kept, one whose interval changed is closed at `at` and opened anew, and one no longer in
 * the set is closed at `at` (removed: no day after it is due). Closed periods are kept, so earlier days stay judged by
 * what was due then. One registration at a time (a transaction-scoped advisory lock).
 */
export async function registerSchedules(
  db: Database,
  schedules: readonly ConnectorSchedule[],
  at: Date = new Date(),
): Promise<{ opened: number; closed: number; kept: number }> {
  const wanted = new Map(schedules.map((s) => [keyOf(s), s]));
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('pantau:connector_schedules'))`);
    const open = await tx.select().from(connectorSchedules).where(isNull(connectorSchedules.validTo));
    let closed = 0;
    let kept = 0;
    const keep = new Set<string>();
    for (const row of open) {
      const next = wanted.get(keyOf(row));
      if (next && next.everyMinutes === row.everyMinutes) {
        keep.add(keyOf(row));
        kept += 1;
        continue;
      }
      // A schedule ends no earlier than it began (a clock set back does not write a negative period).
      const end = at < row.validFrom ? row.validFrom : at;
      await tx.update(connectorSchedules).set({ validTo: end }).where(eq(connectorSchedules.id, row.id));
      closed += 1;
    }
    const fresh = [...wanted.entries()].filter(([key]) => !keep.has(key)).map(([, s]) => s);
    if (fresh.length > 0)
      await tx
        .insert(connectorSchedules)
        .values(
          fresh.map((s) => ({ connector: s.connector, query: s.query, platform: s.platform, everyMinutes: s.everyMinutes, validFrom: at })),
        );
    return { opened: fresh.length, closed, kept };
  });
}

/** The stored schedules (in force and past) of a connector or platform (schedules without a platform count for every one). */
export async function readSchedules(
  db: Database,
  scope: { connector?: string | undefined; platform?: string | undefined } = {},
): Promise<StoredSchedule[]> {
  return db
    .select()
    .from(connectorSchedules)
    .where(
      and(
        scope.connector ? eq(connectorSchedules.connector, scope.connector) : undefined,
        scope.platform ? or(eq(connectorSchedules.platform, scope.platform), isNull(connectorSchedules.platform)) : undefined,
      ),
    )
    .orderBy(asc(connectorSchedules.validFrom), asc(connectorSchedules.id));
}

/** A stored schedule as the coverage rules read it. */
export const ledgerSchedule = (s: StoredSchedule): LedgerSchedule => ({
  connector: s.connector,
  query: s.query,
  platform: s.platform,
  everyMinutes: s.everyMinutes,
  validFrom: s.validFrom.toISOString(),
  validTo: s.validTo === null ? null : s.validTo.toISOString(),
});
