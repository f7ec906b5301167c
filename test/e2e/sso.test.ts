/// <reference lib="dom" />
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type App, buildApp } from '@pantau/api';
import { type DatabaseHandle, listUsers } from '@pantau/db';
import { loadSentimentModel } from '@pantau/sentiment';
import Provider from 'oidc-provider';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { migratedTestDatabase, type TestDatabase } from '../support/postgres.ts';

// Single sign-on end to end: a real OpenID Connect provider (oidc-provider) on `localhost`, Pantau on `127.0.0.1` —
// two sites, so the browser applies its cross-site cookie rules to the redirect back — and Chromium clicking through.
let testDb: TestDatabase;
let handle: DatabaseHandle;
let app: App;
let idp: Server;
let browser: Browser;
let appUrl = '';

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

beforeAll(async () => {
  ({ testDb, handle } = await migratedTestDatabase());
  const appPort = await freePort();
  const idpPort = await freePort();
  const issuer = `http://localhost:${idpPort}`;
  const redirectUrl = `http://127.0.0.1:${appPort}/v1/auth/oidc/callback`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'pantau',
        client_secret: 'pantau-test-client-secret',
        redirect_uris: [redirectUrl],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], profile: ['preferred_username', 'pantau_role'], email: ['email'] },
    // The role claim in the ID token itself (the provider would otherwise keep it for the userinfo endpoint).
    conformIdTokenClaims: false,
    // Accounts of the test: any login works (the provider's development pages); `boss…` are admins, `nobody…` get no role.
    async findAccount(_ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          const role = sub.startsWith('boss') ? 'admin' : sub.startsWith('nobody') ? 'intern' : 'analyst';
          return { sub, preferred_username: sub, email: `${sub}@example.go.id`, pantau_role: role };
        },
      };
    },
    cookies: { keys: ['oidc-provider-test-cookie-key'] },
  });
  idp = createServer(provider.callback());
  idp.listen(idpPort, 'localhost');
  await once(idp, 'listening');

  const model = await loadSentimentModel();
  app = await buildApp({
    db: handle.db,
    pingDatabase: () => handle.ping(),
    model,
    software: { version: 'e2e', commit: 'e2e' },
    oidc: {
      issuer,
      clientId: 'pantau',
      clientSecret: 'pantau-test-client-secret',
      redirectUrl,
      scopes: 'openid profile email',
      roleClaim: 'pantau_role',
      roleMap: { admin: 'admin', analyst: 'analyst' },
      defaultRole: null,
      allowHttp: true,
    },
  });
  appUrl = await app.listen({ host: '127.0.0.1', port: appPort });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  idp?.closeAllConnections();
  await new Promise((r) => idp?.close(r));
  await handle?.close();
  await testDb?.drop();
});

/** Goes through the provider's sign-in and consent pages as `login`, starting at Pantau's SSO entry. */
async function signInThroughProvider(login: string, returnTo: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${appUrl}/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`, { waitUntil: 'domcontentloaded' });
  expect(new URL(page.url()).hostname).toBe('localhost');
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', 'any password');
  await Promise.all([page.waitForURL(/\/interaction\//, { waitUntil: 'domcontentloaded' }), page.click('button[type="submit"]')]);
  await Promise.all([page.waitForURL((u) => u.hostname === '127.0.0.1', { waitUntil: 'commit' }), page.click('button[type="submit"]')]);
  return { context, page };
}

async function auditActions(): Promise<{ action: string; detail: Record<string, unknown> }[]> {
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  const { rows } = await client.query(
    "select action, detail from audit_log where action like 'auth.%' or action like 'user.%' order by seq",
  );
  await client.end();
  return rows;
}

describe('single sign-on (OpenID Connect, code + PKCE)', () => {
  it('signs a user in through Chromium across sites, maps the role claim, and returns to the view they came from', async () => {
    const view = '/?topic=1&from=2026-11-01&to=2026-11-14&lang=en';
    const { context, page } = await signInThroughProvider('boss.sari', view);
    await page.waitForURL(`${appUrl}${view}`);
    const cookies = await context.cookies(appUrl);
    const session = cookies.find((c) => c.name === 'pantau_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, domain: '127.0.0.1' });
    // The state cookie was used once and cleared.
    expect(cookies.find((c) => c.name === 'pantau_oidc')).toBeUndefined();
    const me = await page.evaluate(async () => (await fetch('/v1/auth/session')).json());
    expect(me.data).toMatchObject({ via: 'session', user: { name: 'boss.sari', role: 'admin', sso: true, hasPassword: false } });
    const users = await listUsers(handle.db);
    expect(users.map((u) => [u.name, u.role])).toEqual([['boss.sari', 'admin']]);
    expect((await auditActions()).map((r) => r.action)).toEqual(['user.create', 'auth.sign_in']);
    await context.close();
  });

  it('refuses an identity whose claim maps to no role (no default role), and audits the refusal', async () => {
    const { context, page } = await signInThroughProvider('nobody.budi', '/');
    await page.waitForURL(`${appUrl}/?signIn=not_allowed`);
    expect((await context.cookies(appUrl)).find((c) => c.name === 'pantau_session')).toBeUndefined();
    const last = (await auditActions()).at(-1);
    expect(last).toMatchObject({
      action: 'auth.sign_in_failed',
      detail: { method: 'oidc', reason: 'not_allowed', subject: 'nobody.budi' },
    });
    await context.close();
  });

  it('refuses a callback without the sign-in cookie (a forged or replayed redirect)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${appUrl}/v1/auth/oidc/callback?code=forged&state=forged`, { waitUntil: 'commit' });
    await page.waitForURL(`${appUrl}/?signIn=expired`, { waitUntil: 'commit' });
    expect((await context.cookies(appUrl)).find((c) => c.name === 'pantau_session')).toBeUndefined();
    await context.close();
  });

  it('keeps a return address on this site', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/auth/oidc/start?returnTo=//evil.example/x' });
    expect(res.statusCode).toBe(302);
    const location = new URL(res.headers.location as string);
    expect(location.host).toMatch(/^localhost:/);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('nonce')).toBeTruthy();
    expect(res.cookies.find((c) => c.name === 'pantau_oidc')).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/v1/auth/oidc' });
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    const { rows } = await client.query('select return_to from oidc_sign_ins order by created_at desc limit 1');
    await client.end();
    expect(rows[0]?.return_to).toBe('/');
  });
});
