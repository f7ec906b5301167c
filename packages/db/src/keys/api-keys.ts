import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/audit.ts';
import type { Database } from '../client.ts';
import { apiKeys } from '../schema.ts';

// `annotate`: label sampled posts of annotation tasks (and create tasks); admin holds every scope.
export const API_SCOPES = ['read', 'ingest', 'admin', 'annotate'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** A stored key, never with its secret. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  scopes: ApiScope[];
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const hashKey = (secret: string) => createHash('sha256').update(secret).digest('hex');

const info = (r: typeof apiKeys.$inferSelect): ApiKeyInfo => ({
  id: r.id,
  name: r.name,
  scopes: r.scopes as ApiScope[],
  createdAt: r.createdAt.toISOString(),
  revokedAt: r.revokedAt?.toISOString() ?? null,
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
});

/** Creates a key and returns its secret once (random unless given); only the SHA-256 of the secret is stored. */
export async function createApiKey(
  db: Database,
  name: string,
  scopes: readonly ApiScope[],
  chosenSecret?: string,
): Promise<{ key: ApiKeyInfo; secret: string }> {
  const id = randomBytes(6).toString('hex');
  const secret = chosenSecret ?? `pantau_${id}_${randomBytes(24).toString('base64url')}`;
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(apiKeys)
      .values({ id, name, keyHash: hashKey(secret), scopes: [...scopes] })
      .returning();
    await appendAudit(tx, [{ keyId: id, action: 'key.create', detail: { name, scopes } }]);
    return created;
  });
  return { key: info(row as typeof apiKeys.$inferSelect), secret };
}

/** Lists keys, newest first. */
export async function listApiKeys(db: Database): Promise<ApiKeyInfo[]> {
  const rows = await db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
  return rows.map(info);
}

/** Revokes a key; returns false when no such key exists. */
export async function revokeApiKey(db: Database, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id)).returning({ id: apiKeys.id });
    if (rows.length > 0) await appendAudit(tx, [{ keyId: id, action: 'key.revoke', detail: {} }]);
    return rows.length > 0;
  });
}

/** Finds the live key for a presented secret (hash looked up, then compared in constant time). */
export async function verifyApiKey(db: Database, secret: string): Promise<ApiKeyInfo | null> {
  const presented = hashKey(secret);
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, presented)).limit(1);
  if (!row || row.revokedAt) return null;
  if (!timingSafeEqual(Buffer.from(row.keyHash, 'hex'), Buffer.from(presented, 'hex'))) return null;
  return info(row);
}
