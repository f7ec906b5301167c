import { connectorFixtures, useConnectorFixtures } from '@pantau/e2e/support/connectors.ts';
import { describe, expect, it } from 'vitest';
import { collect } from './collect.ts';
import { createHttpClient, type HttpClientOptions } from './http.ts';
import { pseudonymize } from './pseudonymize.ts';
import { xRecentSearchConnector } from './x-recent-search.ts';

const PEPPER = 'test-pepper-0123456789';
const QUERY = '(bpjs OR jkn OR puskesmas) lang:in -is:retweet';
const PATH = '/2/tweets/search/recent';
const TOKEN_PAGE_2 = 'b26v89c19zqg8o3frr3ytc6jvhdpxpsjhw7p9sxnf2xz1';
const TOKEN_PAGE_3 = 'b26v89c19zqg8o3frr3ytc6jvhdpxpsjhw7p9sxnf3aa4';
const WINDOW = { from: new Date('2026-11-24T00:00:00Z'), to: new Date('2026-11-25T00:00:00Z') };
// The clock of the tests: a day after the window, running.
const START = Date.now();
const now = () => Date.parse('2026-11-25T12:00:00Z') + (Date.now() - START);
const ALL_IDS = [
  '1993014882231095296',
  '1993009120564346880',
  '1993001764213313536',
  '1992987310755479552',
  '1992970551890595840',
  '1992951640125001728',
  '1992940019310460928',
  '1992929004416843776',
];

const fixtures = useConnectorFixtures('x-recent-search');

const connector = (bearerToken = 'test-bearer', http: Partial<HttpClientOptions> = {}) =>
  xRecentSearchConnector({
    query: QUERY,
    bearerToken,
    baseUrl: fixtures.server.baseUrl,
    http: createHttpClient({ name: 'x-recent-search', baseDelayMs: 1, retries: 1, now, ...http }),
  });
const backfill = (c = connector()) =>
  collect(c, { producer: fixtures.kit.producer, db: fixtures.kit.db, pepper: PEPPER, mode: { kind: 'backfill', window: WINDOW }, now });

describe('x-recent-search connector (replayed X API v2)', () => {
  it('pages through a window with next_token, maps tweets, drops withheld and hidden authors, dead-letters a malformed tweet', async () => {
    const { run } = await backfill();
    expect(run?.error).toBeNull();
    expect(fixtures.server.requests.map((r) => r.query.next_token ?? null)).toEqual([null, TOKEN_PAGE_2, TOKEN_PAGE_3]);
    expect(fixtures.server.requests[0]?.query).toMatchObject({
      query: QUERY,
      start_time: '2026-11-24T00:00:00Z',
      end_time: '2026-11-25T00:00:00Z',
      expansions: 'author_id',
      'user.fields': 'username',
      'tweet.fields': 'created_at,public_metrics,lang,possibly_sensitive',
    });
    expect(fixtures.server.requests[0]?.headers.authorization).toBe('Bearer test-bearer');

    const posts = await fixtures.kit.published();
    expect(posts.map((p) => p.externalId).sort()).toEqual([...ALL_IDS].sort());
    const first = posts.find((p) => p.externalId === '1993014882231095296');
    expect(first).toMatchObject({
      platform: 'x',
      publishedAt: '2026-11-24T09:41:12.000Z',
      url: 'https://x.com/i/status/1993014882231095296',
      engagement: { likes: 42, replies: 12, shares: 8, views: 3810 },
      langHint: 'in',
      authorPseudonym: pseudonymize(PEPPER, 'x', 'rinakusuma_bks'),
    });
    // No handle leaves ingest, not in the author field nor in a URL.
    expect(JSON.stringify(posts)).not.toMatch(/rinakusuma_bks|dimas_sby|infofaskesdepok|linaaa_guru|adiprtm/);

    const letters = await fixtures.kit.deadLetters();
    expect(letters.map((l) => [l.reason, l.detail])).toEqual([['missing_field', 'tweet 1992935512270802944: publishedAt: required']]);
    // Withheld tweets and tweets of protected or deleted accounts are counted, never kept.
    expect(JSON.stringify(letters)).not.toContain('ditahan');

    const [row] = await fixtures.kit.ledger();
    expect(row).toMatchObject({
      connector: 'x-recent-search',
      query: QUERY,
      platform: 'x',
      windowFrom: WINDOW.from,
      windowTo: WINDOW.to,
      fetched: 12,
      published: 8,
      rejected: { withheld: 1, not_public: 1, missing_field: 1, deleted: 1 },
      lastError: null,
    });
    expect(row?.finishedAt).not.toBeNull();
    const [checkpoint] = await fixtures.kit.checkpoints();
    expect(checkpoint).toMatchObject({ mode: 'backfill:2026-11-24T00:00:00.000Z/2026-11-25T00:00:00.000Z', complete: true });

    // The same back-fill again has nothing to do.
    const again = await backfill();
    expect(again.skipped).toMatch(/already complete/);
    expect(fixtures.server.requests).toHaveLength(3);
  });

  it('waits out a 429 until x-rate-limit-reset, then continues', async () => {
    const reset = Math.ceil((now() + 1_000) / 1000);
    fixtures.server.prepend({
      request: { path: PATH, query: { next_token: TOKEN_PAGE_2 } },
      response: {
        status: 429,
        headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) },
        file: `${connectorFixtures('x-recent-search')}rate-limited.json`,
      },
      times: 1,
    });
    const started = Date.now();
    const { run } = await backfill();
    expect(run?.error).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(reset * 1000 - now() - 1500);
    expect(fixtures.server.requests.map((r) => r.query.next_token ?? null)).toEqual([null, TOKEN_PAGE_2, TOKEN_PAGE_2, TOKEN_PAGE_3]);
    expect((await fixtures.kit.published()).length).toBe(8);
  });

  it('stops on a long rate limit with RATE_LIMITED in the ledger, and the next run resumes from the checkpoint without duplicates', async () => {
    fixtures.server.prepend({
      request: { path: PATH, query: { next_token: TOKEN_PAGE_2 } },
      response: { status: 429, headers: { 'retry-after': '900' }, file: `${connectorFixtures('x-recent-search')}rate-limited.json` },
      times: 1,
    });
    const first = await backfill(connector('test-bearer', { maxRateLimitWaitMs: 60_000 }));
    expect(first.run?.errorCode).toBe('RATE_LIMITED');
    const [failed] = await fixtures.kit.ledger();
    expect(failed?.lastError).toMatch(/^RATE_LIMITED: .*retry after 900 s/);
    expect(failed).toMatchObject({ fetched: 4, published: 4 });
    const [stopped] = await fixtures.kit.checkpoints();
    expect(stopped?.complete).toBe(false);
    expect(JSON.parse(stopped?.checkpoint ?? '{}').next).toBe(TOKEN_PAGE_2);

    fixtures.server.requests.length = 0;
    const second = await backfill();
    expect(second.resumed).toBe(true);
    expect(second.run?.error).toBeNull();
    // Resumed at page 2: page 1 is not fetched again.
    expect(fixtures.server.requests.map((r) => r.query.next_token ?? null)).toEqual([TOKEN_PAGE_2, TOKEN_PAGE_3]);
    const keys = (await fixtures.kit.published()).map((p) => p.externalId);
    expect(keys.sort()).toEqual([...ALL_IDS].sort());
    expect(new Set(keys).size).toBe(keys.length);
    expect((await fixtures.kit.checkpoints())[0]?.complete).toBe(true);
  });

  it('records an expired token as AUTH_EXPIRED in the ledger without retrying', async () => {
    const { run } = await backfill(connector('expired-token'));
    expect(run?.errorCode).toBe('AUTH_EXPIRED');
    expect(fixtures.server.requests).toHaveLength(1);
    const [row] = await fixtures.kit.ledger();
    expect(row?.lastError).toMatch(/^AUTH_EXPIRED: x-recent-search: credentials rejected \(401\)/);
    expect(row).toMatchObject({ fetched: 0, published: 0 });
    expect(row?.finishedAt).not.toBeNull();
    expect((await fixtures.kit.checkpoints())[0]?.complete).toBe(false);
  });

  it('retries a 503 with backoff, then gives up with UPSTREAM_ERROR; a restart fetches only what is left', async () => {
    fixtures.server.prepend({
      request: { path: PATH, query: { next_token: TOKEN_PAGE_3 } },
      response: { status: 503, body: { title: 'Service Unavailable' } },
      times: 2,
    });
    const first = await backfill();
    expect(first.run?.errorCode).toBe('UPSTREAM_ERROR');
    expect(fixtures.server.requests.filter((r) => r.query.next_token === TOKEN_PAGE_3)).toHaveLength(2);
    fixtures.server.requests.length = 0;
    await backfill();
    expect(fixtures.server.requests.map((r) => r.query.next_token ?? null)).toEqual([TOKEN_PAGE_3]);
    const keys = (await fixtures.kit.published()).map((p) => p.externalId);
    expect(keys.sort()).toEqual([...ALL_IDS].sort());
    const ledger = await fixtures.kit.ledger();
    expect(ledger.map((r) => [r.published, r.lastError?.slice(0, 14) ?? null])).toEqual([
      [6, 'UPSTREAM_ERROR'],
      [2, null],
    ]);
  });

  it('reads a back-fill reaching into the future up to now, and leaves it open for a later run', async () => {
    const window = { from: WINDOW.from, to: new Date(now() + 3_600_000) };
    const { run } = await collect(connector(), {
      producer: fixtures.kit.producer,
      db: fixtures.kit.db,
      pepper: PEPPER,
      mode: { kind: 'backfill', window },
      now,
    });
    expect(run?.error).toBeNull();
    const endTime = Date.parse(fixtures.server.requests[0]?.query.end_time ?? '');
    expect(endTime).toBeLessThanOrEqual(now() - 30_000);
    expect(endTime).toBeGreaterThan(now() - 60_000);
    const [checkpoint] = await fixtures.kit.checkpoints();
    expect(checkpoint?.complete).toBe(false);
    expect(checkpoint?.windowTo?.getTime()).toBeLessThan(window.to.getTime());
  });

  it('polls live windows back to back, clamped to the seven days recent search reaches', async () => {
    const live = () =>
      collect(connector(), {
        producer: fixtures.kit.producer,
        db: fixtures.kit.db,
        pepper: PEPPER,
        mode: { kind: 'live', firstLookbackMs: 30 * 24 * 3_600_000 },
        now,
      });
    const first = await live();
    expect(first.window?.from.getTime()).toBeGreaterThanOrEqual(now() - 7 * 24 * 3_600_000);
    const second = await live();
    expect(second.window?.from).toEqual(first.window?.to);
    expect(fixtures.server.requests.at(-1)?.query.start_time).toBe(`${first.window?.to.toISOString().slice(0, 19)}Z`);
  });
});
