import { createApiKey, createSession, createUser, type DatabaseHandle } from '@pantau/db';
import { migratedTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { loadSentimentModel } from '@pantau/sentiment';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from './app.ts';
import { CSRF_HEADER, csrfTokenOf, SESSION_COOKIE } from './plugins/auth.ts';

// Every download the API serves, and every file the dashboard makes in the browser, leaves one `export` row in the
// audit log with the key and the user who made it.
let testDb: TestDatabase;
let handle: DatabaseHandle;
let app: App;
let userId = 0;
let session = { cookie: '', csrf: '' };

beforeAll(async () => {
  ({ testDb, handle } = await migratedTestDatabase());
  userId = (
    await createUser(handle.db, { name: 'rina', role: 'analyst', password: 'sandi-yang-cukup-panjang' }, { keyId: null, by: 'test' })
  ).id;
  const { token } = await createSession(handle.db, userId, 'password', { idleMs: 3_600_000, absoluteMs: 3_600_000 });
  session = { cookie: `${SESSION_COOKIE}=${token}`, csrf: csrfTokenOf(token) };
  app = await buildApp({
    db: handle.db,
    pingDatabase: () => handle.ping(),
    model: await loadSentimentModel(),
    software: { version: '0.1.0', commit: 'test' },
  });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await handle?.close();
  await testDb?.drop();
});

type ExportRow = { key_id: string | null; detail: Record<string, unknown> & { user?: { id: number; name: string } } };
const exportRows = async () =>
  (await handle.db.execute("select key_id, detail from audit_log where action = 'export' order by seq")) as unknown as {
    rows: ExportRow[];
  };

/** The export rows a request left: runs it, checks its status, returns the rows written since. */
async function exportsOf(request: InjectOptions, status: number): Promise<ExportRow[]> {
  const before = (await exportRows()).rows.length;
  const res = await app.inject(request);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  return (await exportRows()).rows.slice(before);
}

const asUser = { cookie: '' } as Record<string, string>;

describe('export audit', () => {
  beforeAll(() => {
    asUser.cookie = session.cookie;
  });

  it.each([
    ['/v1/mentions?from=2026-11-01&to=2026-11-14&format=csv', { route: '/v1/mentions', format: 'csv', rows: 0 }],
    [
      '/v1/reports/daily/2026-11-10?format=html&lang=en',
      { route: '/v1/reports/daily/:date', format: 'html', date: '2026-11-10', lang: 'en' },
    ],
    ['/v1/reports/daily/2026-11-10?format=md', { route: '/v1/reports/daily/:date', format: 'md', lang: 'id' }],
    ['/v1/reports/daily/2026-11-10?format=json', { route: '/v1/reports/daily/:date', format: 'json', topicId: null }],
    ['/v1/reports/daily/2026-11-10?format=pdf', { route: '/v1/reports/daily/:date', format: 'pdf' }],
  ])(
    '%s leaves one export row with the user',
    async (url, detail) => {
      const rows = await exportsOf({ method: 'GET', url, headers: asUser }, 200);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.key_id).toBe(`user:${userId}`);
      expect(rows[0]?.detail).toMatchObject({ ...detail, user: { id: userId, name: 'rina' } });
    },
    120_000,
  );

  it('counts a report read as JSON by content negotiation as a read, not an export', async () => {
    expect(await exportsOf({ method: 'GET', url: '/v1/reports/daily/2026-11-10', headers: asUser }, 200)).toEqual([]);
    expect(
      await exportsOf({ method: 'GET', url: '/v1/reports/daily/2026-11-10', headers: { ...asUser, accept: 'text/markdown' } }, 200),
    ).toHaveLength(1);
  });

  it('records a file the dashboard made in the browser, with the user, what, topic and window', async () => {
    const body = { what: 'grafik-sentimen', format: 'png', from: '2026-11-01', to: '2026-11-14', file: 'pantau_semua_grafik-sentimen.png' };
    // A session's write needs its CSRF token like any other.
    const refused = await app.inject({ method: 'POST', url: '/v1/audit/export', headers: asUser, payload: body });
    expect(refused.json().error.code).toBe('CSRF_INVALID');
    const rows = await exportsOf(
      { method: 'POST', url: '/v1/audit/export', headers: { ...asUser, [CSRF_HEADER]: session.csrf }, payload: body },
      204,
    );
    expect(rows).toEqual([
      {
        key_id: `user:${userId}`,
        detail: {
          route: 'dashboard',
          format: 'png',
          what: 'grafik-sentimen',
          topicId: null,
          from: '2026-11-01',
          to: '2026-11-14',
          file: 'pantau_semua_grafik-sentimen.png',
          user: { id: userId, name: 'rina' },
        },
      },
    ]);
    // Bad input is refused, naming the parameter, and leaves no row.
    const headers = { ...asUser, [CSRF_HEADER]: session.csrf };
    for (const [payload, parameter] of [
      [{ ...body, format: 'xlsx' }, 'format'],
      [{ ...body, from: '2026-02-30' }, 'from'],
      [{ ...body, from: '2026-11-15' }, 'from'],
      [{ ...body, what: '' }, 'what'],
    ] as const) {
      const before = (await exportRows()).rows.length;
      const res = await app.inject({ method: 'POST', url: '/v1/audit/export', headers, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.parameter).toBe(parameter);
      expect((await exportRows()).rows.length).toBe(before);
    }
  });

  it('records a key without a user by its key id', async () => {
    const key = await createApiKey(handle.db, 'nightly export', ['read']);
    const rows = await exportsOf(
      { method: 'GET', url: '/v1/mentions?from=2026-11-01&to=2026-11-14&format=csv', headers: { authorization: `Bearer ${key.secret}` } },
      200,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.key_id).toBe(key.key.id);
    expect(rows[0]?.detail.user).toBeUndefined();
  });
});
