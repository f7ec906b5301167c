import { coverageLedger } from '@pantau/db';
import { connectorFixtures, useConnectorFixtures } from '@pantau/e2e/support/connectors.ts';
import { describe, expect, it } from 'vitest';
import { type CollectMode, collect } from './collect.ts';
import { createHttpClient, type HttpClientOptions } from './http.ts';
import { pseudonymize } from './pseudonymize.ts';
import { classifyTikTokError, parseTikTokJson, tiktokResearchConnector } from './tiktok-research.ts';

const PEPPER = 'test-pepper-0123456789';
const V1 = '7441234567890123456';
const V4 = '7449876543210987654';
const QUERY_PATH = '/v2/research/video/query/';
const COMMENTS_PATH = '/v2/research/video/comment/list/';
const WINDOW = { from: new Date('2026-11-24T00:00:00Z'), to: new Date('2026-11-25T00:00:00Z') };
const BACKFILL: CollectMode = { kind: 'backfill', window: WINDOW };
const START = Date.now();
const now = () => Date.parse('2026-11-26T12:00:00Z') + (Date.now() - START);
const ALL = [V1, V4, '7441500000000000001', '7441500000000000002', '7441500000000000004', '7449500000000000005'];

const fixtures = useConnectorFixtures('tiktok');

const connector = (query = 'tiktok:bpjs antrean', http: Partial<HttpClientOptions> = {}) =>
  tiktokResearchConnector({
    query,
    clientKey: 'awresearchkey',
    clientSecret: 'research-secret',
    baseUrl: fixtures.server.baseUrl,
    maxCount: 2,
    now,
    http: createHttpClient({ name: 'tiktok', classify: classifyTikTokError(now), baseDelayMs: 1, retries: 1, now, ...http }),
  });
const run = (c: ReturnType<typeof connector>) =>
  collect(c, { producer: fixtures.kit.producer, db: fixtures.kit.db, pepper: PEPPER, mode: BACKFILL, now });
const calls = () =>
  fixtures.server.requests.map((r) => {
    if (r.path === '/v2/oauth/token/') return 'token';
    const body = JSON.parse(r.body) as { cursor?: number; video_id?: number };
    const what = r.path === QUERY_PATH ? 'videos' : `comments ${String(r.body.match(/"video_id":(\d+)/)?.[1]).slice(0, 4)}`;
    return `${what}${body.cursor !== undefined ? ` cursor=${body.cursor}` : ''}`;
  });

describe('tiktok research connector (replayed Research API)', () => {
  it('queries the window’s days, pages videos with cursor and search id, then each video’s comments', async () => {
    const { run: result } = await run(connector());
    expect(result?.error).toBeNull();
    expect(calls()).toEqual(['token', 'videos', 'comments 7441', 'comments 7441 cursor=2', 'videos cursor=100', 'comments 7449']);

    const token = new URLSearchParams(fixtures.server.requests[0]?.body);
    expect(Object.fromEntries(token)).toEqual({
      client_key: 'awresearchkey',
      client_secret: 'research-secret',
      grant_type: 'client_credentials',
    });
    const query = fixtures.server.requests[1];
    expect(query?.headers.authorization).toBe('Bearer clt.research-test-token');
    expect(query?.query.fields).toContain('username');
    expect(JSON.parse(query?.body ?? '{}')).toEqual({
      query: {
        and: [
          { operation: 'IN', field_name: 'keyword', field_values: ['bpjs', 'antrean'] },
          { operation: 'IN', field_name: 'region_code', field_values: ['ID'] },
        ],
      },
      start_date: '20261124',
      end_date: '20261124',
      max_count: 2,
    });
    expect(JSON.parse(fixtures.server.requests[4]?.body ?? '{}')).toMatchObject({ cursor: 100, search_id: '7311234567890123456' });
    // The video id goes out as the exact 64-bit number.
    expect(fixtures.server.requests[2]?.body).toContain(`"video_id":${V1}`);

    const posts = await fixtures.kit.published();
    // 64-bit ids survive exactly.
    expect(posts.map((p) => p.externalId).sort()).toEqual([...ALL].sort());
    expect(posts.find((p) => p.externalId === V1)).toMatchObject({
      platform: 'tiktok',
      publishedAt: '2026-11-24T06:30:00.000Z',
      url: `https://m.tiktok.com/v/${V1}.html`,
      engagement: { likes: 5200, replies: 3, shares: 410, views: 98000 },
      authorPseudonym: pseudonymize(PEPPER, 'tiktok', 'ratna.vlog'),
    });
    const phone = posts.find((p) => p.externalId === '7441500000000000004');
    expect(phone?.text).not.toContain('0813');
    expect(phone?.redactions?.phone).toBe(1);
    expect(JSON.stringify(posts)).not.toMatch(/ratna\.vlog|pakde\.jarwo/);
    expect((await fixtures.kit.deadLetters()).map((l) => [l.reason, l.detail])).toEqual([
      ['missing_field', 'video 7442345678901234567: publishedAt: required'],
    ]);
    const [row] = await fixtures.kit.ledger();
    expect(row).toMatchObject({
      connector: 'tiktok',
      query: 'tiktok:bpjs antrean',
      platform: 'tiktok',
      fetched: 7,
      published: 6,
      lastError: null,
    });
  });

  it('stops at the daily request limit until midnight UTC, marks the day partial, and resumes with the same token', async () => {
    fixtures.server.prepend({
      request: { method: 'POST', path: COMMENTS_PATH, json: { cursor: 2 } },
      response: { status: 429, file: `${connectorFixtures('tiktok')}error-rate-limit.json` },
      times: 1,
    });
    const c = connector();
    const first = await run(c);
    expect(first.run?.errorCode).toBe('RATE_LIMITED');
    expect((await fixtures.kit.ledger())[0]?.lastError).toMatch(/^RATE_LIMITED: tiktok: rate_limit_exceeded \(429\).*; retry after \d+ s/);
    const { connectors } = await coverageLedger(fixtures.kit.db, { from: '2026-11-24', to: '2026-11-24' });
    expect(connectors[0]?.days[0]?.status).toBe('partial');

    fixtures.server.requests.length = 0;
    const second = await run(c);
    expect(second.resumed).toBe(true);
    expect(calls()).toEqual(['comments 7441 cursor=2', 'videos cursor=100', 'comments 7449']);
    expect((await fixtures.kit.published()).map((p) => p.externalId).sort()).toEqual([...ALL].sort());
  });

  it('gives up on a 500 mid-run with UPSTREAM_ERROR; the next run continues the video query with its search id', async () => {
    fixtures.server.prepend({
      request: { method: 'POST', path: QUERY_PATH, json: { cursor: 100 } },
      response: { status: 500, body: { data: {}, error: { code: 'internal_error', message: 'Something went wrong.' } } },
      times: 2,
    });
    const first = await run(connector());
    expect(first.run?.errorCode).toBe('UPSTREAM_ERROR');
    expect((await fixtures.kit.ledger())[0]?.lastError).toMatch(/^UPSTREAM_ERROR: tiktok: internal_error \(500\)/);
    fixtures.server.requests.length = 0;
    await run(connector());
    expect(calls()).toEqual(['token', 'videos cursor=100', 'comments 7449']);
    expect((await fixtures.kit.published()).length).toBe(ALL.length);
  });

  it('reads 64-bit ids as text and refuses queries and credentials it cannot use', () => {
    expect(parseTikTokJson<{ id: string; n: number }>('{"id": 7441234567890123456, "n": 3}')).toEqual({ id: '7441234567890123456', n: 3 });
    expect(() => connector('bpjs')).toThrow(/tiktok:<keywords>/);
    expect(() =>
      tiktokResearchConnector({ query: 'tiktok:bpjs', clientKey: '', clientSecret: '', http: createHttpClient({ name: 'tiktok' }) }),
    ).toThrow(/TIKTOK_CLIENT_KEY/);
  });
});
