// Users: roles mapped onto the API's scopes, argon2id passwords, sessions, lockout, single sign-on identities.

export { type OidcSignIn, saveOidcSignIn, takeOidcSignIn } from './oidc-sign-ins.ts';
export { checkPassword, hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from './passwords.ts';
export { isUserRole, ROLE_SCOPES, scopesUnderRole, USER_ROLES, type UserRole } from './roles.ts';
export { createSession, endSession, endUserSessions, findSession, type SessionInfo, type SessionPolicy, sessionHash } from './sessions.ts';
export {
  auditOidcSignIn,
  clearSignInFailures,
  type LockoutPolicy,
  type SignInContext,
  type SignInResult,
  signInWithPassword,
} from './sign-in.ts';
export {
  type Actor,
  CLI_ACTOR,
  checkUserName,
  createUser,
  findUser,
  listUsers,
  resetPassword,
  setUserDisabled,
  setUserRole,
  type UserInfo,
  userForOidc,
  userInfo,
} from './users.ts';
