// The API's kept keyword rollups brought up to date after a write to one day: read again whole (before migration 0030)
// against reading only the day the write names. A fresh database holds about as many rows as the API keeps
// (MAX_KEPT_KEYWORD_ROWS); each round writes one day's rows, then updates the kept rollups both ways. CPU of this process
// and of the database's backends per update.
// `node --import tsx bench/keyword-rollup-update.ts [--days N] [--keys N] [--rounds N]`.

import { parseArgs } from 'node:util';
import { migrate, openDatabase, readKeywordRollups, updateKeywordRollups } from '@pantau/db';
import { createTestDatabase } from '@pantau/e2e/support/postgres.ts';
import { startCpuCount } from './cpu.ts';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '90' },
    keys: { type: 'string', default: '250' },
    rounds: { type: 'string', default: '20' },
  },
});
const DAYS = Number(values.days);
const KEYS = Number(values.keys);
const ROUNDS = Number(values.rounds);
const MAX_ROWS = 50_000;

const db = await createTestDatabase();
const handle = await openDatabase({ url: db.url, maxConnections: 1 });
try {
  await migrate(handle);
  // Two platforms a day and key; a tenth of the keys have a coordinated part.
  await handle.db.execute(`
    insert into daily_keywords (day, platform, model_version, key, term, kind, posts, negative, neutral, positive, uncertain)
    select date '2026-08-01' + d, p, 'm1', 'key' || k, 'Key' || k, 'unigram', 1 + (d * k) % 17, 1, 0, 0, 0
    from generate_series(0, ${DAYS - 1}) d, generate_series(1, ${KEYS}) k, unnest(array['x', 'tiktok']) p`);
  await handle.db.execute(`
    insert into daily_coordinated_keywords (day, platform, model_version, key, term, kind, posts, negative, neutral, positive, uncertain)
    select day, platform, model_version, key, term, kind, 1, 1, 0, 0, 0 from daily_keywords where key like '%0'`);
  let kept = await readKeywordRollups(handle.db, MAX_ROWS);
  if (!kept) throw new Error(`more than ${MAX_ROWS} rows: lower --days or --keys`);
  const rows = kept.rows;
  const lastDay = new Date(Date.parse('2026-08-01') + (DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  const writeDay = () => handle.db.execute(`update daily_keywords set posts = posts + 1, negative = negative + 1 where day = '${lastDay}'`);
  const measure = async (update: () => Promise<unknown>) => {
    let self = 0;
    let postgres = 0;
    for (let i = 0; i < ROUNDS; i++) {
      await writeDay();
      const cpu = startCpuCount({ databaseUrl: db.url });
      await update();
      const used = cpu.stop();
      self += used.thisProcessMs;
      postgres += used.postgresMs;
    }
    return { apiCpuMsPerUpdate: +(self / ROUNDS).toFixed(1), postgresCpuMsPerUpdate: +(postgres / ROUNDS).toFixed(1) };
  };
  const whole = await measure(async () => {
    kept = await readKeywordRollups(handle.db, MAX_ROWS);
  });
  const oneDay = await measure(async () => {
    kept = kept && (await updateKeywordRollups(handle.db, kept, [lastDay], MAX_ROWS));
  });
  const check = await readKeywordRollups(handle.db, MAX_ROWS);
  if (check?.rows !== kept?.rows) throw new Error('the updated rollups differ from a whole read');
  process.stdout.write(`${JSON.stringify({ rows, rounds: ROUNDS, readWhole: whole, readWrittenDay: oneDay })}\n`);
} finally {
  await handle.close();
  await db.drop();
}
