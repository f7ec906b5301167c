// `pnpm bench [--only text,model,kafka,postgres,http,pipeline,scaling,coordination,api,report,start] [--posts N]
// [--scaling 10000,100000] [--scaling-1m] [--coordination-posts N] [--pipeline-runs off,x2,on] [--analysis-cpu-prof DIR]`: measures Pantau against the raw building blocks it
// stands on, in the same run on the same machine, and writes bench/RESULTS.md and bench/results.json (a full run only).
// The api section (--api-posts N, default 1,000,000) serves aggregates with the answer cache on, as in service: rows
// named "repeated" ask the same query throughout (answers kept after the first), rows named "varied" ask a different
// window on every request (no answer asked twice, so every one is computed from the database).

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from '@pantau/api';
import { createKafkaBus } from '@pantau/bus';
import { loadEnv } from '@pantau/config';
import { publishItems } from '@pantau/connectors';
import { TOPICS } from '@pantau/contracts';
import { createApiKey, mentions, migrate, openDatabase, watchDataChanges } from '@pantau/db';
import { methodOf } from '@pantau/disclosure';
import { exited, spawnAnalyze } from '@pantau/e2e/support/analyze-process.ts';
import { startTestKafka, uniqueName } from '@pantau/e2e/support/kafka.ts';
import { createTestDatabase } from '@pantau/e2e/support/postgres.ts';
import { buildDailyReport } from '@pantau/report';
import { activeModelDir, featurize, loadSentimentModel, type ModelSpec } from '@pantau/sentiment';
import { analyzeText, createLanguageIdentifier, keywordKey } from '@pantau/text';
import * as tf from '@tensorflow/tfjs';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import pg from 'pg';
import { mentionFilters, variedQueryOf, variedWindows } from './api-queries.ts';
import { benchCoordination } from './coordination.ts';
import { startCpuCount } from './cpu.ts';
import { incomingAt, textAt } from './posts.ts';
import { seedDatabase } from './seed.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    posts: { type: 'string', default: '30000' },
    // Most messages per analysis transaction in the pipeline runs (default: the service's ANALYSIS_MAX_BATCH default).
    'analysis-batch': { type: 'string' },
    'api-posts': { type: 'string', default: '1000000' },
    'report-posts': { type: 'string', default: '100000' },
    'coordination-posts': { type: 'string', default: '20000' },
    // Which runs the pipeline section makes: `off` (coordination off), `x2` (two instances, coordination off), `on`.
    'pipeline-runs': { type: 'string', default: 'off,x2,on' },
    // Writes a V8 CPU profile of each analysis service to this folder (node --cpu-prof), read when it stops.
    'analysis-cpu-prof': { type: 'string' },
    // Pipeline sizes of the scaling section; --scaling-1m adds 1,000,000 posts (about 20 minutes more).
    scaling: { type: 'string', default: '10000,100000' },
    'scaling-1m': { type: 'boolean', default: false },
  },
});
const only = values.only ? new Set(values.only.split(',')) : null;
const enabled = (section: string) => !only || only.has(section);
const PIPELINE_POSTS = Number(values.posts);
const SCALING_POSTS = [...values.scaling.split(',').map(Number), ...(values['scaling-1m'] ? [1_000_000] : [])].filter((n) => n > 0);
/** Most messages per analysis transaction: the service's default (ANALYSIS_MAX_BATCH) unless --analysis-batch says. */
const ANALYSIS_BATCH = Number(values['analysis-batch'] ?? loadEnv({}).ANALYSIS_MAX_BATCH);
const RAW_PARTITIONS = 6;
/**
 * Most posts published and not yet analysed while a pipeline run publishes, and the slice published at a time. The test
 * broker keeps at most 5 MiB of record batches per partition: about 240,000 posts gzipped, but about 55,000 uncompressed
 * (the default since KAFKA_COMPRESSION is `none`), so at most 30,000 are left unread at any time.
 */
const MAX_BACKLOG = 20_000;
const PUBLISH_SLICE = 10_000;
/** Coverage ledger runs per connector and day in the api section's database: three connectors polling every 30 minutes. */
const COVERAGE_RUNS_PER_DAY = 48;
/** Posts analysed by a freshly started analysis service before a pipeline run's clock starts. */
const WARMUP_POSTS = 5_000;

interface Row {
  section: string;
  what: string;
  value: number;
  unit: string;
  note?: string;
}
const rows: Row[] = [];
const record = (row: Row) => {
  rows.push(row);
  process.stdout.write(
    `${row.section.padEnd(9)} ${row.what.padEnd(58)} ${fmt(row.value).padStart(10)} ${row.unit}${row.note ? `  (${row.note})` : ''}\n`,
  );
};
const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
const perSecond = (count: number, ms: number) => (count / ms) * 1000;
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

const ceilings: Record<string, number> = {};
const scalingRatios: string[] = [];
/** The api section's figures against its own raw ceilings (raw Fastify, raw SQL) of the same run. */
const apiRatios: string[] = [];
const results: Record<string, unknown> = {};

async function benchText(): Promise<void> {
  const texts = Array.from({ length: 20_000 }, (_, i) => textAt(i));
  let t = performance.now();
  for (const x of texts) analyzeText(x);
  const analyzed = perSecond(texts.length, performance.now() - t);
  record({ section: 'text', what: 'normalize + tokenize + stem + keywords (analyzeText)', value: analyzed, unit: 'posts/s' });
  const lid = await createLanguageIdentifier();
  t = performance.now();
  for (const x of texts) lid.identify(x);
  const identified = perSecond(texts.length, performance.now() - t);
  record({
    section: 'text',
    what: 'language identification (fastText + word lists + regional n-gram model)',
    value: identified,
    unit: 'posts/s',
  });
  ceilings.text = 1 / (1 / analyzed + 1 / identified);
  record({ section: 'text', what: 'text pipeline alone (both, per post)', value: ceilings.text, unit: 'posts/s' });
}

async function benchModel(): Promise<void> {
  const model = await loadSentimentModel();
  const texts = Array.from({ length: 20_480 }, (_, i) => textAt(i));
  await model.predict(texts.slice(0, 512)); // warm-up
  for (const batch of [1, 64, 512]) {
    const n = batch === 1 ? 2_000 : texts.length;
    const t = performance.now();
    for (let i = 0; i < n; i += batch) await model.predict(texts.slice(i, i + batch));
    const rate = perSecond(n, performance.now() - t);
    if (batch === 512) {
      ceilings.model = rate;
      results.inferencePostsPerSec = Math.round(rate);
    }
    record({
      section: 'model',
      what: `model.predict (features + TensorFlow.js), batch ${batch}`,
      value: rate,
      unit: 'posts/s',
      note: model.backend,
    });
  }
  if (model.emotion) {
    // The emotion head on the same texts, batch 512: posts per wall second and per CPU second of this process.
    const head = model.emotion;
    await head.predict(texts.slice(0, 512));
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < texts.length; i += 512) await head.predict(texts.slice(i, i + 512));
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    record({
      section: 'model',
      what: 'emotion head predict (normalize + TF-IDF in typed arrays), batch 512',
      value: perSecond(texts.length, performance.now() - t0),
      unit: 'posts/s',
      note: `${head.backend}; ${Math.round(texts.length / cpuSeconds)} posts per CPU second`,
    });
  }
  // Raw ceiling: the same TensorFlow.js ops in the same layout (sorted by feature count, 128 rows a call) on features
  // computed and arranged beforehand.
  const dir = activeModelDir();
  const spec = JSON.parse(readFileSync(`${dir}/model.json`, 'utf8')) as ModelSpec;
  let t = performance.now();
  const features = texts.map((x) => featurize(x, spec.features));
  record({ section: 'model', what: 'feature hashing alone', value: perSecond(texts.length, performance.now() - t), unit: 'posts/s' });
  const bytes = readFileSync(`${dir}/${spec.weights.file}`);
  const weights = tf.tensor2d(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4), spec.weights.shape);
  const calls: { idx: Int32Array; val: Float32Array; rows: number; width: number }[] = [];
  for (let start = 0; start < features.length; start += 512) {
    const sorted = features.slice(start, start + 512).sort((a, b) => a.indices.length - b.indices.length);
    for (let s = 0; s < sorted.length; s += 128) {
      const part = sorted.slice(s, s + 128);
      const width = Math.max(1, ...part.map((f) => f.indices.length));
      const idx = new Int32Array(part.length * width);
      const val = new Float32Array(part.length * width);
      part.forEach((f, r) => {
        idx.set(f.indices, r * width);
        val.set(f.values, r * width);
      });
      calls.push({ idx, val, rows: part.length, width });
    }
  }
  t = performance.now();
  for (const { idx, val, rows, width } of calls) {
    const out = tf.tidy(() =>
      tf.softmax(
        tf.reshape(tf.matMul(tf.tensor3d(val, [rows, 1, width]), tf.gatherND(weights, tf.tensor3d(idx, [rows, width, 1], 'int32'))), [
          rows,
          3,
        ]),
      ),
    );
    await out.data();
    out.dispose();
  }
  ceilings.tf = perSecond(features.length, performance.now() - t);
  record({
    section: 'model',
    what: `TensorFlow.js kernels alone (gatherND + matMul + softmax), batch 512`,
    value: ceilings.tf,
    unit: 'posts/s',
    note: tf.getBackend(),
  });
  weights.dispose();
  model.dispose();
}

async function benchKafka(): Promise<void> {
  const topic = uniqueName('bench-raw');
  const kafka = await startTestKafka({ topics: [{ name: topic, partitions: 6 }] });
  try {
    const client = new Kafka({ clientId: 'bench', brokers: kafka.brokers, logLevel: logLevel.NOTHING });
    const producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const n = 30_000;
    const values = Array.from({ length: n }, (_, i) => ({
      key: `x:b${i}`,
      value: JSON.stringify({ ...incomingAt(i), pad: 'x'.repeat(200) }),
    }));
    let t = performance.now();
    for (let i = 0; i < n; i += 500) await producer.send({ topic, messages: values.slice(i, i + 500) });
    ceilings.produce = perSecond(n, performance.now() - t);
    record({ section: 'kafka', what: 'kafkajs produce alone (batches of 500, test broker)', value: ceilings.produce, unit: 'msgs/s' });
    await producer.disconnect();
    const consumer = client.consumer({ groupId: uniqueName('bench-group'), maxBytes: 10 * 1024 * 1024 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    let first = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachBatch: async ({ batch }) => {
          if (first === 0) first = performance.now();
          seen += batch.messages.length;
          if (seen >= n) resolve();
        },
      });
    });
    t = performance.now();
    ceilings.consume = perSecond(n, t - first);
    record({ section: 'kafka', what: 'kafkajs group consume alone (from first batch)', value: ceilings.consume, unit: 'msgs/s' });
    await consumer.disconnect();
  } finally {
    await kafka.stop();
  }
}

async function benchPostgres(): Promise<void> {
  const db = await createTestDatabase();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(
      'create table bench_posts (id bigserial primary key, platform text, external_id text, author text, published_at timestamptz, text text, unique (platform, external_id))',
    );
    const n = 30_000;
    const t = performance.now();
    for (let start = 0; start < n; start += 500) {
      const params: unknown[] = [];
      const tuples: string[] = [];
      for (let i = start; i < Math.min(n, start + 500); i++) {
        const p = incomingAt(i);
        const k = params.length;
        tuples.push(`($${k + 1}, $${k + 2}, $${k + 3}, $${k + 4}, $${k + 5})`);
        params.push(p.platform, p.externalId, p.author, p.publishedAt, p.text);
      }
      await client.query(
        `insert into bench_posts (platform, external_id, author, published_at, text) values ${tuples.join(',')} on conflict do nothing`,
        params,
      );
    }
    ceilings.postgres = perSecond(n, performance.now() - t);
    record({
      section: 'postgres',
      what: 'multi-row INSERT alone (500 rows/statement, unique key)',
      value: ceilings.postgres,
      unit: 'rows/s',
    });
  } finally {
    await client.end();
    await db.drop();
  }
}

async function benchHttp(): Promise<void> {
  const app = Fastify();
  app.get('/', async () => ({ hello: 'world' }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const result = await autocannon({ url, connections: 32, duration: 5 });
  ceilings.http = result.requests.average;
  record({
    section: 'http',
    what: 'Fastify hello world, 32 connections, 5 s (autocannon)',
    value: result.requests.average,
    unit: 'req/s',
    note: `p99 ${result.latency.p99} ms`,
  });
  await app.close();
}

/** Resident memory of a process from /proc (Linux): current (VmRSS) and peak since it started (VmHWM), in bytes. */
function procMemory(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** One `pantau analyze` process of a bench run, with what its log said about each committed batch. */
interface AnalysisService {
  pid: number;
  /** Partitions held after the latest rebalance (null before the first). */
  partitions: () => number[] | null;
  batches: { ms: number; prepareMs: number; modelMs: number; writeMs: number }[];
  failed: () => string | null;
  stop(): Promise<void>;
}

/** One `pantau coordinate` process of a bench run, with what its log said about each committed batch. */
interface CoordinationStage {
  pid: number;
  assigned: () => boolean;
  batches: { messages: number; lagMaxMs: number; ms: number }[];
  failed: () => string | null;
  stop(): Promise<void>;
}

/** Starts the coordination stage as its own process and reads its batch log lines. */
function startCoordinationStage(env: Record<string, string>): CoordinationStage {
  const child = spawnAnalyze({ LOG_LEVEL: 'info', ...env }, 'coordinate');
  let assigned = false;
  let partial = '';
  const batches: CoordinationStage['batches'] = [];
  child.stdout?.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.includes('"partitions assigned"')) assigned = true;
      else if (line.includes('"coordination batch committed"')) {
        const b = JSON.parse(line) as CoordinationStage['batches'][number];
        batches.push({ messages: b.messages, lagMaxMs: b.lagMaxMs, ms: b.ms });
      }
    }
  });
  return {
    pid: child.pid as number,
    assigned: () => assigned,
    batches,
    failed: () => (child.exitCode === null ? null : `pantau coordinate exited with ${child.exitCode}: ${child.output().slice(-4000)}`),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited(child), new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Starts the analysis service as it runs in production (see spawnAnalyze) and reads its log lines as they come. */
function startAnalysisService(env: Record<string, string>): AnalysisService {
  const profile = values['analysis-cpu-prof'];
  const child = spawnAnalyze({ LOG_LEVEL: 'info', ...env }, 'analyze', profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []);
  let partitions: number[] | null = null;
  let partial = '';
  const batches: AnalysisService['batches'] = [];
  child.stdout?.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.includes('"partitions assigned"')) partitions = (JSON.parse(line) as { partitions: number[] }).partitions;
      else if (line.includes('"batch committed"')) {
        const b = JSON.parse(line) as AnalysisService['batches'][number];
        batches.push({ ms: b.ms, prepareMs: b.prepareMs, modelMs: b.modelMs, writeMs: b.writeMs });
      }
    }
  });
  return {
    pid: child.pid as number,
    partitions: () => partitions,
    batches,
    failed: () => (child.exitCode === null ? null : `pantau analyze exited with ${child.exitCode}: ${child.output().slice(-4000)}`),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited(child), new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * End to end as deployed: this process is the ingest side (builds posts, pseudonymizes, redacts, publishes to the test
 * broker); `instances` analysis services (`pantau analyze`, each its own process, one consumer group) analyse and write
 * to a fresh database. The clock runs from the first publish to the group's lag 0 (offsets are committed only after a
 * batch's transaction, so lag 0 means every post is stored). Also read: the services' batch log lines, their peak RSS
 * (VmHWM) and the CPU time of every process involved.
 */
async function benchPipeline(
  instances: number,
  postCount: number,
  section = 'pipeline',
  options: { coordination?: boolean } = {},
): Promise<number> {
  const coordination = options.coordination ?? false;
  const kafka = await startTestKafka({
    topics: [
      { name: TOPICS.postsRaw, partitions: RAW_PARTITIONS },
      { name: TOPICS.postsDlq, partitions: 1 },
      { name: TOPICS.postsAnalyzed, partitions: 1 },
    ],
  });
  const db = await createTestDatabase();
  const handle = await openDatabase({ url: db.url });
  await migrate(handle);
  await handle.close();
  const bus = createKafkaBus({ brokers: kafka.brokers, clientId: 'bench', idempotent: false, compression: loadEnv({}).KAFKA_COMPRESSION });
  const producer = await bus.producer();
  const groupId = uniqueName('bench-analysis');
  const stageGroupId = uniqueName('bench-coordination');
  const services: AnalysisService[] = [];
  // With coordination on, the stage runs as its own process (`pantau coordinate`), so its CPU and memory are its own.
  let stage: CoordinationStage | null = null;
  const check = () => {
    for (const s of services) {
      const failed = s.failed();
      if (failed) throw new Error(failed);
    }
    const failed = stage?.failed();
    if (failed) throw new Error(failed);
  };
  const publish = (items: Parameters<typeof publishItems>[0], runId: string) =>
    publishItems(items, {
      producer,
      pepper: 'bench-pepper-0123456789',
      source: { connector: 'bench', runId },
      chunkSize: ANALYSIS_BATCH * RAW_PARTITIONS,
    });
  /** Waits until at most `posts` published posts are not yet stored. */
  const backlogAtMost = async (posts: number) => {
    while ((await bus.lag(groupId, TOPICS.postsRaw)) > posts) {
      check();
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  // The group commits an offset only after a batch's transaction: lag 0 means every published post is stored.
  const drained = () => backlogAtMost(0);
  const until = async (what: string, done: () => boolean) => {
    const startedAt = performance.now();
    while (!done()) {
      check();
      if (performance.now() - startedAt > 180_000) throw new Error(`${what} within 180 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    // One member at a time, each waiting for its partitions: the clock starts once the group holds every partition
    // exactly once (a member joining later would stop the whole group for a rebalance: start-up cost, not throughput).
    for (let i = 0; i < instances; i++) {
      const service = startAnalysisService({
        DATABASE_URL: db.url,
        KAFKA_BROKERS: kafka.brokers.join(','),
        KAFKA_GROUP_ID: groupId,
        KAFKA_IDEMPOTENT: String(kafka.supportsIdempotence),
        ANALYSIS_MAX_BATCH: String(ANALYSIS_BATCH),
        COORDINATION_ENABLED: String(coordination),
        COORDINATION_IN_ANALYSIS: 'false',
        // The test broker answers a member that joins a running group with a protocol error; the member joins again
        // (see the bus) and the broker lets the dead member go after the session timeout: 10 s keeps that start-up short.
        KAFKA_SESSION_TIMEOUT_MS: '10000',
        // A real broker answers a waiting fetch as soon as messages arrive; the test broker holds it for the full wait, so
        // the first batch after the warm-up would wait up to kafkajs's default 5 s. 100 ms stands in for the real broker.
        KAFKA_FETCH_MAX_WAIT_MS: '100',
      });
      services.push(service);
      await until('pantau analyze did not get partitions', () => (service.partitions()?.length ?? 0) > 0);
    }
    await until('the group did not settle', () => {
      const held = services.map((s) => s.partitions() ?? []);
      return held.every((p) => p.length > 0) && held.flat().length === RAW_PARTITIONS && new Set(held.flat()).size === RAW_PARTITIONS;
    });
    if (coordination) {
      const started = startCoordinationStage({
        DATABASE_URL: db.url,
        KAFKA_BROKERS: kafka.brokers.join(','),
        COORDINATION_GROUP_ID: stageGroupId,
        KAFKA_IDEMPOTENT: String(kafka.supportsIdempotence),
        KAFKA_SESSION_TIMEOUT_MS: '10000',
        KAFKA_FETCH_MAX_WAIT_MS: '100',
      });
      stage = started;
      await until('pantau coordinate did not get its partition', () => started.assigned());
    }
    const loaded = services.map((s) => procMemory(s.pid));
    // Sustained throughput: a service that has just started runs its first posts on cold code (V8 compiles the hot paths
    // as they run) and opens its connections, so 5,000 other posts go through before the clock starts.
    await publish(
      Array.from({ length: WARMUP_POSTS }, (_, i) => ({ ref: `w${i}`, item: { ...incomingAt(i), externalId: `w${i}` } })),
      'warm-up',
    );
    await drained();
    const stageCaughtUp = async () => {
      while ((await bus.lag(stageGroupId, TOPICS.postsAnalyzed)) > 0) {
        check();
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    if (stage) await stageCaughtUp();
    const warmUpBatches = services.map((s) => s.batches.length);
    const warmUpStageBatches = stage?.batches.length ?? 0;
    const t = performance.now();
    const cpu = startCpuCount({ brokerPid: kafka.pid, servicePids: services.map((s) => s.pid), databaseUrl: db.url });
    const stageCpu = stage ? startCpuCount({ servicePids: [stage.pid], databaseUrl: db.url }) : null;
    // The test broker answers a fetch with one produced record batch per partition, where a real broker returns all
    // that is pending (up to 1 MiB per partition): chunks of one analysis batch per partition give the analysis the
    // batches it would get from a real broker while it has lag. Published in slices so large runs stay in memory bounds,
    // and held back while the backlog is large: the test broker keeps at most 5 MiB of record batches per partition and
    // drops the oldest beyond that (publishing a million posts at once lost 41% of them before they were read).
    for (let start = 0; start < postCount; start += PUBLISH_SLICE) {
      await backlogAtMost(MAX_BACKLOG);
      const items = Array.from({ length: Math.min(PUBLISH_SLICE, postCount - start) }, (_, i) => ({
        ref: String(start + i),
        item: incomingAt(start + i),
      }));
      await publish(items, 'bench');
    }
    const published = performance.now() - t;
    await drained();
    const ms = performance.now() - t;
    const used = cpu.stop();
    if (stage) {
      await stageCaughtUp();
      const caughtUpMs = performance.now() - t;
      // The stage's own process only (its Postgres backend is counted with the pipeline's backends above).
      const stageUsed = (stageCpu as ReturnType<typeof startCpuCount>).stop();
      const stageBatches = stage.batches.slice(warmUpStageBatches);
      // Each post's lag is at most its batch's largest: the p99 of posts, each given its batch's largest lag.
      const lagsUpper = stageBatches.flatMap((b) => Array.from({ length: b.messages }, () => b.lagMaxMs));
      const peak = procMemory(stage.pid);
      record({
        section,
        what: 'coordination stage lag p99, analysis commit → coordination commit',
        value: percentile(lagsUpper, 99) / 1000,
        unit: 's',
        note: `upper bound (each post given its batch's largest lag); p50 ${(percentile(lagsUpper, 50) / 1000).toFixed(2)} s, max ${(lagsUpper.reduce((a, b) => Math.max(a, b), 0) / 1000).toFixed(2)} s; ${stageBatches.length} batches; caught up ${((caughtUpMs - ms) / 1000).toFixed(1)} s after analysis; pantau coordinate, its own process, beside pantau analyze ×${instances}`,
      });
      record({
        section,
        what: 'coordination stage CPU per 1,000 posts (own process)',
        value: ((stageUsed.servicesMs / postCount) * 1000) / 1000,
        unit: 's',
        note: `pantau coordinate's user + system CPU over the run and its catch-up; ${postCount.toLocaleString('en-US')} posts`,
      });
      if (peak) {
        record({
          section,
          what: 'coordination stage peak RSS (own process)',
          value: peak.peak / 2 ** 20,
          unit: 'MiB',
          note: `VmHWM of pantau coordinate after ${(postCount + WARMUP_POSTS).toLocaleString('en-US')} posts, COORDINATION_MEMORY_POSTS default`,
        });
        results.coordinationStagePeakRssMb = Math.round(peak.peak / 2 ** 20);
      }
      results.coordinationStageLagP99Seconds = Number((percentile(lagsUpper, 99) / 1000).toFixed(2));
      results.coordinationStageCpuSecondsPer1000Posts = Number((((stageUsed.servicesMs / postCount) * 1000) / 1000).toFixed(3));
    }
    const memory = services.map((s) => procMemory(s.pid));
    const stored = new pg.Client({ connectionString: db.url });
    await stored.connect();
    const { rows: counted } = await stored.query(`select count(*)::int as n from posts where external_id like 'b%'`);
    // Every published post is stored or excluded with a reason (here: not Indonesian); anything else was lost.
    const { rows: accounted } = await stored.query(
      `select (select count(*) from posts where external_id like 'b%') + (select count(*) from exclusions where external_id like 'b%') as n`,
    );
    await stored.end();
    if (Number(accounted[0]?.n) !== postCount) throw new Error(`${postCount} posts published, ${accounted[0]?.n} stored or excluded`);
    const rate = perSecond(postCount, ms);
    // The headline figures are the default configuration's: the coordinated-posting signal on.
    const main = section === 'pipeline' && coordination;
    const off = section === 'pipeline' && !coordination;
    if (instances === 2 && off) ceilings.pipeline2 = rate;
    if (instances === 1 && off) {
      ceilings.pipelineOff = rate;
      results.pipelinePostsPerSecCoordinationOff = Math.round(rate);
    }
    if (instances === 1 && main) {
      ceilings.pipeline = rate;
      results.pipelinePostsPerSec = Math.round(rate);
    }
    const batches = services.flatMap((s, i) => s.batches.slice(warmUpBatches[i]));
    const sum = (f: (b: (typeof batches)[number]) => number) => (batches.reduce((a, b) => a + f(b), 0) / 1000).toFixed(1);
    const batchMs = batches.map((b) => b.ms);
    record({
      section,
      what: `ingest → broker → analysis ×${instances} → Postgres, ${postCount.toLocaleString('en-US')} posts${coordination ? ', coordination on' : ''}`,
      value: rate,
      unit: 'posts/s',
      note: `${counted[0]?.n} stored (after ${WARMUP_POSTS.toLocaleString('en-US')} warm-up posts); published in ${(published / 1000).toFixed(1)} s; ${batches.length} batches, p50 ${percentile(batchMs, 50)} ms, p99 ${percentile(batchMs, 99)} ms; in batches: prepare ${sum((b) => b.prepareMs)} s, model ${sum((b) => b.modelMs)} s, write ${sum((b) => b.writeMs)} s of ${(ms / 1000).toFixed(1)} s`,
    });
    const perThousand = (cpuMs: number) => (cpuMs / postCount) * 1000;
    const total = used.thisProcessMs + used.servicesMs + used.brokerMs + used.postgresMs;
    record({
      section,
      what: `CPU per 1,000 posts, all processes (×${instances}${coordination ? ', coordination on' : ''})`,
      value: perThousand(total) / 1000,
      unit: 's',
      note: `ingest (bench process) ${(perThousand(used.thisProcessMs) / 1000).toFixed(3)} s, analysis service${instances > 1 ? 's' : ''} ${(perThousand(used.servicesMs) / 1000).toFixed(3)} s, test broker ${(perThousand(used.brokerMs) / 1000).toFixed(3)} s, Postgres backends ${(perThousand(used.postgresMs) / 1000).toFixed(3)} s; all ${os.cpus().length} cores busy with this work alone would pass ${Math.round((os.cpus().length * 1000 * postCount) / total).toLocaleString('en-US')} posts/s`,
    });
    const secondsPer1000 = (cpuMs: number) => Number((perThousand(cpuMs) / 1000).toFixed(3));
    if (instances === 1 && (main || off)) {
      // Per process: the coordination stage's own process is recorded by the coordination-on run above.
      const byProcess = {
        ingest: secondsPer1000(used.thisProcessMs),
        analysis: secondsPer1000(used.servicesMs),
        broker: secondsPer1000(used.brokerMs),
        postgres: secondsPer1000(used.postgresMs),
        ...(coordination ? { coordinationStage: results.coordinationStageCpuSecondsPer1000Posts } : {}),
      };
      if (main) {
        results.pipelineCpuSecondsPer1000Posts = secondsPer1000(total);
        results.pipelineCpuSecondsPer1000PostsByProcess = byProcess;
      } else {
        results.pipelineCpuSecondsPer1000PostsCoordinationOff = secondsPer1000(total);
        results.pipelineCpuSecondsPer1000PostsByProcessCoordinationOff = byProcess;
      }
    }
    if (section === 'pipeline' && memory.every((m) => m) && loaded.every((m) => m)) {
      const peak = Math.max(...memory.map((m) => (m as { peak: number }).peak));
      if (instances === 1 && main) results.analysisPeakRssMb = Math.round(peak / 2 ** 20);
      const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
      record({
        section,
        what: `peak RSS of the analysis service (×${instances}${coordination ? ', coordination on' : ''}; own process)`,
        value: peak / 2 ** 20,
        unit: 'MiB',
        note: `VmHWM of ${instances > 1 ? 'the larger process' : 'pantau analyze'} at lag 0; ${loaded.map((m) => mib((m as { rss: number }).rss)).join(' / ')} MiB resident when consuming began, ${memory.map((m) => mib((m as { rss: number }).rss)).join(' / ')} MiB at lag 0`,
      });
    }
    return rate;
  } finally {
    await Promise.all(services.map((s) => s.stop()));
    await stage?.stop();
    await producer.close();
    await bus.close();
    await db.drop();
    await kafka.stop();
  }
}

async function benchApi(): Promise<void> {
  const posts = Number(values['api-posts']);
  const db = await createTestDatabase();
  const handle = await openDatabase({ url: db.url, maxConnections: 20 });
  try {
    await migrate(handle);
    const model = await loadSentimentModel();
    const seconds = await seedDatabase(db.url, {
      posts,
      days: 90,
      lastDay: '2026-11-14',
      topics: 50,
      modelVersion: model.manifest.version,
      coverageRunsPerDay: COVERAGE_RUNS_PER_DAY,
    });
    record({
      section: 'api',
      what: `seed ${posts.toLocaleString('en-US')} posts over 90 days, 50 topics, ${(3 * 90 * COVERAGE_RUNS_PER_DAY).toLocaleString('en-US')} coverage runs (SQL)`,
      value: seconds,
      unit: 's',
    });
    const { secret } = await createApiKey(handle.db, 'bench', ['read']);
    const app = await buildApp({
      db: handle.db,
      pingDatabase: () => handle.ping(),
      model,
      software: { version: 'bench', commit: 'bench' },
      rateLimitPerMinute: 100_000_000,
      // Answers are kept until a write is notified (as in service): "repeated" rows below ask one query again and again
      // (answers kept), "varied" rows ask a different window on every request (every answer computed).
      dataChanges: watchDataChanges(handle),
    });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    // Distinct windows in a fixed shuffled order (no answer asked twice) and the mentions filters and sorts; a quarter
    // of the mentions queries at their second page (a cursor read beforehand).
    const variedQueries = variedWindows();
    const mentionQueries = mentionFilters(variedQueries);
    for (let i = 0; i < mentionQueries.length; i += 4) {
      const first = await app.inject({ url: `/v1/mentions?${mentionQueries[i]}`, headers: { authorization: `Bearer ${secret}` } });
      const cursor = (first.json() as { data: { nextCursor: string | null } }).data.nextCursor;
      if (cursor) mentionQueries[i] = `${mentionQueries[i]}&cursor=${cursor}`;
    }
    const variedQuery = (path: string, i: number) => variedQueryOf(path, i, variedQueries, mentionQueries);
    // CPU of this process (server and load generator both) and of the database's Postgres backends per answer: less
    // moved by other work on the machine than a rate or a latency, it is noted beside each row (bench/api-cpu.ts counts
    // the API process apart from the load generator).
    const cpuPerAnswer = new Map<string, { bench: number; postgres: number }>();
    const load = async (target: string, path: string, varied: boolean, requestHeaders: Record<string, string> = {}) => {
      let next = 0;
      const cpu = startCpuCount({ databaseUrl: db.url });
      const result = await autocannon({
        url: `${target}${path}`,
        connections: 32,
        duration: 8,
        headers: requestHeaders,
        ...(varied
          ? {
              requests: [
                {
                  setupRequest: (request) => ({
                    ...request,
                    path: `${path}${path.includes('?') ? '&' : '?'}${variedQuery(path, next++)}`,
                  }),
                },
              ],
            }
          : {}),
      });
      const used = cpu.stop();
      const answers = Math.max(1, result.requests.total);
      cpuPerAnswer.set(`${target}${path}:${varied}`, { bench: used.thisProcessMs / answers, postgres: used.postgresMs / answers });
      return result;
    };
    const cpuNote = (target: string, path: string, varied: boolean) => {
      const used = cpuPerAnswer.get(`${target}${path}:${varied}`) ?? { bench: 0, postgres: 0 };
      return `, ${used.bench.toFixed(2)} CPU-ms per answer (bench process) + ${used.postgres.toFixed(2)} (Postgres backends)`;
    };
    // The raw ceilings of this run, beside the API: Fastify answering a constant, and Fastify answering one indexed
    // rollup query per request over the same varied windows through a bare pg pool (no answer cache, no disclosure).
    const raw = Fastify({ logger: false });
    const rawPool = new pg.Pool({ connectionString: db.url, max: 20 });
    raw.get('/hello', async () => ({ hello: 'world' }));
    raw.get<{ Querystring: { from: string; to: string; platform?: string } }>('/sql', async (request) => {
      const { from, to, platform } = request.query;
      const { rows: sums } = await rawPool.query(
        'select day, sum(posts)::int as posts from daily_sentiment where day between $1 and $2 and ($3::text is null or platform = $3) group by day order by day',
        [from, to, platform ?? null],
      );
      return { sums };
    });
    const rawUrl = await raw.listen({ host: '127.0.0.1', port: 0 });
    for (const [name, path, key] of [
      ['raw Fastify hello world', '/hello', 'apiRawFastify'],
      ['raw SQL: one rollup query per request, varied windows (Fastify + pg pool)', '/sql', 'apiRawSql'],
    ] as const) {
      const r = await load(rawUrl, path, path === '/sql');
      record({
        section: 'api',
        what: `${name}, concurrency 32`,
        value: r.requests.average,
        unit: 'req/s',
        note: `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors + r.non2xx}${cpuNote(rawUrl, path, path === '/sql')}; ceiling of this run`,
      });
      ceilings[key] = r.requests.average;
      results[`${key}ReqPerSec`] = Math.round(r.requests.average);
    }
    await raw.close();
    await rawPool.end();
    // The raw ceiling of the mentions rows: the page's own statement with the same filters, through the same pool, 32
    // callers at a time, without HTTP, the total or the disclosure (first pages: a keyset page costs the same).
    {
      const latencies: number[] = [];
      const until = performance.now() + 8_000;
      let next = 0;
      const caller = async () => {
        while (performance.now() < until) {
          const q = new URLSearchParams(mentionQueries[next++ % mentionQueries.length]);
          const term = q.get('term');
          const t = performance.now();
          await mentions(handle.db, {
            from: q.get('from') as string,
            to: q.get('to') as string,
            platform: q.get('platform') ?? undefined,
            topicId: q.has('topic') ? Number(q.get('topic')) : undefined,
            label: q.get('label') ?? undefined,
            key: term ? (keywordKey(term) ?? term) : undefined,
            modelVersion: model.manifest.version,
            sort: q.get('sort') === 'engagement' ? 'engagement' : 'time',
            limit: 21,
          });
          latencies.push(performance.now() - t);
        }
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: 32 }, caller));
      const rate = latencies.length / ((performance.now() - started) / 1000);
      latencies.sort((a, b) => a - b);
      const p99 = latencies[Math.floor(0.99 * (latencies.length - 1))] ?? 0;
      ceilings.mentionsQuery = rate;
      record({
        section: 'api',
        what: 'mentions statement alone (Postgres, same varied filters and sorts, no HTTP), concurrency 32',
        value: rate,
        unit: 'queries/s',
        note: `p99 ${p99.toFixed(1)} ms`,
      });
    }
    // Answers that take seconds (topic and volume windows computed from posts) go last: a request still running in the
    // database after its row ends would slow the next row.
    for (const [name, path, varied] of [
      ['daily sentiment, 14 days, repeated', '/v1/sentiment', false],
      ['daily sentiment of a topic, 14 days, repeated', '/v1/sentiment?topic=7', false],
      ['volume, 14 days, repeated', '/v1/volume', false],
      ['top keywords, 14 days, repeated', '/v1/keywords/top?limit=20', false],
      ['keyword series, 14 days, repeated', '/v1/keywords/antre/series', false],
      ['mentions, one day, 20', '/v1/mentions?from=2026-11-14&to=2026-11-14&limit=20', false],
      ['coverage ledger, 14 days, repeated', '/v1/coverage', false],
      ['daily sentiment, varied windows', '/v1/sentiment', true],
      ['daily sentiment of a topic, varied windows', '/v1/sentiment?topic=7', true],
      ['top keywords, varied windows', '/v1/keywords/top?limit=20', true],
      ['keyword series, varied windows', '/v1/keywords/antre/series', true],
      ['coverage ledger, varied windows', '/v1/coverage', true],
      ['volume, varied windows', '/v1/volume', true],
      ['volume of a topic, varied windows', '/v1/volume?topic=7', true],
      ['mentions, varied windows, filters and sorts, keyset pages of 20', '/v1/mentions', true],
    ] as const) {
      const r = await load(url, path, varied, { authorization: `Bearer ${secret}` });
      record({
        section: 'api',
        what: `${name} (${path.split('?')[0]}), concurrency 32`,
        value: r.requests.average,
        unit: 'req/s',
        note: `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors + r.non2xx}${cpuNote(url, path, varied)}`,
      });
      if (path === '/v1/sentiment' && varied) {
        results.apiDailySentimentVariedP99Ms = r.latency.p99;
        results.apiDailySentimentVariedReqPerSec = Math.round(r.requests.average);
      }
      if (path === '/v1/mentions' && varied) {
        results.apiMentionsReqPerSec = Math.round(r.requests.average);
        results.apiMentionsP99Ms = r.latency.p99;
        ceilings.apiMentions = r.requests.average;
      }
      if (path === '/v1/sentiment' && !varied) {
        results.apiDailySentimentP99Ms = r.latency.p99;
        results.apiDailySentimentReqPerSec = Math.round(r.requests.average);
        ceilings.apiSentiment = r.requests.average;
      }
      if (path === '/v1/volume' && varied) {
        results.apiVolumeVariedReqPerSec = Math.round(r.requests.average);
        results.apiVolumeVariedP99Ms = r.latency.p99;
        ceilings.apiVolumeVaried = r.requests.average;
      }
      if (path === '/v1/coverage' && varied) {
        results.apiCoverageReqPerSec = Math.round(r.requests.average);
        results.apiCoverageP99Ms = r.latency.p99;
        ceilings.apiCoverage = r.requests.average;
      }
      // The worst p99 of the rows whose every answer is computed.
      if (varied) results.apiVariedP99Ms = Math.max(Number(results.apiVariedP99Ms ?? 0), r.latency.p99);
      if (r.errors + r.non2xx > 0) results.apiErrors = Number(results.apiErrors ?? 0) + r.errors + r.non2xx;
    }
    await app.close();
    model.dispose();
    for (const [what, key] of [
      ['volume, varied windows', 'apiVolumeVaried'],
      ['coverage ledger, varied windows', 'apiCoverage'],
    ] as const) {
      const value = ceilings[key];
      if (value && ceilings.apiRawFastify && ceilings.apiRawSql)
        apiRatios.push(
          `${what} / raw Fastify: ${(value / ceilings.apiRawFastify).toFixed(2)}; / raw SQL (one rollup query per request): ${(value / ceilings.apiRawSql).toFixed(2)}`,
        );
    }
  } finally {
    await handle.close();
    await db.drop();
  }
}

async function benchReport(): Promise<void> {
  const perDay = Number(values['report-posts']);
  const db = await createTestDatabase();
  const handle = await openDatabase({ url: db.url });
  try {
    await migrate(handle);
    const model = await loadSentimentModel();
    await seedDatabase(db.url, { posts: perDay * 8, days: 8, lastDay: '2026-11-14', topics: 0, modelVersion: model.manifest.version });
    const t = performance.now();
    const report = await buildDailyReport(handle.db, { date: '2026-11-14', model: model.disclosure(), method: methodOf(model) });
    const seconds = (performance.now() - t) / 1000;
    results.reportSeconds = Math.round(seconds * 100) / 100;
    record({
      section: 'report',
      what: `daily report for a day with ${report.volume.posts.toLocaleString('en-US')} posts (7-day baseline)`,
      value: seconds,
      unit: 's',
    });
    model.dispose();
  } finally {
    await handle.close();
    await db.drop();
  }
}

async function benchColdStart(): Promise<void> {
  const dir = mkdtempSync(`${os.tmpdir()}/pantau-cold-`);
  const port = 18_000 + Math.floor(Math.random() * 1000);
  const root = fileURLToPath(new URL('..', import.meta.url));
  const env: NodeJS.ProcessEnv = { ...process.env, PANTAU_DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'KAFKA_BROKERS', 'PANTAU_PEPPER']) delete env[name];
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/cli/src/main.ts', 'start'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  let firstAnswer = 0;
  while (performance.now() - started < 60_000) {
    if (!firstAnswer) {
      const ok = await fetch(`http://127.0.0.1:${port}/v1/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) firstAnswer = performance.now() - started;
    }
    if (out.includes('Development API key')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const ready = performance.now() - started;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
  results.coldStartSeconds = Math.round(firstAnswer / 10) / 100;
  record({ section: 'start', what: 'pnpm start on a fresh data dir: first API answer', value: firstAnswer / 1000, unit: 's' });
  record({ section: 'start', what: 'pnpm start on a fresh data dir: sample analysed, banner printed', value: ready / 1000, unit: 's' });
}

const started = new Date();
/** Wall-clock seconds of each section of this run, in order. */
const sectionSeconds: [string, number][] = [];
async function section(name: string, run: () => Promise<void>): Promise<void> {
  if (!enabled(name)) return;
  const t = performance.now();
  await run();
  sectionSeconds.push([name, (performance.now() - t) / 1000]);
}
await section('text', benchText);
await section('model', benchModel);
await section('kafka', benchKafka);
await section('postgres', benchPostgres);
await section('http', benchHttp);
await section('pipeline', async () => {
  const runs = new Set(values['pipeline-runs'].split(','));
  if (runs.has('off')) await benchPipeline(1, PIPELINE_POSTS);
  if (runs.has('x2')) await benchPipeline(2, PIPELINE_POSTS);
  // The service's default configuration: the coordinated-posting signal on.
  if (runs.has('on')) await benchPipeline(1, PIPELINE_POSTS, 'pipeline', { coordination: true });
});
await section('scaling', async () => {
  // How throughput holds up as the database grows: the same pipeline into an empty database, at each size.
  const rates: [number, number][] = [];
  for (const n of SCALING_POSTS) rates.push([n, await benchPipeline(1, n, 'scaling')]);
  const [first] = rates;
  if (first) results.scaling = Object.fromEntries(rates.map(([n, r]) => [String(n), Math.round(r)]));
  for (const [n, r] of rates.slice(1))
    if (first)
      scalingRatios.push(
        `pipeline at ${n.toLocaleString('en-US')} / at ${first[0].toLocaleString('en-US')} posts: ${(r / first[1]).toFixed(2)}`,
      );
});
await section('api', benchApi);
await section('report', benchReport);
await section('start', benchColdStart);
await section('coordination', () =>
  benchCoordination({
    posts: Number(values['coordination-posts']),
    record,
    results,
    persist: only !== null,
    // The pipeline of this run with coordination off and on (the stage its own process), at the section's size.
    pipeline: (coordination) => benchPipeline(1, Number(values['coordination-posts']), 'coordination', { coordination }),
  }),
);
const runMinutes = sectionSeconds.reduce((t, [, s]) => t + s, 0) / 60;
const runTime = `${runMinutes.toFixed(1)} minutes (${sectionSeconds.map(([n, s]) => `${n} ${Math.round(s)} s`).join(', ')})`;
process.stdout.write(`run       ${runTime}\n`);

const ratios: string[] = [];
if (ceilings.model && ceilings.tf)
  ratios.push(`model.predict (batch 512) / TensorFlow.js kernels alone: ${(ceilings.model / ceilings.tf).toFixed(2)}`);
if (ceilings.pipeline) {
  const raw = Object.entries(ceilings).filter(([k]) => ['text', 'model', 'produce', 'consume', 'postgres'].includes(k));
  const slowest = raw.sort((a, b) => a[1] - b[1])[0];
  if (slowest)
    ratios.push(`pipeline / slowest raw ceiling (${slowest[0]}, ${fmt(slowest[1])}/s): ${(ceilings.pipeline / slowest[1]).toFixed(2)}`);
  if (ceilings.model) ratios.push(`pipeline / model inference alone: ${(ceilings.pipeline / ceilings.model).toFixed(2)}`);
  if (ceilings.pipelineOff) ratios.push(`pipeline, coordination on / off: ${(ceilings.pipeline / ceilings.pipelineOff).toFixed(2)}`);
}
if (ceilings.pipeline2 && ceilings.pipelineOff) {
  ratios.push(`pipeline ×2 instances / ×1 (coordination off): ${(ceilings.pipeline2 / ceilings.pipelineOff).toFixed(2)}`);
}
if (ceilings.apiSentiment && ceilings.http)
  ratios.push(`daily sentiment API / Fastify hello world: ${(ceilings.apiSentiment / ceilings.http).toFixed(2)}`);
if (ceilings.apiMentions && ceilings.http)
  ratios.push(`mentions API (varied) / Fastify hello world: ${(ceilings.apiMentions / ceilings.http).toFixed(2)}`);
if (ceilings.apiMentions && ceilings.mentionsQuery)
  ratios.push(`mentions API (varied) / its statement alone: ${(ceilings.apiMentions / ceilings.mentionsQuery).toFixed(2)}`);
if (ceilings.apiMentions && ceilings.apiSentiment)
  ratios.push(`mentions API (varied) / daily sentiment API (answer kept): ${(ceilings.apiMentions / ceilings.apiSentiment).toFixed(2)}`);
ratios.push(...scalingRatios, ...apiRatios);
for (const r of ratios) process.stdout.write(`ratio     ${r}\n`);

// Each target of the benchmark issue against the figure measured in this run.
const targets: string[] = [];
const target = (what: string, value: unknown, goal: number, unit: string, atLeast: boolean) => {
  if (typeof value !== 'number') return;
  const met = atLeast ? value >= goal : value <= goal;
  const by = atLeast ? goal / value : value / goal;
  const u = unit ? ` ${unit}` : '';
  targets.push(
    `${what}: ${fmt(value)}${u}, target ${atLeast ? '≥' : '≤'} ${fmt(goal)}${u}: ${met ? 'met' : `missed (${by.toFixed(1)}× off)`}`,
  );
};
target('pipeline, one instance (coordination on, the default)', results.pipelinePostsPerSec, 5_000, 'posts/s', true);
if (ceilings.pipeline && ceilings.pipelineOff)
  target('pipeline with coordination on / off', ceilings.pipeline / ceilings.pipelineOff, 0.8, '', true);
if (ceilings.pipeline && ceilings.model) target('pipeline / model inference', ceilings.pipeline / ceilings.model, 0.6, '', true);
target('peak RSS of the analysis service', results.analysisPeakRssMb, 400, 'MiB', false);
target('daily sentiment API p99 (repeated query, answer kept)', results.apiDailySentimentP99Ms, 50, 'ms', false);
target('daily sentiment API (repeated query, answer kept)', results.apiDailySentimentReqPerSec, 2_000, 'req/s', true);
target('daily sentiment API p99 (varied windows, every answer computed)', results.apiDailySentimentVariedP99Ms, 50, 'ms', false);
target('daily sentiment API (varied windows, every answer computed)', results.apiDailySentimentVariedReqPerSec, 2_000, 'req/s', true);
target('mentions API (varied filters and sorts, keyset pages)', results.apiMentionsReqPerSec, 1_500, 'req/s', true);
target('mentions API p99 (varied filters and sorts, keyset pages)', results.apiMentionsP99Ms, 50, 'ms', false);
target('volume API (varied windows, every answer computed)', results.apiVolumeVariedReqPerSec, 1_000, 'req/s', true);
target('volume API p99 (varied windows, every answer computed)', results.apiVolumeVariedP99Ms, 100, 'ms', false);
target('coverage API (varied windows, every answer computed)', results.apiCoverageReqPerSec, 1_000, 'req/s', true);
target('worst p99 of the varied-window API rows', results.apiVariedP99Ms, 50, 'ms', false);
target('report of a 100,000-post day', results.reportSeconds, 5, 's', false);
target('cold start to first API answer', results.coldStartSeconds, 15, 's', false);
for (const t of targets) process.stdout.write(`target    ${t}\n`);

if (!only) {
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  const md = [
    '# Benchmark results',
    '',
    `Measured by \`pnpm bench\` on ${started.toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}.`,
    "Every figure comes from one run; raw building blocks were measured in the same run. Kafka is the project's",
    'Kafka-protocol test broker (librdkafka mock cluster) on loopback; Postgres is the local server. In the pipeline and',
    'scaling sections the analysis runs as `pantau analyze` processes (one, or two in one consumer group) fed by the bench',
    'process (the ingest side); the clock starts after 5,000 warm-up posts and stops when the group has no lag.',
    `This run (${process.argv.slice(2).join(' ') || 'no flags'}) took ${runTime}.`,
    '',
    '| section | what | value | unit | note |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.section} | ${r.what} | ${fmt(r.value)} | ${r.unit} | ${r.note ?? ''} |`),
    '',
    '## Ratios',
    '',
    ...ratios.map((r) => `- ${r}`),
    '',
    '## Targets',
    '',
    ...targets.map((t) => `- ${t}`),
    '',
  ].join('\n');
  writeFileSync(fileURLToPath(new URL('./RESULTS.md', import.meta.url)), md);
  const machine = `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  writeFileSync(
    fileURLToPath(new URL('./results.json', import.meta.url)),
    `${JSON.stringify({ ...results, machine, date: started.toISOString().slice(0, 10), rows }, null, 2)}\n`,
  );
  process.stdout.write('wrote bench/RESULTS.md\n');
} else if (only.has('api')) persistApiSection();
process.exit(0);

/**
 * A `--only api` run: its rows and figures replace the api ones in bench/results.json, and bench/RESULTS.md gets them in
 * a section of their own (the rest of the file stays the full run it came from).
 */
function persistApiSection(): void {
  const json = fileURLToPath(new URL('./results.json', import.meta.url));
  const stored = JSON.parse(readFileSync(json, 'utf8')) as { [key: string]: unknown };
  for (const [k, v] of Object.entries(results)) if (k.startsWith('api')) stored[k] = v;
  const apiRows = rows.filter((r) => r.section === 'api');
  const kept = Array.isArray(stored.rows) ? (stored.rows as Row[]).filter((r) => r.section !== 'api') : [];
  stored.rows = [...kept, ...apiRows];
  stored.apiMeasuredAlone = { date: started.toISOString().slice(0, 10), flags: process.argv.slice(2).join(' ') };
  writeFileSync(json, `${JSON.stringify(stored, null, 2)}\n`);
  const mdFile = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
  const heading = '## API section, measured alone';
  const md = readFileSync(mdFile, 'utf8');
  const before = md.includes(heading) ? md.slice(0, md.indexOf(heading)).trimEnd() : md.trimEnd();
  const section = [
    heading,
    '',
    `Measured by \`pnpm bench ${process.argv.slice(2).join(' ')}\` on ${started.toISOString().slice(0, 10)} (${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown cpu'}),`,
    'with the raw ceilings of the same run; these rows replace the api rows of the full run above. The machine was shared',
    `with other work while it ran (load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} over 1 / 5 / 15 minutes at the end, on ${os.cpus().length} cores):`,
    'compare each row with the raw ceilings beside it rather than with other runs.',
    '',
    '| section | what | value | unit | note |',
    '|---|---|---|---|---|',
    ...apiRows.map((r) => `| ${r.section} | ${r.what} | ${fmt(r.value)} | ${r.unit} | ${r.note ?? ''} |`),
    '',
    ...apiRatios.map((r) => `- ${r}`),
    ...targets.filter((t) => /API|api/.test(t)).map((t) => `- ${t}`),
    '',
  ].join('\n');
  writeFileSync(mdFile, `${before}\n\n${section}`);
  process.stdout.write('wrote the api section into bench/RESULTS.md and bench/results.json\n');
}
