import type { ApiScope } from '../keys/api-keys.ts';

/** Roles of people who sign in, weakest first. */
export const USER_ROLES = ['viewer', 'analyst', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/**
 * The one place where roles meet the API's scopes: a viewer reads, an analyst also labels (annotate) and edits
 * topics, an admin holds every scope (users, keys, privacy, adjudication, ingest).
 */
export const ROLE_SCOPES: Readonly<Record<UserRole, readonly ApiScope[]>> = {
  viewer: ['read'],
  analyst: ['read', 'annotate', 'topics'],
  admin: ['admin'],
};

/** Whether `value` names a role. */
export function isUserRole(value: unknown): value is UserRole {
  return typeof value === 'string' && (USER_ROLES as readonly string[]).includes(value);
}

/** The scopes a key keeps under its owner's role: a key never holds more than the person it belongs to. */
export function scopesUnderRole(scopes: readonly ApiScope[], role: UserRole): ApiScope[] {
  if (role === 'admin') return [...scopes];
  const allowed = ROLE_SCOPES[role];
  return scopes.filter((s) => allowed.includes(s));
}
