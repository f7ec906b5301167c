import { createApiKey, type DatabaseHandle, findUser, signInWithPassword, verifyApiKey } from '@pantau/db';
import { runPantau } from '@pantau/e2e/support/cli.ts';
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

const users = (...args: string[]) =>
  runPantau(['users', ...args], { DATABASE_URL: testDb.url, PANTAU_PEPPER: 'cli-test-pepper-0123456789' });
const lockout = { after: 5, baseSeconds: 60, maxSeconds: 3600 };

describe('pantau users', () => {
  it('creates an admin with a password printed once, lists, changes roles, resets and disables, all audited', async () => {
    const created = await users('create', '--name', 'sari', '--role', 'admin');
    expect(created.code, created.stderr).toBe(0);
    const password = /^password (\S+)$/m.exec(created.stdout)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect((await signInWithPassword(handle.db, 'sari', password, lockout, { ip: 'test' })).ok).toBe(true);

    const bad = await users('create', '--name', 'budi', '--role', 'boss');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/role: one of viewer, analyst, admin/);
    expect((await users('create', '--name', 'budi', '--role', 'analyst')).code).toBe(0);
    expect((await users('role', 'budi', 'viewer')).stdout).toMatch(/\tbudi\tviewer\tactive/);
    const listed = await users('list', '--json');
    expect(JSON.parse(listed.stdout).map((u: { name: string; role: string }) => [u.name, u.role])).toEqual([
      ['sari', 'admin'],
      ['budi', 'viewer'],
    ]);

    const reset = await users('reset', 'sari');
    const fresh = /^password (\S+)$/m.exec(reset.stdout)?.[1] ?? '';
    expect(fresh).not.toBe(password);
    expect((await signInWithPassword(handle.db, 'sari', password, lockout, { ip: 'test' })).ok).toBe(false);
    expect((await signInWithPassword(handle.db, 'sari', fresh, lockout, { ip: 'test' })).ok).toBe(true);

    const budi = await findUser(handle.db, 'budi');
    const { secret } = await createApiKey(handle.db, 'script', ['read'], undefined, { userId: budi?.id as number });
    expect(await verifyApiKey(handle.db, secret)).not.toBeNull();
    expect((await users('disable', 'budi')).stdout).toMatch(/\tbudi\tviewer\tdisabled /);
    expect(await verifyApiKey(handle.db, secret)).toBeNull();

    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    const { rows } = await client.query(
      "select action, detail->>'by' as by, detail->>'user' as user from audit_log where action like 'user.%' order by seq",
    );
    await client.end();
    expect(rows.map((r) => `${r.action} ${r.user} by ${r.by}`)).toEqual([
      'user.create sari by cli',
      'user.create budi by cli',
      'user.role budi by cli',
      'user.reset sari by cli',
      'user.disable budi by cli',
    ]);
    // Seven commands, each a process of its own: a hang guard for a loaded machine, not a speed test.
  }, 600_000);
});
