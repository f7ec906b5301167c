// The analysis step's cost alone, without a broker: the pipeline section's posts (the sample's texts with varied
// endings, 2,000 authors, 14 days) are encoded as the ingest side publishes them, then handed batch by batch to the
// analyzer the service builds (model, language identifier, topics, the batch write into a fresh database). CPU of this
// process (every thread: V8's collector and compiler threads too, split from the main thread) and of the database's
// backends is counted around `handle()` only, after warm-up batches, so neither a broker nor a rebalance adds to it
// (other work on a shared machine still makes each post's CPU-seconds vary: compare runs made back to back).
// `node --import tsx bench/analysis-cost.ts [--posts N] [--batch N] [--warmup N] [--coordination [--publish]] [--alloc-prof FILE]`.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { parseArgs } from 'node:util';
import { type BusMessage, type BusProducer, createKafkaBus } from '@pantau/bus';
import { coordinationRuleOf, loadEnv } from '@pantau/config';
import { publishItems } from '@pantau/connectors';
import { TOPICS } from '@pantau/contracts';
import { migrate, openDatabase, topicQueries } from '@pantau/db';
import { startTestKafka } from '@pantau/e2e/support/kafka.ts';
import { createTestDatabase } from '@pantau/e2e/support/postgres.ts';
import { createAnalyzer } from '@pantau/pipeline';
import { limitHeapGrowth } from '@pantau/runtime';
import { loadSentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier } from '@pantau/text';
import pg from 'pg';
import { startCpuCount } from './cpu.ts';
// The pipeline section's posts (bench/run.ts): the same texts, authors, days and engagement.
import { encodedBatches } from './posts.ts';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '30000' },
    batch: { type: 'string', default: '1667' },
    warmup: { type: 'string', default: '5000' },
    // With the coordinated-posting signal on: each stored post is encoded for posts.analyzed (sent to a producer that drops it).
    coordination: { type: 'boolean', default: false },
    // With --coordination: posts.analyzed is produced to the project's test broker, as pantau analyze sends it (its
    // own producer, no compression), so the producer's CPU is counted too; the broker's own CPU is not.
    publish: { type: 'boolean', default: false },
    // Writes a sampling allocation profile of the measured batches (collected objects included) to this file.
    'alloc-prof': { type: 'string' },
  },
});
const POSTS = Number(values.posts);
const BATCH = Number(values.batch);
const WARMUP = Number(values.warmup);

/** CPU ticks (user + system, 10 ms) of each thread of this process: the main thread's id is the process id. */
function threadTicks(): { main: number; others: number } {
  let main = 0;
  let others = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      if (Number(tid) === process.pid) main += ticks;
      else others += ticks;
    } catch {
      // ended meanwhile
    }
  }
  return { main, others };
}

// The heap setting of `pantau analyze` (its main sets it first).
limitHeapGrowth();
const db = await createTestDatabase();
/** Autovacuum and autoanalyze runs so far, by table, on the bench's database. */
async function maintenanceRuns(): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ relname: string; runs: number }>(
      'select relname, (autovacuum_count + autoanalyze_count)::int as runs from pg_stat_user_tables',
    );
    return new Map(rows.map((r) => [r.relname, r.runs]));
  } finally {
    await client.end();
  }
}
const handle = await openDatabase({ url: db.url });
try {
  await migrate(handle);
  const [model, languages] = await Promise.all([loadSentimentModel(), createLanguageIdentifier()]);
  const dropped: BusProducer = { send: async () => undefined, close: async () => undefined };
  const kafka = values.publish ? await startTestKafka({ topics: [{ name: TOPICS.postsAnalyzed, partitions: 6 }] }) : null;
  const bus = kafka ? createKafkaBus({ brokers: kafka.brokers, clientId: 'analysis-cost', idempotent: false, compression: 'none' }) : null;
  const analyzedProducer = bus ? await bus.producer({ compression: 'none' }) : dropped;
  const env = loadEnv({ COORDINATION_ENABLED: String(values.coordination) });
  const analyzer = createAnalyzer({
    db: handle.db,
    model,
    languages,
    dlq: dropped,
    analyzed: analyzedProducer,
    topics: () => topicQueries(handle.db),
    coordination: coordinationRuleOf(env),
  });
  /** CPU seconds per 1,000 posts of this process and of the database's backends, per 10,000 measured posts. */
  const slices: { process: number; postgres: number }[] = [];
  const run = async (batches: BusMessage[][], bySlice = false) => {
    let posts = 0;
    let slice = startCpuCount({ databaseUrl: db.url });
    for (const messages of batches) {
      await analyzer.handle({ topic: TOPICS.postsRaw, partition: 0, messages, heartbeat: async () => undefined, isRunning: () => true });
      posts += messages.length;
      if (bySlice && (posts >= 10_000 || messages === batches[batches.length - 1])) {
        const used = slice.stop();
        slices.push({ process: Number((used.thisProcessMs / posts).toFixed(3)), postgres: Number((used.postgresMs / posts).toFixed(3)) });
        posts = 0;
        slice = startCpuCount({ databaseUrl: db.url });
      }
    }
  };
  await run(await encodedBatches(WARMUP, 'w', 0, BATCH));
  const storedBefore = analyzer.totals().inserted;
  const measured = await encodedBatches(POSTS, 'b', WARMUP, BATCH);
  const session = values['alloc-prof'] ? new Session() : null;
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session?.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
  if (session) {
    session.connect();
    await post('HeapProfiler.startSampling', {
      samplingInterval: 16_384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  const maintenance0 = await maintenanceRuns();
  const threads0 = threadTicks();
  const cpu = startCpuCount({ databaseUrl: db.url });
  const t = performance.now();
  await run(measured, true);
  const wallMs = performance.now() - t;
  const used = cpu.stop();
  const threads = threadTicks();
  if (session) {
    const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
    writeFileSync(values['alloc-prof'] as string, JSON.stringify(profile));
    session.disconnect();
  }
  const maintenance = await maintenanceRuns();
  // Autovacuum workers on this database count among its backends: which tables they vacuumed or analysed meanwhile.
  const autovacuum = Object.fromEntries(
    [...maintenance].map(([table, runs]) => [table, runs - (maintenance0.get(table) ?? 0)] as const).filter(([, runs]) => runs > 0),
  );
  const per1000 = (ms: number) => Number((((ms / POSTS) * 1000) / 1000).toFixed(3));
  const totals = analyzer.totals();
  console.log(
    JSON.stringify({
      posts: POSTS,
      batch: BATCH,
      coordination: values.coordination,
      publish: values.publish,
      stored: totals.inserted - storedBefore,
      cpuSecondsPer1000: {
        analysis: per1000(used.thisProcessMs),
        analysisMainThread: per1000((threads.main - threads0.main) * 10),
        analysisOtherThreads: per1000((threads.others - threads0.others) * 10),
        postgres: per1000(used.postgresMs),
      },
      per10000Posts: slices,
      autovacuum,
      wallSeconds: Number((wallMs / 1000).toFixed(1)),
      load: (await import('node:os')).loadavg().map((l) => Number(l.toFixed(1))),
    }),
  );
  model.dispose();
  await bus?.close();
  await kafka?.stop();
} finally {
  await handle.close();
  await db.drop();
}
