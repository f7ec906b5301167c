import type { Env } from '@pantau/config';
import { PantauError } from '@pantau/contracts';
import { isUserRole, type OidcSignIn, USER_ROLES, type UserRole } from '@pantau/db';
import * as client from 'openid-client';

/** Single sign-on through an OpenID Connect provider (OIDC_* variables). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE alone). */
  clientSecret?: string | undefined;
  /** This app's callback as registered at the provider: `<public origin>/v1/auth/oidc/callback`. */
  redirectUrl: string;
  scopes: string;
  /** The claim naming the user's role (a string or a list of strings); absent: every user gets `defaultRole`. */
  roleClaim?: string | undefined;
  /** Claim values mapped to roles (e.g. group names); absent: the claim's values are role names themselves. */
  roleMap?: Record<string, UserRole> | undefined;
  /** Role of a new user whose claim names none; null refuses them. */
  defaultRole: UserRole | null;
  /** Allows an http:// issuer (a provider on the same machine or in a test); never for a real deployment. */
  allowHttp?: boolean | undefined;
}

/** What the provider says about the person who signed in. */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  name: string;
  /** The strongest role the role claim maps to, or null. */
  role: UserRole | null;
}

/** The strongest role that the claim's value(s) map to, or null when they map to none. */
export function roleFromClaim(value: unknown, roleMap?: Record<string, UserRole>): UserRole | null {
  const values = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  let best = -1;
  for (const v of values) {
    if (typeof v !== 'string') continue;
    const role = roleMap ? roleMap[v] : isUserRole(v) ? v : undefined;
    if (role) best = Math.max(best, USER_ROLES.indexOf(role));
  }
  return best < 0 ? null : (USER_ROLES[best] ?? null);
}

/** The provider's client: discovery once (again after a failure), the redirect, and the code exchange. */
export class OidcClient {
  private configuration: Promise<client.Configuration> | null = null;

  constructor(readonly settings: OidcSettings) {}

  private config(): Promise<client.Configuration> {
    if (!this.configuration) {
      const { issuer, clientId, clientSecret, allowHttp } = this.settings;
      this.configuration = client
        .discovery(
          new URL(issuer),
          clientId,
          undefined,
          clientSecret ? client.ClientSecretBasic(clientSecret) : client.None(),
          allowHttp ? { execute: [client.allowInsecureRequests] } : undefined,
        )
        .catch((cause: unknown) => {
          this.configuration = null;
          throw new PantauError('UPSTREAM_ERROR', 'the identity provider did not answer its discovery request', { retryable: true, cause });
        });
    }
    return this.configuration;
  }

  /** A new redirect to the provider, with the state, nonce and PKCE verifier the callback must find again. */
  async start(returnTo: string): Promise<{ url: URL; signIn: OidcSignIn }> {
    const config = await this.config();
    const signIn: OidcSignIn = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      returnTo,
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUrl,
      scope: this.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(signIn.codeVerifier),
      code_challenge_method: 'S256',
      state: signIn.state,
      nonce: signIn.nonce,
    });
    return { url, signIn };
  }

  /**
   * Exchanges the callback's code (checking state, nonce and the PKCE verifier) and reads the identity from the ID
   * token. `query` is the callback's query string as received.
   */
  async finish(query: string, signIn: OidcSignIn): Promise<OidcIdentity> {
    const config = await this.config();
    const callback = new URL(this.settings.redirectUrl);
    callback.search = query;
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: signIn.codeVerifier,
        expectedState: signIn.state,
        expectedNonce: signIn.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (cause) {
      throw new PantauError('UNAUTHORIZED', `single sign-on failed: ${(cause as Error).message}`, { cause, details: { reason: 'oidc' } });
    }
    if (!claims) throw new PantauError('UNAUTHORIZED', 'single sign-on failed: no ID token', { details: { reason: 'oidc' } });
    const { roleClaim, roleMap } = this.settings;
    const name = [claims.preferred_username, claims.email, claims.sub].find((v): v is string => typeof v === 'string' && v.length > 0);
    return {
      issuer: claims.iss,
      subject: claims.sub,
      name: name ?? claims.sub,
      role: roleClaim ? roleFromClaim(claims[roleClaim], roleMap) : null,
    };
  }
}

/** Single sign-on settings from OIDC_*; undefined when OIDC_ISSUER is unset. A partial or bad setting is CONFIG_INVALID. */
export function oidcSettingsOf(env: Env): OidcSettings | undefined {
  if (!env.OIDC_ISSUER) return undefined;
  const missing = (['OIDC_CLIENT_ID', 'OIDC_REDIRECT_URL'] as const).find((name) => !env[name]);
  if (missing) throw new PantauError('CONFIG_INVALID', `${missing}: required with OIDC_ISSUER`, { details: { variable: missing } });
  let roleMap: Record<string, UserRole> | undefined;
  if (env.OIDC_ROLE_MAP) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.OIDC_ROLE_MAP);
    } catch {
      parsed = null;
    }
    const entries = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.entries(parsed) : null;
    if (!entries || entries.some(([, role]) => !isUserRole(role))) {
      throw new PantauError('CONFIG_INVALID', 'OIDC_ROLE_MAP: a JSON object of claim values to viewer, analyst or admin', {
        details: { variable: 'OIDC_ROLE_MAP' },
      });
    }
    roleMap = Object.fromEntries(entries) as Record<string, UserRole>;
  }
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID as string,
    clientSecret: env.OIDC_CLIENT_SECRET,
    redirectUrl: env.OIDC_REDIRECT_URL as string,
    scopes: env.OIDC_SCOPES,
    roleClaim: env.OIDC_ROLE_CLAIM,
    roleMap,
    defaultRole: env.OIDC_DEFAULT_ROLE === 'none' ? null : env.OIDC_DEFAULT_ROLE,
    allowHttp: env.OIDC_ALLOW_HTTP,
  };
}
