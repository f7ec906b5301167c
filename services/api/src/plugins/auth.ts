import { createHash } from 'node:crypto';
import { PantauError } from '@pantau/contracts';
import { type ApiKeyInfo, type ApiScope, type Database, verifyApiKey } from '@pantau/db';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    apiKey: ApiKeyInfo | null;
  }
}

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * How long a verified key is trusted without asking the database again. A key revoked elsewhere (the CLI, another
 * instance) stops working on a running API within this time; unknown keys are never cached.
 */
export const KEY_CACHE_MS = 10_000;
const KEY_CACHE_MAX = 1_000;

type CachedKey = { key: ApiKeyInfo; until: number };
const verifiedKeys = new WeakMap<Database, Map<string, CachedKey>>();

/** Verifies a presented secret, remembering live keys for KEY_CACHE_MS so a request costs no key lookup. */
async function verifyCached(db: Database, secret: string): Promise<ApiKeyInfo | null> {
  const cache = verifiedKeys.get(db) ?? new Map<string, CachedKey>();
  verifiedKeys.set(db, cache);
  const digest = createHash('sha256').update(secret).digest('hex');
  const now = Date.now();
  const hit = cache.get(digest);
  if (hit && hit.until > now) return hit.key;
  const key = await verifyApiKey(db, secret);
  if (!key) {
    cache.delete(digest);
    return null;
  }
  if (cache.size >= KEY_CACHE_MAX) cache.clear();
  cache.set(digest, { key, until: now + KEY_CACHE_MS });
  return key;
}

/** Reads and verifies the `Authorization: Bearer` key of a request. */
async function authenticate(db: Database, request: FastifyRequest): Promise<ApiKeyInfo> {
  const header = request.headers.authorization;
  if (!header) throw new PantauError('UNAUTHORIZED', 'missing Authorization: Bearer <api key>');
  const match = BEARER.exec(header);
  if (!match?.[1] || match[1].length > 200) throw new PantauError('UNAUTHORIZED', 'malformed Authorization header');
  const key = await verifyCached(db, match[1]);
  if (!key) throw new PantauError('UNAUTHORIZED', 'unknown or revoked API key');
  return key;
}

/**
 * An onRequest hook (before body parsing and validation) that admits only keys holding `scope`, or one of `scope` when
 * given several (`admin` holds every scope).
 */
export function requireScope(db: Database, scope: ApiScope | readonly ApiScope[]): onRequestAsyncHookHandler {
  const accepted: readonly ApiScope[] = typeof scope === 'string' ? [scope] : scope;
  return async (request) => {
    const key = await authenticate(db, request);
    if (!accepted.some((s) => key.scopes.includes(s)) && !key.scopes.includes('admin')) {
      throw new PantauError('FORBIDDEN', `this key lacks the ${accepted.join(' or ')} scope`);
    }
    request.apiKey = key;
  };
}
