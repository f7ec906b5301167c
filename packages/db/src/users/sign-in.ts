import { sql } from 'drizzle-orm';
import { appendAudit } from '../audit/audit.ts';
import type { Database } from '../client.ts';
import { users } from '../schema.ts';
import { selectRows } from '../sql.ts';
import { verifyPassword } from './passwords.ts';
import { type UserInfo, userInfo } from './users.ts';

/**
 * Lockout with back-off: from the `after`-th failed attempt in a row on a user name the name is locked for
 * `baseSeconds`, doubling with each further failure up to `maxSeconds`. A successful sign-in or a reset clears it.
 */
export interface LockoutPolicy {
  after: number;
  baseSeconds: number;
  maxSeconds: number;
}

/** The outcome of a password sign-in. */
export type SignInResult =
  | { ok: true; user: UserInfo }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number };

/** Where a sign-in came from, for the audit log. */
export interface SignInContext {
  ip: string;
}

/**
 * Checks a user name and password. The attempt is counted (and the lock set when due) before the password is checked,
 * in one statement, so parallel guesses cannot slip past the lock; a locked name is refused without checking. Unknown
 * names are counted and timed like known ones. Every sign-in and failure is audited (`auth.sign_in`,
 * `auth.sign_in_failed` with the reason) with the user.
 */
export async function signInWithPassword(
  db: Database,
  name: string,
  password: string,
  policy: LockoutPolicy,
  context: SignInContext,
): Promise<SignInResult> {
  const key = name.trim().toLowerCase().slice(0, 200);
  const counted = await selectRows(
    db,
    sql<{ failures: number }>`
      insert into sign_in_failures as f (name, failures, last_failure_at, locked_until)
      values (${key}, 1, now(), case when 1 >= ${policy.after}::int then now() + make_interval(secs => ${policy.baseSeconds}::int) end)
      on conflict (name) do update set
        failures = f.failures + 1,
        last_failure_at = now(),
        locked_until = case when f.failures + 1 >= ${policy.after}::int
          then now() + make_interval(secs => least(${policy.maxSeconds}::float8, ${policy.baseSeconds}::float8 * power(2, f.failures + 1 - ${policy.after}::int)))
          end
      where f.locked_until is null or f.locked_until <= now()
      returning failures`,
  );
  const [row] = await db.select().from(users).where(sql`lower(${users.name}) = ${key}`).limit(1);
  const audit = (action: string, detail: Record<string, unknown>) =>
    appendAudit(db, [
      { keyId: row ? `user:${row.id}` : null, action, detail: { user: row?.name ?? key, ip: context.ip, method: 'password', ...detail } },
    ]);
  if (counted.length === 0) {
    const locked = await selectRows(
      db,
      sql<{
        seconds: number;
      }>`select ceil(extract(epoch from locked_until - now()))::int as seconds from sign_in_failures where name = ${key}`,
    );
    const retryAfterSeconds = Math.max(1, locked[0]?.seconds ?? 1);
    await audit('auth.sign_in_failed', { reason: 'locked', retryAfterSeconds });
    return { ok: false, reason: 'locked', retryAfterSeconds };
  }
  const matches = await verifyPassword(row?.passwordHash ?? null, password);
  if (!row || !matches || row.disabledAt) {
    await audit('auth.sign_in_failed', {
      reason: !row ? 'unknown_user' : !matches ? 'wrong_password' : 'disabled',
      failures: counted[0]?.failures ?? 0,
    });
    return { ok: false, reason: 'invalid' };
  }
  await db.execute(sql`delete from sign_in_failures where name = ${key}`);
  await audit('auth.sign_in', {});
  return { ok: true, user: userInfo(row) };
}

/** Lifts the lockout of a user name (after a password reset, or by an admin). */
export async function clearSignInFailures(db: Database, name: string): Promise<void> {
  await db.execute(sql`delete from sign_in_failures where name = ${name.trim().toLowerCase()}`);
}

/** Audits a single sign-on sign-in (or its refusal) with the user. */
export async function auditOidcSignIn(
  db: Database,
  outcome: { user: UserInfo | null; subject: string; issuer: string; ip: string; reason?: string },
): Promise<void> {
  await appendAudit(db, [
    {
      keyId: outcome.user ? `user:${outcome.user.id}` : null,
      action: outcome.user ? 'auth.sign_in' : 'auth.sign_in_failed',
      detail: {
        user: outcome.user?.name ?? null,
        method: 'oidc',
        issuer: outcome.issuer,
        subject: outcome.subject,
        ip: outcome.ip,
        ...(outcome.reason ? { reason: outcome.reason } : {}),
      },
    },
  ]);
}
