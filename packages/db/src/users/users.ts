import { PantauError } from '@pantau/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/audit.ts';
import type { Database } from '../client.ts';
import { userSessions, users } from '../schema.ts';
import { checkPassword, hashPassword } from './passwords.ts';
import { isUserRole, type UserRole } from './roles.ts';

/** A user as the API and the CLI show it: never the password hash. */
export interface UserInfo {
  id: number;
  name: string;
  role: UserRole;
  /** Signs in with a password (else only through single sign-on). */
  hasPassword: boolean;
  /** Linked to an OpenID Connect identity. */
  sso: boolean;
  createdAt: string;
  disabledAt: string | null;
}

/** Who did an administrative action, for the audit log: a key id (or `user:<id>`) and a name, or the command line. */
export interface Actor {
  keyId: string | null;
  by: string;
}

/** The actor of commands run on the server (`pantau users …`). */
export const CLI_ACTOR: Actor = { keyId: null, by: 'cli' };

const NAME = /^[\p{L}\p{N}][\p{L}\p{N}._@+-]{0,63}$/u;

/** Refuses a user name that is not 1–64 letters, digits and `._@+-` (starting with a letter or digit). */
export function checkUserName(name: string, parameter = 'name'): void {
  if (!NAME.test(name)) {
    throw new PantauError('INVALID_INPUT', `${parameter}: 1 to 64 letters, digits or ._@+- starting with a letter or digit`, {
      details: { parameter },
    });
  }
}

function checkRole(role: string, parameter = 'role'): asserts role is UserRole {
  if (!isUserRole(role)) {
    throw new PantauError('INVALID_INPUT', `${parameter}: one of viewer, analyst, admin`, { details: { parameter } });
  }
}

/** A row as UserInfo. */
export const userInfo = (r: typeof users.$inferSelect): UserInfo => ({
  id: r.id,
  name: r.name,
  role: r.role as UserRole,
  hasPassword: r.passwordHash !== null,
  sso: r.oidcSubject !== null,
  createdAt: r.createdAt.toISOString(),
  disabledAt: r.disabledAt?.toISOString() ?? null,
});

const notFound = (parameter: string, value: string | number) =>
  new PantauError('NOT_FOUND', `no user ${value}`, { details: { parameter } });

/** Creates a user with a password and/or an OpenID Connect identity; audited as `user.create`. */
export async function createUser(
  db: Database,
  input: { name: string; role: string; password?: string; oidc?: { issuer: string; subject: string } },
  actor: Actor,
): Promise<UserInfo> {
  checkUserName(input.name);
  checkRole(input.role);
  if (input.password !== undefined) checkPassword(input.password);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.name}) = lower(${input.name})`);
    if (taken) throw new PantauError('INVALID_INPUT', `name: a user named ${input.name} exists`, { details: { parameter: 'name' } });
    const [row] = await tx
      .insert(users)
      .values({
        name: input.name,
        role: input.role,
        passwordHash,
        oidcIssuer: input.oidc?.issuer ?? null,
        oidcSubject: input.oidc?.subject ?? null,
      })
      .returning();
    const user = userInfo(row as typeof users.$inferSelect);
    await appendAudit(tx, [
      {
        keyId: actor.keyId,
        action: 'user.create',
        detail: { by: actor.by, user: user.name, userId: user.id, role: user.role, sso: user.sso },
      },
    ]);
    return user;
  });
}

/** Every user, oldest first. */
export async function listUsers(db: Database): Promise<UserInfo[]> {
  return (await db.select().from(users).orderBy(asc(users.id))).map(userInfo);
}

/** A user by id or by name (case-insensitive); null when there is none. */
export async function findUser(db: Database, idOrName: number | string): Promise<UserInfo | null> {
  const where = typeof idOrName === 'number' ? eq(users.id, idOrName) : sql`lower(${users.name}) = lower(${idOrName})`;
  const [row] = await db.select().from(users).where(where).limit(1);
  return row ? userInfo(row) : null;
}

/** Changes a user's role; audited as `user.role` with the old and new role. Unchanged roles write nothing. */
export async function setUserRole(db: Database, id: number, role: string, actor: Actor): Promise<UserInfo> {
  checkRole(role);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!before) throw notFound('id', id);
    if (before.role === role) return userInfo(before);
    const [row] = await tx.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, id)).returning();
    await appendAudit(tx, [
      { keyId: actor.keyId, action: 'user.role', detail: { by: actor.by, user: before.name, userId: id, from: before.role, to: role } },
    ]);
    return userInfo(row as typeof users.$inferSelect);
  });
}

/**
 * Disables (or enables again) a user. Disabling ends every session of the user in the same transaction, and their API
 * keys stop working at once (keys are checked against their owner); audited as `user.disable` / `user.enable`.
 */
export async function setUserDisabled(db: Database, id: number, disabled: boolean, actor: Actor): Promise<UserInfo> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!before) throw notFound('id', id);
    const [row] = await tx
      .update(users)
      .set({ disabledAt: disabled ? (before.disabledAt ?? new Date()) : null, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    const ended = disabled ? await tx.delete(userSessions).where(eq(userSessions.userId, id)).returning({ id: userSessions.idHash }) : [];
    await appendAudit(tx, [
      {
        keyId: actor.keyId,
        action: disabled ? 'user.disable' : 'user.enable',
        detail: { by: actor.by, user: before.name, userId: id, sessionsEnded: ended.length },
      },
    ]);
    return userInfo(row as typeof users.$inferSelect);
  });
}

/**
 * Sets a new password: every session of the user ends and the lockout of the name is lifted; audited as
 * `user.reset`. Returns the user.
 */
export async function resetPassword(db: Database, id: number, password: string, actor: Actor): Promise<UserInfo> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [row] = await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, id)).returning();
    if (!row) throw notFound('id', id);
    const ended = await tx.delete(userSessions).where(eq(userSessions.userId, id)).returning({ id: userSessions.idHash });
    await tx.execute(sql`delete from sign_in_failures where name = lower(${row.name})`);
    await appendAudit(tx, [
      { keyId: actor.keyId, action: 'user.reset', detail: { by: actor.by, user: row.name, userId: id, sessionsEnded: ended.length } },
    ]);
    return userInfo(row);
  });
}

/**
 * The user of an OpenID Connect identity, created on its first sign-in. `role` is what the identity provider's claim
 * maps to (null when it names none): it is applied at every sign-in (a change is audited as `user.role`); without it
 * a new user gets `defaultRole`, and with neither the sign-in is refused (null). A disabled user gets null too.
 */
export async function userForOidc(
  db: Database,
  identity: { issuer: string; subject: string; name: string; role: UserRole | null; defaultRole: UserRole | null },
): Promise<UserInfo | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.oidcIssuer, identity.issuer), eq(users.oidcSubject, identity.subject)))
    .limit(1);
  const actor: Actor = { keyId: null, by: 'oidc' };
  if (row) {
    if (row.disabledAt) return null;
    return identity.role && identity.role !== row.role ? setUserRole(db, row.id, identity.role, actor) : userInfo(row);
  }
  const role = identity.role ?? identity.defaultRole;
  if (!role) return null;
  // A local account may hold the name: the identity gets its own, never the local account's.
  let name = identity.name.replace(/[^\p{L}\p{N}._@+-]/gu, '').slice(0, 48) || 'sso';
  if (!NAME.test(name)) name = `sso.${name}`.slice(0, 48);
  if (await findUser(db, name)) name = `${name}+${identity.subject.replace(/[^\p{L}\p{N}]/gu, '').slice(0, 12)}`;
  return createUser(db, { name, role, oidc: { issuer: identity.issuer, subject: identity.subject } }, actor);
}
