import { createVerify, generateKeyPairSync } from 'node:crypto';
import { coverageLedger } from '@pantau/db';
import { connectorFixtures, useConnectorFixtures } from '@pantau/e2e/support/connectors.ts';
import { describe, expect, it } from 'vitest';
import { type CollectMode, collect } from './collect.ts';
import { googlePlayConnector } from './google-play.ts';
import { createHttpClient, type HttpClientOptions } from './http.ts';

const PEPPER = 'test-pepper-0123456789';
const PACKAGE = 'app.bpjs.mobile';
const PATH = `/androidpublisher/v3/applications/${PACKAGE}/reviews`;
const PAGE_2 = 'Ch0KGwoZCICAgMDo7vGvHRIMCLr3wbsGEICC9LsC';
const PAGE_3 = 'Ch0KGwoZCICAgIDY5ZzXNhIMCKi_sbsGEIC7sNkB';
const R1 = 'gp:AOqpTOGq1Lw3bXk0r5nTzJm8aV2cYwQe7dHfPi9sUu4oNlK6gRtM';
const R2 = 'gp:AOqpTOH2mKx9cVb8nZq1wE3rT5yU7iO0pA4sD6fG8hJ2kL1zX3cV';
const R4 = 'gp:AOqpTOF4dS3aQ2wE1rT0yU9iO8pL7kJ6hG5fD4sA3zX2cV1bN0mQ';
const WINDOW = { from: new Date('2026-11-24T00:00:00Z'), to: new Date('2026-11-25T00:00:00Z') };
const BACKFILL: CollectMode = { kind: 'backfill', window: WINDOW };
const START = Date.now();
const now = () => Date.parse('2026-11-25T12:00:00Z') + (Date.now() - START);
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const fixtures = useConnectorFixtures('google-play');

const serviceAccount = () =>
  JSON.stringify({
    type: 'service_account',
    project_id: 'pantau-test',
    private_key_id: 'a1b2c3d4',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    client_email: 'pantau-reviews@pantau-test.iam.gserviceaccount.com',
    token_uri: `${fixtures.server.baseUrl}/token`,
  });
const connector = (query = `play:${PACKAGE}`, http: Partial<HttpClientOptions> = {}) =>
  googlePlayConnector({
    query,
    serviceAccount: serviceAccount(),
    baseUrl: `${fixtures.server.baseUrl}/androidpublisher/v3`,
    maxResults: 4,
    now,
    http: createHttpClient({ name: 'google-play', baseDelayMs: 1, retries: 1, now, ...http }),
  });
const run = (c: ReturnType<typeof connector>, mode: CollectMode = BACKFILL) =>
  collect(c, { producer: fixtures.kit.producer, db: fixtures.kit.db, pepper: PEPPER, mode, now });
const calls = () =>
  fixtures.server.requests.map((r) => (r.path === '/token' ? 'token' : `reviews${r.query.token ? ` ${r.query.token.slice(0, 14)}` : ''}`));

describe('google-play connector (replayed Play Developer API)', () => {
  it('signs a service-account JWT locally, pages reviews of the window with their stars, and dead-letters malformed reviews', async () => {
    const { run: result } = await run(connector());
    expect(result?.error).toBeNull();
    // Page 3 is wholly older than the window: its next page is not asked for.
    expect(calls()).toEqual(['token', 'reviews', `reviews ${PAGE_2.slice(0, 14)}`, `reviews ${PAGE_3.slice(0, 14)}`]);

    const token = fixtures.server.requests[0];
    expect(token?.method).toBe('POST');
    const form = new URLSearchParams(token?.body);
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    const [header, claims, signature] = (form.get('assertion') ?? '').split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'a1b2c3d4' });
    const payload = JSON.parse(Buffer.from(claims ?? '', 'base64url').toString());
    expect(payload).toMatchObject({
      iss: 'pantau-reviews@pantau-test.iam.gserviceaccount.com',
      scope: 'https://www.googleapis.com/auth/androidpublisher',
      aud: `${fixtures.server.baseUrl}/token`,
    });
    expect(payload.exp - payload.iat).toBe(3600);
    expect(Math.abs(payload.iat * 1000 - now())).toBeLessThan(5_000);
    const verified = createVerify('RSA-SHA256')
      .update(`${header}.${claims}`)
      .verify(publicKey, Buffer.from(signature ?? '', 'base64url'));
    expect(verified).toBe(true);
    // The private key itself never leaves the machine.
    expect(JSON.stringify(fixtures.server.requests)).not.toContain('PRIVATE KEY');
    expect(fixtures.server.requests[1]?.headers.authorization).toBe('Bearer ya29.c.test-access-token');

    const posts = await fixtures.kit.published();
    expect(posts.map((p) => [p.externalId, p.rating]).sort()).toEqual(
      [
        [R1, 1],
        [R2, 5],
        [R4, 2],
      ].sort(),
    );
    expect(posts.find((p) => p.externalId === R2)).toMatchObject({
      platform: 'app_review',
      publishedAt: '2026-11-24T15:40:00.123Z',
      text: 'Mantap\nDaftar antrean online gampang, gak perlu antre lama di puskesmas',
      url: `https://play.google.com/store/apps/details?id=${PACKAGE}&reviewId=${encodeURIComponent(R2)}`,
      engagement: { likes: 3 },
      langHint: 'in',
      source: { connector: 'google-play', outlet: PACKAGE },
    });
    // The NIK in a review is redacted; reviewers' names and the agency's replies are not kept.
    const nik = posts.find((p) => p.externalId === R4);
    expect(nik?.text).not.toContain('3273011508900001');
    expect(nik?.redactions?.nik).toBe(1);
    expect(JSON.stringify(posts)).not.toMatch(/Budi Santoso|Sri Wahyuni|Terima kasih atas ulasannya/);

    const letters = await fixtures.kit.deadLetters();
    expect(letters.map((l) => [l.reason, l.detail.replace(/^review gp:\w{8}\w*/, 'review')]).sort()).toEqual([
      ['missing_field', 'review: publishedAt: required'],
      ['missing_field', 'review: review without a user comment'],
      ['schema_invalid', 'review: rating: Too big: expected number to be <=5'],
    ]);
    const [row] = await fixtures.kit.ledger();
    expect(row).toMatchObject({
      connector: 'google-play',
      query: `play:${PACKAGE}`,
      platform: 'app_review',
      fetched: 6,
      published: 3,
      rejected: { schema_invalid: 1, missing_field: 2 },
      lastError: null,
    });
  });

  it('stops on a long 429, marks the day partial, and resumes at the page it had not read with the token still valid', async () => {
    fixtures.server.prepend({
      request: { path: PATH, query: { token: PAGE_2 } },
      response: { status: 429, headers: { 'retry-after': '3600' }, file: `${connectorFixtures('google-play')}error-rate-limit.json` },
      times: 1,
    });
    const c = connector(`play:${PACKAGE}`, { maxRateLimitWaitMs: 60_000 });
    const first = await run(c);
    expect(first.run?.errorCode).toBe('RATE_LIMITED');
    expect((await fixtures.kit.ledger())[0]?.lastError).toMatch(/^RATE_LIMITED: google-play: rate limited \(429\); retry after 3600 s/);
    const { connectors } = await coverageLedger(fixtures.kit.db, { from: '2026-11-24', to: '2026-11-24' });
    expect(connectors[0]?.days[0]?.status).toBe('partial');

    fixtures.server.requests.length = 0;
    const second = await run(c);
    expect(second.resumed).toBe(true);
    expect(calls()).toEqual([`reviews ${PAGE_2.slice(0, 14)}`, `reviews ${PAGE_3.slice(0, 14)}`]);
    const ids = (await fixtures.kit.published()).map((p) => p.externalId);
    expect(ids.sort()).toEqual([R1, R2, R4].sort());
  });

  it('gives up on a 503 mid-run with UPSTREAM_ERROR; the next run fetches only what is left', async () => {
    fixtures.server.prepend({
      request: { path: PATH, query: { token: PAGE_2 } },
      response: { status: 503, body: 'backend error' },
      times: 2,
    });
    const first = await run(connector());
    expect(first.run?.errorCode).toBe('UPSTREAM_ERROR');
    expect((await fixtures.kit.ledger())[0]).toMatchObject({ published: 2 });
    fixtures.server.requests.length = 0;
    await run(connector());
    expect(calls()).toEqual(['token', `reviews ${PAGE_2.slice(0, 14)}`, `reviews ${PAGE_3.slice(0, 14)}`]);
    expect((await fixtures.kit.published()).length).toBe(3);
  });

  it('takes a new token once when the API rejects the current one', async () => {
    fixtures.server.prepend({
      request: { method: 'POST', path: '/token' },
      response: { file: `${connectorFixtures('google-play')}token-revoked.json` },
      times: 1,
    });
    const { run: result } = await run(connector());
    expect(result?.error).toBeNull();
    expect(calls().slice(0, 4)).toEqual(['token', 'reviews', 'token', 'reviews']);
    expect((await fixtures.kit.published()).length).toBe(3);
  });

  it('refuses a query or a key it cannot use', () => {
    expect(() => connector('app.bpjs.mobile')).toThrow(/play:<package-name>/);
    expect(() =>
      googlePlayConnector({
        query: `play:${PACKAGE}`,
        serviceAccount: '{"client_email":"x@y"}',
        http: createHttpClient({ name: 'google-play' }),
      }),
    ).toThrow(/the key has no private_key/);
  });
});
