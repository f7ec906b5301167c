import { connectorFixtures, useConnectorFixtures } from '@pantau/e2e/support/connectors.ts';
import { describe, expect, it } from 'vitest';
import { type CollectMode, collect } from './collect.ts';
import { createHttpClient, type HttpClientOptions } from './http.ts';
import { classifyGraphError, metaGraphConnector } from './meta-graph.ts';
import { pseudonymize } from './pseudonymize.ts';

const PEPPER = 'test-pepper-0123456789';
const PAGE = '109876543210987';
const IG_USER = '17841400008460056';
const POSTS_AFTER = 'QVFIUmR2bEhoZA2hCc2ZAFRWVhMQnNQeHdvQ3FvaUF6MTNsdFZAJdWhlMEpPS0x3';
const WINDOW = { from: new Date('2026-11-24T00:00:00Z'), to: new Date('2026-11-24T11:00:00Z') };
const BACKFILL: CollectMode = { kind: 'backfill', window: WINDOW };
const START = Date.now();
const now = () => Date.parse('2026-11-24T12:00:00Z') + (Date.now() - START);

const fixtures = useConnectorFixtures('meta-graph');

const connector = (query: string, accessToken = 'page-token', http: Partial<HttpClientOptions> = {}) =>
  metaGraphConnector({
    query,
    accessToken,
    baseUrl: `${fixtures.server.baseUrl}/v21.0`,
    igUserId: IG_USER,
    limit: 3,
    http: createHttpClient({ name: 'meta-graph', classify: classifyGraphError, baseDelayMs: 1, retries: 1, now, ...http }),
  });
const run = (c: ReturnType<typeof connector>, mode: CollectMode = BACKFILL) =>
  collect(c, { producer: fixtures.kit.producer, db: fixtures.kit.db, pepper: PEPPER, mode, now });
const paths = () =>
  fixtures.server.requests.map((r) => `${r.path.replace('/v21.0/', '')}${r.query.after ? ` after=${r.query.after.slice(0, 8)}` : ''}`);

describe('meta-graph connector (replayed Graph API)', () => {
  it('pages Facebook Page posts with their comments; drops unpublished, hidden and deleted items; dead-letters a malformed post', async () => {
    const { run: result } = await run(connector(`page:${PAGE}`));
    expect(result?.error).toBeNull();
    expect(paths()).toEqual([
      `${PAGE}/posts`,
      `${PAGE}_1187345566778899/comments`,
      `${PAGE}_1187345566778899/comments after=WTI5dGJX`,
      `${PAGE}_1187300011223344/comments`,
      `${PAGE}/posts after=QVFIUmR2`,
      `${PAGE}_1187200033445566/comments`,
      `${PAGE}_1187011122233344/comments`,
    ]);
    expect(fixtures.server.requests[0]?.query).toMatchObject({ since: '1795478400', until: '1795518000', limit: '3' });
    expect(fixtures.server.requests[0]?.headers.authorization).toBe('Bearer page-token');

    const posts = await fixtures.kit.published();
    expect(posts.map((p) => p.externalId).sort()).toEqual(
      [
        '1187345566778899',
        '1187345566778899_874512003311',
        '1187345566778899_874512119922',
        '1187300011223344',
        '1187200033445566',
        '1187200033445566_874400112233',
        '1187200033445566_874400223344',
      ]
        .map((id) => (id.includes('_') ? id : `${PAGE}_${id}`))
        .sort(),
    );
    const post = posts.find((p) => p.externalId === `${PAGE}_1187345566778899`);
    expect(post).toMatchObject({
      platform: 'facebook',
      publishedAt: '2026-11-24T09:30:11.000Z',
      url: `https://www.facebook.com/${PAGE}/posts/1187345566778899`,
      engagement: { likes: 214, replies: 3, shares: 41, views: 0 },
      authorPseudonym: pseudonymize(PEPPER, 'facebook', PAGE),
    });
    const named = posts.find((p) => p.externalId === '1187345566778899_874512003311');
    expect(named?.authorPseudonym).toBe(pseudonymize(PEPPER, 'facebook', '6821034471122334'));
    const anonymous = posts.find((p) => p.externalId === '1187345566778899_874512119922');
    expect(anonymous?.authorPseudonym).toBe(pseudonymize(PEPPER, 'facebook', 'comment:1187345566778899_874512119922'));

    const letters = await fixtures.kit.deadLetters();
    expect(letters.map((l) => [l.reason, l.detail])).toEqual([['missing_field', `post ${PAGE}_1187011122233344: publishedAt: required`]]);
    const all = JSON.stringify(await fixtures.kit.published()) + JSON.stringify(letters);
    expect(all).not.toContain('disembunyikan');
    expect(all).not.toContain('[draf]');
    const [row] = await fixtures.kit.ledger();
    expect(row).toMatchObject({
      connector: 'meta-graph',
      query: `page:${PAGE}`,
      platform: 'facebook',
      fetched: 11,
      published: 7,
      rejected: { not_public: 2, deleted: 1, missing_field: 1 },
      lastError: null,
    });
  });

  it('searches an Instagram hashtag and pages its recent media inside the window', async () => {
    const { run: result, window } = await run(connector('hashtag:#bpjskesehatan'), { kind: 'live', firstLookbackMs: 48 * 3_600_000 });
    expect(result?.error).toBeNull();
    // recent_media reaches back 24 hours: the first window is clamped to it.
    expect(window?.from.getTime()).toBeGreaterThan(now() - 24 * 3_600_000);
    expect(paths()).toEqual(['ig_hashtag_search', '17843826142012701/recent_media', '17843826142012701/recent_media after=QVFIUkVh']);
    expect(fixtures.server.requests[0]?.query).toMatchObject({ q: 'bpjskesehatan', user_id: IG_USER });
    const posts = (await fixtures.kit.published()).sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
    expect(posts.map((p) => p.externalId)).toEqual(['18051234567890123', '17998765432109876', '18023344556677889']);
    expect(posts[0]).toMatchObject({
      platform: 'instagram',
      url: 'https://www.instagram.com/p/34567890123/',
      engagement: { likes: 312, replies: 48 },
      authorPseudonym: pseudonymize(PEPPER, 'instagram', 'media:18051234567890123'),
    });
    const [row] = await fixtures.kit.ledger();
    expect(row).toMatchObject({ query: 'hashtag:bpjskesehatan', platform: 'instagram', fetched: 3, published: 3 });
  });

  it('records an expired token (Graph code 190) as AUTH_EXPIRED', async () => {
    const { run: result } = await run(connector(`page:${PAGE}`, 'expired-token'));
    expect(result?.errorCode).toBe('AUTH_EXPIRED');
    expect(fixtures.server.requests).toHaveLength(1);
    const [row] = await fixtures.kit.ledger();
    expect(row?.lastError).toBe(
      'AUTH_EXPIRED: meta-graph: (#190/463) Error validating access token: Session has expired on Monday, 24-Nov-26 01:00:00 PST. ' +
        'The current time is Monday, 24-Nov-26 02:14:05 PST.',
    );
  });

  it('stops on a page rate limit (code 32) for as long as Graph says, then resumes after the last published page', async () => {
    fixtures.server.prepend({
      request: { path: `/v21.0/${PAGE}/posts`, query: { after: POSTS_AFTER } },
      response: {
        status: 400,
        headers: {
          'x-business-use-case-usage': JSON.stringify({
            [PAGE]: [{ type: 'pages', call_count: 100, total_cputime: 14, total_time: 22, estimated_time_to_regain_access: 12 }],
          }),
        },
        file: `${connectorFixtures('meta-graph')}error-rate-limit.json`,
      },
      times: 1,
    });
    const first = await run(connector(`page:${PAGE}`, 'page-token', { maxRateLimitWaitMs: 60_000 }));
    expect(first.run?.errorCode).toBe('RATE_LIMITED');
    expect((await fixtures.kit.ledger())[0]?.lastError).toMatch(
      /^RATE_LIMITED: meta-graph: \(#32\) Page request limit reached; retry after 720 s/,
    );
    fixtures.server.requests.length = 0;
    const second = await run(connector(`page:${PAGE}`));
    expect(second.resumed).toBe(true);
    expect(paths()[0]).toBe(`${PAGE}/posts after=QVFIUmR2`);
    const ids = (await fixtures.kit.published()).map((p) => p.externalId);
    expect(ids).toHaveLength(7);
    expect(new Set(ids).size).toBe(7);
  });

  it('refuses a query it cannot read', () => {
    expect(() => connector('bpjs')).toThrow(/page:<page-id> or hashtag:<name>/);
  });
});
