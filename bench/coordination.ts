// The cost and the quality of the coordinated-posting signal: analysis + write throughput with the signal on and off
// (same posts, same run, two partitions at once as ANALYSIS_CONCURRENCY=2), the signature alone, and precision and
// recall of the detector on the synthetic set of planted campaigns and organic look-alikes.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BusMessage } from '@pantau/bus';
import { createMemoryBus } from '@pantau/bus';
import { POST_SCHEMA_VERSION, type Post, TOPICS } from '@pantau/contracts';
import { type CoordinationRule, migrate, openDatabase, writeAnalyzedBatch } from '@pantau/db';
import { precisionRecall, seededRandom, syntheticSet } from '@pantau/e2e/support/campaigns.ts';
import { createTestDatabase } from '@pantau/e2e/support/postgres.ts';
import { createAnalyzer } from '@pantau/pipeline';
import { loadSentimentModel } from '@pantau/sentiment';
import { analyzeText, createLanguageIdentifier, nearDuplicateSignature } from '@pantau/text';
import pg from 'pg';

/** The published defaults (COORDINATION_MIN_AUTHORS, COORDINATION_WINDOW_SECONDS, COORDINATION_SIMILARITY). */
export const DEFAULT_RULE: CoordinationRule = { minAuthors: 5, windowSeconds: 60, similarity: 0.7 };

type Record = (row: { section: string; what: string; value: number; unit: string; note?: string }) => void;

const SAMPLE = fileURLToPath(new URL('../services/ingest/sample/posts.jsonl', import.meta.url));
const ENDINGS = ['', ' tolong dibantu', ' gimana ini', ' #BPJSKesehatan', ' mohon info min', ' 🙏', ' parah', ' makasih'];

/**
 * One day of posts as messages of two partitions: the sample's texts with varied endings at random times from 3,000
 * authors, and 2% planted bursts (one text, small endings, 30 authors within 2 minutes).
 */
function dayOfMessages(count: number): BusMessage[][] {
  const rand = seededRandom(3);
  const texts = readFileSync(SAMPLE, 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { text: string }).text);
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
    const text = `${texts[Math.floor(rand() * texts.length)]}${ENDINGS[Math.floor(rand() * ENDINGS.length)]}`;
    posts.push(make(i, `author-${Math.floor(rand() * 3000)}`, text, start + Math.floor(rand() * 86_400_000)));
  }
  for (let i = 0; i < planted; i++) {
    const burst = Math.floor(i / 30);
    const text = `${texts[(burst * 37) % texts.length]} dukung program ini${ENDINGS[i % ENDINGS.length]}`;
    posts.push(make(count - planted + i, `burst-${burst}-${i % 30}`, text, start + burst * 3_600_000 + Math.floor(rand() * 120_000)));
  }
  posts.sort((a, b) => (a.publishedAt < b.publishedAt ? -1 : 1));
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
}): Promise<void> {
  const { results } = options;
  const mine: Parameters<Record>[0][] = [];
  const record: Record = (row) => {
    mine.push(row);
    options.record(row);
  };
  const partitions = dayOfMessages(options.posts);
  const model = await loadSentimentModel();
  const languages = await createLanguageIdentifier();
  const bus = createMemoryBus();
  const dlq = await bus.producer();
  await model.predict(['pemanasan model sebelum pengukuran']);

  // The signature alone (tokens computed beforehand, as analysis already has them).
  const sample = partitions.flat().slice(0, 20_000);
  const prepared = sample.map((m) => {
    const p = JSON.parse(m.value.toString('utf8')) as Post;
    return { tokens: analyzeText(p.text).tokens, text: p.text };
  });
  let t = performance.now();
  for (const p of prepared) nearDuplicateSignature(p.tokens, p.text, null, 'x');
  const signatureRate = (prepared.length / (performance.now() - t)) * 1000;
  record({
    section: 'coordination',
    what: 'near-duplicate signature alone (MinHash 64 + 16 bands + links)',
    value: signatureRate,
    unit: 'posts/s',
  });

  const rates: { [mode: string]: number } = {};
  for (const mode of ['off', 'on'] as const) {
    const db = await createTestDatabase();
    const handle = await openDatabase({ url: db.url });
    try {
      await migrate(handle);
      const analyzer = createAnalyzer({ db: handle.db, model, languages, dlq, coordination: mode === 'on' ? DEFAULT_RULE : null });
      t = performance.now();
      await Promise.all(
        partitions.map(async (messages) => {
          for (let i = 0; i < messages.length; i += 500) {
            await analyzer.handle({
              topic: TOPICS.postsRaw,
              partition: messages[0]?.partition ?? 0,
              messages: messages.slice(i, i + 500),
              heartbeat: async () => undefined,
              isRunning: () => true,
            });
          }
        }),
      );
      const rate = (options.posts / (performance.now() - t)) * 1000;
      rates[mode] = rate;
      let note = 'batches of 500, two partitions at once';
      if (mode === 'on') {
        const [c] = await query(
          db.url,
          'select (select count(*) from coordinated_posts)::int as posts, (select count(*) from coordination_clusters where coordinated)::int as clusters',
        );
        note += `; ${c?.posts} posts in ${c?.clusters} coordinated clusters`;
      }
      record({
        section: 'coordination',
        what: `analysis + write, signal ${mode}, ${options.posts.toLocaleString('en-US')} posts in one day`,
        value: rate,
        unit: 'posts/s',
        note,
      });
    } finally {
      await handle.close();
      await db.drop();
    }
  }
  const on = rates.on ?? 0;
  const off = rates.off ?? 1;
  results.coordinationPostsPerSecOff = Math.round(off);
  results.coordinationPostsPerSecOn = Math.round(on);
  // Time with the signal over time without it, for the same posts (1.25 = the signal adds 25%).
  results.coordinationOverheadRatio = Math.round((off / on) * 100) / 100;
  record({ section: 'coordination', what: 'time with the signal / time without (same posts)', value: off / on, unit: '×' });

  // Detector quality on the synthetic set (the same as the test's), and with headline sharers five times denser.
  for (const sharersPerHeadline of [80, 400]) {
    const set = syntheticSet({ seed: 7, sharersPerHeadline });
    const db = await createTestDatabase();
    const handle = await openDatabase({ url: db.url });
    try {
      await migrate(handle);
      for (let i = 0; i < set.length; i += 500) {
        await writeAnalyzedBatch(handle.db, {
          modelVersion: model.manifest.version,
          posts: set.slice(i, i + 500).map((p) => p.item),
          exclusions: [],
          coordination: DEFAULT_RULE,
        });
      }
      const flagged = new Set(
        (await query(db.url, 'select p.external_id from coordinated_posts c join posts p on p.id = c.post_id')).map((r) =>
          String(r.external_id),
        ),
      );
      const score = precisionRecall(set, flagged);
      const note = `${set.length} posts: 7 planted campaigns × 30 authors in 2 min; 6 headlines × ${sharersPerHeadline} sharers over a day; tp ${score.tp}, fp ${score.fp}, fn ${score.fn}`;
      record({
        section: 'coordination',
        what: `precision, headlines shared by ${sharersPerHeadline}/day`,
        value: score.precision,
        unit: '',
        note,
      });
      record({ section: 'coordination', what: `recall, headlines shared by ${sharersPerHeadline}/day`, value: score.recall, unit: '' });
      if (sharersPerHeadline === 80) {
        results.coordinationPrecision = Math.round(score.precision * 1000) / 1000;
        results.coordinationRecall = Math.round(score.recall * 1000) / 1000;
      }
    } finally {
      await handle.close();
      await db.drop();
    }
  }
  model.dispose();
  await dlq.close();

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
