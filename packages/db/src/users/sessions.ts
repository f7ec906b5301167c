import { createHash, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { userSessions, users } from '../schema.ts';
import { type UserInfo, userInfo } from './users.ts';

/** How long a session lives: `idleMs` since its last request, `absoluteMs` since sign-in, whichever ends first. */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

/** A live session and its user. */
export interface SessionInfo {
  user: UserInfo;
  createdAt: string;
  expiresAt: string;
  method: string;
}

/** The stored form of a session secret: its SHA-256, so a read of the table signs nobody in. */
export const sessionHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Starts a session for a user: a new random secret (the cookie's value, returned once) and its stored hash. */
export async function createSession(
  db: Database,
  userId: number,
  method: 'password' | 'oidc',
  policy: SessionPolicy,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + policy.absoluteMs);
  await db.insert(userSessions).values({ idHash: sessionHash(token), userId, expiresAt, method });
  return { token, expiresAt };
}

/**
 * The session of a presented secret when it is live (within both expiries, its user enabled), else null; an expired
 * session is deleted. Its idle clock restarts, written at most once per `idleMs / 10` (and per minute).
 */
export async function findSession(db: Database, token: string, policy: SessionPolicy): Promise<SessionInfo | null> {
  if (token.length === 0 || token.length > 100) return null;
  const idHash = sessionHash(token);
  const [row] = await db
    .select({ session: userSessions, user: users })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(eq(userSessions.idHash, idHash))
    .limit(1);
  if (!row) return null;
  const now = Date.now();
  const { session, user } = row;
  if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + policy.idleMs <= now || user.disabledAt) {
    await db.delete(userSessions).where(eq(userSessions.idHash, idHash));
    return null;
  }
  if (now - session.lastSeenAt.getTime() >= Math.min(60_000, policy.idleMs / 10)) {
    await db.update(userSessions).set({ lastSeenAt: sql`now()` }).where(eq(userSessions.idHash, idHash));
  }
  return {
    user: userInfo(user),
    createdAt: session.createdAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    method: session.method,
  };
}

/** Ends one session (sign-out); false when it was not there. */
export async function endSession(db: Database, token: string): Promise<boolean> {
  const rows = await db
    .delete(userSessions)
    .where(eq(userSessions.idHash, sessionHash(token)))
    .returning({ id: userSessions.idHash });
  return rows.length > 0;
}

/** Ends every session of a user (sign-out everywhere); returns how many ended. */
export async function endUserSessions(db: Database, userId: number): Promise<number> {
  const rows = await db.delete(userSessions).where(eq(userSessions.userId, userId)).returning({ id: userSessions.idHash });
  return rows.length;
}
