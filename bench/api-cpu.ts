// `tsx bench/api-cpu.ts --database-url URL [--api-posts N] [--requests N] [--rows a,b,!c] [--json FILE] [--cpu-prof DIR]`: CPU time per
// request of each API endpoint, split into the API process and the Postgres backends, beside the raw ceilings (Fastify
// answering a constant; one indexed rollup query per request through a bare pg pool) measured in the same run. On a
// shared machine a rate or a latency moves with other work; CPU per request does not (much): 2 cores at 100% give
// 2,000 CPU-ms per second, so an endpoint needing C CPU-ms per request cannot pass 2,000 / C requests per second.
// The API runs in its own process (bench/api-server.ts) as `pnpm bench --only api` serves it; the database at URL is
// migrated and seeded as that section seeds it (1,000,000 posts over 90 days, 50 topics, the coverage ledger) unless
// it already has posts, and is kept afterwards.

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { migrate, openDatabase } from '@pantau/db';
import { loadSentimentModel } from '@pantau/sentiment';
import autocannon from 'autocannon';
import pg from 'pg';
import { mentionFilters, variedQueryOf, variedWindows } from './api-queries.ts';
import { startCpuCount } from './cpu.ts';
import { seedDatabase } from './seed.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    'api-posts': { type: 'string', default: '1000000' },
    requests: { type: 'string', default: '2000' },
    connections: { type: 'string', default: '32' },
    rows: { type: 'string' },
    json: { type: 'string' },
    // The API process's V8 CPU profile, written into DIR when it exits (open it in Chrome DevTools or speedscope).
    'cpu-prof': { type: 'string' },
  },
});
const databaseUrl = values['database-url'];
if (!databaseUrl) throw new Error('--database-url is required (a database of its own: it is seeded when it has no posts)');
const REQUESTS = Number(values.requests);
const CONNECTIONS = Number(values.connections);
const WARMUP = 100;

// Seed when empty.
{
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // Two statements: Postgres plans `exists (select 1 from posts)` even where the table is missing and fails.
  const { rows: tables } = await client.query<{ n: boolean }>("select to_regclass('posts') is not null as n");
  const seeded = tables[0]?.n ? (await client.query<{ n: boolean }>('select exists (select 1 from posts) as n')).rows[0]?.n : false;
  await client.end();
  if (!seeded) {
    const handle = await openDatabase({ url: databaseUrl });
    await migrate(handle);
    await handle.close();
    const model = await loadSentimentModel();
    const seconds = await seedDatabase(databaseUrl, {
      posts: Number(values['api-posts']),
      days: 90,
      lastDay: '2026-11-14',
      topics: 50,
      modelVersion: model.manifest.version,
      coverageRunsPerDay: 48,
    });
    model.dispose();
    process.stdout.write(`seeded ${Number(values['api-posts']).toLocaleString('en-US')} posts in ${seconds.toFixed(0)} s\n`);
  }
}

const profile = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : [];
const server = spawn(process.execPath, [...profile, '--import', 'tsx', fileURLToPath(new URL('./api-server.ts', import.meta.url))], {
  env: { ...process.env, BENCH_DATABASE_URL: databaseUrl },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const started = await new Promise<{ apiUrl: string; rawUrl: string; secret: string }>((resolve, reject) => {
  createInterface({ input: server.stdout as NodeJS.ReadableStream }).once('line', (line) => resolve(JSON.parse(line)));
  server.once('exit', (code) => reject(new Error(`api-server exited with ${code}`)));
});
const auth = { authorization: `Bearer ${started.secret}` };

const windows = variedWindows();
const mentions = mentionFilters(windows);
type Kind = 'raw' | 'repeated' | 'varied';
const ROWS: [name: string, path: string, kind: Kind][] = [
  ['raw Fastify hello world', '/hello', 'raw'],
  ['raw SQL: one rollup query per request, varied windows', '/sql', 'raw'],
  ['daily sentiment, 14 days, repeated', '/v1/sentiment', 'repeated'],
  ['volume, 14 days, repeated', '/v1/volume', 'repeated'],
  ['coverage ledger, 14 days, repeated', '/v1/coverage', 'repeated'],
  ['daily sentiment, varied windows', '/v1/sentiment', 'varied'],
  ['daily sentiment of a topic, varied windows', '/v1/sentiment?topic=7', 'varied'],
  ['top keywords, varied windows', '/v1/keywords/top?limit=20', 'varied'],
  ['keyword series, varied windows', '/v1/keywords/antre/series', 'varied'],
  ['coverage ledger, varied windows', '/v1/coverage', 'varied'],
  ['volume, varied windows', '/v1/volume', 'varied'],
  ['volume of a topic, varied windows', '/v1/volume?topic=7', 'varied'],
  ['mentions, varied windows, filters and sorts, keyset pages of 20', '/v1/mentions', 'varied'],
  ['summary of the latest day, repeated', '/v1/summary', 'repeated'],
  ['summary, days and scopes not asked before', '/v1/summary', 'varied'],
];
// `--rows a,b,!c`: the rows whose name or path holds a or b, less those holding c.
const asked = values.rows?.split(',') ?? [];
const wanted = asked.filter((w) => !w.startsWith('!'));
const unwanted = asked.filter((w) => w.startsWith('!')).map((w) => w.slice(1));
const holds = (name: string, path: string) => (w: string) => name.includes(w) || path.includes(w);
const rows = ROWS.filter(([name, path]) => (wanted.length === 0 || wanted.some(holds(name, path))) && !unwanted.some(holds(name, path)));
// A quarter of the mentions queries at their second page, as in the api section (when a mentions row is measured).
if (rows.some(([, path]) => path === '/v1/mentions')) {
  let next = 0;
  const worker = async () => {
    for (let i = next; i < mentions.length; i = next) {
      next += 4;
      const r = await fetch(`${started.apiUrl}/v1/mentions?${mentions[i]}`, { headers: auth });
      const cursor = ((await r.json()) as { data: { nextCursor: string | null } }).data.nextCursor;
      if (cursor) mentions[i] = `${mentions[i]}&cursor=${cursor}`;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/** Each route's next unused query index (warm-up and measured requests never repeat a query of the same route). */
const nextIndex = new Map<string, number>();
const summaryDays = Array.from({ length: 90 }, (_, i) =>
  new Date(Date.parse('2026-11-14T00:00:00Z') - i * 86_400_000).toISOString().slice(0, 10),
);
/**
 * The i-th summary query, never repeated: every day without coordinated posts (the warm-up asks most of them), then
 * every day of all posts, then each topic's days (with `--requests 80` the measured ones are all-post days only).
 */
const summaryQuery = (i: number) => {
  const scope = Math.floor(i / summaryDays.length);
  const topic = Math.floor(scope / 2);
  return `date=${summaryDays[i % summaryDays.length]}${scope % 2 ? '' : '&excludeCoordinated=true'}${topic ? `&topic=${topic}` : ''}`;
};
const queryOf = (path: string, kind: Kind): (() => string) => {
  if (kind === 'repeated') return () => path;
  if (path === '/hello') return () => path;
  return () => {
    const i = nextIndex.get(path) ?? 0;
    nextIndex.set(path, i + 1);
    const query = path === '/v1/summary' ? summaryQuery(i) : variedQueryOf(path, i, windows, mentions);
    return `${path}${path.includes('?') ? '&' : '?'}${query}`;
  };
};
const fire = (base: string, next: () => string, amount: number) =>
  autocannon({
    url: `${base}${next()}`,
    connections: CONNECTIONS,
    amount,
    headers: auth,
    requests: [{ setupRequest: (request) => ({ ...request, path: next() }) }],
  });

interface Measured {
  name: string;
  path: string;
  kind: Kind;
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  apiCpuMs: number;
  postgresCpuMs: number;
  loadAverage: number;
}
const measured: Measured[] = [];
const fmt = (n: number) => n.toFixed(2);
process.stdout.write(
  `${'row'.padEnd(66)} ${'req/s'.padStart(7)} ${'p50'.padStart(5)} ${'p99'.padStart(6)}  CPU-ms/request: ${'API'.padStart(6)} ${'PG'.padStart(6)} ${'total'.padStart(6)}  load\n`,
);
for (const [name, path, kind] of rows) {
  const base = kind === 'raw' ? started.rawUrl : started.apiUrl;
  const next = queryOf(path, kind);
  await fire(base, next, WARMUP);
  await new Promise((r) => setTimeout(r, 1_200)); // the warm-up's audit rows are written before counting starts
  const cpu = startCpuCount({ servicePids: [server.pid as number], databaseUrl });
  const r = await fire(base, next, REQUESTS);
  await new Promise((r) => setTimeout(r, 1_200)); // the measured requests' audit rows are written (every second)
  const used = cpu.stop();
  const n = Math.max(1, r.requests.total);
  const row: Measured = {
    name,
    path,
    kind,
    requests: r.requests.total,
    reqPerSec: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors + r.non2xx,
    apiCpuMs: used.servicesMs / n,
    postgresCpuMs: used.postgresMs / n,
    loadAverage: os.loadavg()[0] ?? 0,
  };
  measured.push(row);
  process.stdout.write(
    `${`${name} (${path.split('?')[0]})`.padEnd(66)} ${Math.round(row.reqPerSec).toString().padStart(7)} ${String(row.p50Ms).padStart(5)} ${String(row.p99Ms).padStart(6)}                  ${fmt(row.apiCpuMs).padStart(6)} ${fmt(row.postgresCpuMs).padStart(6)} ${fmt(row.apiCpuMs + row.postgresCpuMs).padStart(6)}  ${row.loadAverage.toFixed(1)}${row.errors ? `  errors ${row.errors}` : ''}\n`,
  );
}
process.stdout.write(
  `CPU ticks are 10 ms: with ${REQUESTS} requests a row's CPU-ms per request is good to ±${(20 / REQUESTS).toFixed(3)} ms. Load average (1 min) at the end of each row, on ${os.cpus().length} cores.\n`,
);
if (values.json)
  writeFileSync(values.json, `${JSON.stringify({ date: new Date().toISOString(), requests: REQUESTS, rows: measured }, null, 2)}\n`);
server.stdin?.end();
await new Promise((r) => server.once('exit', r));
process.exit(0);
