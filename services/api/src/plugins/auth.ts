import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import { PantauError } from '@pantau/contracts';
import {
  type ApiKeyInfo,
  type ApiScope,
  type Database,
  type DataChangeFeed,
  findSession,
  type LockoutPolicy,
  ROLE_SCOPES,
  type SessionInfo,
  type SessionPolicy,
  verifyApiKey,
} from '@pantau/db';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler, RouteOptions } from 'fastify';
import type { App } from '../types.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The credential of the request once authenticated: the API key, or for a dashboard session a key-shaped view of
     * it (id `user:<id>`, the role's scopes) so every route, the rate limit and the audit log treat both alike.
     */
    apiKey: ApiKeyInfo | null;
    /** The dashboard session the request came with (cookie), null for API keys. */
    session: (SessionInfo & { token: string }) | null;
  }
  interface FastifyInstance {
    /** Every `/v1` route with the scopes it admits (`[]`: any signed-in caller; `public`: no credentials). */
    routeAccess: RouteAccess[];
    auth: AuthSettings & {
      /** Drops the keys this process has cached (after it disabled a user or changed a role itself). */
      forgetKeys(): void;
    };
  }
}

/** How a route is guarded, as recorded when it was added. */
export interface RouteAccess {
  method: string;
  url: string;
  scopes: readonly ApiScope[];
  public: boolean;
}

/** Sessions, lockout and the key cache's change feed. */
export interface AuthSettings {
  session: SessionPolicy;
  lockout: LockoutPolicy;
  /** Keys are cached only while this feed is live, and dropped when api_keys or users change. */
  feed: DataChangeFeed;
}

/** The session cookie: HttpOnly, SameSite=Lax, Secure when the request came over TLS. */
export const SESSION_COOKIE = 'pantau_session';
/**
 * A companion cookie without any secret, readable by the dashboard's script: it tells the page a session may exist, so
 * a page opened without one does not ask the API (and get a 401) for nothing.
 */
export const SIGNED_IN_COOKIE = 'pantau_signed_in';
/** The header a cookie-authenticated write carries its CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BEARER = /^Bearer\s+(\S+)$/i;

/** A key verified while the change feed is live is trusted until api_keys or users change (or the feed drops). */
const KEY_CACHE_MAX = 1_000;
const KEY_TABLES = ['api_keys', 'users'] as const;
type CachedKey = { key: ApiKeyInfo; generation: number };

const SCOPE_HOOK = Symbol('pantau.scopes');
type ScopeHook = onRequestAsyncHookHandler & { [SCOPE_HOOK]?: readonly ApiScope[] };

/**
 * A route is open without credentials when its OpenAPI schema says so (`security: []`: health, readiness, sign-in):
 * no scope is required and no CSRF token checked there, and a session cookie is not read.
 */
function isPublicRoute(schema: unknown): boolean {
  const security = (schema as { security?: unknown } | undefined)?.security;
  return Array.isArray(security) && security.length === 0;
}

/** The CSRF token of a session: derived from its secret, so it needs no storage and changes with every sign-in. */
export function csrfTokenOf(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('pantau csrf').digest('base64url');
}

/** Options of the session cookie for this request (Secure when it came over TLS, directly or through a trusted proxy). */
export function sessionCookieOptions(request: FastifyRequest, maxAgeSeconds: number) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: request.protocol === 'https', maxAge: maxAgeSeconds };
}

/** Sets the session cookie (and its companion) for `maxAgeSeconds`. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  void reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(request, maxAgeSeconds));
  void reply.setCookie(SIGNED_IN_COOKIE, '1', { ...sessionCookieOptions(request, maxAgeSeconds), httpOnly: false });
}

/** Clears the session cookie and its companion. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request, 0));
  void reply.clearCookie(SIGNED_IN_COOKIE, { ...sessionCookieOptions(request, 0), httpOnly: false });
}

/**
 * Authentication for every route, installed before the routes: each request's API key (Authorization: Bearer) or
 * session cookie is resolved once; a cookie-authenticated write without its CSRF token is refused; and every `/v1`
 * route that neither declares a scope (`requireScope`) nor is public (`security: []`) gets one by default (`read` to read, `admin`
 * to write), so a route added later cannot be left open by forgetting its guard.
 */
export async function installAuth(app: App, settings: AuthSettings): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('apiKey', null);
  app.decorateRequest('session', null);
  const keyCache = new Map<string, CachedKey>();
  app.decorate('auth', { ...settings, forgetKeys: () => keyCache.clear() });
  app.decorate('routeAccess', [] as RouteAccess[]);

  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/v1/')) return;
    const isPublic = isPublicRoute(route.schema);
    const hooks = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    let scopes = hooks.map((h) => (h as ScopeHook)[SCOPE_HOOK]).find((s) => s !== undefined);
    if (!isPublic && scopes === undefined) {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      scopes = methods.every((m) => SAFE_METHODS.has(m)) ? ['read'] : ['admin'];
      route.onRequest = [...hooks, requireScope(app.db, scopes)];
    }
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      app.routeAccess.push({ method, url: route.url, scopes: scopes ?? [], public: isPublic });
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/')) return;
    const isPublic = isPublicRoute(request.routeOptions.schema);
    const header = request.headers.authorization;
    if (header !== undefined) {
      const key = await keyOfHeader(app.db, settings.feed, keyCache, header).catch((error: unknown) => {
        if (isPublic) return null;
        throw error;
      });
      request.apiKey = key;
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token || isPublic) return;
    const session = await findSession(app.db, token, settings.session);
    if (!session) {
      clearSessionCookie(request, reply);
      throw new PantauError('UNAUTHORIZED', 'the session has ended; sign in again', { details: { reason: 'session' } });
    }
    if (!SAFE_METHODS.has(request.method)) {
      const presented = request.headers[CSRF_HEADER];
      const expected = Buffer.from(csrfTokenOf(token));
      const given = Buffer.from(typeof presented === 'string' ? presented : '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new PantauError('CSRF_INVALID', `a signed-in write needs the session's CSRF token in ${CSRF_HEADER}`, {
          details: { parameter: CSRF_HEADER },
        });
      }
    }
    const { user } = session;
    request.session = { ...session, token };
    request.apiKey = {
      id: `user:${user.id}`,
      name: user.name,
      scopes: [...ROLE_SCOPES[user.role]],
      createdAt: session.createdAt,
      revokedAt: null,
      lastUsedAt: null,
      user: { id: user.id, name: user.name, role: user.role },
    };
  });
}

/** Reads and verifies an `Authorization: Bearer` key, through the cache while the change feed is live. */
async function keyOfHeader(db: Database, feed: DataChangeFeed, cache: Map<string, CachedKey>, header: string): Promise<ApiKeyInfo> {
  const match = BEARER.exec(header);
  if (!match?.[1] || match[1].length > 200) throw new PantauError('UNAUTHORIZED', 'malformed Authorization header');
  const digest = createHash('sha256').update(match[1]).digest('hex');
  const generation = feed.generationOf?.(KEY_TABLES) ?? feed.generation;
  const hit = cache.get(digest);
  if (feed.live && hit && hit.generation === generation) return hit.key;
  const key = await verifyApiKey(db, match[1]);
  if (!key) {
    cache.delete(digest);
    throw new PantauError('UNAUTHORIZED', 'unknown or revoked API key, or its user is disabled');
  }
  if (feed.live) {
    if (cache.size >= KEY_CACHE_MAX) cache.clear();
    cache.set(digest, { key, generation });
  }
  return key;
}

/**
 * An onRequest hook (before body parsing and validation) that admits only callers holding `scope`, or one of `scope`
 * when given several (`admin` holds every scope); an empty list admits any signed-in caller. The caller was
 * authenticated by `installAuth` (API key or session); the database argument is kept for the routes' call shape.
 */
export function requireScope(_db: Database, scope: ApiScope | readonly ApiScope[]): onRequestAsyncHookHandler {
  const accepted: readonly ApiScope[] = typeof scope === 'string' ? [scope] : scope;
  const hook: ScopeHook = async (request: FastifyRequest) => {
    const key = request.apiKey;
    if (!key) throw new PantauError('UNAUTHORIZED', 'missing Authorization: Bearer <api key> (or sign in)');
    if (accepted.length > 0 && !accepted.some((s) => key.scopes.includes(s)) && !key.scopes.includes('admin')) {
      throw new PantauError(
        'FORBIDDEN',
        `${key.user && key.id.startsWith('user:') ? `the ${key.user.role} role` : 'this key'} lacks the ${accepted.join(' or ')} scope`,
      );
    }
  };
  hook[SCOPE_HOOK] = accepted;
  return hook;
}
