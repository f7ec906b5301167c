import { loadEnv } from '@pantau/config';
import { describe, expect, it } from 'vitest';
import { oidcSettingsOf, roleFromClaim } from './oidc.ts';

describe('mapping the identity provider role claim', () => {
  it('takes role names, a list, or mapped values, and the strongest role wins', () => {
    expect(roleFromClaim('analyst')).toBe('analyst');
    expect(roleFromClaim(['viewer', 'admin', 'analyst'])).toBe('admin');
    expect(roleFromClaim('viewer analyst')).toBe('analyst');
    expect(roleFromClaim(['staff', 'intern'])).toBeNull();
    expect(roleFromClaim(undefined)).toBeNull();
    expect(roleFromClaim(42)).toBeNull();
    const map = { 'pantau-admin': 'admin', 'humas-analis': 'analyst' } as const;
    expect(roleFromClaim(['humas-analis', 'other'], map)).toBe('analyst');
    // With a map, bare role names are not taken: only what the map names.
    expect(roleFromClaim('admin', map)).toBeNull();
  });
});

describe('single sign-on settings', () => {
  const base = {
    OIDC_ISSUER: 'https://sso.example.go.id/realms/humas',
    OIDC_CLIENT_ID: 'pantau',
    OIDC_REDIRECT_URL: 'https://pantau.example.go.id/v1/auth/oidc/callback',
  };
  it('is off without an issuer, and names what is missing or wrong', () => {
    expect(oidcSettingsOf(loadEnv({}))).toBeUndefined();
    expect(() => oidcSettingsOf(loadEnv({ OIDC_ISSUER: base.OIDC_ISSUER }))).toThrow(/OIDC_CLIENT_ID: required with OIDC_ISSUER/);
    expect(() => oidcSettingsOf(loadEnv({ ...base, OIDC_ROLE_MAP: '{"a":"boss"}' }))).toThrow(/OIDC_ROLE_MAP/);
    expect(() => oidcSettingsOf(loadEnv({ ...base, OIDC_ROLE_MAP: 'not json' }))).toThrow(/OIDC_ROLE_MAP/);
  });
  it('reads the role claim, its map and the default role (none refuses)', () => {
    const settings = oidcSettingsOf(
      loadEnv({ ...base, OIDC_ROLE_CLAIM: 'groups', OIDC_ROLE_MAP: '{"pantau-admin":"admin"}', OIDC_DEFAULT_ROLE: 'none' }),
    );
    expect(settings).toMatchObject({
      roleClaim: 'groups',
      roleMap: { 'pantau-admin': 'admin' },
      defaultRole: null,
      scopes: 'openid profile email',
    });
    expect(oidcSettingsOf(loadEnv(base))?.defaultRole).toBe('viewer');
  });
});
