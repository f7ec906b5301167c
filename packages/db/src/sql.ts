// The SQL helpers every feature shares: array parameters, raw result rows and the day window of a query.

import { type SQL, sql } from 'drizzle-orm';

/** A window of Asia/Jakarta calendar days, both ends included (YYYY-MM-DD). */
export interface DayWindow {
  from: string;
  to: string;
  platform?: string | undefined;
  /** Only posts tagged with this topic (computed from posts, not from the daily rollups). */
  topicId?: number | undefined;
  /** Leave out posts in coordinated clusters (rollups minus their coordinated part; posts filtered). */
  excludeCoordinated?: boolean | undefined;
}

export type Granularity = 'day' | 'week';

/** Rows of a raw `execute` result on either driver. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  return (result as { rows: Record<string, unknown>[] }).rows;
}

/** A value an array parameter may hold: text, a number, or null. */
export type ArrayElement = string | number | bigint | null | undefined;

/** One element of a Postgres array literal: text always quoted (so commas, braces and `NULL` stay text), null bare. */
function element(value: ArrayElement): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value !== 'string') return String(value);
  return value.includes('"') || value.includes('\\') ? `"${value.replace(/[\\"]/g, '\\$&')}"` : `"${value}"`;
}

/**
 * A Postgres array literal (`{"a","b",NULL}`, `{1,2}`) of `values`: the text form the array's SQL cast (`::text[]`,
 * `::bigint[]`, `::date[]`) reads.
 */
export function arrayLiteral(values: readonly ArrayElement[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = element(values[i]);
  return `{${parts.join(',')}}`;
}

/**
 * A whole column as one bind parameter, for `unnest(...)` and `= any(...)`; cast it in SQL. The batch write sends
 * thousands of values per statement, and node-postgres escapes every array element with two regular-expression
 * replacements: building the literal here cost half as much and left most texts untouched.
 */
export const arrayParam = (values: readonly ArrayElement[]): SQL => sql`${arrayLiteral(values)}`;
