import { precisionRecall, type SignedPost, syntheticSet } from '@pantau/e2e/support/campaigns.ts';
import { writeAndCoordinate } from '@pantau/e2e/support/coordinate.ts';
import { migratedTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { analyzeText, CoordinationIndex, nearDuplicateSignature } from '@pantau/text';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../client.ts';
import { rowsOf } from '../sql.ts';
import { type CoordinationRule, maxAuthorsWithin, recentPosts } from './stage.ts';

const MODEL = 'test-model-1';
const RULE: CoordinationRule = { minAuthors: 5, windowSeconds: 60, similarity: 0.7, repeated: { minAuthors: 8, windowSeconds: 86_400 } };

function post(id: string, author: string, text: string, at: string, url: string | null = null): SignedPost {
  const t = analyzeText(text);
  return {
    ...makeAnalyzed(makePost({ externalId: id, authorPseudonym: author.padEnd(64, '0'), publishedAt: at, text, url }), {
      offset: Number(id.replace(/\D/g, '')) || 0,
    }),
    keywords: t.keywords,
    signature: nearDuplicateSignature(t.tokens, text, url, 'x'),
  };
}

// One index per database: the stage's memory across batches.
const indexes = new WeakMap<DatabaseHandle, CoordinationIndex>();
function indexOf(db: DatabaseHandle): CoordinationIndex {
  let index = indexes.get(db);
  if (!index) {
    index = new CoordinationIndex({ capacity: 10_000, horizonSeconds: 2 * 86_400 });
    indexes.set(db, index);
  }
  return index;
}

const write = async (db: DatabaseHandle, posts: SignedPost[]) =>
  (await writeAndCoordinate(db.db, indexOf(db), RULE, posts, MODEL)).coordination;

describe('coordinated-posting detection on Postgres', () => {
  let testDb: TestDatabase;
  let handle: DatabaseHandle;
  beforeAll(async () => ({ testDb, handle } = await migratedTestDatabase()));
  afterAll(async () => {
    await handle?.close();
    await testDb?.drop();
  });

  const TEXT = 'tolak kenaikan iuran bpjs kesehatan karena rakyat sedang susah dan pelayanan belum membaik';

  it('marks a cluster that reaches k authors later, earlier posts included, and keeps the coordinated rollups in step', async () => {
    await write(handle, [
      post('1', 'a1', TEXT, '2026-11-10T01:00:00Z'),
      post('2', 'a2', `${TEXT} #tolak`, '2026-11-10T01:00:20Z'),
      post('3', 'a3', TEXT.replace('susah', 'sulit'), '2026-11-10T01:00:40Z'),
    ]);
    const before = rowsOf(
      await handle.db.execute(sql`select size, distinct_authors, coordinated from coordination_clusters where kind = 'text'`),
    );
    expect(before).toEqual([{ size: 3, distinct_authors: 3, coordinated: false }]);
    expect(rowsOf(await handle.db.execute(sql`select count(*)::int as n from coordinated_posts`))[0]?.n).toBe(0);

    // The same author twice does not count twice.
    await write(handle, [post('4', 'a3', TEXT, '2026-11-10T01:01:00Z'), post('5', 'a4', TEXT, '2026-11-10T01:01:10Z')]);
    expect(rowsOf(await handle.db.execute(sql`select coordinated from coordination_clusters where kind = 'text'`))).toEqual([
      { coordinated: false },
    ]);

    await write(handle, [post('6', 'a5', `${TEXT} 🙏`, '2026-11-10T01:01:30Z')]);
    const [cluster] = rowsOf(
      await handle.db.execute(
        sql`select kind, size, distinct_authors, coordinated, similarity_threshold, min_authors, window_seconds, representative_text from coordination_clusters where kind = 'text'`,
      ),
    );
    expect(cluster).toMatchObject({ kind: 'text', size: 6, distinct_authors: 5, coordinated: true, min_authors: 5, window_seconds: 60 });
    expect(cluster?.similarity_threshold).toBeCloseTo(0.7);
    expect(cluster?.representative_text).toBe(TEXT);
    expect(rowsOf(await handle.db.execute(sql`select count(*)::int as n from coordinated_posts`))[0]?.n).toBe(6);
    const [rollup] = rowsOf(
      await handle.db.execute(sql`select posts, negative from daily_coordinated_sentiment where model_version = ${MODEL}`),
    );
    expect(rollup).toEqual({ posts: 6, negative: 6 });
    const [kw] = rowsOf(
      await handle.db.execute(sql`select posts from daily_coordinated_keywords where key = 'tolak naik' and model_version = ${MODEL}`),
    );
    expect(kw?.posts).toBe(6);

    // A seventh post joins the coordinated cluster and is counted once; a redelivered batch changes nothing.
    const seventh = [post('7', 'a6', TEXT, '2026-11-10T01:02:00Z')];
    await write(handle, seventh);
    await write(handle, seventh);
    expect(rowsOf(await handle.db.execute(sql`select posts from daily_coordinated_sentiment`))[0]?.posts).toBe(7);
    expect(rowsOf(await handle.db.execute(sql`select kind, size from coordination_clusters order by kind`))).toEqual([
      { kind: 'repeated', size: 7 },
      { kind: 'text', size: 7 },
    ]);
    // Six authors: co-posting (k = 5) but not repeated text (k = 8).
    expect(
      rowsOf(await handle.db.execute(sql`select count(*)::int as n from coordinated_posts where coposting and not repeated`))[0]?.n,
    ).toBe(7);
  });

  it('leaves the same text apart for co-posting when further apart than w, and flags it as repeated text once k authors posted it within a day', async () => {
    const other = 'antrean obat di apotek rumah sakit daerah bisa sampai empat jam kata warga sekitar';
    // One copy every 40 minutes from a new author: never two within w = 60 s.
    const slow = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, j) => {
        const i = from + j;
        return post(`2${i}`, `b${i}`, other, new Date(Date.parse('2026-11-10T05:00:00Z') + i * 2_400_000).toISOString());
      });
    await write(handle, slow(0, 6));
    const inText = sql`select count(*)::int as n from post_clusters pc join posts p on p.id = pc.post_id where p.external_id like '2_' and pc.kind = 'text'`;
    expect(rowsOf(await handle.db.execute(inText))[0]?.n).toBe(0);
    const repeatedGroup = sql`select size, distinct_authors, coordinated, min_authors, window_seconds from coordination_clusters c
      where kind = 'repeated' and exists (select 1 from post_clusters pc join posts p on p.id = pc.post_id where pc.cluster_id = c.id and p.external_id = '20')`;
    expect(rowsOf(await handle.db.execute(repeatedGroup))).toEqual([
      { size: 6, distinct_authors: 6, coordinated: false, min_authors: 8, window_seconds: 86_400 },
    ]);
    await write(handle, slow(6, 8));
    expect(rowsOf(await handle.db.execute(repeatedGroup))).toEqual([
      { size: 8, distinct_authors: 8, coordinated: true, min_authors: 8, window_seconds: 86_400 },
    ]);
    const flags = rowsOf(
      await handle.db.execute(sql`select bool_and(repeated) as repeated, bool_or(coposting) as coposting, count(*)::int as n
        from coordinated_posts cp join posts p on p.id = cp.post_id where p.external_id like '2_'`),
    );
    expect(flags).toEqual([{ repeated: true, coposting: false, n: 8 }]);
  });

  it('groups posts sharing one link (tracking parameters removed) into a link cluster', async () => {
    const batch = Array.from({ length: 5 }, (_, i) =>
      post(
        `3${i}`,
        `c${i}`,
        `baca ${['ini', 'deh', 'nih', 'yuk', 'cepat'][i]} https://berita.example/a?utm_source=${i}`,
        `2026-11-10T06:00:${10 + i * 5}Z`,
      ),
    );
    await write(handle, batch);
    const rows = rowsOf(
      await handle.db.execute(sql`select kind, link, size, distinct_authors, coordinated from coordination_clusters where kind = 'link'`),
    );
    expect(rows).toEqual([{ kind: 'link', link: 'https://berita.example/a', size: 5, distinct_authors: 5, coordinated: true }]);
  });

  it('a stage restarted with a fresh memory refilled from the database handles a batch again without changing anything', async () => {
    const counts = async () =>
      rowsOf(
        await handle.db.execute(sql`select (select count(*)::int from post_clusters) as members, (select count(*)::int from coordination_clusters) as groups,
          (select count(*)::int from coordinated_posts) as marked, (select coalesce(sum(posts), 0)::int from daily_coordinated_sentiment) as rollup`),
      )[0];
    const before = await counts();
    const fresh = new CoordinationIndex({ capacity: 10_000, horizonSeconds: 2 * 86_400 });
    for (const r of await recentPosts(handle.db, 10_000, 2 * 86_400)) {
      const sig = nearDuplicateSignature(analyzeText(r.text).tokens, r.text, r.url, r.platform);
      fresh.add({ id: r.id, publishedAtMs: Date.parse(r.publishedAt), minhash: sig.minhash, links: sig.links });
      for (const g of r.groups) fresh.setGroup(g.kind, r.id, g.group);
    }
    indexes.set(handle, fresh);
    await write(handle, [
      post('7', 'a6', TEXT, '2026-11-10T01:02:00Z'),
      post('30', 'c0', 'baca ini https://berita.example/a?utm_source=0', '2026-11-10T06:00:10Z'),
    ]);
    expect(await counts()).toEqual(before);
  });
});

describe('authors within one window', () => {
  it('counts distinct authors inside a sliding window, not along a chain', () => {
    const day = 86_400_000;
    // One new author a day for ten days: never more than two within a day.
    const daily = Array.from({ length: 10 }, (_, i) => ({ author: `a${i}`, atMs: i * day }));
    expect(maxAuthorsWithin(daily, day)).toBe(2);
    // The same author twice counts once.
    expect(
      maxAuthorsWithin(
        [...daily.slice(0, 3), { author: 'a0', atMs: 1 }].map((p) => ({ ...p, atMs: p.atMs / 10 })),
        day,
      ),
    ).toBe(3);
  });
});

describe('planted campaigns and organic look-alikes', () => {
  let testDb: TestDatabase;
  let handle: DatabaseHandle;
  beforeAll(async () => ({ testDb, handle } = await migratedTestDatabase()));
  afterAll(async () => {
    await handle?.close();
    await testDb?.drop();
  });

  it('finds each planted campaign as one coordinated cluster and leaves the headline sharers alone', async () => {
    const set = syntheticSet({ seed: 7 });
    for (let i = 0; i < set.length; i += 250)
      await write(
        handle,
        set.slice(i, i + 250).map((p) => p.item),
      );
    const flagged = new Set(
      rowsOf(
        await handle.db.execute(sql`select p.external_id from coordinated_posts c join posts p on p.id = c.post_id where c.coposting`),
      ).map((r) => String(r.external_id)),
    );
    const score = precisionRecall(set, flagged);
    console.info(`coordination detector on the synthetic set: ${JSON.stringify(score)}`);
    expect(score.recall).toBeGreaterThanOrEqual(0.95);
    expect(score.precision).toBeGreaterThanOrEqual(0.95);
    const clusters = rowsOf(
      await handle.db.execute(
        sql`select kind, size, distinct_authors from coordination_clusters where coordinated and kind <> 'repeated' order by kind, id`,
      ),
    );
    expect(clusters.filter((c) => c.kind === 'text').map((c) => c.size)).toEqual([30, 30, 30, 30, 30, 30]);
    expect(clusters.filter((c) => c.kind === 'link').map((c) => c.distinct_authors)).toEqual([30]);
    // Groups grown over many batches (their figures added to) hold what a count of their members gives.
    const off = rowsOf(
      await handle.db.execute(sql`
        select c.id from coordination_clusters c
        join (select pc.cluster_id, count(*)::int as size, count(distinct p.author_pseudonym)::int as authors, min(p.published_at) as first_at,
            max(p.published_at) as last_at, min(p.day) as first_day, max(p.day) as last_day,
            (array_agg(p.text order by p.published_at, p.id))[1] as text
          from post_clusters pc join posts p on p.id = pc.post_id group by pc.cluster_id) m on m.cluster_id = c.id
        where (c.size, c.distinct_authors, c.first_at, c.last_at, c.first_day, c.last_day, c.representative_text)
          <> (m.size, m.authors, m.first_at, m.last_at, m.first_day, m.last_day, m.text)
          or c.distinct_authors <> (select count(*) from cluster_authors ca where ca.cluster_id = c.id)`),
    );
    expect(off).toEqual([]);
    expect(
      Number(rowsOf(await handle.db.execute(sql`select count(*) as n from coordination_clusters where size > 1`))[0]?.n),
    ).toBeGreaterThan(6);
  });
});

describe('forgetting an author who posted in clusters', () => {
  let testDb: TestDatabase;
  let handle: DatabaseHandle;
  beforeAll(async () => ({ testDb, handle } = await migratedTestDatabase()));
  afterAll(async () => {
    await handle?.close();
    await testDb?.drop();
  });

  const TEXT = 'kebijakan baru bpjs kesehatan sangat membantu rakyat kecil ayo dukung program jkn demi indonesia sehat';
  const count = async (query: ReturnType<typeof sql>) => Number(rowsOf(await handle.db.execute(query))[0]?.n ?? 0);
  const coordinatedRecount = () =>
    handle.db.execute(sql`
      select (select coalesce(sum(posts), 0)::int from daily_coordinated_sentiment) as rollup,
        (select count(*)::int from coordinated_posts) as marked,
        (select count(*)::int from post_clusters pc join coordination_clusters c on c.id = pc.cluster_id where c.coordinated) as recount`);

  it('recounts the cluster, keeps it coordinated while k authors remain, and un-marks it below k', async () => {
    const { forgetAuthor } = await import('../privacy/privacy.ts');
    await write(
      handle,
      ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'].map((a, i) => post(`${i + 1}`, a, TEXT, `2026-11-12T02:00:${String(i * 5).padStart(2, '0')}Z`)),
    );
    expect(
      rowsOf(await handle.db.execute(sql`select size, distinct_authors, coordinated from coordination_clusters where kind = 'text'`)),
    ).toEqual([{ size: 6, distinct_authors: 6, coordinated: true }]);

    await forgetAuthor(handle.db, { pseudonym: 'b1'.padEnd(64, '0'), requestedBy: 'test' });
    expect(
      rowsOf(await handle.db.execute(sql`select size, distinct_authors, coordinated from coordination_clusters where kind = 'text'`)),
    ).toEqual([{ size: 5, distinct_authors: 5, coordinated: true }]);
    expect(rowsOf(await coordinatedRecount())[0]).toEqual({ rollup: 5, marked: 5, recount: 5 });
    // The forgotten author posting again is a new author of the group; one still in it is not.
    await write(handle, [post('7', 'b1', TEXT, '2026-11-12T02:00:40Z'), post('8', 'b3', TEXT, '2026-11-12T02:00:45Z')]);
    expect(
      rowsOf(await handle.db.execute(sql`select size, distinct_authors, coordinated from coordination_clusters where kind = 'text'`)),
    ).toEqual([{ size: 7, distinct_authors: 6, coordinated: true }]);
    expect(rowsOf(await coordinatedRecount())[0]).toEqual({ rollup: 7, marked: 7, recount: 7 });
    await forgetAuthor(handle.db, { pseudonym: 'b1'.padEnd(64, '0'), requestedBy: 'test' });

    // Four authors left (one with two posts): below k = 5, so none of the posts counts as coordinated any more.
    await forgetAuthor(handle.db, { pseudonym: 'b2'.padEnd(64, '0'), requestedBy: 'test' });
    expect(
      rowsOf(await handle.db.execute(sql`select size, distinct_authors, coordinated from coordination_clusters where kind = 'text'`)),
    ).toEqual([{ size: 5, distinct_authors: 4, coordinated: false }]);
    expect(rowsOf(await coordinatedRecount())[0]).toEqual({ rollup: 0, marked: 0, recount: 0 });
    expect(await count(sql`select count(*)::int as n from daily_coordinated_keywords`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from daily_sentiment where posts > 0`)).toBe(1);
    expect(await count(sql`select sum(posts)::int as n from daily_sentiment`)).toBe(5);
  });
});

describe('the coordinated keyword rollup', () => {
  let testDb: TestDatabase;
  let handle: DatabaseHandle;
  beforeAll(async () => ({ testDb, handle } = await migratedTestDatabase()));
  afterAll(async () => {
    await handle?.close();
    await testDb?.drop();
  });

  const TEXT = 'antrean pendaftaran pasien bpjs di rumah sakit umum daerah mengular sejak subuh tolong dibenahi';
  const LABELS = ['negative', 'neutral', 'positive', 'uncertain'] as const;
  const on = (n: number, author: string, text: string, at: string, platform: 'x' | 'facebook'): SignedPost => {
    const t = analyzeText(text);
    return {
      ...makeAnalyzed(makePost({ externalId: `k${n}`, platform, authorPseudonym: author.padEnd(64, '0'), publishedAt: at, text }), {
        offset: n,
        day: at.slice(0, 10),
        label: LABELS[n % LABELS.length] as (typeof LABELS)[number],
      }),
      keywords: t.keywords,
      signature: nearDuplicateSignature(t.tokens, text, null, platform),
    };
  };
  const LABEL_SUMS = `count(*)::int as posts, (count(*) filter (where l.label = 'negative'))::int as negative,
    (count(*) filter (where l.label = 'neutral'))::int as neutral, (count(*) filter (where l.label = 'positive'))::int as positive,
    (count(*) filter (where l.label = 'uncertain'))::int as uncertain`;
  const rollup = async () =>
    rowsOf(
      await handle.db.execute(
        sql.raw(`select day::text, platform, model_version, key, term, kind, posts, negative, neutral, positive, uncertain
          from daily_coordinated_keywords order by 1, 2, 3, 4`),
      ),
    );
  // Every coordinated post's keywords, with the display form the daily rollup holds for each (a key it does not hold is
  // not counted).
  const recount = async () =>
    rowsOf(
      await handle.db.execute(
        sql.raw(`select p.day::text, p.platform, l.model_version, k.key, d.term, d.kind, ${LABEL_SUMS}
          from coordinated_posts cp join posts p on p.id = cp.post_id join sentiment_labels l on l.post_id = p.id
          cross join lateral unnest(p.keywords) as k(key)
          join daily_keywords d on d.day = p.day and d.platform = p.platform and d.model_version = l.model_version and d.key = k.key
          group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4`),
      ),
    );

  it('equals a recount of the coordinated posts over days and platforms, with the daily rollup’s display forms', async () => {
    const day = (d: string, platform: 'x' | 'facebook', from: number, to: number, text = TEXT) =>
      Array.from({ length: to - from }, (_, j) => {
        const i = from + j;
        return on(i, `${platform}${i}`, text, `${d}T03:00:${String(j * 5).padStart(2, '0')}Z`, platform);
      });
    // Below k on both days: nothing counted yet.
    await write(handle, [...day('2026-11-10', 'x', 0, 3), ...day('2026-11-11', 'facebook', 10, 13)]);
    expect(await rollup()).toEqual([]);
    // A key the daily rollup does not hold (no display form to give it) on a post counted later.
    await handle.db.execute(sql`update posts set keywords = keywords || '{tanpabaris}'::text[] where external_id = 'k1'`);
    // k reached on both days: the earlier posts are counted with the new ones.
    await write(handle, [...day('2026-11-10', 'x', 3, 6), ...day('2026-11-11', 'facebook', 13, 16)]);
    const first = await rollup();
    expect(first.length).toBeGreaterThan(10);
    expect(first.some((r) => r.term === '' || r.kind === '')).toBe(false);
    expect(first.some((r) => r.key === 'tanpabaris')).toBe(false);
    expect(first).toEqual(await recount());
    // More posts joining the groups, one of them with a key new to the coordinated rollup; then the batch again.
    const more = [...day('2026-11-10', 'x', 6, 8), ...day('2026-11-11', 'facebook', 16, 17, `${TEXT} parkiran`)];
    await write(handle, more);
    await write(handle, more);
    const after = await rollup();
    expect(after.length).toBeGreaterThan(first.length);
    expect(after).toEqual(await recount());
    expect(after.filter((r) => r.day === '2026-11-10').reduce((n, r) => Math.max(n, Number(r.posts)), 0)).toBe(8);
  });
});
