import { randomBytes } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { oidcSignIns } from '../schema.ts';
import { sessionHash } from './sessions.ts';

/** What a single sign-on redirect must find again at its callback. */
export interface OidcSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

/** Stores a sign-in under way; returns the secret its browser cookie carries (only its hash is stored). */
export async function saveOidcSignIn(db: Database, signIn: OidcSignIn): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insert(oidcSignIns).values({ idHash: sessionHash(token), ...signIn });
  return token;
}

/** Takes (and deletes: each is used once) a sign-in under way younger than `maxAgeMs`; older ones are cleared. */
export async function takeOidcSignIn(db: Database, token: string, maxAgeMs: number): Promise<OidcSignIn | null> {
  await db.delete(oidcSignIns).where(lt(oidcSignIns.createdAt, new Date(Date.now() - maxAgeMs)));
  if (token.length === 0 || token.length > 100) return null;
  const [row] = await db
    .delete(oidcSignIns)
    .where(eq(oidcSignIns.idHash, sessionHash(token)))
    .returning();
  return row ? { state: row.state, nonce: row.nonce, codeVerifier: row.codeVerifier, returnTo: row.returnTo } : null;
}
