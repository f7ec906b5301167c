// The cost and the quality of the coordination stage: the signature alone; the pipeline of the same run with the stage
// off and on (the stage its own process: its lag behind the analysis commit, its CPU per 1,000 posts and its peak RSS,
// recorded by the pipeline run); precision and recall of co-posting on the synthetic set of planted campaigns and organic
// look-alikes; and recall of the repeated-text rule on planted slow copy-paste campaigns spread over hours.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BusMessage } from '@pantau/bus';
import { POST_SCHEMA_VERSION, type Post, TOPICS } from '@pantau/contracts';
import { type CoordinationRule, migrate, openDatabase } from '@pantau/db';
import { type LabelledPost, precisionRecall, type SignedPost, seededRandom, syntheticSet } from '@pantau/e2e/support/campaigns.ts';
import { writeAndCoordinate } from '@pantau/e2e/support/coordinate.ts';
import { createTestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { loadSentimentModel } from '@pantau/sentiment';
import { analyzeText, CoordinationIndex, nearDuplicateSignature } from '@pantau/text';
import pg from 'pg';
import { ENDINGS, sampleTexts } from './posts.ts';

/** The published defaults (COORDINATION_MIN_AUTHORS, _WINDOW_SECONDS, _SIMILARITY, _REPEATED_MIN_AUTHORS, _REPEATED_WINDOW_SECONDS). */
export const DEFAULT_RULE: CoordinationRule = {
  minAuthors: 5,
  windowSeconds: 60,
  similarity: 0.7,
  repeated: { minAuthors: 10, windowSeconds: 86_400 },
};

const SLOW_TEXTS = [
  'mohon perhatian pemerintah pusat soal tunggakan klaim rumah sakit daerah yang belum dibayar sejak bulan lalu',
  'ayo laporkan pelayanan faskes yang menolak pasien peserta bpjs lewat kanal pengaduan resmi hari ini juga',
  'kami warga desa butuh dokter tetap di puskesmas bukan sekadar kunjungan sebulan sekali dari kota',
  'iuran naik tapi obat tetap kosong di apotek rumah sakit mitra, tolong evaluasi kontrak pengadaan obatnya',
];

/** Slow copy-paste campaigns: each text posted verbatim (or with one word appended) by 15 authors spread over 6 hours. */
function slowCampaigns(day: string, firstN: number): LabelledPost[] {
  const rand = seededRandom(21);
  const start = Date.parse(`${day}T00:00:00+07:00`);
  const out: LabelledPost[] = [];
  let n = firstN;
  SLOW_TEXTS.forEach((text, c) => {
    for (let a = 0; a < 15; a++) {
      const at = start + (1 + c * 4) * 3_600_000 + Math.floor(rand() * 6 * 3_600_000);
      const body = a % 3 === 0 ? `${text} sekarang` : text;
      const publishedAt = new Date(at).toISOString();
      const post = makePost({
        externalId: `slow-${n}`,
        authorPseudonym: createHash('sha256').update(`slow-${c}-${a}`).digest('hex'),
        publishedAt,
        text: body,
      });
      const t = analyzeText(body);
      const item: SignedPost = {
        ...makeAnalyzed(post, { offset: 100_000 + n, day }),
        keywords: t.keywords,
        signature: nearDuplicateSignature(t.tokens, body, null, 'x'),
      };
      out.push({ item, campaign: `slow-${c}` });
      n++;
    }
  });
  return out;
}

type Record = (row: { section: string; what: string; value: number; unit: string; note?: string }) => void;

/**
 * One day of posts in publication order: the sample's texts with varied endings at random times from 3,000 authors, and
 * 2% planted bursts (one text, small endings, 30 authors within 2 minutes).
 */
export function dayOfPosts(count: number): Post[] {
  const rand = seededRandom(3);
  const start = Date.parse('2026-11-10T00:00:00+07:00');
  const posts: Post[] = [];
  const make = (i: number, author: string, text: string, at: number): Post => ({
    schemaVersion: POST_SCHEMA_VERSION,
    platform: 'x',
    externalId: `cb${i}`,
    authorPseudonym: createHash('sha256').update(author).digest('hex'),
    publishedAt: new Date(at).toISOString(),
    text,
    url: null,
    engagement: { likes: i % 7, replies: i % 3, shares: i % 2, views: 100 },
    langHint: null,
    collectedAt: '2026-11-11T00:00:00.000Z',
    source: { connector: 'bench', runId: 'bench' },
  });
  const planted = Math.floor(count * 0.02);
  for (let i = 0; i < count - planted; i++) {
    const text = `${sampleTexts[Math.floor(rand() * sampleTexts.length)]}${ENDINGS[Math.floor(rand() * ENDINGS.length)]}`;
    posts.push(make(i, `author-${Math.floor(rand() * 3000)}`, text, start + Math.floor(rand() * 86_400_000)));
  }
  for (let i = 0; i < planted; i++) {
    const burst = Math.floor(i / 30);
    const text = `${sampleTexts[(burst * 37) % sampleTexts.length]} dukung program ini${ENDINGS[i % ENDINGS.length]}`;
    posts.push(make(count - planted + i, `burst-${burst}-${i % 30}`, text, start + burst * 3_600_000 + Math.floor(rand() * 120_000)));
  }
  return posts.sort((a, b) => (a.publishedAt < b.publishedAt ? -1 : 1));
}

/** `dayOfPosts` as messages of two partitions. */
function dayOfMessages(count: number): BusMessage[][] {
  const posts = dayOfPosts(count);
  const partitions: BusMessage[][] = [[], []];
  posts.forEach((p, i) => {
    const partition = i % 2;
    const list = partitions[partition] as BusMessage[];
    list.push({
      topic: TOPICS.postsRaw,
      partition,
      offset: String(list.length),
      key: `${p.platform}:${p.externalId}`,
      value: Buffer.from(JSON.stringify(p)),
    });
  });
  return partitions;
}

async function query(url: string, text: string): Promise<{ [column: string]: unknown }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

/** Runs the coordination section; with `persist` (a `--only` run) its figures are merged into bench/results.json. */
export async function benchCoordination(options: {
  posts: number;
  record: Record;
  results: { [key: string]: unknown };
  persist: boolean;
  /** Runs the pipeline of this run with the coordination stage off or on; resolves with its rate (posts/s). */
  pipeline: (coordination: boolean) => Promise<number>;
}): Promise<void> {
  const { results } = options;
  const mine: Parameters<Record>[0][] = [];
  const record: Record = (row) => {
    mine.push(row);
    options.record(row);
  };
  const partitions = dayOfMessages(Math.min(options.posts, 20_000));
  const model = await loadSentimentModel();

  // The signature alone (tokens computed beforehand, as analysis already has them).
  const sample = partitions.flat().slice(0, 20_000);
  const prepared = sample.map((m) => {
    const p = JSON.parse(m.value.toString('utf8')) as Post;
    return { tokens: analyzeText(p.text).tokens, text: p.text };
  });
  const t = performance.now();
  for (const p of prepared) nearDuplicateSignature(p.tokens, p.text, null, 'x');
  const signatureRate = (prepared.length / (performance.now() - t)) * 1000;
  record({
    section: 'coordination',
    what: 'near-duplicate signature alone (MinHash 64 + 16 bands + links)',
    value: signatureRate,
    unit: 'posts/s',
  });

  // The pipeline of this run with the stage off and on (the stage records its lag, CPU and memory itself).
  const off = await options.pipeline(false);
  const on = await options.pipeline(true);
  results.coordinationPipelineOnOverOff = Math.round((on / off) * 100) / 100;
  record({
    section: 'coordination',
    what: 'pipeline rate, coordination on / off (same run, same posts)',
    value: on / off,
    unit: '×',
    note: `${Math.round(on)} / ${Math.round(off)} posts/s; the stage reads posts.analyzed in its own process beside pantau analyze`,
  });

  // Detector quality on the synthetic set (the same as the test's), and with headline sharers five times denser.
  for (const sharersPerHeadline of [80, 400]) {
    const synthetic = syntheticSet({ seed: 7, sharersPerHeadline });
    const slow = slowCampaigns('2026-11-10', synthetic.length);
    const set = [...synthetic, ...slow].sort((a, b) => (a.item.post.publishedAt < b.item.post.publishedAt ? -1 : 1));
    const db = await createTestDatabase();
    const handle = await openDatabase({ url: db.url });
    try {
      await migrate(handle);
      const index = new CoordinationIndex({ capacity: 200_000, horizonSeconds: 2 * 86_400 });
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < set.length; i += 500) {
        await writeAndCoordinate(
          handle.db,
          index,
          DEFAULT_RULE,
          set.slice(i, i + 500).map((p) => p.item),
          model.manifest.version,
        );
      }
      const cpu = process.cpuUsage(cpu0);
      const flaggedBy = async (rule: 'coposting' | 'repeated') =>
        new Set(
          (await query(db.url, `select p.external_id from coordinated_posts c join posts p on p.id = c.post_id where c.${rule}`)).map((r) =>
            String(r.external_id),
          ),
        );
      // Co-posting against the fast campaigns (the slow ones are not co-posting: their copies are minutes to hours apart).
      const fast = set.filter((p) => !p.campaign?.startsWith('slow-'));
      const score = precisionRecall(fast, await flaggedBy('coposting'));
      const note = `${fast.length} posts: 7 planted campaigns × 30 authors in 2 min; 6 headlines × ${sharersPerHeadline} sharers over a day; tp ${score.tp}, fp ${score.fp}, fn ${score.fn}`;
      record({
        section: 'coordination',
        what: `co-posting precision, headlines shared by ${sharersPerHeadline}/day`,
        value: score.precision,
        unit: '',
        note,
      });
      record({
        section: 'coordination',
        what: `co-posting recall, headlines shared by ${sharersPerHeadline}/day`,
        value: score.recall,
        unit: '',
      });
      const repeated = await flaggedBy('repeated');
      const slowCaught = slow.filter((p) => repeated.has(p.item.post.externalId)).length;
      const organicFlagged = synthetic.filter((p) => !p.campaign && repeated.has(p.item.post.externalId)).length;
      record({
        section: 'coordination',
        what: `repeated-text recall on slow copy-paste campaigns (headlines ${sharersPerHeadline}/day)`,
        value: slowCaught / slow.length,
        unit: '',
        note: `4 texts × 15 authors spread over 6 hours: ${slowCaught} of ${slow.length} posts flagged by repeated text; ${organicFlagged} of ${synthetic.filter((p) => !p.campaign).length} organic posts flagged too (headlines shared by many in a day are repeated text by the rule's definition)`,
      });
      if (sharersPerHeadline === 80) {
        results.coordinationPrecision = Math.round(score.precision * 1000) / 1000;
        results.coordinationRecall = Math.round(score.recall * 1000) / 1000;
        results.coordinationRepeatedSlowRecall = Math.round((slowCaught / slow.length) * 1000) / 1000;
        record({
          section: 'coordination',
          what: 'stage step in process (pairs + write), CPU per 1,000 posts',
          value: (((cpu.user + cpu.system) / 1000 / set.length) * 1000) / 1000,
          unit: 's',
          note: `this process only (index, planning, pg client), ${set.length} posts in batches of 500 incl. writing them as analysis does; Postgres backends not counted`,
        });
      }
    } finally {
      await handle.close();
      await db.drop();
    }
  }
  model.dispose();

  if (options.persist) {
    const file = fileURLToPath(new URL('./results.json', import.meta.url));
    const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { [key: string]: unknown }) : {};
    const keys = Object.keys(results).filter((k) => k.startsWith('coordination'));
    for (const k of keys) stored[k] = results[k];
    const rows = Array.isArray(stored.rows) ? (stored.rows as { section: string }[]) : [];
    stored.rows = [...rows.filter((r) => r.section !== 'coordination'), ...mine];
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`);
  }
}
