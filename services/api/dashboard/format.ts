import type { Lang } from './i18n.ts';

/**
 * Days, numbers and shares as a reader of each language writes them. A day (`YYYY-MM-DD`) is already an Asia/Jakarta
 * calendar day: it is split as text and never goes through a `Date` in the browser's own time zone.
 */

const MONTHS: Record<Lang, readonly string[]> = {
  id: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};
const LOCALE: Record<Lang, string> = { id: 'id-ID', en: 'en-US' };
export const TIME_ZONE = 'Asia/Jakarta';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2026-11-10` as `10 Nov`; with `year`, as `10 Nov 2026`. Anything that is not a day is returned as it is. */
export function formatDay(day: string, lang: Lang, year = false): string {
  const match = DAY.exec(day);
  if (!match) return day;
  const [, y, m, d] = match;
  return `${Number(d)} ${MONTHS[lang][Number(m) - 1] ?? m}${year ? ` ${y}` : ''}`;
}

/** The day `days` after (or before) a day, counted on the calendar (no time zone involved). */
export function addDays(day: string, days: number): string {
  const match = DAY.exec(day);
  if (!match) return day;
  const [, y, m, d] = match;
  return new Date(Date.UTC(Number(y), Number(m) - 1, Number(d) + days)).toISOString().slice(0, 10);
}

/** The first day of a day's month. */
export const monthStart = (day: string): string => `${day.slice(0, 8)}01`;

/** Whether a string is a calendar day `YYYY-MM-DD` that exists. */
export const isDay = (value: string): boolean => DAY.test(value) && addDays(value, 0) === value;

/** An instant (ISO 8601) as the Jakarta day and time of day: `10 Nov 2026 14:05`. */
export function formatInstant(iso: string, lang: Lang): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${formatDay(`${parts.year}-${parts.month}-${parts.day}`, lang, true)} ${parts.hour}:${parts.minute}`;
}

/** A count in full with the language's digit grouping: `3.247.474` (id), `3,247,474` (en). */
export const formatCount = (n: number, lang: Lang): string => new Intl.NumberFormat(LOCALE[lang]).format(n);

/** A large count in short: `3,2 jt`, `12,5 rb` (id); `3.2M`, `12.5K` (en). */
export const formatCompact = (n: number, lang: Lang): string =>
  new Intl.NumberFormat(LOCALE[lang], { notation: 'compact', maximumFractionDigits: 1 }).format(n);

/** A number with a fixed count of decimals: `1,25` (id). */
export const formatDecimal = (x: number, lang: Lang, digits = 1): string =>
  new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);

/** A share (0–1) as a percentage: `12,5%` (id); `–` when there is none. */
export function formatShare(x: number | null | undefined, lang: Lang, digits = 1): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  return new Intl.NumberFormat(LOCALE[lang], {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(x);
}

/** A relative change as a signed percentage: `+25%`, `−40%`. */
export function formatChange(x: number | null, lang: Lang): string {
  if (x === null) return '–';
  const text = new Intl.NumberFormat(LOCALE[lang], { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(x);
  return text.replace('-', '−');
}
