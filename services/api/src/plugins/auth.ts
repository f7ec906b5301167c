import { PantauError } from '@pantau/contracts';
import { type ApiKeyInfo, type ApiScope, type Database, verifyApiKey } from '@pantau/db';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    apiKey: ApiKeyInfo | null;
  }
}

const BEARER = /^Bearer\s+(\S+)$/i;

/** Reads and verifies the `Authorization: Bearer` key of a request. */
async function authenticate(db: Database, request: FastifyRequest): Promise<ApiKeyInfo> {
  const header = request.headers.authorization;
  if (!header) throw new PantauError('UNAUTHORIZED', 'missing Authorization: Bearer <api key>');
  const match = BEARER.exec(header);
  if (!match?.[1] || match[1].length > 200) throw new PantauError('UNAUTHORIZED', 'malformed Authorization header');
  const key = await verifyApiKey(db, match[1]);
  if (!key) throw new PantauError('UNAUTHORIZED', 'unknown or revoked API key');
  return key;
}

/** An onRequest hook (before body parsing and validation) that admits only keys holding `scope` (`admin` holds every scope). */
export function requireScope(db: Database, scope: ApiScope): onRequestAsyncHookHandler {
  return async (request) => {
    const key = await authenticate(db, request);
    if (!key.scopes.includes(scope) && !key.scopes.includes('admin')) {
      throw new PantauError('FORBIDDEN', `this key lacks the ${scope} scope`);
    }
    request.apiKey = key;
  };
}
