import { createApiKey, type DatabaseHandle, migrate, openDatabase, schema } from '@pantau/db';
import { loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres.ts';
import { buildApp } from './app.ts';

let model: SentimentModel;
beforeAll(async () => {
  model = await loadSentimentModel();
});

/** A migrated database of the given kind: a fresh Postgres database or an in-memory PGlite. */
async function openStore(kind: 'postgres' | 'pglite'): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  const testDb: TestDatabase | null = kind === 'postgres' ? await createTestDatabase() : null;
  const handle = await openDatabase(testDb ? { url: testDb.url } : { dataDir: 'memory://' });
  await migrate(handle);
  return {
    handle,
    drop: async () => {
      await handle.close();
      await testDb?.drop();
    },
  };
}

const appOn = (handle: DatabaseHandle) =>
  buildApp({ db: handle.db, pingDatabase: () => handle.ping(), model, software: { version: '0.1.0', commit: 'test' } });

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
    expect(hostile.statusCode).toBe(401);
    await app.close(); // flushes the buffered rows in one write
    const rows = (await store.handle.db.select().from(schema.auditLog).orderBy(schema.auditLog.id))
      .filter((r) => r.action === 'request')
      .map((r) => ({ key_id: r.keyId, detail: r.detail as { query: Record<string, string> } }));
    expect(rows).toHaveLength(6);
    expect(rows.slice(0, 5).map((r) => r.detail.query.from)).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
    ]);
    expect(rows[5]?.key_id).toBeNull();
  });
});
