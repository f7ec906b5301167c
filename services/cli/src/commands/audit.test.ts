import { appendAudit, createApiKey, type DatabaseHandle } from '@pantau/db';
import { type CliRun, runPantau } from '@pantau/e2e/support/cli.ts';
import { migratedTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let testDb: TestDatabase;
let handle: DatabaseHandle;
beforeAll(async () => {
  ({ testDb, handle } = await migratedTestDatabase());
});
afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

/** Runs `pantau audit verify` against the test database; resolves with its exit code and output. */
function verify(): Promise<CliRun> {
  return runPantau(['audit', 'verify'], { DATABASE_URL: testDb.url, PANTAU_PEPPER: 'cli-test-pepper-0123456789' });
}

async function psql(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  await client.query(text);
  await client.end();
}

describe('pantau audit verify', () => {
  it('reports an intact chain, then an edit and a deletion made with plain SQL', async () => {
    await createApiKey(handle.db, 'analyst', ['read']);
    await appendAudit(handle.db, [
      { keyId: null, action: 'request', detail: { route: '/v1/volume', status: 401 } },
      { keyId: null, action: 'request', detail: { route: '/v1/sentiment', status: 401 } },
    ]);
    const intact = await verify();
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^3 rows, chain intact \(head seq 3, sha256 [0-9a-f]{64}\)\n$/);

    await psql(`update audit_log set detail = '{"route": "/v1/volume", "status": 200}' where seq = 2`);
    const edited = await verify();
    expect(edited.code).toBe(1);
    expect(edited.stdout).toBe('chain broken: row seq 2 (id 2) changed after it was written (1 rows intact before it)\n');

    await psql(`update audit_log set detail = '{"route": "/v1/volume", "status": 401}' where seq = 2`);
    await psql('delete from audit_log where seq = 2');
    const deleted = await verify();
    expect(deleted.code).toBe(1);
    expect(deleted.stdout).toBe('chain broken: row seq 2 missing before seq 3 (id 3): deleted (1 rows intact before it)\n');
  });
});
