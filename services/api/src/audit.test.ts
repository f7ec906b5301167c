import { createApiKey, type DatabaseHandle, migrate, openDatabase, schema, verifyAuditChain } from '@pantau/db';
import { createTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildAppOptions, buildApp } from './app.ts';

let model: SentimentModel;
beforeAll(async () => {
  model = await loadSentimentModel();
});

/** A migrated database of the given kind: a fresh Postgres database or an in-memory PGlite. */
async function openStore(kind: 'postgres' | 'pglite') {
  const testDb: TestDatabase | null = kind === 'postgres' ? await createTestDatabase() : null;
  const handle = await openDatabase(testDb ? { url: testDb.url } : { dataDir: 'memory://' });
  await migrate(handle);
  return {
    handle,
    testDb,
    drop: async () => {
      await handle.close();
      await testDb?.drop();
    },
  };
}

const appOn = (handle: DatabaseHandle, options: BuildAppOptions = {}) =>
  buildApp({ db: handle.db, pingDatabase: () => handle.ping(), model, software: { version: '0.1.0', commit: 'test' } }, options);

const auditRows = async (handle: DatabaseHandle) =>
  (await handle.db.select().from(schema.auditLog).orderBy(schema.auditLog.seq)).map((r) => ({
    ...r,
    detail: r.detail as { query?: Record<string, string>; status?: number; dropped?: number; minimal?: boolean },
  }));

const until = async (done: () => Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe.each(['postgres', 'pglite'] as const)('audit log on %s', (kind) => {
  let store: Awaited<ReturnType<typeof openStore>>;
  beforeAll(async () => {
    store = await openStore(kind);
  });
  afterAll(async () => {
    await store?.drop();
  });

  it('keeps every request of a flush when one request carries a NUL in its query', async () => {
    const { secret } = await createApiKey(store.handle.db, 'analyst', ['read']);
    const app = await appOn(store.handle);
    const auth = { authorization: `Bearer ${secret}` };
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({ method: 'GET', url: `/v1/volume?from=2026-11-0${i + 1}&to=2026-11-10`, headers: auth });
      expect(res.statusCode).toBe(200);
    }
    const hostile = await app.inject({ method: 'GET', url: '/v1/volume?from=2026-11-01&to=2026-11-10&platform=%00' });
    // The text rule refuses the NUL before authentication and leaves the parameter out of the request's query.
    expect(hostile.statusCode).toBe(400);
    await app.close(); // flushes the buffered rows in one write
    const rows = (await auditRows(store.handle)).filter((r) => r.action === 'request');
    expect(rows).toHaveLength(6);
    expect(rows.slice(0, 5).map((r) => r.detail.query?.from)).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
    ]);
    expect(rows.slice(0, 5).every((r) => !r.sanitized)).toBe(true);
    expect(rows[5]).toMatchObject({ keyId: null, detail: { status: 400, query: { from: '2026-11-01', to: '2026-11-10' } } });
    expect(rows[5]?.detail.query).not.toHaveProperty('platform');
    expect(await verifyAuditChain(store.handle.db)).toMatchObject({ intact: true, rows: 7 });
  });

  it('writes a row the database refuses in its minimal form, and the rows of its batch as they are', async () => {
    const before = (await auditRows(store.handle)).length;
    await store.handle.db.execute("alter table audit_log add constraint audit_poison check (not (detail->'query' ? 'poison'))");
    try {
      const app = await appOn(store.handle);
      for (const url of ['/v1/volume?a=1', '/v1/volume?poison=1', '/v1/volume?a=2']) await app.inject({ method: 'GET', url });
      await app.close();
    } finally {
      await store.handle.db.execute('alter table audit_log drop constraint audit_poison');
    }
    const rows = (await auditRows(store.handle)).slice(before);
    expect(rows.map((r) => [r.sanitized, r.detail.query ?? null])).toEqual([
      [false, { a: '1' }],
      [true, null],
      [false, { a: '2' }],
    ]);
    expect(rows[1]?.detail).toEqual({ minimal: true, method: 'GET', route: '/v1/volume', status: 401 });
    expect((await verifyAuditChain(store.handle.db)).intact).toBe(true);
  });
});

describe('audit log on postgres, across an outage and with two API instances', () => {
  let store: Awaited<ReturnType<typeof openStore>>;
  let admin: pg.Client;
  const dbName = () => new URL(store.testDb?.url ?? '').pathname.slice(1);
  beforeAll(async () => {
    store = await openStore('postgres');
    const serverUrl = new URL(store.testDb?.url ?? '');
    serverUrl.pathname = '/postgres';
    admin = new pg.Client({ connectionString: serverUrl.toString() });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.query(`alter database ${dbName()} allow_connections true`).catch(() => undefined);
    await admin?.end();
    await store?.drop();
  });

  it('buffers rows while the database is away, counts and alarms the overflow, and records it in the chain', async () => {
    const { secret } = await createApiKey(store.handle.db, 'analyst', ['read']);
    const lines: { level: number; msg: string; dropped?: number }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const app = await appOn(store.handle, { logger, audit: { maxBufferedRows: 5, retryMinMs: 200, retryMaxMs: 1_000 } });
    const ready = async () => (await app.inject({ url: '/v1/ready' })).json();
    try {
      for (const from of ['2026-11-01', '2026-11-02']) {
        await app.inject({ url: `/v1/volume?from=${from}`, headers: { authorization: `Bearer ${secret}` } });
      }
      await until(async () => (await ready()).audit.buffered === 0, 10_000);

      await admin.query(`alter database ${dbName()} allow_connections false`);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [
        dbName(),
      ]);
      for (let i = 0; i < 8; i++) await app.inject({ url: `/v1/volume?n=${i}` });
      await until(async () => (await ready()).audit.retrying === true, 10_000);
      const during = await app.inject({ url: '/v1/ready' });
      expect(during.statusCode).toBe(503);
      expect(during.json()).toMatchObject({
        checks: { auditLog: false },
        audit: { buffered: 5, dropped: 3, overflowing: true, retrying: true },
      });

      await admin.query(`alter database ${dbName()} allow_connections true`);
      await until(async () => {
        const r = await ready();
        return r.ready === true && r.audit.buffered === 0 && !r.audit.retrying;
      }, 20_000);
    } finally {
      await admin.query(`alter database ${dbName()} allow_connections true`);
      await app.close();
    }
    const rows = await auditRows(store.handle);
    expect(rows.map((r) => r.action)).toEqual([
      'key.create',
      'request',
      'request',
      'request',
      'request',
      'request',
      'request',
      'request',
      'audit.overflow',
    ]);
    expect(rows.slice(3, 8).map((r) => r.detail.query?.n)).toEqual(['0', '1', '2', '3', '4']);
    expect(rows[8]?.detail.dropped).toBe(3);
    expect(await verifyAuditChain(store.handle.db)).toMatchObject({ intact: true, rows: 9 });
    const errors = lines.filter((l) => l.level >= 50).map((l) => l.msg);
    expect(errors).toContain('audit buffer full: requests are not being audited until the database takes writes again');
    expect(lines.find((l) => l.msg.includes('the gap is recorded in the chain'))?.dropped).toBe(3);
  });

  it('keeps one valid chain when two API instances write to the database at once', async () => {
    const before = (await verifyAuditChain(store.handle.db)).rows;
    const second = await openDatabase({ url: store.testDb?.url ?? '' });
    const apps = [await appOn(store.handle, { audit: { batchRows: 4 } }), await appOn(second, { audit: { batchRows: 4 } })];
    try {
      await Promise.all(Array.from({ length: 120 }, (_, i) => (apps[i % 2] as (typeof apps)[number]).inject({ url: `/v1/volume?i=${i}` })));
    } finally {
      await Promise.all(apps.map((a) => a.close()));
      await second.close();
    }
    const report = await verifyAuditChain(store.handle.db);
    expect(report).toMatchObject({ intact: true, rows: before + 120 });
    const written = (await auditRows(store.handle)).slice(before).map((r) => Number(r.detail.query?.i));
    expect(new Set(written).size).toBe(120);
  });
});
