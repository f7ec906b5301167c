import { addDays, daysBetween, isDay, jakartaDay, PantauError } from '@pantau/contracts';
import { type CoordinationRuleName, type Database, type Granularity, getTopic, latestDay } from '@pantau/db';
import { REGIONAL_LANGUAGES } from '@pantau/text';
import type { RollupMemory } from './rollup-memory.ts';

/** Longest window one request may ask for, in days. */
export const MAX_WINDOW_DAYS = 366;

/** Default window length when `from` is not given. */
export const DEFAULT_WINDOW_DAYS = 14;

/** A resolved day window. */
export interface ResolvedWindow {
  from: string;
  to: string;
  platform?: string;
  topicId?: number;
  granularity: Granularity;
  excludeCoordinated?: boolean;
  /** With `excludeCoordinated`: only the posts this rule flagged are left out (unset: either rule's). */
  excludeRule?: CoordinationRuleName;
  /** Only posts stored in these languages (the `language` filter), sorted and without repeats. */
  languages?: readonly string[];
}

/** The language codes a post is stored with and the `language` filter accepts: Indonesian, then the regional languages. */
export const STORED_LANGUAGES: readonly string[] = ['id', ...REGIONAL_LANGUAGES];

/** The window parameters of an aggregate query, as validated by `WindowQuery`. */
export interface WindowParams {
  from?: string | undefined;
  to?: string | undefined;
  platform?: string | undefined;
  topic?: number | undefined;
  granularity?: Granularity | undefined;
  excludeCoordinated?: CoordinatedExclusion | undefined;
  language?: string | undefined;
}

/** The `excludeCoordinated` parameter: true (either rule), one rule by name, or false. */
export type CoordinatedExclusion = boolean | 'coposting' | 'repeated_text';

/** The exclusion of coordinated posts a parameter asks for, as windows carry it. */
export function exclusionOf(value: CoordinatedExclusion | undefined): { excludeCoordinated?: true; excludeRule?: CoordinationRuleName } {
  if (value === 'coposting') return { excludeCoordinated: true, excludeRule: 'coposting' };
  if (value === 'repeated_text') return { excludeCoordinated: true, excludeRule: 'repeated' };
  return value === true ? { excludeCoordinated: true } : {};
}

/** Where a window is resolved: the database, and the rollups kept in memory when there are some. */
export interface DataSource {
  db: Database;
  kept?: RollupMemory;
}

const bad = (parameter: string, message: string) =>
  new PantauError('INVALID_QUERY', `${parameter}: ${message}`, { details: { parameter } });

/**
 * Resolves `from`/`to` (Asia/Jakarta days): `to` defaults to the latest day with data (today when empty),
 * `from` to 13 days before `to`; the window must be ordered and at most MAX_WINDOW_DAYS long.
 */
export async function resolveWindow(source: DataSource, query: WindowParams): Promise<ResolvedWindow> {
  if (query.from !== undefined && !isDay(query.from)) throw bad('from', 'must be a calendar day YYYY-MM-DD');
  if (query.to !== undefined && !isDay(query.to)) throw bad('to', 'must be a calendar day YYYY-MM-DD');
  const to = query.to ?? (await latestDay(source.db)) ?? jakartaDay(Date.now());
  const from = query.from ?? addDays(to, -(DEFAULT_WINDOW_DAYS - 1));
  if (daysBetween(from, to) < 0) throw bad('from', `must not be after to (${to})`);
  if (daysBetween(from, to) >= MAX_WINDOW_DAYS) throw bad('from', `window is longer than ${MAX_WINDOW_DAYS} days`);
  if (query.topic !== undefined && !(await topicExists(source, query.topic))) {
    throw new PantauError('NOT_FOUND', `topic: no topic ${query.topic}`, { details: { parameter: 'topic' } });
  }
  const languages = query.language === undefined ? undefined : languagesOf(query.language);
  return {
    from,
    to,
    granularity: query.granularity ?? 'day',
    ...(languages ? { languages } : {}),
    ...(query.platform ? { platform: query.platform } : {}),
    ...(query.topic !== undefined ? { topicId: query.topic } : {}),
    ...exclusionOf(query.excludeCoordinated),
  };
}

/** The codes of a `language` parameter (`jav,sun`): each a stored language code; sorted, without repeats. */
export function languagesOf(value: string): string[] {
  const codes = value.split(',').map((c) => c.trim().toLowerCase());
  for (const code of codes) {
    if (!STORED_LANGUAGES.includes(code))
      throw bad('language', `unknown language code ${JSON.stringify(code)} (one of ${STORED_LANGUAGES.join(', ')})`);
  }
  return [...new Set(codes)].sort();
}

/** Whether a topic exists: from the kept topic ids when the route has them, else from the database. */
async function topicExists({ db, kept }: DataSource, id: number): Promise<boolean> {
  return (await kept?.topicExists(id)) ?? (await getTopic(db, id)) !== null;
}
