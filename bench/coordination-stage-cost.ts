// The coordination stage's cost alone, without a broker or the analysis service: a day of posts (the sample's texts with
// varied endings from 3,000 authors, 2% planted bursts, as the coordination section's pipeline) is written as analysis
// writes it, and each analysis batch's `posts.analyzed` messages are then handed to the stage's handler. CPU of this
// process and of the database's backends is counted around the handler only, and each statement's time is summed.
// `pnpm exec tsx bench/coordination-stage-cost.ts [posts] [batch] [day|pipeline]`; with EXPLAIN_MS=n the plans of the
// statements that ran longer than n ms go to the server's log (auto_explain, set on the bench's database only).
// `pipeline`: the posts of `pnpm bench`'s pipeline section instead (the sample's texts in turn, 4 platforms, 14 days, 2,000
// authors, arriving in that order, so each batch spans every day and platform; labels in turn). ROLLUP_AUTOVACUUM=off
// leaves the keyword rollups unvacuumed, as autovacuum falls behind on a busy server.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BusMessage } from '@pantau/bus';
import { type AnalyzedPostMessage, jakartaDay, POST_SCHEMA_VERSION, type Post, TOPICS } from '@pantau/contracts';
import { coordinationProgress, migrate, openDatabase, writeAnalyzedBatch } from '@pantau/db';
import { createTestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed } from '@pantau/e2e/support/posts.ts';
import { createCoordinator, encodeAnalyzedPost } from '@pantau/pipeline';
import { analyzeText, nearDuplicateSignature } from '@pantau/text';
import pg from 'pg';
import { DEFAULT_RULE, dayOfPosts } from './coordination.ts';
import { startCpuCount } from './cpu.ts';

const postCount = Number(process.argv[2] ?? 25_000);
const batchSize = Number(process.argv[3] ?? 1_400);
const shape = process.argv[4] ?? 'day';

const SAMPLE = fileURLToPath(new URL('../services/ingest/sample/posts.jsonl', import.meta.url));
const ENDINGS = ['', ' tolong dibantu', ' gimana ini', ' #BPJSKesehatan', ' mohon info min', ' 🙏', ' parah', ' makasih'];
const LABELS = ['negative', 'neutral', 'positive', 'uncertain'] as const;
const PLATFORMS = ['x', 'facebook', 'instagram', 'tiktok'] as const;

/** The pipeline section's posts (bench/run.ts `incomingAt`), in arrival order. */
function pipelinePosts(count: number): Post[] {
  const texts = readFileSync(SAMPLE, 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { text: string }).text);
  return Array.from({ length: count }, (_, i) => ({
    schemaVersion: POST_SCHEMA_VERSION,
    platform: PLATFORMS[i % PLATFORMS.length] as (typeof PLATFORMS)[number],
    externalId: `b${i}`,
    authorPseudonym: createHash('sha256')
      .update(`@bench_${i % 2000}`)
      .digest('hex'),
    publishedAt: new Date(Date.parse('2026-11-01T01:00:00Z') + (i % 14) * 86_400_000 + (i % 600) * 60_000).toISOString(),
    text: `${texts[i % texts.length]}${ENDINGS[i % ENDINGS.length]}`,
    url: null,
    engagement: { likes: i % 7, replies: i % 3, shares: i % 2, views: 100 + (i % 50) },
    langHint: null,
    collectedAt: '2026-11-15T00:00:00.000Z',
    source: { connector: 'bench', runId: 'bench' },
  }));
}
const db = await createTestDatabase();
{
  const first = await openDatabase({ url: db.url });
  await migrate(first);
  await first.close();
}
if (process.env.ROLLUP_AUTOVACUUM === 'off') {
  // A busy server's state: autovacuum behind on the rollups every batch updates (their dead row versions left in place).
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  for (const table of ['daily_keywords', 'daily_coordinated_keywords'])
    await c.query(`alter table ${table} set (autovacuum_enabled = false)`);
  await c.end();
}
if (process.env.EXPLAIN_MS) {
  // Plans of slow statements into the server's log (auto_explain), for this database's new connections.
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const name = (await c.query('select current_database() as d')).rows[0].d;
  for (const set of [
    `session_preload_libraries = 'auto_explain'`,
    `auto_explain.log_min_duration = ${Number(process.env.EXPLAIN_MS)}`,
    'auto_explain.log_analyze = on',
    'auto_explain.log_nested_statements = on',
    'auto_explain.log_buffers = on',
  ])
    await c.query(`alter database "${name}" set ${set}`);
  await c.end();
}
const handle = await openDatabase({ url: db.url });
try {
  const statementMs = new Map<string, { n: number; ms: number }>();
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => Promise<unknown> };
  const raw = proto.query;
  // Each statement's time, by its first words (the database's share of the handler).
  proto.query = async function (this: unknown, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string }).text ?? '');
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 60);
    const t = performance.now();
    try {
      return await raw.apply(this, args);
    } finally {
      const s = statementMs.get(key) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += performance.now() - t;
      statementMs.set(key, s);
    }
  };
  const coordinator = createCoordinator({ db: handle.db, rule: DEFAULT_RULE, memoryPosts: 100_000 });
  const posts = shape === 'pipeline' ? pipelinePosts(postCount) : dayOfPosts(postCount);
  let processMs = 0;
  let postgresMs = 0;
  for (let i = 0; i < posts.length; i += batchSize) {
    const slice = posts.slice(i, i + batchSize);
    const items = slice.map((post, j) => ({
      ...makeAnalyzed(post, {
        offset: i + j,
        ...(shape === 'pipeline'
          ? { day: jakartaDay(post.publishedAt), label: LABELS[(i + j) % LABELS.length] as (typeof LABELS)[number] }
          : {}),
      }),
      keywords: analyzeText(post.text).keywords,
    }));
    const written = await writeAnalyzedBatch(handle.db, { modelVersion: 'bench', posts: items, exclusions: [] });
    const messages: BusMessage[] = slice.flatMap((post) => {
      const key = `${post.platform}:${post.externalId}`;
      const id = written.stored.get(key);
      if (id === undefined) return [];
      const sig = nearDuplicateSignature(analyzeText(post.text).tokens, post.text, post.url, post.platform);
      const m: AnalyzedPostMessage = {
        id,
        publishedAt: post.publishedAt,
        minhash: sig.minhash,
        links: sig.links,
        committedAtMs: Date.now(),
      };
      return [{ topic: TOPICS.postsAnalyzed, partition: 0, offset: String(i), key, value: encodeAnalyzedPost(m) }];
    });
    statementMs.clear();
    const cpu = startCpuCount({ databaseUrl: db.url });
    await coordinator.handle({
      topic: TOPICS.postsAnalyzed,
      partition: 0,
      messages,
      heartbeat: async () => undefined,
      isRunning: () => true,
    });
    const used = cpu.stop();
    processMs += used.thisProcessMs;
    postgresMs += used.postgresMs;
    if (i + batchSize >= posts.length) {
      console.log('statements of the last batch (ms):');
      for (const [k, v] of [...statementMs].sort((a, b) => b[1].ms - a[1].ms))
        console.log(`  ${v.ms.toFixed(0).padStart(6)}  ×${v.n}  ${k}`);
    }
  }
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const counts = (
    await c.query(`with keyword_rollup as (
        select day, platform, model_version, key, term, kind, posts, negative, neutral, positive, uncertain from daily_coordinated_keywords),
      -- The coordinated keyword rollup counted again from the coordinated posts, with the daily rollup's display forms.
      keyword_recount as (
        select p.day, p.platform, l.model_version, k.key, d.term, d.kind, count(*)::int, (count(*) filter (where l.label = 'negative'))::int,
          (count(*) filter (where l.label = 'neutral'))::int, (count(*) filter (where l.label = 'positive'))::int,
          (count(*) filter (where l.label = 'uncertain'))::int
        from coordinated_posts cp join posts p on p.id = cp.post_id join sentiment_labels l on l.post_id = p.id
        cross join lateral unnest(p.keywords) as k(key)
        join daily_keywords d on d.day = p.day and d.platform = p.platform and d.model_version = l.model_version and d.key = k.key
        group by 1, 2, 3, 4, 5, 6)
      select (select count(*) from coordination_clusters) as groups, (select count(*) from post_clusters) as memberships,
      (select count(*) from coordinated_posts where coposting) as coposting, (select count(*) from coordinated_posts where repeated) as repeated,
      (select count(*) from coordination_clusters c
        join (select pc.cluster_id, count(*) as size, count(distinct p.author_pseudonym) as authors, min(p.published_at) as first_at,
            max(p.published_at) as last_at from post_clusters pc join posts p on p.id = pc.post_id group by pc.cluster_id) m on m.cluster_id = c.id
        where (c.size, c.distinct_authors, c.first_at, c.last_at) <> (m.size, m.authors, m.first_at, m.last_at)) as "figuresOff",
      (select count(*) from ((table keyword_rollup except table keyword_recount) union all (table keyword_recount except table keyword_rollup)) d)
        as "keywordRowsOff"`)
  ).rows[0];
  // How the coordinated keyword rollup's rows were updated: in place on their page (HOT) or with new index entries.
  await new Promise((r) => setTimeout(r, 1_500));
  const keywordRows = (
    await c.query(`select n_live_tup as rows, n_tup_ins as inserts, n_tup_upd as updates, n_tup_hot_upd as "hotUpdates",
      n_dead_tup as dead, pg_relation_size('daily_coordinated_keywords') / 8192 as pages
      from pg_stat_user_tables where relname = 'daily_coordinated_keywords'`)
  ).rows[0];
  await c.end();
  const per1000 = (ms: number) => ((ms / postCount) * 1000) / 1000;
  console.log(
    JSON.stringify({
      posts: postCount,
      batch: batchSize,
      shape,
      stageProcessCpuSPer1000: Number(per1000(processMs).toFixed(3)),
      postgresCpuSPer1000: Number(per1000(postgresMs).toFixed(3)),
      progress: (await coordinationProgress(handle.db))?.posts,
      ...counts,
      keywordRows,
    }),
  );
} finally {
  await handle.close();
  await db.drop();
}
