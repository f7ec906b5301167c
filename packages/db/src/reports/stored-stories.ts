import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { rowsOf } from '../sql.ts';

/** The rollup counts a day's stories depend on, as of one moment. */
export interface DayCounts {
  /** Counted posts per day (all platforms, the model version). */
  posts: number;
  /** Of them, posts in coordinated clusters. */
  coordinated: number;
}

const n = (v: unknown) => Number(v ?? 0);

/**
 * Posts and coordinated posts per Asia/Jakarta day over `from`..`to` (all days with data when both are absent), read from
 * `daily_sentiment` and `daily_coordinated_sentiment`: a few rows per day, whatever the number of posts.
 */
export async function dayCounts(
  db: Database,
  options: { modelVersion: string; from?: string | undefined; to?: string | undefined },
): Promise<Map<string, DayCounts>> {
  const within = options.from !== undefined && options.to !== undefined ? sql`and day between ${options.from} and ${options.to}` : sql``;
  const result = await db.execute(sql`
    select to_char(day, 'YYYY-MM-DD') as day, sum(posts) as posts, sum(coordinated) as coordinated from (
      select day, posts, 0 as coordinated from daily_sentiment where model_version = ${options.modelVersion} ${within}
      union all
      select day, 0, posts from daily_coordinated_sentiment where model_version = ${options.modelVersion} ${within}
    ) c group by day order by day`);
  return new Map(rowsOf(result).map((r) => [String(r.day), { posts: n(r.posts), coordinated: n(r.coordinated) }]));
}

/** A day's stored stories: what they were computed from, when, and their content (see `day_stories`). */
export interface StoredDayStories {
  day: string;
  scope: string;
  fingerprint: string;
  posts: number;
  computedAt: string;
  content: Record<string, unknown>;
}

/** The stored stories of a day and scope for the model version and spike rule, or null. */
export async function getDayStories(
  db: Database,
  key: { day: string; scope: string; modelVersion: string; rule: string },
): Promise<StoredDayStories | null> {
  const result = await db.execute(sql`
    select fingerprint, posts, computed_at, content from day_stories
    where day = ${key.day} and scope = ${key.scope} and model_version = ${key.modelVersion} and rule = ${key.rule}`);
  const r = rowsOf(result)[0];
  if (!r) return null;
  return {
    day: key.day,
    scope: key.scope,
    fingerprint: String(r.fingerprint),
    posts: n(r.posts),
    computedAt: new Date(r.computed_at as string).toISOString(),
    content: (typeof r.content === 'string' ? JSON.parse(r.content) : r.content) as Record<string, unknown>,
  };
}

/**
 * In one round trip: the stored stories of a day and scope (or null), the counts per day over `from`..`day` (as
 * `dayCounts`) and the first day with counted posts (as `earliestDay`), so a summary can tell whether they are behind.
 */
export async function getDayStoriesWithCounts(
  db: Database,
  key: { day: string; scope: string; modelVersion: string; rule: string; from: string },
): Promise<{ stored: StoredDayStories | null; counts: Map<string, DayCounts>; earliest: string | null }> {
  const result = await db.execute(sql`
    with c as (
      select day, sum(posts) as posts, sum(coordinated) as coordinated from (
        select day, posts, 0 as coordinated from daily_sentiment
        where model_version = ${key.modelVersion} and day between ${key.from} and ${key.day}
        union all
        select day, 0, posts from daily_coordinated_sentiment
        where model_version = ${key.modelVersion} and day between ${key.from} and ${key.day}
      ) u group by day
    )
    select (select json_agg(json_build_array(to_char(day, 'YYYY-MM-DD'), posts, coordinated)) from c) as counts,
      (select to_char(min(day), 'YYYY-MM-DD') from daily_sentiment where posts > 0) as earliest,
      s.fingerprint, s.posts, s.computed_at, s.content
    from (select 1) as one left join day_stories s
      on s.day = ${key.day} and s.scope = ${key.scope} and s.model_version = ${key.modelVersion} and s.rule = ${key.rule}`);
  const r = rowsOf(result)[0] ?? {};
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  const counts = new Map(
    ((json(r.counts) ?? []) as [string, unknown, unknown][]).map(([day, posts, coordinated]) => [
      day,
      { posts: n(posts), coordinated: n(coordinated) },
    ]),
  );
  const stored =
    r.fingerprint === null || r.fingerprint === undefined
      ? null
      : {
          day: key.day,
          scope: key.scope,
          fingerprint: String(r.fingerprint),
          posts: n(r.posts),
          computedAt: new Date(r.computed_at as string).toISOString(),
          content: json(r.content) as Record<string, unknown>,
        };
  return { stored, counts, earliest: r.earliest ? String(r.earliest) : null };
}

/** Fingerprints of the stored stories of every day and scope for the model version and spike rule (without content). */
export async function listDayStoryFingerprints(
  db: Database,
  key: { modelVersion: string; rule: string },
): Promise<Map<string, { fingerprint: string; computedAt: string }>> {
  const result = await db.execute(sql`
    select to_char(day, 'YYYY-MM-DD') as day, scope, fingerprint, computed_at from day_stories
    where model_version = ${key.modelVersion} and rule = ${key.rule}`);
  return new Map(
    rowsOf(result).map((r) => [
      `${String(r.day)} ${String(r.scope)}`,
      { fingerprint: String(r.fingerprint), computedAt: new Date(r.computed_at as string).toISOString() },
    ]),
  );
}

/** Stores (or replaces) the stories of a day and scope. */
export async function saveDayStories(
  db: Database,
  row: Omit<StoredDayStories, 'computedAt'> & { modelVersion: string; rule: string; computedAt: Date },
): Promise<void> {
  await db.execute(sql`
    insert into day_stories (day, scope, model_version, rule, fingerprint, posts, computed_at, content)
    values (${row.day}, ${row.scope}, ${row.modelVersion}, ${row.rule}, ${row.fingerprint}, ${row.posts},
      ${row.computedAt.toISOString()}, ${JSON.stringify(row.content)}::jsonb)
    on conflict (day, scope, model_version, rule) do update set fingerprint = excluded.fingerprint,
      posts = excluded.posts, computed_at = excluded.computed_at, content = excluded.content`);
}
