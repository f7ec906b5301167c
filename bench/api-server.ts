// The API as `pnpm bench --only api` serves it (answer cache and kept rollups on, the data-change feed live), in a
// process of its own so its CPU time can be read apart from the load generator's (bench/api-cpu.ts starts it). Beside
// it, in the same process, the raw ceilings: Fastify answering a constant, and Fastify answering one indexed rollup
// query per request through a bare pg pool. Prints one JSON line with both addresses and a read key, then serves until
// stdin closes.

import { buildApp } from '@pantau/api';
import { createApiKey, openDatabase, watchDataChanges } from '@pantau/db';
import { loadSentimentModel } from '@pantau/sentiment';
import Fastify from 'fastify';
import pg from 'pg';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL is not set');
const handle = await openDatabase({ url, maxConnections: 20 });
const model = await loadSentimentModel();
const { secret } = await createApiKey(handle.db, 'bench-cpu', ['read']);
const app = await buildApp({
  db: handle.db,
  pingDatabase: () => handle.ping(),
  model,
  software: { version: 'bench', commit: 'bench' },
  rateLimitPerMinute: 100_000_000,
  dataChanges: watchDataChanges(handle),
});
const apiUrl = await app.listen({ host: '127.0.0.1', port: 0 });

const raw = Fastify({ logger: false });
const rawPool = new pg.Pool({ connectionString: url, max: 20 });
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
process.stdout.write(`${JSON.stringify({ apiUrl, rawUrl, secret, modelVersion: model.manifest.version })}\n`);

process.stdin.resume();
process.stdin.on('end', async () => {
  await app.close();
  await raw.close();
  await rawPool.end();
  await handle.close();
  model.dispose();
  process.exit(0);
});
