import { createHash } from 'node:crypto';
import { migratedTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../client.ts';
import { writeAnalyzedBatch } from '../posts/batch.ts';
import { forgetAuthor } from '../privacy/privacy.ts';
import { rowsOf } from '../sql.ts';
import { createTopic } from '../topics/topics.ts';
import { readVolumeRows, rebuildVolume, volumeSeries } from './queries.ts';
import { emptySketch, estimateDistinct, SKETCH_RELATIVE_STANDARD_ERROR, sketchEntry, unionInto } from './sketch.ts';

/** Adds a pseudonym as migration 0014's pantau_hll_entry does, computed independently of `sketchEntry` (BigInt bits). */
function add(sketch: Uint8Array, pseudonym: string): void {
  const hash = createHash('md5').update(pseudonym).digest();
  const bits = hash.readBigUInt64BE(0);
  const register = Number(bits >> 52n);
  const rest = bits & ((1n << 52n) - 1n);
  const value = rest === 0n ? 53 : 52 - rest.toString(2).length + 1;
  if ((sketch[register] as number) < value) sketch[register] = value;
}

const sketchOf = (names: Iterable<string>) => {
  const s = emptySketch();
  for (const name of names) add(s, name);
  return s;
};

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `author-${from + i}`);

describe('author sketches', () => {
  it('estimates distinct counts from a handful to 200,000 within three standard errors', () => {
    expect(estimateDistinct(emptySketch())).toBe(0);
    expect(estimateDistinct(sketchOf(['one']))).toBe(1);
    for (const n of [10, 1_000, 5_000, 12_000, 200_000]) {
      const estimate = estimateDistinct(sketchOf(range(0, n)));
      expect(Math.abs(estimate - n) / n, `n = ${n}: ${estimate}`).toBeLessThan(3 * SKETCH_RELATIVE_STANDARD_ERROR);
    }
  });

  it('computes the entry of a pseudonym as the reference does', () => {
    for (const name of [...range(0, 5_000), '', 'removed:x']) {
      const one = emptySketch();
      add(one, name);
      const entry = sketchEntry(name);
      expect(one[entry >> 6], name).toBe(entry & 63);
    }
  });

  it('counts an author seen twice once, and the union of two sketches as the sketch of both sets', () => {
    const a = sketchOf(range(0, 30_000));
    const b = sketchOf(range(20_000, 50_000));
    expect(estimateDistinct(sketchOf([...range(0, 30_000), ...range(0, 30_000)]))).toBe(estimateDistinct(a));
    const union = unionInto(Uint8Array.from(a), b);
    expect(union).toEqual(sketchOf(range(0, 50_000)));
    expect(Math.abs(estimateDistinct(union) - 50_000) / 50_000).toBeLessThan(3 * SKETCH_RELATIVE_STANDARD_ERROR);
  });
});

let testDb: TestDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  ({ testDb, handle } = await migratedTestDatabase());
});

afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

/** Every volume row and topic volume row, sketches as hex, in key order. */
async function volumeTables() {
  const rows = await handle.db.execute(sql`
    select 0 as topic_id, day::text, platform, posts, likes, views, encode(authors, 'hex') as authors from daily_volume
    union all
    select topic_id, day::text, platform, posts, likes, views, encode(authors, 'hex') from daily_topic_volume
    order by 1, 2, 3`);
  return rowsOf(rows);
}

const pseudonym = (i: number) => createHash('sha256').update(`author ${i}`).digest('hex');

describe('volume rollups on Postgres', () => {
  it('keeps posts, engagement and author sketches per day, platform and topic as a recount from posts finds them', async () => {
    const topic = await createTopic(handle.db, { name: 'antrean', query: 'antrean' });
    // 3,000 posts by 1,200 authors over three days and two platforms, in batches of 500; every third post tagged.
    for (let batch = 0; batch < 6; batch++) {
      const posts = Array.from({ length: 500 }, (_, j) => {
        const i = batch * 500 + j;
        const day = `2026-11-1${i % 3}`;
        const analyzed = makeAnalyzed(
          makePost({
            externalId: `v${i}`,
            platform: i % 2 ? 'x' : 'facebook',
            authorPseudonym: pseudonym(i % 1_200),
            publishedAt: `${day}T03:00:00.000Z`,
            engagement: { likes: i % 5, replies: 0, shares: 0, views: 10 },
          }),
          { offset: i, day },
        );
        return i % 3 === 0 ? { ...analyzed, topicIds: [topic.id] } : analyzed;
      });
      await writeAnalyzedBatch(handle.db, { modelVersion: 'm1', posts, exclusions: [] });
    }
    const written = await volumeTables();
    expect(written.length).toBeGreaterThan(0);
    await rebuildVolume(handle.db);
    expect(await volumeTables()).toEqual(written);

    // The database's registers are the ones this file's reference hashing computes.
    const [facebookFirstDay] = await readVolumeRows(handle.db, { from: '2026-11-10', to: '2026-11-10', platform: 'facebook' });
    const authorsThere = new Set<string>();
    for (let i = 0; i < 3_000; i++) if (i % 3 === 0 && i % 2 === 0) authorsThere.add(pseudonym(i % 1_200));
    expect(Buffer.from(facebookFirstDay?.authors ?? []).toString('hex')).toBe(Buffer.from(sketchOf(authorsThere)).toString('hex'));

    const window = { from: '2026-11-10', to: '2026-11-12', granularity: 'day' as const };
    const exact = rowsOf(
      await handle.db.execute(sql`select day::text as day, count(*) as posts, count(distinct author_pseudonym) as authors
        from posts group by rollup (day) order by day nulls last`),
    );
    const estimated = await volumeSeries(handle.db, window);
    expect(estimated.distinctAuthors.method).toBe('hyperloglog');
    expect(estimated.series.map((p) => p.posts)).toEqual(exact.filter((r) => r.day !== null).map((r) => Number(r.posts)));
    for (const [i, p] of estimated.series.entries()) {
      const truth = Number(exact[i]?.authors);
      expect(Math.abs(p.uniqueAuthors - truth) / truth).toBeLessThan(3 * SKETCH_RELATIVE_STANDARD_ERROR);
    }
    expect(Math.abs(estimated.uniqueAuthors - 1_200) / 1_200).toBeLessThan(3 * SKETCH_RELATIVE_STANDARD_ERROR);
    // Without coordinated posts the count is exact, and says so.
    const counted = await volumeSeries(handle.db, { ...window, excludeCoordinated: true });
    expect(counted.distinctAuthors.method).toBe('exact');
    expect(counted.uniqueAuthors).toBe(1_200);
    expect(counted.series.map((p) => p.uniqueAuthors)).toEqual(exact.filter((r) => r.day !== null).map((r) => Number(r.authors)));

    const topicVolume = await volumeSeries(handle.db, { ...window, granularity: 'week', topicId: topic.id });
    expect(topicVolume.series.reduce((t, p) => t + p.posts, 0)).toBe(1_000);

    // Forgetting an author recounts the days: the rows stay equal to a rebuild from the posts left.
    await forgetAuthor(handle.db, { pseudonym: pseudonym(7), requestedBy: 'cli' });
    const afterForget = await volumeTables();
    await rebuildVolume(handle.db);
    expect(await volumeTables()).toEqual(afterForget);
    expect((await volumeSeries(handle.db, window)).series.reduce((t, p) => t + p.posts, 0)).toBe(3_000 - 3);
  });
});
