import { migrateUpTo } from '@pantau/e2e/support/migrations.ts';
import { createTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, migrate, openDatabase } from '../client.ts';
import { createApiKey, revokeApiKey } from '../keys/api-keys.ts';
import { applyRetention, forgetAuthor } from '../privacy/privacy.ts';
import { auditLog } from '../schema.ts';
import { AUDIT_MAX_STRING, appendAudit, isAuditDataError, minimalAuditEntry, sanitizeAuditEntry, verifyAuditChain } from './audit.ts';

describe('sanitizeAuditEntry', () => {
  it('replaces NUL and lone surrogates, cuts long strings and deep values, and flags the entry', () => {
    const long = 'a'.repeat(AUDIT_MAX_STRING + 10);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20; i++) deep = [deep];
    const clean = sanitizeAuditEntry({
      keyId: null,
      action: 'request',
      detail: { query: { platform: '\u0000', text: 'a\uD800b', pair: '😀', long }, deep, n: Number.POSITIVE_INFINITY },
    });
    expect(clean.sanitized).toBe(true);
    const query = clean.detail.query as Record<string, string>;
    expect(query.platform).toBe('\uFFFD');
    expect(query.text).toBe('a\uFFFDb');
    expect(query.pair).toBe('😀');
    expect(query.long).toHaveLength(AUDIT_MAX_STRING + 1);
    expect(JSON.stringify(clean.detail.deep)).toContain('[too deep]');
    expect(clean.detail.n).toBeNull();
  });

  it('leaves a clean entry alone and keeps a "__proto__" key as data', () => {
    const detail = JSON.parse('{"method":"GET","query":{"__proto__":"x","q":"kenaikan iuran"},"status":200}');
    const clean = sanitizeAuditEntry({ keyId: 'abc', action: 'request', detail });
    expect(clean.sanitized).toBe(false);
    expect(clean.detail).toEqual(detail);
    expect(Object.keys(clean.detail.query as object)).toEqual(['__proto__', 'q']);
  });

  it('keeps only method, route and status in the minimal form', () => {
    const minimal = minimalAuditEntry({
      keyId: 'k',
      action: 'request',
      detail: { method: 'GET', route: '/v1/x', status: 200, query: { a: 1 } },
    });
    expect(minimal).toMatchObject({ sanitized: true, detail: { minimal: true, method: 'GET', route: '/v1/x', status: 200 } });
    expect(minimal.detail).not.toHaveProperty('query');
  });
});

describe.each(['postgres', 'pglite'] as const)('the audit chain on %s', (kind) => {
  const opened: { handle: DatabaseHandle; testDb: TestDatabase | null }[] = [];
  const open = async (migrated = true) => {
    const testDb = kind === 'postgres' ? await createTestDatabase() : null;
    const handle = await openDatabase(testDb ? { url: testDb.url } : { dataDir: 'memory://' });
    if (migrated) await migrate(handle);
    opened.push({ handle, testDb });
    return handle;
  };
  let db: DatabaseHandle['db'];
  beforeAll(async () => {
    db = (await open()).db;
  });
  afterAll(async () => {
    for (const o of opened) {
      await o.handle.close();
      await o.testDb?.drop();
    }
  });

  const rowsOf = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => ({ keyId: `k${(from + i) % 3}`, action: 'request', detail: { i: from + i, route: '/v1/volume' } }));

  it('chains appended rows and finds a deleted, an edited, a reordered and an unchained row', async () => {
    await appendAudit(db, rowsOf(3));
    await appendAudit(db, rowsOf(4, 3));
    await appendAudit(db, rowsOf(3, 7));
    await appendAudit(db, [{ keyId: null, action: 'request', detail: { query: { platform: '\u0000' } } }]);
    const intact = await verifyAuditChain(db, { pageRows: 4 });
    expect(intact).toMatchObject({ rows: 11, intact: true, broken: null, head: { seq: 11 } });
    const [nul] = await db.select({ sanitized: auditLog.sanitized, detail: auditLog.detail }).from(auditLog).where(eq(auditLog.seq, 11));
    expect(nul).toEqual({ sanitized: true, detail: { query: { platform: '\uFFFD' } } });

    // An edit with plain SQL, then undone: only the edit breaks the chain.
    await db.execute(sql`update audit_log set detail = jsonb_set(detail, '{route}', '"/v1/other"') where seq = 4`);
    expect((await verifyAuditChain(db)).broken).toMatchObject({ seq: 4, kind: 'edited' });
    await db.execute(sql`update audit_log set detail = jsonb_set(detail, '{route}', '"/v1/volume"') where seq = 4`);
    expect((await verifyAuditChain(db)).intact).toBe(true);
    await db.execute(sql`update audit_log set at = at + interval '1 microsecond' where seq = 2`);
    expect((await verifyAuditChain(db)).broken).toMatchObject({ seq: 2, kind: 'edited' });
    await db.execute(sql`update audit_log set at = at - interval '1 microsecond' where seq = 2`);
    expect((await verifyAuditChain(db)).intact).toBe(true);

    // Two rows swapped in the order.
    await db.execute(sql`update audit_log set seq = -5 where seq = 5`);
    await db.execute(sql`update audit_log set seq = 5 where seq = 6`);
    await db.execute(sql`update audit_log set seq = 6 where seq = -5`);
    expect((await verifyAuditChain(db)).broken).toMatchObject({ seq: 5, kind: 'link' });
    await db.execute(sql`update audit_log set seq = -5 where seq = 5`);
    await db.execute(sql`update audit_log set seq = 5 where seq = 6`);
    await db.execute(sql`update audit_log set seq = 6 where seq = -5`);
    expect((await verifyAuditChain(db)).intact).toBe(true);

    // A row inserted without the chained append.
    await db.execute(sql`insert into audit_log (action, detail) values ('request', '{}')`);
    expect((await verifyAuditChain(db)).broken).toMatchObject({ seq: null, kind: 'unchained' });
    await db.execute(sql`delete from audit_log where seq is null`);

    // A deleted row.
    await db.execute(sql`delete from audit_log where seq = 7`);
    const deleted = await verifyAuditChain(db);
    expect(deleted).toMatchObject({ rows: 6, intact: false, broken: { seq: 8, kind: 'missing' } });
    expect(deleted.broken?.message).toContain('row seq 7 missing');
  });

  it('chains the rows of a database populated before the chain, in the migration', async () => {
    const handle = await open(false);
    await migrateUpTo(handle, '0008_topic_rollup_data_changes');
    await handle.db.execute(sql`insert into audit_log (at, key_id, action, detail) values
      ('2026-11-03 08:15:00.123456+07', 'abc', 'key.create', '{"name": "analyst", "scopes": ["read"]}'),
      (now(), null, 'request', '{"query": {"q": "kenaikan iuran 😀", "limit": 1.50}, "status": 200, "ms": 12}'),
      (now(), 'abc', 'request', '{"b": {"z": [1, {"y": null}], "a": true}, "a": "\\"quoted\\" \\\\ tab\\t"}')`);
    await migrate(handle);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ rows: 3, intact: true });
    await appendAudit(handle.db, rowsOf(2));
    expect(await verifyAuditChain(handle.db)).toMatchObject({ rows: 5, intact: true, head: { seq: 5 } });
  });

  it('chains key creation and revocation and privacy actions with the requests', async () => {
    const { db: fresh } = await open();
    const { key } = await createApiKey(fresh, 'admin', ['admin']);
    await revokeApiKey(fresh, key.id);
    await forgetAuthor(fresh, { pseudonym: 'a'.repeat(64), requestedBy: `api-key:${key.id}` });
    await applyRetention(fresh, { days: 30, requestedBy: 'cli' }); // nothing to remove: no privacy row, no chain row
    const rows = await fresh.select().from(auditLog).orderBy(auditLog.seq);
    expect(rows.map((r) => [r.seq, r.action, r.keyId])).toEqual([
      [1, 'key.create', key.id],
      [2, 'key.revoke', key.id],
      [3, 'privacy.forget', key.id],
    ]);
    expect(rows[2]?.detail).toMatchObject({ pseudonym: 'a'.repeat(64), postsAffected: 0, requestedBy: `api-key:${key.id}` });
    expect(await verifyAuditChain(fresh)).toMatchObject({ rows: 3, intact: true });
  });

  it('tells a refused value from an unreachable database', async () => {
    await db.execute(sql`alter table audit_log add constraint audit_poison check (not (detail ? 'poison'))`);
    const refused = await appendAudit(db, [{ keyId: null, action: 'request', detail: { poison: 1 } }]).catch((e: unknown) => e);
    await db.execute(sql`alter table audit_log drop constraint audit_poison`);
    expect(isAuditDataError(refused)).toBe(true);
    expect(isAuditDataError(new Error('connect ECONNREFUSED 127.0.0.1:5432'))).toBe(false);
  });
});

describe('concurrent appends on postgres', () => {
  it('keep one valid chain when several connections append at once', async () => {
    const testDb = await createTestDatabase();
    const handles = [await openDatabase({ url: testDb.url }), await openDatabase({ url: testDb.url })];
    try {
      await migrate(handles[0] as DatabaseHandle);
      await Promise.all(Array.from({ length: 40 }, (_, i) => appendAudit((handles[i % 2] as DatabaseHandle).db, rowsOfConcurrent(i))));
      expect(await verifyAuditChain((handles[0] as DatabaseHandle).db)).toMatchObject({ rows: 40 * 3, intact: true });
    } finally {
      for (const h of handles) await h.close();
      await testDb.drop();
    }
  });
});

const rowsOfConcurrent = (writer: number) =>
  Array.from({ length: 3 }, (_, i) => ({ keyId: `w${writer}`, action: 'request', detail: { i } }));
