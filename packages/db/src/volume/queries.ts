// Volume per day or week (posts, distinct authors, engagement) from the daily volume rollups and their author sketches,
// and the writes that keep those rollups: added to by each batch and each topic tagging, rebuilt from posts.

import { mondayOf } from '@pantau/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { notCoordinated } from '../coordination/queries.ts';
import { arrayParam, type DayWindow, type Executor, type Granularity, rowsOf } from '../sql.ts';
import {
  type DistinctAuthorsMethod,
  EXACT_DISTINCT_AUTHORS,
  emptySketch,
  estimateDistinct,
  SKETCH_METHOD,
  sketchEntry,
  unionInto,
} from './sketch.ts';

/** Volume of one period: posts, distinct author pseudonyms, engagement sums. */
export interface VolumePeriod {
  period: string;
  posts: number;
  uniqueAuthors: number;
  likes: number;
  replies: number;
  shares: number;
  views: number;
}

/** A window's volume per period, its distinct authors over the whole window, and how they were counted. */
export interface Volume {
  series: VolumePeriod[];
  /** Distinct authors of the whole window (not the sum of the periods'). */
  uniqueAuthors: number;
  /** How distinct authors were counted: estimated from the sketches, or exactly from posts. */
  distinctAuthors: DistinctAuthorsMethod;
}

/** One row of `daily_volume` (or of one topic's `daily_topic_volume`). */
export interface VolumeRow {
  day: string;
  platform: string;
  posts: number;
  likes: number;
  replies: number;
  shares: number;
  views: number;
  authors: Uint8Array;
}

const n = (v: unknown) => Number(v ?? 0);

const toVolumeRow = (r: Record<string, unknown>): VolumeRow => ({
  day: String(r.day),
  platform: String(r.platform),
  posts: n(r.posts),
  likes: n(r.likes),
  replies: n(r.replies),
  shares: n(r.shares),
  views: n(r.views),
  authors: r.authors instanceof Uint8Array ? r.authors : emptySketch(),
});

/** The volume rows of a window (all days when `window` is omitted): all posts, or one topic's tagged posts. */
export async function readVolumeRows(db: Executor, window?: Pick<DayWindow, 'from' | 'to' | 'platform' | 'topicId'>): Promise<VolumeRow[]> {
  const topic = window?.topicId !== undefined;
  const where = sql.join(
    [
      topic ? sql`topic_id = ${window?.topicId}` : undefined,
      window ? sql`day between ${window.from} and ${window.to}` : undefined,
      window?.platform ? sql`platform = ${window.platform}` : undefined,
    ].filter((c): c is SQL => c !== undefined),
    sql` and `,
  );
  const result = await db.execute(sql`
    select to_char(day, 'YYYY-MM-DD') as day, platform, posts, likes, replies, shares, views, authors
    from ${topic ? sql`daily_topic_volume` : sql`daily_volume`} ${window ? sql`where ${where}` : sql``}`);
  return rowsOf(result).map(toVolumeRow);
}

/** A window's volume from its rollup rows (any rows outside the window or platform are skipped): sums and sketch unions. */
export function volumeOf(rows: readonly VolumeRow[], window: DayWindow & { granularity: Granularity }): Volume {
  const periods = new Map<string, VolumePeriod & { sketches: Uint8Array[] }>();
  for (const r of rows) {
    if (r.day < window.from || r.day > window.to || (window.platform && r.platform !== window.platform)) continue;
    const period = window.granularity === 'week' ? mondayOf(r.day) : r.day;
    let p = periods.get(period);
    if (!p) {
      p = { period, posts: 0, uniqueAuthors: 0, likes: 0, replies: 0, shares: 0, views: 0, sketches: [] };
      periods.set(period, p);
    }
    p.posts += r.posts;
    p.likes += r.likes;
    p.replies += r.replies;
    p.shares += r.shares;
    p.views += r.views;
    p.sketches.push(r.authors);
  }
  // A period of one row (a day of one platform, or of all platforms united) is that row's sketch, estimated once per
  // row while the row is kept; the row's sketch itself is never written.
  const whole = emptySketch();
  const series: VolumePeriod[] = [];
  for (const key of [...periods.keys()].sort()) {
    const { sketches, ...p } = periods.get(key) as VolumePeriod & { sketches: Uint8Array[] };
    const [only] = sketches;
    let uniqueAuthors: number;
    if (sketches.length === 1 && only) {
      unionInto(whole, only);
      uniqueAuthors = estimateOf(only);
    } else {
      const sketch = emptySketch();
      for (const s of sketches) unionInto(sketch, s);
      unionInto(whole, sketch);
      uniqueAuthors = estimateDistinct(sketch);
    }
    if (p.posts > 0) series.push({ ...p, uniqueAuthors });
  }
  return { series, uniqueAuthors: estimateDistinct(whole), distinctAuthors: SKETCH_METHOD };
}

/** Each kept row's estimate, computed at its first use (sketches are not written after they are read). */
const estimates = new WeakMap<Uint8Array, number>();
function estimateOf(sketch: Uint8Array): number {
  let estimate = estimates.get(sketch);
  if (estimate === undefined) {
    estimate = estimateDistinct(sketch);
    estimates.set(sketch, estimate);
  }
  return estimate;
}

/** Rows of every platform of a day summed into one row per day (platform `*`), sketches united: a window over all platforms. */
export function allPlatformsPerDay(rows: readonly VolumeRow[]): VolumeRow[] {
  const days = new Map<string, VolumeRow>();
  for (const r of rows) {
    const d = days.get(r.day);
    if (!d) {
      days.set(r.day, { ...r, platform: '*', authors: Uint8Array.from(r.authors) });
      continue;
    }
    d.posts += r.posts;
    d.likes += r.likes;
    d.replies += r.replies;
    d.shares += r.shares;
    d.views += r.views;
    unionInto(d.authors, r.authors);
  }
  return [...days.values()];
}

/**
 * Posts, distinct author pseudonyms and engagement per day or ISO week: from the daily volume rollups and their author
 * sketches (distinct authors estimated), or, without coordinated posts or for some languages only, counted exactly from
 * the posts.
 */
export async function volumeSeries(db: Database, window: DayWindow & { granularity: Granularity }): Promise<Volume> {
  if (!window.excludeCoordinated && !window.languages) return volumeOf(await readVolumeRows(db, window), window);
  const bucket = (day: SQL) => (window.granularity === 'week' ? sql`date_trunc('week', ${day})::date` : day);
  const filter = sql`${window.platform ? sql`and p.platform = ${window.platform}` : sql``} ${notCoordinated(window, sql`p.id`)}
    ${window.languages ? sql`and p.lang = any(${arrayParam(window.languages)}::text[])` : sql``}`;
  const source =
    window.topicId === undefined
      ? sql`select ${bucket(sql`p.day`)} as d, p.author_pseudonym, p.likes, p.replies, p.shares, p.views from posts p
          where p.day between ${window.from} and ${window.to} ${filter}`
      : sql`select ${bucket(sql`pt.day`)} as d, p.author_pseudonym, p.likes, p.replies, p.shares, p.views
          from post_topics pt join posts p on p.id = pt.post_id
          where pt.topic_id = ${window.topicId} and pt.day between ${window.from} and ${window.to} ${filter}`;
  // The window's distinct authors ride along as a grouping set of their own (d null).
  const result = await db.execute(sql`
    select to_char(d, 'YYYY-MM-DD') as period, count(*) as posts, count(distinct author_pseudonym) as authors,
      sum(likes) as likes, sum(replies) as replies, sum(shares) as shares, sum(views) as views
    from (${source}) v group by grouping sets ((d), ()) order by d nulls last`);
  const rows = rowsOf(result);
  const series = rows
    .filter((r) => r.period !== null)
    .map((r) => ({
      period: String(r.period),
      posts: n(r.posts),
      uniqueAuthors: n(r.authors),
      likes: n(r.likes),
      replies: n(r.replies),
      shares: n(r.shares),
      views: n(r.views),
    }));
  return { series, uniqueAuthors: n(rows.find((r) => r.period === null)?.authors), distinctAuthors: EXACT_DISTINCT_AUTHORS };
}

/** A just-stored post as the volume rollup counts it. */
export interface VolumePost {
  day: string;
  platform: string;
  authorPseudonym: string;
  likes: number;
  replies: number;
  shares: number;
  views: number;
}

/**
 * Adds just-stored posts to `daily_volume`, in the batch's transaction: the counts by an upsert that locks rows in key
 * order, then the author sketches of those (now locked) rows raised by the posts' register entries.
 */
export async function addToVolume(tx: Executor, stored: readonly VolumePost[]): Promise<void> {
  if (stored.length === 0) return;
  const values = sql`unnest(${arrayParam(stored.map((p) => p.day))}::date[], ${arrayParam(stored.map((p) => p.platform))}::text[],
    ${arrayParam(stored.map((p) => sketchEntry(p.authorPseudonym)))}::int[], ${arrayParam(stored.map((p) => p.likes))}::bigint[],
    ${arrayParam(stored.map((p) => p.replies))}::bigint[], ${arrayParam(stored.map((p) => p.shares))}::bigint[],
    ${arrayParam(stored.map((p) => p.views))}::bigint[]) as v(day, platform, entry, likes, replies, shares, views)`;
  await tx.execute(sql`
    insert into daily_volume (day, platform, posts, likes, replies, shares, views)
    select day, platform, count(*), sum(likes), sum(replies), sum(shares), sum(views) from ${values}
    group by 1, 2 order by 1, 2
    on conflict (day, platform) do update set posts = daily_volume.posts + excluded.posts, likes = daily_volume.likes + excluded.likes,
      replies = daily_volume.replies + excluded.replies, shares = daily_volume.shares + excluded.shares,
      views = daily_volume.views + excluded.views`);
  // Only sketches a register of which rises are written: once a day has many authors most batches raise none, and an
  // unchanged sketch keeps its stored (toasted) value instead of being compressed and logged again.
  await tx.execute(sql`
    update daily_volume d set authors = a.raised
    from (
      select v.day, v.platform, pantau_hll_add(s.authors, v.entries) as raised, s.authors
      from (select day, platform, array_agg(entry) as entries from ${values} group by 1, 2) v
      join daily_volume s on s.day = v.day and s.platform = v.platform
    ) a
    where d.day = a.day and d.platform = a.platform and a.raised <> a.authors`);
}

/**
 * Adds just-stored topic tags, each with its post's values, to `daily_topic_volume` as `addToVolume` adds posts to
 * `daily_volume` (the batch write, which has the values in hand: nothing is read back from the tags or the posts).
 */
export async function addToTaggedVolume(tx: Executor, tagged: readonly (VolumePost & { topicId: number })[]): Promise<void> {
  if (tagged.length === 0) return;
  const values = sql`unnest(${arrayParam(tagged.map((p) => p.topicId))}::int[], ${arrayParam(tagged.map((p) => p.day))}::date[],
    ${arrayParam(tagged.map((p) => p.platform))}::text[], ${arrayParam(tagged.map((p) => sketchEntry(p.authorPseudonym)))}::int[],
    ${arrayParam(tagged.map((p) => p.likes))}::bigint[], ${arrayParam(tagged.map((p) => p.replies))}::bigint[],
    ${arrayParam(tagged.map((p) => p.shares))}::bigint[], ${arrayParam(tagged.map((p) => p.views))}::bigint[])
    as v(topic_id, day, platform, entry, likes, replies, shares, views)`;
  await upsertTopicVolume(tx, values);
}

/**
 * Adds just-stored topic tags (topic and post ids, pairs at the same index; the posts stored) to `daily_topic_volume`,
 * as `addToVolume` adds posts to `daily_volume`.
 */
export async function addToTopicVolume(tx: Executor, tags: { topicIds: readonly number[]; postIds: readonly number[] }): Promise<void> {
  if (tags.postIds.length === 0) return;
  await upsertTopicVolume(
    tx,
    sql`(select pt.topic_id, pt.day, p.platform, pantau_hll_entry(p.author_pseudonym) as entry, p.likes, p.replies, p.shares, p.views
      from unnest(${arrayParam(tags.topicIds)}::int[], ${arrayParam(tags.postIds)}::bigint[]) as t(topic_id, post_id)
      join post_topics pt on pt.topic_id = t.topic_id and pt.post_id = t.post_id join posts p on p.id = pt.post_id) as v`,
  );
}

/**
 * Adds rows `values` (a from-item with columns topic_id, day, platform, entry (an author's sketch entry), likes, replies,
 * shares, views) to `daily_topic_volume`: counts and engagement summed, then the author sketches raised where they rise.
 */
async function upsertTopicVolume(tx: Executor, values: SQL): Promise<void> {
  await tx.execute(sql`
    insert into daily_topic_volume (topic_id, day, platform, posts, likes, replies, shares, views)
    select topic_id, day, platform, count(*), sum(likes), sum(replies), sum(shares), sum(views) from ${values}
    group by 1, 2, 3 order by 1, 2, 3
    on conflict (topic_id, day, platform) do update set posts = daily_topic_volume.posts + excluded.posts,
      likes = daily_topic_volume.likes + excluded.likes, replies = daily_topic_volume.replies + excluded.replies,
      shares = daily_topic_volume.shares + excluded.shares, views = daily_topic_volume.views + excluded.views`);
  await tx.execute(sql`
    update daily_topic_volume d set authors = a.raised
    from (
      select v.topic_id, v.day, v.platform, pantau_hll_add(s.authors, v.entries) as raised, s.authors
      from (select topic_id, day, platform, array_agg(entry) as entries from ${values} group by 1, 2, 3) v
      join daily_topic_volume s on s.topic_id = v.topic_id and s.day = v.day and s.platform = v.platform
    ) a
    where d.topic_id = a.topic_id and d.day = a.day and d.platform = a.platform and a.raised <> a.authors`);
}

/**
 * Rebuilds the volume rollups and their author sketches from the stored posts (the one recount the batch writes agree
 * with): `days` (every day when omitted) of all posts and of every topic, or only of one topic (`topicId`). For whatever
 * recomputes rollups: forgetting an author, a reanalysis, a repair.
 */
export async function rebuildVolume(db: Executor, scope: { days?: readonly string[]; topicId?: number } = {}): Promise<void> {
  const days = scope.days ? sql`${arrayParam(scope.days)}::date[]` : sql`null::date[]`;
  if (scope.topicId !== undefined) {
    await db.execute(sql`select pantau_rebuild_volume(${days}, ${scope.topicId}::int, false)`);
    return;
  }
  await db.execute(sql`select pantau_rebuild_volume(${days}, null, false)`);
  await db.execute(sql`select pantau_rebuild_volume(${days}, null, true)`);
}
