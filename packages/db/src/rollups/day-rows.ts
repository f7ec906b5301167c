// Rollup rows kept in memory ordered by day, so that a window's rows are one run of them found by binary search.

/** A kept rollup row: its day (YYYY-MM-DD) and platform. */
export interface DayRow {
  day: string;
  platform: string;
}

/** Orders rollup rows by day (ascending). */
export const byDay = (a: DayRow, b: DayRow): number => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0);

/** The index of the first row on or after `day` in rows ordered by day. */
function firstOnOrAfter(rows: readonly DayRow[], day: string): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((rows[mid] as DayRow).day < day) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Calls `each` with the rows in [from, to] on `platform` (every platform when undefined), of rows ordered by day. */
export function eachOnDays<R extends DayRow>(
  rows: readonly R[],
  from: string,
  to: string,
  platform: string | undefined,
  each: (r: R) => void,
): void {
  for (let i = firstOnOrAfter(rows, from); i < rows.length; i++) {
    const r = rows[i] as R;
    if (r.day > to) break;
    if (platform && r.platform !== platform) continue;
    each(r);
  }
}
