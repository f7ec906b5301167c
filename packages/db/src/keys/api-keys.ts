import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { PantauError } from '@pantau/contracts';
import { desc, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/audit.ts';
import type { Database } from '../client.ts';
import { apiKeys, users } from '../schema.ts';
import { scopesUnderRole } from '../users/roles.ts';

// `annotate`: label sampled posts of annotation tasks (and create tasks); `topics`: create, change and delete topics;
// admin holds every scope.
export const API_SCOPES = ['read', 'ingest', 'admin', 'annotate', 'topics'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** A stored key, never with its secret. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  scopes: ApiScope[];
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** The person the key (or session) acts for: a key's scopes never exceed its owner's role. Null for unowned keys. */
  user: KeyOwner | null;
}

/** A key's owner as requests carry it. */
export interface KeyOwner {
  id: number;
  name: string;
  role: 'viewer' | 'analyst' | 'admin';
}

const hashKey = (secret: string) => createHash('sha256').update(secret).digest('hex');

const info = (r: typeof apiKeys.$inferSelect, owner: typeof users.$inferSelect | null): ApiKeyInfo => {
  const user = owner ? { id: owner.id, name: owner.name, role: owner.role as KeyOwner['role'] } : null;
  return {
    id: r.id,
    name: r.name,
    scopes: user ? scopesUnderRole(r.scopes as ApiScope[], user.role) : (r.scopes as ApiScope[]),
    createdAt: r.createdAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    user,
  };
};

/**
 * Creates a key and returns its secret once (random unless given); only the SHA-256 of the secret is stored. With
 * `userId` the key belongs to that user: it stops working when the user is disabled, and holds at most the user's role.
 */
export async function createApiKey(
  db: Database,
  name: string,
  scopes: readonly ApiScope[],
  chosenSecret?: string,
  options: { userId?: number } = {},
): Promise<{ key: ApiKeyInfo; secret: string }> {
  const id = randomBytes(6).toString('hex');
  const secret = chosenSecret ?? `pantau_${id}_${randomBytes(24).toString('base64url')}`;
  const key = await db.transaction(async (tx) => {
    const [owner] = options.userId === undefined ? [] : await tx.select().from(users).where(eq(users.id, options.userId));
    if (options.userId !== undefined && !owner) {
      throw new PantauError('NOT_FOUND', `no user ${options.userId}`, { details: { parameter: 'user' } });
    }
    if (owner && owner.role !== 'admin') {
      const beyond = scopes.filter((s) => !scopesUnderRole([s], owner.role as KeyOwner['role']).length);
      if (beyond.length > 0) {
        throw new PantauError('INVALID_INPUT', `scopes: ${beyond.join(', ')} beyond the ${owner.role} role of ${owner.name}`, {
          details: { parameter: 'scopes' },
        });
      }
    }
    const [created] = await tx
      .insert(apiKeys)
      .values({ id, name, keyHash: hashKey(secret), scopes: [...scopes], userId: owner?.id ?? null })
      .returning();
    await appendAudit(tx, [{ keyId: id, action: 'key.create', detail: { name, scopes, ...(owner ? { user: owner.name } : {}) } }]);
    return info(created as typeof apiKeys.$inferSelect, owner ?? null);
  });
  return { key, secret };
}

/** Lists keys, newest first, with their owners. */
export async function listApiKeys(db: Database): Promise<ApiKeyInfo[]> {
  const rows = await db.select().from(apiKeys).leftJoin(users, eq(users.id, apiKeys.userId)).orderBy(desc(apiKeys.createdAt));
  return rows.map((r) => info(r.api_keys, r.users));
}

/** Revokes a key; returns false when no such key exists. */
export async function revokeApiKey(db: Database, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id)).returning({ id: apiKeys.id });
    if (rows.length > 0) await appendAudit(tx, [{ keyId: id, action: 'key.revoke', detail: {} }]);
    return rows.length > 0;
  });
}

/**
 * Finds the live key for a presented secret (hash looked up, then compared in constant time): not revoked, and its
 * owner, when it has one, not disabled; its scopes cut to the owner's role.
 */
export async function verifyApiKey(db: Database, secret: string): Promise<ApiKeyInfo | null> {
  const presented = hashKey(secret);
  const [row] = await db
    .select()
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.keyHash, presented))
    .limit(1);
  if (!row || row.api_keys.revokedAt || row.users?.disabledAt) return null;
  if (!timingSafeEqual(Buffer.from(row.api_keys.keyHash, 'hex'), Buffer.from(presented, 'hex'))) return null;
  return info(row.api_keys, row.users);
}
