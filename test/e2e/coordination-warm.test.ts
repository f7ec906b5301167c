import type { BusMessage } from '@pantau/bus';
import type { DatabaseHandle } from '@pantau/db';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { analyseForStage, deliverTo, stageDatabases, stageOf } from '../support/coordination-stage.ts';

// The stage started late, or restarted, with posts already analysed and stored but not yet delivered to it on
// posts.analyzed: it must find the groups a stage that saw every post in its turn found.
const RULE = { minAuthors: 5, windowSeconds: 60, similarity: 0.7, repeated: { minAuthors: 10, windowSeconds: 86_400 } };
const TEXT = 'tolak kenaikan iuran bpjs kesehatan karena rakyat sedang susah dan pelayanan belum membaik';
const T0 = Date.parse('2026-11-10T02:00:00Z');

// A campaign posted by six authors within a minute, copied by twenty others over the following hours (more copies than
// an LSH bucket keeps), and a link shared by five authors within a minute; each batch as one analysis batch.
function batches() {
  const posts = [
    ...Array.from({ length: 6 }, (_, a) => ({ author: `camp${a}`, text: TEXT, at: T0 + a * 5_000, url: null })),
    ...Array.from({ length: 20 }, (_, a) => ({
      author: `copy${a}`,
      text: `${TEXT} ${a % 2 ? 'sekarang' : ''}`,
      at: T0 + (a + 1) * 1_800_000,
      url: null,
    })),
    ...Array.from({ length: 5 }, (_, a) => ({
      author: `link${a}`,
      text: `baca ini ${a}`,
      at: T0 + 36_000_000 + a * 3_000,
      url: 'https://example.org/berita-iuran',
    })),
  ].map((p, i) => ({ ...p, externalId: `w${i}` }));
  const out: (typeof posts)[] = [];
  for (let i = 0; i < posts.length; i += 4) out.push(posts.slice(i, i + 4));
  return out;
}

type Batch = ReturnType<typeof batches>[number];

/** Stores a batch as analysis does (each post at its own offset) and returns its posts.analyzed messages. */
const analyse = (handle: DatabaseHandle, batch: Batch) =>
  analyseForStage(handle, batch, { offsetOf: (p) => Number(p.externalId.slice(1)) });
const stage = (handle: DatabaseHandle) => stageOf(handle, RULE);
const deliver = deliverTo;

/** The groups as sets of posts (by external id) per kind, whether each is coordinated, and the marks per rule. */
async function groups(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const rows = (
    await client.query(`
      select c.kind, c.coordinated, string_agg(p.external_id, ',' order by p.external_id) as posts
      from coordination_clusters c join post_clusters pc on pc.cluster_id = c.id join posts p on p.id = pc.post_id
      group by c.id, c.kind, c.coordinated order by 1, 3`)
  ).rows as { kind: string; coordinated: boolean; posts: string }[];
  const marks = (
    await client.query(
      'select count(*) filter (where coposting)::int as coposting, count(*) filter (where repeated)::int as repeated from coordinated_posts',
    )
  ).rows[0];
  // Each group's stored figures as counted from its members (a batch adds to them rather than counting again).
  const figures = (
    await client.query(`
      select count(*)::int as n from coordination_clusters c
      join (select pc.cluster_id, count(*) as size, count(distinct p.author_pseudonym) as authors, min(p.published_at) as first_at,
          max(p.published_at) as last_at, (array_agg(p.text order by p.published_at, p.id))[1] as text
        from post_clusters pc join posts p on p.id = pc.post_id group by pc.cluster_id) m on m.cluster_id = c.id
      where (c.size, c.distinct_authors, c.first_at, c.last_at, c.representative_text) <> (m.size, m.authors, m.first_at, m.last_at, m.text)`)
  ).rows[0].n;
  expect(figures).toBe(0);
  await client.end();
  return { groups: rows.map((r) => `${r.kind} ${r.coordinated ? 'coordinated' : '-'} ${r.posts}`), marks };
}

const database = stageDatabases();

describe('the coordination stage refilled after a start', () => {
  it('finds, started late or restarted, the groups of a stage that saw every post in its turn', async () => {
    const all = batches();
    // Keeping up: each batch delivered right after its commit.
    const inTurn = await database();
    const keepingUp = stage(inTurn);
    for (const b of all) await deliver(keepingUp, await analyse(inTurn, b));
    const expected = await groups(inTurn.url);
    expect(expected.groups.filter((g) => g.startsWith('text coordinated'))).toHaveLength(1);
    expect(expected.groups.filter((g) => g.startsWith('link coordinated'))).toHaveLength(1);
    expect(expected.marks).toEqual({ coposting: 11, repeated: 26 });

    // Started late: every post analysed and stored before the stage's first batch.
    const late = await database();
    const lateMessages: BusMessage[][] = [];
    for (const b of all) lateMessages.push(await analyse(late, b));
    const lateStage = stage(late);
    for (const m of lateMessages) await deliver(lateStage, m);
    expect(await groups(late.url)).toEqual(expected);

    // Restarted after two batches, the rest stored meanwhile: the new process refills its memory with what was handled.
    const restarted = await database();
    const messages: BusMessage[][] = [];
    for (const b of all) messages.push(await analyse(restarted, b));
    const first = stage(restarted);
    for (const m of messages.slice(0, 2)) await deliver(first, m);
    const second = stage(restarted);
    for (const m of messages.slice(2)) await deliver(second, m);
    expect(second.index().size).toBe(all.flat().length);
    expect(await groups(restarted.url)).toEqual(expected);
  });
});
