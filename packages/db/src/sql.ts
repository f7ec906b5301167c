// The SQL helpers every feature shares: array parameters, raw result rows and the day window of a query.

import { getTableColumns, SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/** A window of Asia/Jakarta calendar days, both ends included (YYYY-MM-DD). */
export interface DayWindow {
  from: string;
  to: string;
  platform?: string | undefined;
  /** Only posts tagged with this topic (computed from posts, not from the daily rollups). */
  topicId?: number | undefined;
  /** Leave out posts in coordinated clusters (rollups minus their coordinated part; posts filtered). */
  excludeCoordinated?: boolean | undefined;
  /**
   * With `excludeCoordinated`: leave out only the posts this rule flagged (co-posting, or repeated text), counted from
   * the posts; unset: the posts either rule flagged.
   */
  excludeRule?: CoordinationRuleName | undefined;
  /** Only posts stored in these languages (`id`, `jav`, …): computed from the language rollup or the posts. */
  languages?: readonly string[] | undefined;
}

export type Granularity = 'day' | 'week';

/** The coordination rules `coordinated_posts` records a post as flagged by: co-posting, repeated text. */
export type CoordinationRuleName = 'coposting' | 'repeated';

/** Rows of a raw `execute` result on either driver. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  return (result as { rows: Record<string, unknown>[] }).rows;
}

/** What runs a raw statement: the database or a transaction. */
export type Executor = { execute(query: SQL): PromiseLike<unknown> };

/**
 * The rows of a raw statement, typed as its `sql<Row>` declares. Both drivers give int4, int8 (see client.ts), real
 * and float columns as numbers, and text and dates as strings: the statement names and casts its columns to match.
 */
export async function selectRows<Row>(db: Executor, statement: SQL<Row>): Promise<Row[]> {
  return rowsOf(await db.execute(statement)) as Row[];
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
 * `::bigint[]`, `::date[]`) reads. The braces go into the first and last elements, so the join makes the literal as one
 * flat string: braces put around the joined string made a second string the driver copied again to measure and send.
 */
export function arrayLiteral(values: readonly ArrayElement[]): string {
  const n = values.length;
  if (n === 0) return '{}';
  const parts = new Array<string>(n);
  for (let i = 0; i < n; i++) parts[i] = element(values[i]);
  parts[0] = `{${parts[0]}`;
  parts[n - 1] = `${parts[n - 1]}}`;
  return parts.join(',');
}

/**
 * A whole column as one bind parameter, for `unnest(...)` and `= any(...)`; cast it in SQL. The batch write sends
 * thousands of values per statement, and node-postgres escapes every array element with two regular-expression
 * replacements: building the literal here cost half as much and left most texts untouched.
 */
export const arrayParam = (values: readonly ArrayElement[]): SQL => sql`${arrayLiteral(values)}`;

/** The array element a column's insert value is sent as: timestamps as ISO text, never `undefined`. */
type ElementOf<V> = Exclude<V, undefined> extends infer W ? (W extends Date ? string : W extends readonly unknown[] ? never : W) : never;

/**
 * One column's values for `unnestRows`: a value per row; one SQL expression for every row; or values of another type
 * (`type`) that `read` turns into the column's value (as `string_to_array` turns joined text into an array).
 */
export type ColumnValues<V> = readonly ElementOf<V>[] | SQL | { values: readonly ArrayElement[]; type: string; read: (value: SQL) => SQL };

/** Values for some columns of `table`, by the drizzle table's property names. */
export type UnnestColumns<T extends PgTable> = { [K in keyof T['$inferInsert']]?: ColumnValues<T['$inferInsert'][K]> };

/**
 * Rows for `insert into ${into} ${select}`, sent as one array parameter per column (see `arrayParam`): `into` is the
 * table with its column list, `select` reads the arrays back as rows (`select ... from unnest(...) as t(...)`). Column
 * names and array types come from the drizzle table, so the statement names each column once, as the schema does.
 */
export function unnestRows<T extends PgTable>(table: T, values: UnnestColumns<T>): { into: SQL; select: SQL } {
  const columns = getTableColumns(table);
  const names: SQL[] = [];
  const selected: SQL[] = [];
  const arrays: SQL[] = [];
  const aliases: SQL[] = [];
  for (const [key, value] of Object.entries(values) as [string, ColumnValues<unknown> | undefined][]) {
    const column = columns[key];
    if (column === undefined || value === undefined) continue;
    const name = sql`${sql.identifier(column.name)}`;
    names.push(name);
    if (value instanceof SQL) {
      selected.push(value);
      continue;
    }
    const {
      values: elements,
      type,
      read,
    } = Array.isArray(value)
      ? { values: value as readonly ArrayElement[], type: column.getSQLType(), read: (v: SQL) => v }
      : (value as Exclude<ColumnValues<unknown>, SQL | readonly unknown[]>);
    arrays.push(sql`${arrayParam(elements)}::${sql.raw(type)}[]`);
    aliases.push(name);
    selected.push(read(sql`t.${name}`));
  }
  return {
    into: sql`${table} (${sql.join(names, sql`, `)})`,
    select: sql`select ${sql.join(selected, sql`, `)} from unnest(${sql.join(arrays, sql`, `)}) as t(${sql.join(aliases, sql`, `)})`,
  };
}
