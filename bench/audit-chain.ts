// `pnpm tsx bench/audit-chain.ts [--rows N] [--append N]` (needs DATABASE_URL or a local Postgres): how long migration
// 0009 takes to chain N audit rows written before it, how fast the API's batches append to the chain afterwards
// (batches of 200, one writer), and how long `pantau audit verify` takes to walk the whole chain.

import { parseArgs } from 'node:util';
import { appendAudit, migrate, openDatabase, verifyAuditChain } from '@pantau/db';
import { migrateUpTo } from '@pantau/e2e/support/migrations.ts';
import { createTestDatabase } from '@pantau/e2e/support/postgres.ts';
import pg from 'pg';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, append: { type: 'string', default: '20000' } } });
const legacyRows = Number(values.rows);
const appendRows = Number(values.append);

const testDb = await createTestDatabase();
const handle = await openDatabase({ url: testDb.url });
try {
  await migrateUpTo(handle, '0008_topic_rollup_data_changes');
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  await client.query(
    `insert into audit_log (at, key_id, action, detail)
     select now() - (g || ' seconds')::interval, 'k' || (g % 7), 'request',
            jsonb_build_object('method', 'GET', 'route', '/v1/volume', 'query', jsonb_build_object('from', '2026-11-01', 'n', g), 'status', 200, 'ms', g % 50)
     from generate_series(1, $1::int) g`,
    [legacyRows],
  );
  await client.end();
  let t = performance.now();
  await migrate(handle);
  const migrateMs = performance.now() - t;

  const batch = (from: number) =>
    Array.from({ length: 200 }, (_, i) => ({
      keyId: 'k1',
      action: 'request',
      detail: { method: 'GET', route: '/v1/sentiment', query: { from: '2026-11-01', n: from + i }, status: 200, ms: 12 },
    }));
  t = performance.now();
  for (let done = 0; done < appendRows; done += 200) await appendAudit(handle.db, batch(done));
  const appendMs = performance.now() - t;

  t = performance.now();
  const report = await verifyAuditChain(handle.db);
  const verifyMs = performance.now() - t;
  process.stdout.write(
    `${JSON.stringify({
      legacyRows,
      migrateMs: Math.round(migrateMs),
      appendRows,
      appendRowsPerSecond: Math.round(appendRows / (appendMs / 1000)),
      verifiedRows: report.rows,
      intact: report.intact,
      verifyMs: Math.round(verifyMs),
      verifyRowsPerSecond: Math.round(report.rows / (verifyMs / 1000)),
    })}\n`,
  );
} finally {
  await handle.close();
  await testDb.drop();
}
