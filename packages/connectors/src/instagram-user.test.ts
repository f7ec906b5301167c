import { coverageLedger } from '@pantau/db';
import { connectorFixtures, useConnectorFixtures } from '@pantau/e2e/support/connectors.ts';
import { describe, expect, it } from 'vitest';
import { type CollectMode, collect } from './collect.ts';
import { createHttpClient, type HttpClientOptions } from './http.ts';
import { instagramUserConnector } from './instagram-user.ts';
import { classifyGraphError } from './meta-graph.ts';
import { pseudonymize } from './pseudonymize.ts';

const PEPPER = 'test-pepper-0123456789';
const IG_USER = '17841400008460056';
const M1 = '18067231145902211';
const M2 = '18041199876543210';
const M3 = '18072345678901234';
const C1 = '17912345678901234';
const WINDOW = { from: new Date('2026-11-24T00:00:00Z'), to: new Date('2026-11-24T11:00:00Z') };
const BACKFILL: CollectMode = { kind: 'backfill', window: WINDOW };
const START = Date.now();
const now = () => Date.parse('2026-11-24T12:00:00Z') + (Date.now() - START);
const ALL = [M1, M3, C1, '17998877665544332', '17998877665544333', '17945678901234567', '17956789012345678'];

const fixtures = useConnectorFixtures('instagram-user');

const connector = (http: Partial<HttpClientOptions> = {}) =>
  instagramUserConnector({
    query: `ig-user:${IG_USER}`,
    accessToken: 'page-token',
    baseUrl: `${fixtures.server.baseUrl}/v21.0`,
    http: createHttpClient({ name: 'meta-graph', classify: classifyGraphError, baseDelayMs: 1, retries: 1, now, ...http }),
  });
const run = (c = connector()) => collect(c, { producer: fixtures.kit.producer, db: fixtures.kit.db, pepper: PEPPER, mode: BACKFILL, now });
const paths = () =>
  fixtures.server.requests.map(
    (r) => `${r.path.replace('/v21.0/', '').replace(IG_USER, 'me')}${r.query.after ? ` after=${r.query.after.slice(0, 8)}` : ''}`,
  );

describe('meta-graph ig-user connector (replayed Graph API, own Instagram account)', () => {
  it("pages the account's media and each one's comments and replies of the window; drops hidden comments and deleted media", async () => {
    const { run: result } = await run();
    expect(result?.error).toBeNull();
    expect(paths()).toEqual([
      'me/media',
      `${M1}/comments`,
      `${C1}/replies after=QVFIUlZA`,
      `${M1}/comments after=QVFIUk1C`,
      `${M2}/comments`,
      'me/media after=QVFIUnZA',
      `${M3}/comments`,
    ]);
    // Media of the 30 days before the window are listed: comments keep coming on them.
    expect(fixtures.server.requests[0]?.query).toMatchObject({
      since: String(WINDOW.from.getTime() / 1000 - 30 * 86_400),
      until: '1795518000',
    });
    expect(fixtures.server.requests[0]?.headers.authorization).toBe('Bearer page-token');

    const posts = await fixtures.kit.published();
    expect(posts.map((p) => p.externalId).sort()).toEqual([...ALL].sort());
    expect(posts.find((p) => p.externalId === M1)).toMatchObject({
      platform: 'instagram',
      publishedAt: '2026-11-24T03:00:00.000Z',
      url: 'https://www.instagram.com/p/DCa1b2c3d4E/',
      engagement: { likes: 1240, replies: 56 },
      authorPseudonym: pseudonymize(PEPPER, 'instagram', IG_USER),
    });
    expect(posts.find((p) => p.externalId === C1)).toMatchObject({
      url: 'https://www.instagram.com/p/DCa1b2c3d4E/',
      engagement: { likes: 12, replies: 1 },
      authorPseudonym: pseudonymize(PEPPER, 'instagram', '17841455512345678'),
    });
    const email = posts.find((p) => p.externalId === '17945678901234567');
    expect(email?.text).not.toContain('@gmail.com');
    expect(email?.redactions?.email).toBe(1);
    const all = JSON.stringify(posts) + JSON.stringify(await fixtures.kit.deadLetters());
    expect(all).not.toMatch(/ibu_ratna_bks|dimas\.bdg|sari_wulan|pinjol/);

    expect((await fixtures.kit.deadLetters()).map((l) => [l.reason, l.detail])).toEqual([
      ['missing_field', 'comment 17934567890123456: publishedAt: required'],
    ]);
    const [row] = await fixtures.kit.ledger();
    expect(row).toMatchObject({
      connector: 'meta-graph',
      query: `ig-user:${IG_USER}`,
      platform: 'instagram',
      fetched: 10,
      published: 7,
      rejected: { not_public: 1, deleted: 1, missing_field: 1 },
      lastError: null,
    });
  });

  it('stops on an application rate limit for as long as Graph says, the day partial, then resumes mid-media', async () => {
    fixtures.server.prepend({
      request: { path: `/v21.0/${M1}/comments`, query: { after: 'QVFIUk1CZAjZAXU3lCT3pTc1M2OV9xZAkwwa2tN' } },
      response: {
        status: 400,
        headers: {
          'x-business-use-case-usage': JSON.stringify({
            [IG_USER]: [{ type: 'instagram', call_count: 100, estimated_time_to_regain_access: 30 }],
          }),
        },
        file: `${connectorFixtures('instagram-user')}error-rate-limit.json`,
      },
      times: 1,
    });
    const first = await run(connector({ maxRateLimitWaitMs: 60_000 }));
    expect(first.run?.errorCode).toBe('RATE_LIMITED');
    expect((await fixtures.kit.ledger())[0]?.lastError).toMatch(
      /^RATE_LIMITED: meta-graph: \(#4\) Application request limit reached; retry after 1800 s/,
    );
    const { connectors } = await coverageLedger(fixtures.kit.db, { from: '2026-11-24', to: '2026-11-24' });
    expect(connectors[0]?.days[0]?.status).toBe('partial');

    fixtures.server.requests.length = 0;
    const second = await run();
    expect(second.resumed).toBe(true);
    expect(paths()).toEqual([`${M1}/comments after=QVFIUk1C`, `${M2}/comments`, 'me/media after=QVFIUnZA', `${M3}/comments`]);
    const ids = (await fixtures.kit.published()).map((p) => p.externalId);
    expect(ids.sort()).toEqual([...ALL].sort());
  });

  it('gives up on a 503 mid-run with UPSTREAM_ERROR; the next run fetches only what is left', async () => {
    fixtures.server.prepend({
      request: { path: `/v21.0/${IG_USER}/media`, query: { after: 'QVFIUnZAtMXhwR0hWbU9hT2V3ZAzVsdk1fM3NvU2xB' } },
      response: { status: 503, body: 'Service Unavailable' },
      times: 2,
    });
    const first = await run();
    expect(first.run?.errorCode).toBe('UPSTREAM_ERROR');
    fixtures.server.requests.length = 0;
    await run();
    expect(paths()).toEqual(['me/media after=QVFIUnZA', `${M3}/comments`]);
    const ids = (await fixtures.kit.published()).map((p) => p.externalId);
    expect(ids.sort()).toEqual([...ALL].sort());
  });

  it('refuses a query that is not a numeric account id', () => {
    expect(() =>
      instagramUserConnector({ query: 'ig-user:bpjskesehatan_ri', accessToken: 't', http: createHttpClient({ name: 'meta-graph' }) }),
    ).toThrow(/numeric Instagram user id/);
  });
});
