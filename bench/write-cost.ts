// The batch write's cost to Postgres alone: the pipeline section's posts (as bench/analysis-cost.ts makes them) are
// analysed by the analyzer the service builds and written into a fresh database, and only the database's backends are
// counted (user + system CPU, as bench/cpu.ts counts them), split by statement: each statement's backend CPU is read
// from /proc/<backend>/schedstat (nanoseconds) before and after it, so the rows say which statements, and which of
// their tables' indexes and triggers, the CPU goes to. The analysis's own CPU is not counted. `--topics N` creates N
// topics first (the pipeline section has none), so topic tags and the topic rollups are written too.
// `node --import tsx bench/write-cost.ts [--posts N] [--batch N] [--warmup N] [--topics N] [--setup-sql SQL]
// [--explain FILE]`.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { BusMessage, BusProducer } from '@pantau/bus';
import { TOPICS } from '@pantau/contracts';
import { migrate, openDatabase, topicQueries } from '@pantau/db';
import { createTestDatabase } from '@pantau/e2e/support/postgres.ts';
import { createAnalyzer } from '@pantau/pipeline';
import { loadSentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier } from '@pantau/text';
import pg from 'pg';
import { startCpuCount } from './cpu.ts';
import { encodedBatches } from './posts.ts';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '30000' },
    batch: { type: 'string', default: '1667' },
    warmup: { type: 'string', default: '5000' },
    topics: { type: 'string', default: '0' },
    // Writes each statement's plan with its row counts, buffers and WAL (auto_explain, nested statements too: triggers,
    // foreign-key checks) for the measured batches to this file; the CPU figures then include auto_explain's own cost.
    explain: { type: 'string' },
    // SQL run after migrating, before the posts are written: what an index, a constraint or a table setting costs the
    // write (`--setup-sql 'drop index posts_author_idx'`).
    'setup-sql': { type: 'string' },
  },
});
const POSTS = Number(values.posts);
const BATCH = Number(values.batch);
const WARMUP = Number(values.warmup);

// The queries of the created topics: words the sample's posts use, each tagging a share of them.
const TOPIC_QUERIES = ['antre', 'obat', 'iuran', 'denda', 'puskesmas', 'klaim', 'rumah sakit', 'gratis', 'aplikasi', 'rujuk'];

/** Nanoseconds a process has run on a CPU (0 when it is gone). */
function runNs(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return 0;
  }
}

/** A statement's name in the breakdown: its verb and table (`insert into daily_keywords`, `update daily_volume`). */
function statementName(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim().toLowerCase();
  const m = /^(insert into "?[a-z_]+|update "?[a-z_]+|delete from "?[a-z_]+|begin|commit|rollback)/.exec(flat);
  if (m) return (m[1] as string).replaceAll('"', '');
  return flat.slice(0, 40);
}

// Each statement's backend CPU, by name, while `counting` is on.
const byStatement = new Map<string, { calls: number; ns: number }>();
let counting = false;
type Query = (this: pg.Client, ...args: unknown[]) => unknown;
const query = pg.Client.prototype.query as unknown as Query;
const explained = new WeakSet<pg.Client>();
const plans: string[] = [];
(pg.Client.prototype as unknown as { query: Query }).query = function (this: pg.Client, ...args: unknown[]) {
  if (values.explain && !explained.has(this)) {
    explained.add(this);
    this.on('notice', (n) => {
      if (counting) plans.push(n.message ?? '');
    });
    query.call(
      this,
      `load 'auto_explain'; set auto_explain.log_min_duration = 0; set auto_explain.log_analyze = on;
       set auto_explain.log_buffers = on; set auto_explain.log_wal = on; set auto_explain.log_timing = on;
       set auto_explain.log_nested_statements = on; set auto_explain.log_triggers = on; set auto_explain.log_level = notice`,
    );
  }
  const config = args[0];
  const text = typeof config === 'string' ? config : (config as { text?: string } | null)?.text;
  const pid = (this as unknown as { processID: number | null }).processID;
  const result = query.apply(this, args);
  if (!counting || !pid || typeof text !== 'string' || !(result instanceof Promise)) return result;
  const before = runNs(pid);
  const name = statementName(text);
  return result.then((value) => {
    const row = byStatement.get(name) ?? { calls: 0, ns: 0 };
    row.calls++;
    row.ns += runNs(pid) - before;
    byStatement.set(name, row);
    return value;
  });
};

const db = await createTestDatabase();
const handle = await openDatabase({ url: db.url, maxConnections: 2 });
try {
  await migrate(handle);
  const topicCount = Number(values.topics);
  const setupSql = values['setup-sql'] ?? '';
  {
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    if (setupSql !== '') await admin.query(setupSql);
    for (let t = 0; t < topicCount; t++)
      await admin.query(`insert into topics (name, query, backfill_state) values ($1, $2, 'done')`, [
        `topic ${t}`,
        TOPIC_QUERIES[t % TOPIC_QUERIES.length],
      ]);
    await admin.end();
  }
  const [model, languages] = await Promise.all([loadSentimentModel(), createLanguageIdentifier()]);
  const dropped: BusProducer = { send: async () => undefined, close: async () => undefined };
  const analyzer = createAnalyzer({
    db: handle.db,
    model,
    languages,
    dlq: dropped,
    analyzed: dropped,
    topics: () => topicQueries(handle.db),
    topicsRefreshMs: 3_600_000,
  });
  const run = async (batches: BusMessage[][]) => {
    for (const messages of batches)
      await analyzer.handle({ topic: TOPICS.postsRaw, partition: 0, messages, heartbeat: async () => undefined, isRunning: () => true });
  };
  await run(await encodedBatches(WARMUP, 'w', 0, BATCH));
  const storedBefore = analyzer.totals().inserted;
  const measured = await encodedBatches(POSTS, 'b', WARMUP, BATCH);
  const walBefore = await walLsn(db.url);
  const updatesBefore = await updatesByTable(db.url);
  counting = true;
  const cpu = startCpuCount({ databaseUrl: db.url });
  const t = performance.now();
  await run(measured);
  const wallMs = performance.now() - t;
  const used = cpu.stop();
  counting = false;
  const walBytes = await walSince(db.url, walBefore);
  // Backends report their table counters at most once a second.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const updatesAfter = await updatesByTable(db.url);
  const changes = [...updatesAfter].map(([table, u]) => {
    const b = updatesBefore.get(table) ?? { updated: 0, hot: 0, maintenance: 0 };
    return [table, { updated: u.updated - b.updated, hot: u.hot - b.hot, maintenance: u.maintenance - b.maintenance }] as const;
  });
  const updates = Object.fromEntries(
    changes.filter(([, u]) => u.updated > 0).map(([table, u]) => [table, { updated: u.updated, hot: u.hot }]),
  );
  // Autovacuum workers on this database count among its backends (in the total, not in the statements).
  const autovacuum = Object.fromEntries(changes.filter(([, u]) => u.maintenance > 0).map(([table, u]) => [table, u.maintenance]));
  if (values.explain) (await import('node:fs')).writeFileSync(values.explain, plans.join('\n\n'));
  const per1000 = (ms: number) => Number(((ms / POSTS) * 1000).toFixed(2));
  const statements = Object.fromEntries(
    [...byStatement]
      .sort(([, a], [, b]) => b.ns - a.ns)
      .map(([name, s]) => [name, { calls: s.calls, cpuMsPer1000: per1000(s.ns / 1e6) }] as const),
  );
  console.log(
    JSON.stringify(
      {
        posts: POSTS,
        batch: BATCH,
        topics: topicCount,
        setupSql,
        stored: analyzer.totals().inserted - storedBefore,
        postgresCpuSecondsPer1000: Number((((used.postgresMs / POSTS) * 1000) / 1000).toFixed(3)),
        statementsCpuSecondsPer1000: Number((([...byStatement.values()].reduce((s, r) => s + r.ns, 0) / 1e9 / POSTS) * 1000).toFixed(3)),
        // Server-wide: other databases' writes meanwhile count too.
        walMiBPer1000: Number((((walBytes / POSTS) * 1000) / 2 ** 20).toFixed(2)),
        statements,
        // Rows updated in the measured span, and how many of them as heap-only tuples (no index written).
        updates,
        autovacuum,
        wallSeconds: Number((wallMs / 1000).toFixed(1)),
        load: (await import('node:os')).loadavg().map((l) => Number(l.toFixed(1))),
      },
      null,
      1,
    ),
  );
  model.dispose();
} finally {
  await handle.close();
  await db.drop();
}

async function updatesByTable(url: string): Promise<Map<string, { updated: number; hot: number; maintenance: number }>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ relname: string; updated: string; hot: string; maintenance: string }>(
      `select relname, n_tup_upd::text as updated, n_tup_hot_upd::text as hot,
        (autovacuum_count + autoanalyze_count)::text as maintenance from pg_stat_user_tables`,
    );
    return new Map(rows.map((r) => [r.relname, { updated: Number(r.updated), hot: Number(r.hot), maintenance: Number(r.maintenance) }]));
  } finally {
    await client.end();
  }
}

async function walLsn(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ lsn: string }>('select pg_current_wal_insert_lsn()::text as lsn')).rows[0]?.lsn as string;
  } finally {
    await client.end();
  }
}

async function walSince(url: string, lsn: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ bytes: string }>('select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1)::text as bytes', [lsn]);
    return Number(rows[0]?.bytes);
  } finally {
    await client.end();
  }
}
