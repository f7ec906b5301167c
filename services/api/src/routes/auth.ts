import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PantauError } from '@pantau/contracts';
import {
  auditOidcSignIn,
  createSession,
  endSession,
  endUserSessions,
  findUser,
  saveOidcSignIn,
  signInWithPassword,
  takeOidcSignIn,
  type UserInfo,
  userForOidc,
} from '@pantau/db';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OidcClient } from '../auth/oidc.ts';
import { clearSessionCookie, csrfTokenOf, requireScope, SESSION_COOKIE, sessionCookieOptions, setSessionCookie } from '../plugins/auth.ts';
import { errorAnswers, KEYED_ERRORS } from '../schemas.ts';

/** The cookie carrying an OpenID Connect sign-in under way from the redirect to the callback. */
const OIDC_COOKIE = 'pantau_oidc';
const OIDC_COOKIE_PATH = '/v1/auth/oidc';
const OIDC_MAX_AGE_SECONDS = 600;

/** A user as the API shows it. */
export const UserSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  role: Type.Union([Type.Literal('viewer'), Type.Literal('analyst'), Type.Literal('admin')]),
  hasPassword: Type.Boolean({ description: 'Signs in with a password (else only through single sign-on)' }),
  sso: Type.Boolean({ description: 'Linked to an OpenID Connect identity' }),
  createdAt: Type.String(),
  disabledAt: Type.Union([Type.String(), Type.Null()]),
});

const SignedIn = Type.Object({
  user: UserSchema,
  csrfToken: Type.String({ description: 'Send it as x-csrf-token with every write made with the session cookie' }),
  expiresAt: Type.String({ description: 'The absolute end of the session (it also ends after SESSION_IDLE_MINUTES without a request)' }),
});

/** Only paths of this site: a return address can never send the browser elsewhere. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\') || value.length > 2000)
    return '/';
  return value;
}

export interface AuthRouteOptions {
  /** Single sign-on, when OIDC_* is configured. */
  oidc?: OidcClient | undefined;
}

/**
 * `/v1/auth/*`: sign-in with a user name and password (or single sign-on), the current session, sign-out and sign-out
 * everywhere. Every sign-in starts a new session id (an id presented before is ended, never promoted).
 */
export const authRoutes: FastifyPluginAsyncTypebox<AuthRouteOptions> = async (app, { oidc }) => {
  const { session: sessionPolicy, lockout } = app.auth;
  const signedIn = requireScope(app.db, []);

  /** Ends the session the browser brought (if any) and sets a new one's cookie. */
  async function startSession(request: FastifyRequest, reply: FastifyReply, user: UserInfo, method: 'password' | 'oidc') {
    const previous = request.cookies[SESSION_COOKIE];
    if (previous) await endSession(app.db, previous);
    const { token, expiresAt } = await createSession(app.db, user.id, method, sessionPolicy);
    setSessionCookie(request, reply, token, Math.floor(sessionPolicy.absoluteMs / 1000));
    return { user, csrfToken: csrfTokenOf(token), expiresAt: expiresAt.toISOString() };
  }

  app.get(
    '/v1/auth/providers',
    {
      schema: {
        operationId: 'getSignInProviders',
        tags: ['auth'],
        summary: 'How people can sign in here: password, and single sign-on when configured',
        security: [],
        response: {
          200: Type.Object({ data: Type.Object({ password: Type.Boolean(), oidc: Type.Boolean() }) }),
          ...errorAnswers(400),
        },
      },
    },
    async () => ({ data: { password: true, oidc: oidc !== undefined } }),
  );

  app.post(
    '/v1/auth/sign-in',
    {
      schema: {
        operationId: 'signIn',
        tags: ['auth'],
        summary: 'Sign in with a user name and password: sets the session cookie and answers the CSRF token',
        security: [],
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ minLength: 1, maxLength: 1000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: SignedIn }), ...errorAnswers(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const result = await signInWithPassword(app.db, request.body.name, request.body.password, lockout, { ip: request.ip });
      if (!result.ok && result.reason === 'locked') {
        throw new PantauError('RATE_LIMITED', `too many failed sign-ins for this user name; retry in ${result.retryAfterSeconds} s`, {
          details: { retryAfterSeconds: result.retryAfterSeconds },
        });
      }
      if (!result.ok) throw new PantauError('UNAUTHORIZED', 'wrong user name or password', { details: { reason: 'credentials' } });
      return { data: await startSession(request, reply, result.user, 'password') };
    },
  );

  app.get(
    '/v1/auth/session',
    {
      onRequest: signedIn,
      schema: {
        operationId: 'getSession',
        tags: ['auth'],
        summary: 'Who is signed in (session or API key), with the role, scopes and the CSRF token of a session',
        response: {
          200: Type.Object({
            data: Type.Object({
              via: Type.Union([Type.Literal('session'), Type.Literal('key')]),
              user: Type.Union([UserSchema, Type.Null()], {
                description: "The session's user or the key's owner (null: a key without one)",
              }),
              scopes: Type.Array(Type.String()),
              csrfToken: Type.Union([Type.String(), Type.Null()]),
              expiresAt: Type.Union([Type.String(), Type.Null()]),
            }),
          }),
          ...KEYED_ERRORS,
        },
      },
    },
    async (request) => {
      const key = request.apiKey as NonNullable<typeof request.apiKey>;
      const session = request.session;
      const user = session ? session.user : key.user ? await findUser(app.db, key.user.id) : null;
      return {
        data: {
          via: session ? ('session' as const) : ('key' as const),
          user,
          scopes: key.scopes,
          csrfToken: session ? csrfTokenOf(session.token) : null,
          expiresAt: session?.expiresAt ?? null,
        },
      };
    },
  );

  app.post(
    '/v1/auth/sign-out',
    {
      onRequest: signedIn,
      schema: {
        operationId: 'signOut',
        tags: ['auth'],
        summary: 'End this session and clear its cookie',
        response: { 204: Type.Null({ description: 'Signed out' }), ...KEYED_ERRORS },
      },
    },
    async (request, reply) => {
      if (request.session) await endSession(app.db, request.session.token);
      clearSessionCookie(request, reply);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/auth/sign-out-everywhere',
    {
      onRequest: signedIn,
      schema: {
        operationId: 'signOutEverywhere',
        tags: ['auth'],
        summary: "End every session of the signed-in user (or of the key's owner)",
        response: { 200: Type.Object({ data: Type.Object({ sessionsEnded: Type.Integer() }) }), ...KEYED_ERRORS },
      },
    },
    async (request, reply) => {
      const owner = request.apiKey?.user;
      if (!owner) throw new PantauError('INVALID_INPUT', 'this key belongs to no user: there are no sessions to end');
      const sessionsEnded = await endUserSessions(app.db, owner.id);
      clearSessionCookie(request, reply);
      return { data: { sessionsEnded } };
    },
  );

  app.get(
    '/v1/auth/oidc/start',
    {
      schema: {
        // A browser's redirect, not an API call: kept out of the OpenAPI document.
        hide: true,
        operationId: 'startSingleSignOn',
        tags: ['auth'],
        summary: 'Redirect to the identity provider (authorization code with PKCE); returnTo is the dashboard address to come back to',
        security: [],
        querystring: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 2000 })) }),
        response: { 302: Type.Null({ description: 'To the identity provider' }), ...errorAnswers(400, 404) },
      },
    },
    async (request, reply) => {
      if (!oidc) throw new PantauError('NOT_FOUND', 'single sign-on is not configured (OIDC_ISSUER)');
      const { url, signIn } = await oidc.start(safeReturnPath(request.query.returnTo));
      const token = await saveOidcSignIn(app.db, signIn);
      // SameSite=Lax: the browser sends it back on the provider's top-level redirect to the callback, not on cross-site posts.
      void reply.setCookie(OIDC_COOKIE, token, { ...sessionCookieOptions(request, OIDC_MAX_AGE_SECONDS), path: OIDC_COOKIE_PATH });
      return reply.redirect(url.href, 302);
    },
  );

  app.get(
    '/v1/auth/oidc/callback',
    {
      schema: {
        // A browser's redirect, not an API call: kept out of the OpenAPI document.
        hide: true,
        operationId: 'finishSingleSignOn',
        tags: ['auth'],
        summary: "The identity provider's redirect back: checks state, nonce and PKCE, signs the user in, returns to the dashboard",
        security: [],
        querystring: Type.Object({}, { additionalProperties: Type.String() }),
        response: { 302: Type.Null({ description: 'To the dashboard address the sign-in started from' }), ...errorAnswers(400, 404) },
      },
    },
    async (request, reply) => {
      if (!oidc) throw new PantauError('NOT_FOUND', 'single sign-on is not configured (OIDC_ISSUER)');
      const cookie = request.cookies[OIDC_COOKIE];
      void reply.clearCookie(OIDC_COOKIE, { ...sessionCookieOptions(request, 0), path: OIDC_COOKIE_PATH });
      const signIn = cookie ? await takeOidcSignIn(app.db, cookie, OIDC_MAX_AGE_SECONDS * 1000) : null;
      const fail = async (reason: string, identity?: { issuer: string; subject: string }) => {
        await auditOidcSignIn(app.db, {
          user: null,
          issuer: identity?.issuer ?? oidc.settings.issuer,
          subject: identity?.subject ?? '',
          ip: request.ip,
          reason,
        });
        return reply.redirect(`/?signIn=${encodeURIComponent(reason)}`, 302);
      };
      if (!signIn) return fail('expired');
      const raw = request.raw.url ?? '';
      const query = raw.includes('?') ? raw.slice(raw.indexOf('?')) : '';
      let identity: Awaited<ReturnType<OidcClient['finish']>>;
      try {
        identity = await oidc.finish(query, signIn);
      } catch (error) {
        request.log.warn({ err: error }, 'single sign-on refused');
        return fail('refused');
      }
      const user = await userForOidc(app.db, { ...identity, defaultRole: oidc.settings.defaultRole });
      if (!user) return fail('not_allowed', identity);
      await auditOidcSignIn(app.db, { user, issuer: identity.issuer, subject: identity.subject, ip: request.ip });
      await startSession(request, reply, user, 'oidc');
      return reply.redirect(signIn.returnTo, 302);
    },
  );
};
