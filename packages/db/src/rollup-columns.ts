// The count columns of the daily rollup tables and the SQL that adds to and takes away from them, in one place.

import { getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { dailyCoordinatedSentiment, dailyKeywords, dailySentiment } from './schema.ts';
import type { UnnestColumns } from './sql.ts';

/**
 * The counts of a daily sentiment rollup row over posts `p` with labels `l`, named as the rollup's columns (COUNTS):
 * one definition for adding to and subtracting from the rollups.
 */
export const ROLLUP_COUNTS = sql`count(*) as posts,
    count(*) filter (where l.label = 'negative') as negative, count(*) filter (where l.label = 'neutral') as neutral,
    count(*) filter (where l.label = 'positive') as positive, count(*) filter (where l.label = 'uncertain') as uncertain,
    sum(p.likes) as likes, sum(p.replies) as replies, sum(p.shares) as shares, sum(p.views) as views,
    count(*) filter (where p.redacted_phone + p.redacted_email + p.redacted_nik + p.redacted_bpjs > 0) as redacted_posts,
    count(*) filter (where p.redacted_phone > 0) as redacted_phone, count(*) filter (where p.redacted_email > 0) as redacted_email,
    count(*) filter (where p.redacted_nik > 0) as redacted_nik, count(*) filter (where p.redacted_bpjs > 0) as redacted_bpjs`;

/** `column = table.column + excluded.column` for each column: an upsert that adds to a rollup row's counts. */
export const addExcluded = (table: string, columns: readonly string[]) =>
  sql.raw(columns.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', '));

/** `column = d.column - a.column` for each column: an update of rollup rows `d` that takes away the counts of rows `a`. */
export const subtractAgg = (columns: readonly string[]) => sql.raw(columns.map((c) => `${c} = d.${c} - a.${c}`).join(', '));

/** A rollup table's count columns (its number columns, as the schema declares them), in table order. */
const countColumnsOf = (table: PgTable) => Object.entries(getTableColumns(table)).filter(([, column]) => column.dataType === 'number');

/** The property names of a table's number columns (a rollup's counts). */
export type CountKey<T extends PgTable> = {
  [K in keyof T['_']['columns']]: T['_']['columns'][K]['_']['dataType'] extends 'number' ? K : never;
}[keyof T['_']['columns']] &
  string;

/** The property names of a rollup table's count columns, in table order. */
export function countKeys<T extends PgTable>(table: T): CountKey<T>[] {
  return [...keysOf(table)] as CountKey<T>[];
}

/** The count keys and the all-zero row of each table, computed once: the batch write asks for one per rollup row. */
const countKeyCache = new WeakMap<PgTable, { keys: readonly string[]; zeros: Readonly<Record<string, number>> }>();
function cachedCounts(table: PgTable): { keys: readonly string[]; zeros: Readonly<Record<string, number>> } {
  let cached = countKeyCache.get(table);
  if (!cached) {
    const keys = countColumnsOf(table).map(([key]) => key);
    cached = { keys, zeros: Object.fromEntries(keys.map((key) => [key, 0])) };
    countKeyCache.set(table, cached);
  }
  return cached;
}
const keysOf = (table: PgTable) => cachedCounts(table).keys;

/** Every count of a rollup table at zero, by property name. */
export function zeroCounts<T extends PgTable>(table: T): Record<CountKey<T>, number> {
  return { ...cachedCounts(table).zeros } as Record<CountKey<T>, number>;
}

/** Every count column of `table` with a value per row, for `unnestRows`. */
export function countValues<T extends PgTable>(table: T, rows: readonly T['$inferSelect'][]): UnnestColumns<T> {
  return Object.fromEntries(
    keysOf(table).map((key) => [key, rows.map((r) => r[key as keyof T['$inferSelect']] as number)]),
  ) as unknown as UnnestColumns<T>;
}

/** The SQL names of a rollup table's count columns, in table order. */
const countNames = (table: PgTable) => countColumnsOf(table).map(([, column]) => column.name);

/** The label counts of every rollup row (`daily_keywords`, `daily_coordinated_keywords`). */
export const LABEL_COUNTS: readonly string[] = countNames(dailyKeywords);
/** The counts of a daily sentiment rollup row without its redaction counts (the coordinated rollup keeps none). */
export const ENGAGEMENT_COUNTS: readonly string[] = countNames(dailyCoordinatedSentiment);
/** Every count of a daily sentiment rollup row (`daily_sentiment`, `daily_topic_sentiment`). */
export const COUNTS: readonly string[] = countNames(dailySentiment);
