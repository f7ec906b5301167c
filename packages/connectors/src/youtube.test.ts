import { coverageLedger } from '@pantau/db';
import { connectorFixtures, useConnectorFixtures } from '@pantau/e2e/support/connectors.ts';
import { beforeEach, describe, expect, it } from 'vitest';
import { type CollectMode, collect } from './collect.ts';
import { createHttpClient, type HttpClientOptions } from './http.ts';
import { pseudonymize } from './pseudonymize.ts';
import { classifyYouTubeError, nextPacificMidnight, type YouTubeQuota, youtubeConnector, youtubeQuota } from './youtube.ts';

const PEPPER = 'test-pepper-0123456789';
const A = 'Xk3pQ9vL2aE';
const B = 'bR7tN1mW0cY';
const C = 'h5GdZ8sK4uJ';
const T1 = 'UgxKq1aZb3Yc4Dd5Ee6Ff4AaABAg';
const THREADS_A_2 = 'QURTSl9pM2xfYmdRaWxOdGZ1';
const WINDOW = { from: new Date('2026-11-24T00:00:00Z'), to: new Date('2026-11-25T00:00:00Z') };
const BACKFILL: CollectMode = { kind: 'backfill', window: WINDOW };
const START = Date.now();
// The tests' clock: a day after the window, running; `daysLater` moves it on (past a quota reset).
let daysLater = 0;
const now = () => Date.parse('2026-11-25T12:00:00Z') + daysLater * 86_400_000 + (Date.now() - START);
const SEARCH_IDS = [
  A,
  B,
  C,
  T1,
  `${T1}.9xKq1aZb3Yc4Dd5Ee6Ff01`,
  `${T1}.9xKq1aZb3Yc4Dd5Ee6Ff02`,
  `${T1}.9xKq1aZb3Yc4Dd5Ee6Ff03`,
  'UgyR2bW9cX1dE3fG5hJ7kL4AaABAg',
  'UgxP0oI9uY8tR7eW6qA5sD4AaABAg',
  'UgzM3nB5vC7xZ9lK1jH3gF4AaABAg',
];

const fixtures = useConnectorFixtures('youtube');
beforeEach(() => {
  daysLater = 0;
});

const connector = (
  query: string,
  quota: YouTubeQuota = youtubeQuota(10_000, now),
  apiKey = 'test-key',
  http: Partial<HttpClientOptions> = {},
) =>
  youtubeConnector({
    query,
    apiKey,
    baseUrl: `${fixtures.server.baseUrl}/youtube/v3`,
    quota,
    maxResults: 2,
    http: createHttpClient({ name: 'youtube', classify: classifyYouTubeError(now), baseDelayMs: 1, retries: 1, now, ...http }),
  });
const run = (c: ReturnType<typeof connector>, mode: CollectMode = BACKFILL) =>
  collect(c, { producer: fixtures.kit.producer, db: fixtures.kit.db, pepper: PEPPER, mode, now });
const calls = () =>
  fixtures.server.requests.map((r) => {
    const resource = r.path.replace('/youtube/v3/', '');
    const on = r.query.videoId ?? r.query.parentId?.slice(0, 6) ?? r.query.id ?? '';
    return `${resource}${on ? ` ${on}` : ''}${r.query.pageToken ? ` page=${r.query.pageToken.slice(0, 6)}` : ''}`;
  });
const dayOf24 = async () => {
  const { connectors } = await coverageLedger(fixtures.kit.db, { from: '2026-11-24', to: '2026-11-24' });
  return connectors.find((c) => c.connector === 'youtube')?.days[0];
};

describe('youtube connector (replayed YouTube Data API v3)', () => {
  it('pages search results, their videos, comment threads and replies; drops disabled comments; dead-letters malformed threads', async () => {
    const quota = youtubeQuota(10_000, now);
    const { run: result } = await run(connector('search:antrean bpjs', quota));
    expect(result?.error).toBeNull();
    expect(calls()).toEqual([
      'search',
      `videos ${A},${B}`,
      `commentThreads ${A}`,
      'comments UgxKq1',
      `commentThreads ${A} page=QURTSl`,
      `commentThreads ${B}`,
      'search page=CAIQAA',
      `videos ${C}`,
      `commentThreads ${C}`,
    ]);
    expect(fixtures.server.requests[0]?.query).toMatchObject({
      q: 'antrean bpjs',
      type: 'video',
      publishedAfter: '2026-11-24T00:00:00.000Z',
      publishedBefore: '2026-11-25T00:00:00.000Z',
      key: 'test-key',
    });
    // Two searches at 100 units, seven lists at 1.
    expect(quota.used()).toBe(207);

    const posts = await fixtures.kit.published();
    expect(posts.map((p) => p.externalId).sort()).toEqual([...SEARCH_IDS].sort());
    expect(posts.find((p) => p.externalId === A)).toMatchObject({
      platform: 'youtube',
      publishedAt: '2026-11-24T08:00:00.000Z',
      url: `https://www.youtube.com/watch?v=${A}`,
      engagement: { likes: 611, replies: 9, views: 18432, shares: 0 },
      langHint: 'id',
      text: 'Cara daftar antrean online di Mobile JKN\n\nPanduan antre online di faskes tingkat pertama lewat aplikasi Mobile JKN.',
    });
    const top = posts.find((p) => p.externalId === T1);
    expect(top).toMatchObject({
      url: `https://www.youtube.com/watch?v=${A}&lc=${T1}`,
      engagement: { likes: 24, replies: 3 },
      authorPseudonym: pseudonymize(PEPPER, 'youtube', 'UCSitiRahmaBandungSitiRa'),
    });
    // A phone number in a reply is redacted at the edge.
    const reply = posts.find((p) => p.externalId === `${T1}.9xKq1aZb3Yc4Dd5Ee6Ff03`);
    expect(reply?.text).not.toContain('0812');
    expect(reply?.redactions?.phone).toBe(1);
    // A commenter without a channel id stands alone.
    expect(posts.find((p) => p.externalId === 'UgxP0oI9uY8tR7eW6qA5sD4AaABAg')?.authorPseudonym).toBe(
      pseudonymize(PEPPER, 'youtube', 'comment:UgxP0oI9uY8tR7eW6qA5sD4AaABAg'),
    );
    // The reply published after the window's end waits; display names never leave ingest.
    expect(posts.some((p) => p.externalId.endsWith('.9zM3nB5vC7xZ9lK1jH3g01'))).toBe(false);
    expect(JSON.stringify(posts)).not.toMatch(/sitirahma|agus\.w|dewi_lestari|bantu\.urus|pakharjo|SitiRahmaBandung/);

    const letters = await fixtures.kit.deadLetters();
    expect(letters.map((l) => [l.reason, l.detail])).toEqual([
      ['missing_field', 'comment Ugz8mN6bV4cX2zL0kJ9hG7AaABAg: publishedAt: required'],
      ['missing_field', 'comment Ugw1qA2wS3eD4rF5tG6yH7AaABAg: comment thread without its top-level comment'],
    ]);
    const [row] = await fixtures.kit.ledger();
    expect(row).toMatchObject({
      connector: 'youtube',
      query: 'search:antrean bpjs',
      platform: 'youtube',
      fetched: 13,
      published: 10,
      rejected: { missing_field: 2, not_public: 1 },
      lastError: null,
    });
    expect((await fixtures.kit.checkpoints())[0]?.complete).toBe(true);
    expect((await dayOf24())?.status).toBe('ok');
  });

  it('stops cleanly at the daily quota, marks the day partial, and resumes from the checkpoint after the reset', async () => {
    // search 100 + videos 1 + two comment-thread pages and one reply page: 104; the next list would be the 105th unit.
    const quota = youtubeQuota(104, now);
    const first = await run(connector('search:antrean bpjs', quota));
    expect(first.run?.errorCode).toBe('RATE_LIMITED');
    expect(calls()).toEqual(['search', `videos ${A},${B}`, `commentThreads ${A}`, 'comments UgxKq1', `commentThreads ${A} page=QURTSl`]);
    const [cut] = await fixtures.kit.ledger();
    expect(cut?.lastError).toMatch(
      /^RATE_LIMITED: youtube: daily quota of 104 units spent \(104 used\); resumes after the reset at 2026-11-26T08:00:00\.000Z/,
    );
    expect(cut).toMatchObject({ fetched: 10, published: 8 });
    expect(await dayOf24()).toMatchObject({ status: 'partial' });
    const { connectors } = await coverageLedger(fixtures.kit.db, { from: '2026-11-24', to: '2026-11-24' });
    expect(connectors[0]?.gaps[0]?.detail).toMatch(/^collection cut short by a platform limit: RATE_LIMITED: youtube: daily quota/);
    // The ledger states the source's limit beside its days.
    expect(connectors[0]?.limits).toMatch(/^Daily quota of the API key/);

    // The same day: the quota is still spent, nothing is asked of the platform.
    fixtures.server.requests.length = 0;
    const again = await run(connector('search:antrean bpjs', quota));
    expect(again.run?.errorCode).toBe('RATE_LIMITED');
    expect(fixtures.server.requests).toHaveLength(0);

    // The next Pacific day the run continues with the video it had not read.
    daysLater = 1;
    const second = await run(connector('search:antrean bpjs', quota));
    expect(second.resumed).toBe(true);
    expect(second.run?.error).toBeNull();
    expect(calls()).toEqual([`commentThreads ${B}`, 'search page=CAIQAA', `videos ${C}`, `commentThreads ${C}`]);
    const ids = (await fixtures.kit.published()).map((p) => p.externalId);
    expect(ids.sort()).toEqual([...SEARCH_IDS].sort());
    expect(await dayOf24()).toMatchObject({ status: 'ok' });
  });

  it("stops at the platform's quotaExceeded answer and asks nothing more until the reset", async () => {
    fixtures.server.prepend({
      request: { path: '/youtube/v3/commentThreads', query: { videoId: A, pageToken: THREADS_A_2 } },
      response: { status: 403, file: `${connectorFixtures('youtube')}error-quota-exceeded.json` },
    });
    const quota = youtubeQuota(10_000, now);
    const first = await run(connector('search:antrean bpjs', quota));
    expect(first.run?.errorCode).toBe('RATE_LIMITED');
    expect((await fixtures.kit.ledger())[0]?.lastError).toMatch(/^RATE_LIMITED: youtube: quotaExceeded \(403\)/);
    expect(quota.used()).toBe(10_000);
    expect(fixtures.server.requests).toHaveLength(5);
    const second = await run(connector('video:h5GdZ8sK4uJ', quota));
    expect(second.run?.errorCode).toBe('RATE_LIMITED');
    expect(fixtures.server.requests).toHaveLength(5);
  });

  it('backs off from rateLimitExceeded and continues', async () => {
    fixtures.server.prepend({
      request: { path: '/youtube/v3/commentThreads', query: { videoId: C } },
      response: { status: 403, file: `${connectorFixtures('youtube')}error-rate-limit.json` },
      times: 2,
    });
    const { run: result } = await run(connector('search:antrean bpjs'));
    expect(result?.error).toBeNull();
    expect(calls().filter((c) => c === `commentThreads ${C}`)).toHaveLength(3);
    expect((await fixtures.kit.published()).length).toBe(SEARCH_IDS.length);
  });

  it('gives up on a 503 mid-run with UPSTREAM_ERROR; the next run fetches only what is left', async () => {
    fixtures.server.prepend({
      request: { path: '/youtube/v3/commentThreads', query: { videoId: C } },
      response: { status: 503, body: 'unavailable' },
      times: 2,
    });
    const first = await run(connector('search:antrean bpjs'));
    expect(first.run?.errorCode).toBe('UPSTREAM_ERROR');
    expect(await dayOf24()).toMatchObject({ status: 'failed' });
    fixtures.server.requests.length = 0;
    const second = await run(connector('search:antrean bpjs'));
    expect(second.resumed).toBe(true);
    expect(calls()).toEqual([`commentThreads ${C}`]);
    const ids = (await fixtures.kit.published()).map((p) => p.externalId);
    expect(ids.sort()).toEqual([...SEARCH_IDS].sort());
    expect((await fixtures.kit.ledger()).map((r) => [r.published, r.lastError?.slice(0, 14) ?? null])).toEqual([
      [9, 'UPSTREAM_ERROR'],
      [1, null],
    ]);
  });

  it("reads one video's comments of the window and stops paging once a page is older than the window", async () => {
    const window = { from: new Date('2026-11-24T10:00:00Z'), to: new Date('2026-11-24T12:00:00Z') };
    const { run: result } = await run(connector(`video:${A}`), { kind: 'backfill', window });
    expect(result?.error).toBeNull();
    expect(calls()).toEqual([`videos ${A}`, `commentThreads ${A}`, 'comments UgxKq1', `commentThreads ${A} page=QURTSl`]);
    // The video (08:00) and the comments outside 10:00–12:00 are not of the window; the undated one is dead-lettered.
    expect((await fixtures.kit.published()).map((p) => p.externalId).sort()).toEqual(
      [T1, `${T1}.9xKq1aZb3Yc4Dd5Ee6Ff01`, `${T1}.9xKq1aZb3Yc4Dd5Ee6Ff03`].sort(),
    );
    expect((await fixtures.kit.deadLetters()).map((l) => l.reason)).toEqual(['missing_field', 'missing_field']);
  });

  it('records a rejected API key as AUTH_EXPIRED and refuses queries it cannot read', async () => {
    const { run: result } = await run(connector('search:bpjs', youtubeQuota(10_000, now), 'bad-key'));
    expect(result?.errorCode).toBe('AUTH_EXPIRED');
    expect(fixtures.server.requests).toHaveLength(1);
    expect((await fixtures.kit.ledger())[0]?.lastError).not.toContain('bad-key');
    expect(() => connector('bpjs')).toThrow(/video:<video-id> or search:<query>/);
    expect(() => connector('video:not a video')).toThrow(/not a YouTube video id/);
  });

  it('resets the quota at midnight Pacific time, standard or daylight time', () => {
    expect(new Date(nextPacificMidnight(Date.parse('2026-11-25T12:00:00Z'))).toISOString()).toBe('2026-11-26T08:00:00.000Z');
    expect(new Date(nextPacificMidnight(Date.parse('2026-07-01T06:59:00Z'))).toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(new Date(nextPacificMidnight(Date.parse('2026-03-08T09:00:00Z'))).toISOString()).toBe('2026-03-09T07:00:00.000Z');
  });
});
