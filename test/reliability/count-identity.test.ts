import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bus, type BusConsumer, type BusProducer, createMemoryBus } from '@pantau/bus';
import { postKey, TOPICS } from '@pantau/contracts';
import { type DatabaseHandle, migrate, openDatabase, rowsOf } from '@pantau/db';
import { type Analyzer, createAnalyzer, startAnalysisConsumer } from '@pantau/pipeline';
import { loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier, type LanguageIdentifier } from '@pantau/text';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { makePost } from '../support/posts.ts';

// The count identity: every message accepted onto `posts.raw` is accounted exactly once, as a counted post or as one
// exclusion with its reason, on both stores, across restarts of the whole pipeline and redelivered batches.
// Expectations are computed from the generated stream alone, never from the pipeline's code.

const GROUP = 'count-identity';
const INDONESIAN = [
  'antrean di puskesmas lama sekali, pelayanan lambat',
  'klaim rawat inap cair cepat, petugasnya ramah sekali',
  'iuran bpjs naik lagi, kecewa banget',
  'obat di apotek kosong, disuruh beli sendiri',
];
const OTHER = ['the hospital queue was very long today and the staff were rude', 'I love this new policy, great work everyone'];
/** Regional-language posts: counted like Indonesian ones, stored with their language code. */
const REGIONAL: [string, string][] = [
  ['Aku ora seneng karo pelayanane, antrine suwe banget lan petugase ora ramah', 'jav'],
  ['Abdi teu resep kana palayanan di rumah sakit, lami pisan ngantosna', 'sun'],
];
/**
 * A post's text (so its language) is the same in every copy: of every 9 ids, 5 are Indonesian, 1 is in a regional
 * language and 3 are neither.
 */
/** Kept for analysis: Indonesian or regional; the rest is excluded as not Indonesian. */
const isKept = (id: number) => id % 9 < 6;
const languageOf = (id: number) => (id % 9 < 5 ? 'id' : id % 9 === 5 ? (REGIONAL[id % 2] as [string, string])[1] : 'other');
const textOf = (id: number) =>
  (id % 9 < 5 ? INDONESIAN[id % INDONESIAN.length] : id % 9 === 5 ? REGIONAL[id % 2]?.[0] : OTHER[id % OTHER.length]) as string;
const MALFORMED = [
  '{not json',
  '[]',
  JSON.stringify({ ...makePost({ externalId: 'bad' }), schemaVersion: 2 }),
  JSON.stringify({ platform: 'x' }),
];

type Step = { kind: 'post'; id: number } | { kind: 'malformed'; variant: number } | { kind: 'restart' };

type Store = { kind: 'pglite'; dir: string } | { kind: 'postgres'; db: TestDatabase };

let model: SentimentModel;
let languages: LanguageIdentifier;

beforeAll(async () => {
  [model, languages] = await Promise.all([loadSentimentModel(), createLanguageIdentifier()]);
});

/** The pipeline of one process: database, in-process bus (offsets kept in the folder), analyzer and consumer. */
interface Pipeline {
  handle: DatabaseHandle;
  bus: Bus;
  producer: BusProducer;
  consumer: BusConsumer;
  close(): Promise<void>;
}

/**
 * Opens the pipeline on a store. `crashAfterWrite` batches (numbered from 0 in this process) throw after their
 * database commit, as a process killed before the bus commit does: the bus delivers them again.
 */
async function openPipeline(store: Store, busDir: string, crashAfterWrite: ReadonlySet<number>): Promise<Pipeline> {
  const handle = store.kind === 'pglite' ? await openDatabase({ dataDir: store.dir }) : await openDatabase({ url: store.db.url });
  await migrate(handle);
  const bus = createMemoryBus({ offsetsFile: join(busDir, 'bus-offsets.json') });
  await bus.ensureTopics([
    { name: TOPICS.postsRaw, partitions: 2 },
    { name: TOPICS.postsDlq, partitions: 1 },
    { name: TOPICS.postsAnalyzed, partitions: 1 },
  ]);
  const producer = await bus.producer();
  const analyzer = createAnalyzer({ db: handle.db, model, languages, dlq: producer });
  let batches = 0;
  const crashing: Analyzer = {
    ...analyzer,
    async handle(batch) {
      const n = batches++;
      await analyzer.handle(batch);
      if (crashAfterWrite.has(n)) throw new Error('stopped between the database commit and the bus commit');
    },
  };
  const consumer = await startAnalysisConsumer(bus, crashing, { groupId: GROUP, maxBatch: 3 });
  return {
    handle,
    bus,
    producer,
    consumer,
    async close() {
      await consumer.stop();
      await producer.close();
      await bus.close();
      await handle.close();
    },
  };
}

async function settle(bus: Bus): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await bus.lag(GROUP, TOPICS.postsRaw)) > 0) {
    if (Date.now() > deadline) throw new Error('the analyzer did not catch up within 30 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function messageOf(step: Exclude<Step, { kind: 'restart' }>): { key: string | null; value: string } {
  if (step.kind === 'malformed') return { key: 'x:bad', value: MALFORMED[step.variant % MALFORMED.length] as string };
  const post = makePost({
    externalId: `p${step.id}`,
    text: textOf(step.id),
    publishedAt: new Date(Date.UTC(2026, 10, 1 + (step.id % 20), step.id % 24)).toISOString(),
  });
  return { key: postKey(post), value: JSON.stringify(post) };
}

/** Empties every table (one database serves all the runs of a store: a fresh PGlite takes seconds to create). */
async function emptyTables(handle: DatabaseHandle): Promise<void> {
  const tables = rowsOf(
    await handle.db.execute("select string_agg(quote_ident(tablename), ', ') as list from pg_tables where schemaname = 'public'"),
  )[0]?.list;
  if (tables) await handle.db.execute(`truncate ${tables} restart identity cascade`);
}

/** What the store holds: posts, exclusions by reason, every message ref accounted for, the rollup's post count. */
async function accounts(handle: DatabaseHandle) {
  const rows = async (text: string) => ({ rows: rowsOf(await handle.db.execute(text)) });
  const counted = Number((await rows('select count(*)::int as n from posts')).rows[0]?.n);
  const byReason: Record<string, number> = {};
  for (const r of (await rows('select reason, count(*)::int as n from exclusions group by reason')).rows)
    byReason[String(r.reason)] = Number(r.n);
  const refs = (
    await rows(`select message_ref as ref from posts union all select substr(ref, strpos(ref, ':') + 1) from exclusions`)
  ).rows.map((r) => String(r.ref));
  const rolledUp = Number((await rows('select coalesce(sum(posts), 0)::int as n from daily_sentiment')).rows[0]?.n);
  const byLanguage: Record<string, number> = {};
  for (const r of (await rows('select lang, count(*)::int as n from posts group by lang')).rows) byLanguage[String(r.lang)] = Number(r.n);
  return { counted, byReason, refs, rolledUp, byLanguage };
}

/** Runs a stream through the pipeline, restarting it at each `restart` step, and returns what the store holds. */
async function runStream(store: Store, steps: readonly Step[], crashAfterWrite: ReadonlySet<number>) {
  const busDir = mkdtempSync(join(tmpdir(), 'pantau-bus-'));
  try {
    let pipeline = await openPipeline(store, busDir, crashAfterWrite);
    // Nothing is on the new bus yet: the tables can be emptied under the idle consumer.
    await emptyTables(pipeline.handle);
    let chunk: { key: string | null; value: string }[] = [];
    const flush = async () => {
      if (chunk.length > 0) await pipeline.producer.send(TOPICS.postsRaw, chunk);
      chunk = [];
      // The in-process bus keeps its messages in memory: a process stops once its messages are handled.
      await settle(pipeline.bus);
    };
    for (const step of steps) {
      if (step.kind !== 'restart') {
        chunk.push(messageOf(step));
        continue;
      }
      await flush();
      await pipeline.close();
      pipeline = await openPipeline(store, busDir, crashAfterWrite);
    }
    await flush();
    const found = await accounts(pipeline.handle);
    await pipeline.close();
    return found;
  } finally {
    rmSync(busDir, { recursive: true, force: true });
  }
}

/** The expected accounts of a stream: computed from the steps alone. */
function expectedOf(steps: readonly Step[]) {
  const posts = steps.filter((s): s is Extract<Step, { kind: 'post' }> => s.kind === 'post');
  const distinct = new Set(posts.map((p) => p.id));
  const accepted = steps.filter((s) => s.kind !== 'restart').length;
  const byReason: Record<string, number> = {};
  const add = (reason: string, n: number) => {
    if (n > 0) byReason[reason] = n;
  };
  add('invalid', steps.filter((s) => s.kind === 'malformed').length);
  add('not_indonesian', [...distinct].filter((id) => !isKept(id)).length);
  add('duplicate', posts.length - distinct.size);
  const byLanguage: Record<string, number> = {};
  for (const id of [...distinct].filter(isKept)) byLanguage[languageOf(id)] = (byLanguage[languageOf(id)] ?? 0) + 1;
  return { accepted, counted: [...distinct].filter(isKept).length, byReason, byLanguage };
}

function assertIdentity(found: Awaited<ReturnType<typeof accounts>>, steps: readonly Step[]) {
  const expected = expectedOf(steps);
  expect(found.counted).toBe(expected.counted);
  expect(found.byReason).toEqual(expected.byReason);
  expect(found.byLanguage).toEqual(expected.byLanguage);
  const excluded = Object.values(found.byReason).reduce((a, b) => a + b, 0);
  expect(found.counted + excluded).toBe(expected.accepted);
  // Every message once: as many distinct message refs as messages, none used by two rows.
  expect(new Set(found.refs).size).toBe(found.refs.length);
  expect(found.refs.length).toBe(expected.accepted);
  expect(found.rolledUp).toBe(found.counted);
}

// Property runs per store, so that the file stays under a minute on a loaded 2-core machine (a PGlite reopen at each
// restart costs about half a second there).
const stores: [string, { runs: number; open: () => Promise<{ store: Store; dispose(): Promise<void> }> }][] = [
  [
    'PGlite',
    {
      runs: 10,
      open: async () => {
        const dir = mkdtempSync(join(tmpdir(), 'pantau-pglite-'));
        return { store: { kind: 'pglite', dir }, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
      },
    },
  ],
  [
    'Postgres',
    {
      runs: 20,
      open: async () => {
        const db = await createTestDatabase();
        return { store: { kind: 'postgres', db }, dispose: () => db.drop() };
      },
    },
  ],
];

describe.each(stores)('count identity on %s', (_name, { runs, open }) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await open());
  });
  afterAll(() => dispose());

  it('counts every duplicate sent after a restart (offsets continue, so exclusion refs never collide)', async () => {
    const twice = (from: number): Step[] =>
      Array.from({ length: 10 }, (_, i): Step[] => [
        { kind: 'post', id: from + i },
        { kind: 'post', id: from + i },
      ]).flat();
    const steps: Step[] = [...twice(0), { kind: 'restart' }, ...twice(10)];
    const found = await runStream(store, steps, new Set());
    expect(found.byReason.duplicate).toBe(20);
    assertIdentity(found, steps);
  });

  it('accounts a non-Indonesian post sent twice once as excluded and once as a duplicate, redelivered or not', async () => {
    const steps: Step[] = [
      { kind: 'post', id: 6 },
      { kind: 'post', id: 6 },
      { kind: 'post', id: 0 },
      { kind: 'restart' },
      { kind: 'post', id: 6 },
      { kind: 'post', id: 7 },
      { kind: 'post', id: 7 },
    ];
    // The first batch of each process is delivered again after its database commit.
    const found = await runStream(store, steps, new Set([0]));
    expect(found.byReason).toEqual({ not_indonesian: 2, duplicate: 3 });
    assertIdentity(found, steps);
  });

  it('holds for any stream of posts, copies, languages, malformed messages, restarts and redeliveries (property)', async () => {
    const step: fc.Arbitrary<Step> = fc.oneof(
      { weight: 12, arbitrary: fc.integer({ min: 0, max: 17 }).map((id): Step => ({ kind: 'post', id })) },
      {
        weight: 2,
        arbitrary: fc.integer({ min: 0, max: MALFORMED.length - 1 }).map((variant): Step => ({ kind: 'malformed', variant })),
      },
      { weight: 1, arbitrary: fc.constant<Step>({ kind: 'restart' }) },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 30 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 2 }),
        async (steps, crashes) => {
          assertIdentity(await runStream(store, steps, new Set(crashes)), steps);
        },
      ),
      { seed: 20261206, numRuns: runs },
    );
    // A hang guard only: the runs take about 20 s (Postgres) and 45 s (PGlite) on a loaded 2-core machine.
  }, 180_000);
});
