// `tsx bench/day-stories.ts --database-url URL`: CPU time of the story job (refreshDayStories) over a seeded database
// (bench/api-cpu.ts seeds one): a full pass computing every day's stories for both stored scopes, split into this
// process and the Postgres backends, per day; then a pass that finds nothing changed (the job's cost when idle). The
// database is migrated first (the day_stories table) and its stored stories of the model version are replaced.

import { parseArgs } from 'node:util';
import { dayCounts, migrate, openDatabase } from '@pantau/db';
import { refreshDayStories } from '@pantau/report';
import { loadSentimentModel } from '@pantau/sentiment';
import { startCpuCount } from './cpu.ts';

const { values } = parseArgs({ options: { 'database-url': { type: 'string' } } });
const databaseUrl = values['database-url'];
if (!databaseUrl) throw new Error('--database-url is required (a seeded database: see bench/api-cpu.ts)');
const handle = await openDatabase({ url: databaseUrl, maxConnections: 4 });
await migrate(handle);
const model = await loadSentimentModel();
const modelVersion = model.manifest.version;
model.dispose();
await handle.db.execute(`delete from day_stories where model_version = '${modelVersion.replace(/'/g, "''")}'`);
const counts = await dayCounts(handle.db, { modelVersion });
await handle.ping();

const pass = async (name: string) => {
  const cpu = startCpuCount({ databaseUrl });
  const started = performance.now();
  const computed = await refreshDayStories(handle.db, { modelVersion });
  const wallMs = performance.now() - started;
  const used = cpu.stop();
  const days = new Set(computed.map((c) => c.day));
  const posts = [...days].reduce((sum, d) => sum + (counts.get(d)?.posts ?? 0), 0);
  const perDay = (ms: number) => (days.size ? (ms / days.size).toFixed(1) : '-');
  process.stdout.write(
    `${name.padEnd(28)} days ${String(days.size).padStart(3)}  stories rows ${String(computed.length).padStart(3)}  posts/day ${days.size ? Math.round(posts / days.size) : '-'}  ` +
      `CPU-ms: job ${used.thisProcessMs.toFixed(0)} PG ${used.postgresMs.toFixed(0)} (per day: job ${perDay(used.thisProcessMs)} PG ${perDay(used.postgresMs)})  wall ${(wallMs / 1000).toFixed(1)} s\n`,
  );
};
await pass('every day, both scopes');
await pass('nothing changed');
await handle.close();
