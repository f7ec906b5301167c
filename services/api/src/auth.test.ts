import {
  createApiKey,
  createSession,
  createUser,
  type DatabaseHandle,
  type DataChangeFeed,
  setUserDisabled,
  watchDataChanges,
} from '@pantau/db';
import { migratedTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, type BuildAppOptions, buildApp } from './app.ts';
import type { AppContext } from './context.ts';
import { CSRF_HEADER, csrfTokenOf, SESSION_COOKIE } from './plugins/auth.ts';

let testDb: TestDatabase;
let handle: DatabaseHandle;
let model: SentimentModel;
let feed: DataChangeFeed;
let app: App;
const apps: App[] = [];
const PASSWORD = 'kata-sandi-yang-panjang';
const users = { admin: 0, analyst: 0, viewer: 0 };

async function appWith(extra: Partial<AppContext> = {}, options: BuildAppOptions = {}): Promise<App> {
  const built = await buildApp(
    {
      db: handle.db,
      pingDatabase: () => handle.ping(),
      model,
      software: { version: '0.1.0', commit: 'test' },
      lockoutPolicy: { after: 3, baseSeconds: 30, maxSeconds: 120 },
      ...extra,
    },
    options,
  );
  apps.push(built);
  return built;
}

beforeAll(async () => {
  ({ testDb, handle } = await migratedTestDatabase());
  model = await loadSentimentModel();
  for (const role of ['admin', 'analyst', 'viewer'] as const) {
    users[role] = (await createUser(handle.db, { name: `${role}-user`, role, password: PASSWORD }, { keyId: null, by: 'test' })).id;
  }
  // The live change feed: keys are cached while it listens, so "at once" is tested with the cache in play.
  feed = watchDataChanges(handle);
  app = await appWith({ dataChanges: feed });
});

afterAll(async () => {
  for (const a of apps) await a.close();
  await handle?.close();
  await testDb?.drop();
});

interface Session {
  token: string;
  csrf: string;
  cookie: { name: string; value: string; httpOnly?: boolean; secure?: boolean; sameSite?: string; path?: string; maxAge?: number };
}

async function signIn(name: string, password = PASSWORD, on: App = app, headers: Record<string, string> = {}): Promise<Session> {
  const res = await on.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { name, password }, headers });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error('no session cookie');
  return { token: cookie.value, csrf: res.json().data.csrfToken, cookie };
}

/** A session made directly in the database (no password hashing), for tests about what a session may do. */
async function sessionOf(role: keyof typeof users): Promise<Session> {
  const { token } = await createSession(handle.db, users[role], 'password', { idleMs: 3_600_000, absoluteMs: 3_600_000 });
  return { token, csrf: csrfTokenOf(token), cookie: { name: SESSION_COOKIE, value: token } };
}

async function sql(text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  const { rows } = await client.query(text, values);
  await client.end();
  return rows;
}

const withSession = (s: Session, csrf: string | null = s.csrf) => ({
  cookie: `${SESSION_COOKIE}=${s.token}`,
  ...(csrf === null ? {} : { [CSRF_HEADER]: csrf }),
});

const whoAmI = (s: Session, on: App = app) => on.inject({ method: 'GET', url: '/v1/auth/session', headers: withSession(s, null) });

/** A concrete URL for a route pattern: each path parameter becomes 1. */
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, '1');

const auditRows = (action: string) => sql('select key_id, detail from audit_log where action = $1 order by seq', [action]);

describe('sign-in and sessions', () => {
  it('signs in with a password, shows who is signed in, and audits the sign-in with the user', async () => {
    const s = await signIn('Analyst-User');
    const me = await whoAmI(s);
    expect(me.statusCode).toBe(200);
    expect(me.json().data).toMatchObject({ via: 'session', user: { name: 'analyst-user', role: 'analyst' }, csrfToken: s.csrf });
    expect(me.json().data.scopes).toEqual(['read', 'annotate', 'topics']);
    const rows = await auditRows('auth.sign_in');
    expect(rows.at(-1)).toMatchObject({ key_id: `user:${users.analyst}`, detail: { user: 'analyst-user', method: 'password' } });
  });

  it('answers a wrong password and an unknown user alike, and audits both failures', async () => {
    const wrong = await app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { name: 'viewer-user', password: 'nope-nope-nope' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { name: 'nobody-here', password: 'nope-nope-nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.cookies).toEqual([]);
    const reasons = (await auditRows('auth.sign_in_failed')).map((r) => (r.detail as { reason: string; user: string }).reason);
    expect(reasons).toEqual(expect.arrayContaining(['wrong_password', 'unknown_user']));
    // Clear the count of this name for the lockout test below.
    await signIn('viewer-user');
  });

  it('never keeps a session id presented before sign-in (no fixation): a planted id is replaced and ended', async () => {
    // An attacker's own valid session, planted in the victim's browser, and a made-up id.
    const attacker = await signIn('viewer-user');
    for (const planted of [attacker.token, 'made-up-session-id-0123456789']) {
      const victim = await signIn('admin-user', PASSWORD, app, { cookie: `${SESSION_COOKIE}=${planted}` });
      expect(victim.token).not.toBe(planted);
      const plantedNow = await app.inject({ method: 'GET', url: '/v1/auth/session', headers: { cookie: `${SESSION_COOKIE}=${planted}` } });
      expect(plantedNow.statusCode).toBe(401);
      expect((await whoAmI(victim)).json().data.user.name).toBe('admin-user');
    }
  });

  it('signs out one session, and everywhere', async () => {
    const a = await signIn('analyst-user');
    const b = await signIn('analyst-user');
    const c = await signIn('analyst-user');
    const out = await app.inject({ method: 'POST', url: '/v1/auth/sign-out', headers: withSession(a) });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((x) => x.name === SESSION_COOKIE)?.value).toBe('');
    expect((await whoAmI(a)).statusCode).toBe(401);
    expect((await whoAmI(b)).statusCode).toBe(200);
    const everywhere = await app.inject({ method: 'POST', url: '/v1/auth/sign-out-everywhere', headers: withSession(b) });
    expect(everywhere.statusCode).toBe(200);
    expect(everywhere.json().data.sessionsEnded).toBeGreaterThanOrEqual(2);
    expect((await whoAmI(b)).statusCode).toBe(401);
    expect((await whoAmI(c)).statusCode).toBe(401);
  });

  it('ends a session after its idle time and after its absolute lifetime', async () => {
    const short = await appWith({ sessionPolicy: { idleMs: 1_000, absoluteMs: 60_000 } });
    const idle = await signIn('viewer-user', PASSWORD, short);
    expect((await whoAmI(idle, short)).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1_300));
    const after = await whoAmI(idle, short);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.message).toMatch(/session has ended/);

    const capped = await appWith({ sessionPolicy: { idleMs: 60_000, absoluteMs: 1_500 } });
    const busy = await signIn('viewer-user', PASSWORD, capped);
    expect(busy.cookie.maxAge).toBe(1);
    for (let i = 0; i < 3; i++) {
      expect((await whoAmI(busy, capped)).statusCode).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
    }
    await new Promise((r) => setTimeout(r, 700));
    expect((await whoAmI(busy, capped)).statusCode).toBe(401);
  });
});

describe('cookie flags', () => {
  it('is HttpOnly, SameSite=Lax and not Secure over plain HTTP, even when a client claims https without a trusted proxy', async () => {
    const plain = await signIn('viewer-user');
    expect(plain.cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(plain.cookie.secure).toBeFalsy();
    const spoofed = await signIn('viewer-user', PASSWORD, app, { 'x-forwarded-proto': 'https' });
    expect(spoofed.cookie.secure).toBeFalsy();
  });

  it('is Secure when TLS ends at a trusted proxy (TRUST_PROXY)', async () => {
    const proxied = await appWith({ trustProxy: true });
    const s = await signIn('viewer-user', PASSWORD, proxied, { 'x-forwarded-proto': 'https' });
    expect(s.cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true, path: '/' });
    const hops = await appWith({ trustProxy: 1 });
    expect((await signIn('viewer-user', PASSWORD, hops, { 'x-forwarded-proto': 'https' })).cookie.secure).toBe(true);
    expect((await signIn('viewer-user', PASSWORD, hops)).cookie.secure).toBeFalsy();
  });
});

describe('CSRF', () => {
  it('refuses every write route made with the session cookie without its CSRF token; a bearer key needs none', async () => {
    const writes = app.routeAccess.filter((r) => !r.public && !['GET', 'HEAD', 'OPTIONS'].includes(r.method));
    // The routes are enumerated from Fastify, so a route added later is checked without editing this test.
    expect(writes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['POST /v1/topics', 'DELETE /v1/authors/:pseudonym', 'POST /v1/users', 'POST /v1/auth/sign-out']),
    );
    for (const route of writes) {
      const s = await sessionOf('admin');
      const url = concrete(route.url);
      const method = route.method as 'POST';
      for (const csrf of [null, 'wrong-token', s.csrf.slice(0, -1)]) {
        const res = await app.inject({ method, url, headers: withSession(s, csrf), payload: {} });
        expect(res.statusCode, `${route.method} ${route.url} with ${csrf}`).toBe(403);
        expect(res.json().error.code).toBe('CSRF_INVALID');
      }
      // Another session's token is no good either.
      const other = await sessionOf('admin');
      const crossed = await app.inject({ method, url, headers: { ...withSession(s, null), [CSRF_HEADER]: other.csrf }, payload: {} });
      expect(crossed.json().error?.code, `${route.method} ${route.url}`).toBe('CSRF_INVALID');
      const ok = await app.inject({ method, url, headers: withSession(s), payload: {} });
      expect((ok.body ? ok.json() : {}).error?.code ?? 'none', `${route.method} ${route.url} with the token`).not.toBe('CSRF_INVALID');
      expect(ok.statusCode).not.toBe(401);
    }
    const { secret } = await createApiKey(handle.db, 'machine', ['admin']);
    const keyed = await app.inject({
      method: 'POST',
      url: '/v1/topics',
      headers: { authorization: `Bearer ${secret}` },
      payload: { name: 'Iuran', query: 'iuran' },
    });
    expect(keyed.statusCode).toBe(201);
  }, 240_000);
});

describe('roles', () => {
  it('keeps a viewer out of every admin, annotate and topics route, and lets them read', async () => {
    const viewer = await sessionOf('viewer');
    const guarded = app.routeAccess.filter((r) => !r.public && r.scopes.length > 0 && !r.scopes.includes('read') && r.method !== 'HEAD');
    expect(guarded.map((r) => r.url)).toEqual(
      expect.arrayContaining(['/v1/users', '/v1/annotation/tasks/:id/labels', '/v1/authors/:pseudonym', '/v1/topics/:id']),
    );
    for (const route of guarded) {
      const res = await app.inject({ method: route.method as 'GET', url: concrete(route.url), headers: withSession(viewer), payload: {} });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect((await app.inject({ method: 'GET', url: '/v1/volume', headers: withSession(viewer, null) })).statusCode).toBe(200);
  }, 120_000);

  it('lets an analyst edit topics but not users; a key never exceeds its owner role', async () => {
    const analyst = await signIn('analyst-user');
    const topic = await app.inject({
      method: 'POST',
      url: '/v1/topics',
      headers: withSession(analyst),
      payload: { name: 'Antre', query: 'antre' },
    });
    expect(topic.statusCode).toBe(201);
    expect((await app.inject({ method: 'GET', url: '/v1/users', headers: withSession(analyst) })).statusCode).toBe(403);
    await expect(createApiKey(handle.db, 'too-much', ['admin'], undefined, { userId: users.analyst })).rejects.toThrow(
      /beyond the analyst role/,
    );
  });

  it('gives a route added without a guard a scope by default (read to read, admin to write), with CSRF', async () => {
    const extra = await appWith();
    // As another route file would: no requireScope, no security: [].
    extra.get('/v1/unguarded', async () => ({ ok: true }));
    extra.post('/v1/unguarded', async () => ({ ok: true }));
    const viewer = await sessionOf('viewer');
    const admin = await sessionOf('admin');
    expect((await extra.inject({ method: 'GET', url: '/v1/unguarded' })).statusCode).toBe(401);
    expect((await extra.inject({ method: 'GET', url: '/v1/unguarded', headers: withSession(viewer, null) })).statusCode).toBe(200);
    expect((await extra.inject({ method: 'POST', url: '/v1/unguarded', headers: withSession(viewer) })).statusCode).toBe(403);
    expect((await extra.inject({ method: 'POST', url: '/v1/unguarded', headers: withSession(admin, null) })).json().error.code).toBe(
      'CSRF_INVALID',
    );
    expect((await extra.inject({ method: 'POST', url: '/v1/unguarded', headers: withSession(admin) })).statusCode).toBe(200);
    // Only the routes for any signed-in caller declare no scope, on purpose.
    const unguarded = app.routeAccess.filter((r) => !r.public && r.scopes.length === 0);
    expect(unguarded.map((r) => r.url).every((u) => u.startsWith('/v1/auth/'))).toBe(true);
    expect(app.routeAccess.filter((r) => r.public).map((r) => r.url)).toEqual(
      expect.arrayContaining(['/v1/health', '/v1/ready', '/v1/auth/sign-in', '/v1/auth/oidc/callback']),
    );
  }, 120_000);

  it('audits a role change with who made it', async () => {
    const admin = await signIn('admin-user');
    const res = await app.inject({
      method: 'PATCH',
      url: `/v1/users/${users.viewer}`,
      headers: withSession(admin),
      payload: { role: 'analyst' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.role).toBe('analyst');
    const rows = await auditRows('user.role');
    expect(rows.at(-1)).toMatchObject({
      key_id: `user:${users.admin}`,
      detail: { by: 'admin-user', user: 'viewer-user', from: 'viewer', to: 'analyst' },
    });
    await app.inject({ method: 'PATCH', url: `/v1/users/${users.viewer}`, headers: withSession(admin), payload: { role: 'viewer' } });
    const self = await app.inject({
      method: 'PATCH',
      url: `/v1/users/${users.admin}`,
      headers: withSession(admin),
      payload: { disabled: true },
    });
    expect(self.statusCode).toBe(400);
  });
});

describe('disabling a user', () => {
  it("stops the user's sessions and API keys at once, through the API and from the command line", async () => {
    for (const via of ['api', 'cli'] as const) {
      const name = `field-${via}`;
      const user = await createUser(handle.db, { name, role: 'analyst', password: PASSWORD }, { keyId: null, by: 'test' });
      const { secret } = await createApiKey(handle.db, `${name}-key`, ['read'], undefined, { userId: user.id });
      const session = await signIn(name);
      const byKey = () => app.inject({ method: 'GET', url: '/v1/volume', headers: { authorization: `Bearer ${secret}` } });
      // Twice: the second answer comes from the key cache.
      expect((await byKey()).statusCode).toBe(200);
      expect((await byKey()).statusCode).toBe(200);
      expect((await whoAmI(session)).statusCode).toBe(200);
      if (via === 'api') {
        const admin = await signIn('admin-user');
        const res = await app.inject({
          method: 'PATCH',
          url: `/v1/users/${user.id}`,
          headers: withSession(admin),
          payload: { disabled: true },
        });
        expect(res.json().data.disabledAt).not.toBeNull();
        expect((await byKey()).statusCode).toBe(401);
      } else {
        // Another process (the CLI) disables: the API hears it through the change notification of that commit.
        await setUserDisabled(handle.db, user.id, true, { keyId: null, by: 'cli' });
        const started = Date.now();
        let status = (await byKey()).statusCode;
        while (status === 200 && Date.now() - started < 2_000) {
          // A cached answer costs no I/O: give the notification connection its turn, as real traffic would.
          await new Promise((r) => setTimeout(r, 5));
          status = (await byKey()).statusCode;
        }
        expect(status).toBe(401);
        expect(Date.now() - started).toBeLessThan(1_000);
      }
      expect((await whoAmI(session)).statusCode).toBe(401);
      const again = await app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { name, password: PASSWORD } });
      expect(again.statusCode).toBe(401);
    }
    expect(feed.live).toBe(true);
  });
});

describe('brute force', () => {
  it('locks a user name after repeated failures with a doubling wait, also against parallel guesses', async () => {
    const name = 'analyst-user';
    const attempt = (password: string) => app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { name, password } });
    // The lock's end moved to now: what the clock would do after the wait.
    const waitOut = () => sql("update sign_in_failures set locked_until = now() - interval '1 second' where name = $1", [name]);
    const retryAfter = (res: { headers: Record<string, unknown> }) => Number(res.headers['retry-after']);
    const before = (await auditRows('auth.sign_in_failed')).length;
    // Ten guesses at once: only the first three (the lockout threshold) get their password checked.
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => attempt(`guess-number-${i}`)));
    const statuses = burst.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    const locked = burst.find((r) => r.statusCode === 429);
    expect(locked?.json().error.code).toBe('RATE_LIMITED');
    expect(retryAfter(locked as NonNullable<typeof locked>)).toBeGreaterThan(15);
    expect(retryAfter(locked as NonNullable<typeof locked>)).toBeLessThanOrEqual(30);
    const checked = (await auditRows('auth.sign_in_failed'))
      .slice(before)
      .filter((r) => (r.detail as { reason: string }).reason === 'wrong_password');
    expect(checked).toHaveLength(3);
    // Even the right password is refused while locked.
    expect((await attempt(PASSWORD)).statusCode).toBe(429);
    // Each failure after a lock locks again for twice as long, up to the cap (30 s, 60 s, 120 s, 120 s).
    for (const wait of [60, 120, 120]) {
      await waitOut();
      expect((await attempt('still-wrong-password')).statusCode).toBe(401);
      const next = await attempt(PASSWORD);
      expect(next.statusCode).toBe(429);
      expect(retryAfter(next)).toBeGreaterThan(wait - 15);
      expect(retryAfter(next)).toBeLessThanOrEqual(wait);
    }
    await waitOut();
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
    // A success starts the count again.
    expect((await attempt('wrong-again-once')).statusCode).toBe(401);
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
  }, 120_000);
});
