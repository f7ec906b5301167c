import type { DatabaseHandle } from '@pantau/db';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { analyseForStage, deliverTo, type PlannedPost, stageDatabases, stageOf } from '../support/coordination-stage.ts';

// Posts of several analysis partitions reach the coordination stage in the order the analysis commits them: the groups
// must not depend on it. A text copied by twelve authors within a day, six of them read through each of two partitions.
const RULE = { minAuthors: 5, windowSeconds: 60, similarity: 0.7, repeated: { minAuthors: 10, windowSeconds: 86_400 } };
const TEXT = 'sekarang ada antrean online di puskesmas kami, alhamdulillah tidak perlu datang subuh lagi';
const T0 = Date.parse('2026-11-10T02:00:00Z');
const HOUR = 3_600_000;

type Planned = PlannedPost;

const copies = (prefix: string, firstAt: number): Planned[] =>
  Array.from({ length: 6 }, (_, a) => ({
    externalId: `${prefix}${a}`,
    author: `${prefix}-author${a}`,
    text: TEXT,
    at: firstAt + a * HOUR,
  }));

const WORDS = (
  'jadwal posyandu imunisasi anak kelurahan harga beras pasar naik hujan deras banjir jalan rusak macet kereta terlambat ' +
  'listrik padam sekolah libur ujian guru honorer gaji telat pajak motor mahal bensin antre panjang sinyal hilang air keruh'
).split(' ');

/** Unrelated posts, one every six hours from `fromAt` for `days`: what a partition ahead of the other carries on with. */
const others = (prefix: string, fromAt: number, days: number): Planned[] =>
  Array.from({ length: days * 4 }, (_, i) => ({
    externalId: `${prefix}${i}`,
    author: `${prefix}-author${i}`,
    // Words of their own per prefix and post (a letter appended): no two are near-duplicates.
    text: WORDS.slice((prefix.charCodeAt(0) % 4) * 8, (prefix.charCodeAt(0) % 4) * 8 + 8)
      .map((w) => `${w}${String.fromCharCode(97 + (i % 26))}`)
      .join(' '),
    at: fromAt + i * 6 * HOUR,
  }));

const analyse = (handle: DatabaseHandle, posts: readonly Planned[], partition: number) => analyseForStage(handle, posts, { partition });
const stage = (handle: DatabaseHandle) => stageOf(handle, RULE);
const deliver = deliverTo;

/** The repeated-text groups as sets of posts (by external id), and whether each is flagged. */
async function repeatedGroups(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const rows = (
    await client.query(`
      select c.coordinated, string_agg(p.external_id, ',' order by p.external_id) as posts
      from coordination_clusters c join post_clusters pc on pc.cluster_id = c.id join posts p on p.id = pc.post_id
      where c.kind = 'repeated' group by c.id, c.coordinated order by 2`)
  ).rows as { coordinated: boolean; posts: string }[];
  await client.end();
  return rows.map((r) => `${r.coordinated ? 'flagged' : '-'} ${r.posts}`);
}

const EXPECTED = ['flagged a0,a1,a2,a3,a4,a5,b0,b1,b2,b3,b4,b5'];

const database = stageDatabases();

describe('the coordination stage fed by several partitions', () => {
  it('finds one flagged group when the copies arrive in publication order', async () => {
    const db = await database();
    const coordinator = stage(db);
    const all = [...copies('a', T0), ...copies('b', T0 + 30 * 60_000)].sort((x, y) => x.at - y.at);
    await deliver(coordinator, await analyse(db, all, 0));
    expect(await repeatedGroups(db.url)).toEqual(EXPECTED);
  });

  it('finds the same group when one partition runs three days ahead of the other', async () => {
    const db = await database();
    const coordinator = stage(db);
    // Partition 0 reaches three days past the copies before partition 1, whose batches come in between, delivers its own
    // copies of the same hours.
    const ahead = others('n', T0 + 7 * HOUR, 3);
    const behind = others('m', T0 - 3 * HOUR, 1).map((p, i) => ({ ...p, at: T0 - 3 * HOUR + i * 60_000 }));
    await deliver(coordinator, await analyse(db, copies('a', T0), 0));
    for (let i = 0; i < 3; i++) {
      await deliver(coordinator, await analyse(db, ahead.slice(i * 4, i * 4 + 4), 0));
      await deliver(coordinator, await analyse(db, behind.slice(i, i + 1), 1));
    }
    await deliver(coordinator, await analyse(db, copies('b', T0 + 30 * 60_000), 1));
    expect(await repeatedGroups(db.url)).toEqual(EXPECTED);
  });

  it('finds the same group when batches of two partitions are handed to it at once', async () => {
    const db = await database();
    const coordinator = stage(db);
    // The in-process bus runs one loop per partition; a topic of two partitions hands the stage two batches at a time.
    const first = await analyse(db, copies('a', T0), 0);
    const second = await analyse(db, copies('b', T0 + 30 * 60_000), 1);
    await Promise.all([deliver(coordinator, first), deliver(coordinator, second)]);
    expect(await repeatedGroups(db.url)).toEqual(EXPECTED);
  });
});
