// The pages of posts behind a number, read by keyset on the index each filter has (the label's and the topic's
// engagement order, the rollups' daily counts for the newest posts), against the same filter answered by one plain
// statement over the posts: on random windows, filters, sorts and page sizes, every page equals the plain answer.
import { addDays } from '@pantau/contracts';
import { migratedTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../client.ts';
import { arrayParam, rowsOf } from '../sql.ts';
import { createTopic } from '../topics/topics.ts';
import { writeAnalyzedBatch } from './batch.ts';
import { keywordMentionDays, keywordMentionsNewest, type Mention, type MentionCursor, mentions } from './queries.ts';

const MODEL = 'm1';
const FIRST_DAY = '2026-11-01';
const DAYS = 12;
const PLATFORMS = ['x', 'facebook', 'instagram', 'tiktok'] as const;
const LABELS = ['negative', 'neutral', 'positive', 'uncertain'] as const;
const WORDS = ['antre', 'obat', 'iur', 'klaim', 'rujuk', 'denda'];

let db: TestDatabase;
let handle: DatabaseHandle;
let topicIds: number[] = [];

/** A small deterministic generator, so a failure replays. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

beforeAll(async () => {
  ({ testDb: db, handle } = await migratedTestDatabase());
  topicIds = [];
  for (const name of ['antrean', 'obat', 'iuran']) topicIds.push((await createTopic(handle.db, { name, query: name })).id);
  const next = random(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T;
  const batch = [];
  for (let i = 0; i < 1_500; i++) {
    const dayIndex = Math.floor(next() * DAYS);
    const day = addDays(FIRST_DAY, dayIndex);
    // Jakarta is UTC+7: the day's instants start at 17:00 UTC the day before; whole seconds, as cursors carry them.
    const publishedAt = new Date(Date.parse(`${addDays(day, -1)}T17:00:00Z`) + Math.floor(next() * 86_400) * 1000).toISOString();
    // Skewed and bursty: some words only on some days, labels and platforms unevenly, engagement with many ties and the
    // most engaged posts of a day mostly of one label.
    const words = WORDS.filter((_, k) => (k === 1 ? dayIndex % 4 === 0 : next() < 0.3 + k * 0.05));
    const label = next() < 0.5 ? 'negative' : pick(LABELS);
    const boost = label === 'positive' ? 20 : 0;
    batch.push(
      makeAnalyzed(
        makePost({
          platform: next() < 0.6 ? 'x' : pick(PLATFORMS),
          externalId: `m${i}`,
          publishedAt,
          engagement: { likes: Math.floor(next() * 5) + boost, replies: Math.floor(next() * 3), shares: Math.floor(next() * 2), views: 10 },
        }),
        { label, day, offset: i, keywords: words.length > 0 ? words : ['lain'] },
      ),
    );
    const last = batch[batch.length - 1] as (typeof batch)[number] & { topicIds?: number[] };
    last.topicIds = topicIds.filter(() => next() < 0.2);
  }
  for (let i = 0; i < batch.length; i += 500) {
    await writeAnalyzedBatch(handle.db, { modelVersion: MODEL, posts: batch.slice(i, i + 500), exclusions: [] });
  }
  // Rows written without the copied columns get them from their post (a label written again, a topic's back-fill), and
  // engagement changed in place is carried to labels and tags.
  await handle.db.execute(sql`create table relabel as select post_id, model_version, label, p_negative, p_neutral, p_positive, confidence
    from sentiment_labels where post_id % 7 = 0`);
  await handle.db.execute(sql`delete from sentiment_labels where post_id % 7 = 0`);
  await handle.db.execute(sql`insert into sentiment_labels (post_id, model_version, label, p_negative, p_neutral, p_positive, confidence)
    select * from relabel`);
  await handle.db.execute(sql`drop table relabel`);
  const backfilled = (await createTopic(handle.db, { name: 'klaim', query: 'klaim' })).id;
  topicIds.push(backfilled);
  await handle.db.execute(sql`insert into post_topics (topic_id, post_id, day) select ${backfilled}, id, day from posts where id % 3 = 1`);
  await handle.db.execute(sql`update posts set likes = likes + 7 where id % 11 = 0`);
}, 120_000);

afterAll(async () => {
  await handle?.close();
  await db?.drop();
});

interface Filter {
  from: string;
  to: string;
  platform?: string | undefined;
  label?: string | undefined;
  key?: string | undefined;
  topicId?: number | undefined;
  sort: 'time' | 'engagement';
}

/** The filter's posts in the sort's order after the cursor, by one plain statement over posts, labels and tags. */
async function plainIds(f: Filter, after: MentionCursor | undefined, limit: number): Promise<number[]> {
  const conditions = [
    sql`p.day between ${f.from} and ${f.to}`,
    f.platform ? sql`p.platform = ${f.platform}` : undefined,
    f.label ? sql`l.label = ${f.label}` : undefined,
    f.key ? sql`${f.key} = any(p.keywords)` : undefined,
    f.topicId !== undefined ? sql`p.id in (select post_id from post_topics where topic_id = ${f.topicId})` : undefined,
    after?.sort === 'time' ? sql`(p.published_at, p.id) < (${after.publishedAt}::timestamptz, ${after.id}::bigint)` : undefined,
    after?.sort === 'engagement'
      ? sql`(p.likes + p.replies + p.shares, p.id) < (${after.engagement}::bigint, ${after.id}::bigint)`
      : undefined,
  ].filter((c) => c !== undefined);
  const order = f.sort === 'time' ? sql`p.published_at desc, p.id desc` : sql`p.likes + p.replies + p.shares desc, p.id desc`;
  const rows = rowsOf(
    await handle.db.execute(sql`select p.id from posts p join sentiment_labels l on l.post_id = p.id and l.model_version = ${MODEL}
      where ${sql.join(conditions, sql` and `)} order by ${order} limit ${limit}`),
  );
  return rows.map((r) => Number(r.id));
}

const cursorOf = (sort: Filter['sort'], m: Mention): MentionCursor =>
  sort === 'time'
    ? { sort: 'time', publishedAt: m.publishedAt, id: m.id }
    : { sort: 'engagement', engagement: m.engagement.likes + m.engagement.replies + m.engagement.shares, id: m.id };

describe('mention pages on their keyset indexes', () => {
  it('copies each post’s day, engagement and platform beside its labels and tags', async () => {
    const stale = rowsOf(
      await handle.db.execute(sql`select
        (select count(*) from sentiment_labels l join posts p on p.id = l.post_id
          where l.day is distinct from p.day or l.platform is distinct from p.platform
            or l.engagement is distinct from p.likes::bigint + p.replies + p.shares) as labels,
        (select count(*) from post_topics t join posts p on p.id = t.post_id
          where t.engagement is distinct from p.likes::bigint + p.replies + p.shares) as tags`),
    )[0];
    expect(stale).toEqual({ labels: 0, tags: 0 });
  });

  it('pages every filter and sort exactly as one plain statement over the posts', async () => {
    const filter = fc.record({
      start: fc.integer({ min: -1, max: DAYS }),
      length: fc.integer({ min: 1, max: DAYS + 1 }),
      platform: fc.option(fc.constantFrom(...PLATFORMS), { nil: undefined }),
      label: fc.option(fc.constantFrom(...LABELS), { nil: undefined }),
      key: fc.option(fc.constantFrom(...WORDS), { nil: undefined }),
      topic: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      sort: fc.constantFrom('time' as const, 'engagement' as const),
      limit: fc.integer({ min: 1, max: 40 }),
    });
    await fc.assert(
      fc.asyncProperty(filter, async (g) => {
        const from = addDays(FIRST_DAY, g.start);
        const f: Filter = {
          from,
          to: addDays(from, g.length - 1),
          platform: g.platform,
          label: g.label,
          key: g.key,
          topicId: g.topic === undefined ? undefined : topicIds[g.topic],
          sort: g.sort,
        };
        let after: MentionCursor | undefined;
        for (let page = 0; page < 3; page++) {
          const got = await mentions(handle.db, { ...f, modelVersion: MODEL, limit: g.limit, after });
          const expected = await plainIds(f, after, g.limit);
          expect(got.map((m) => m.id)).toEqual(expected);
          if (f.key !== undefined && f.topicId === undefined && f.sort === 'time') {
            // The keyword's days and its page in one statement: the same page, and the days the total sums.
            const one = await keywordMentionsNewest(handle.db, { ...f, key: f.key, modelVersion: MODEL, limit: g.limit, after });
            expect(one.mentions.map((m) => m.id)).toEqual(expected);
            const days = await keywordMentionDays(handle.db, { ...f, key: f.key, modelVersion: MODEL });
            const byDay = (d: { day: string; n: number }[]) => [...d].sort((a, b) => (a.day < b.day ? -1 : 1));
            expect(byDay(one.countedDays)).toEqual(byDay(days));
          }
          const last = got[got.length - 1];
          if (!last || got.length < g.limit) break;
          after = cursorOf(f.sort, last);
        }
      }),
      { numRuns: 150, seed: 17 },
    );
  }, 300_000);

  it('answers the newest posts of a keyword absent from most days without walking those days', async () => {
    // 'obat' is on every fourth day only: the statement reads the days the rollup counts, and finds what the plain one does.
    const f: Filter = { from: FIRST_DAY, to: addDays(FIRST_DAY, DAYS - 1), key: 'obat', sort: 'time' };
    const got = await mentions(handle.db, { ...f, modelVersion: MODEL, limit: 25 });
    expect(got.map((m) => m.id)).toEqual(await plainIds(f, undefined, 25));
    expect(new Set(got.map((m) => m.day)).size).toBeGreaterThan(0);
    const counted = rowsOf(
      await handle.db.execute(
        sql`select count(distinct day) as n from daily_keywords where key = 'obat' and day = any(${arrayParam(
          Array.from({ length: DAYS }, (_, i) => addDays(FIRST_DAY, i)),
        )}::date[])`,
      ),
    )[0];
    expect(Number(counted?.n)).toBe(3);
  });
});
