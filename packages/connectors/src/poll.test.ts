import { readSchedules } from '@pantau/db';
import { type ConnectorTestKit, connectorFixtures, createConnectorTestKit } from '@pantau/e2e/support/connectors.ts';
import { loadReplayRoutes, type ReplayServer, startReplayServer } from '@pantau/e2e/support/replay-server.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from './http.ts';
import { startPoller } from './poll.ts';
import { parsePollQueries } from './registry.ts';
import { xRecentSearchConnector } from './x-recent-search.ts';

const QUERY = '(bpjs OR jkn OR puskesmas) lang:in -is:retweet';
const TOKEN_PAGE_2 = 'b26v89c19zqg8o3frr3ytc6jvhdpxpsjhw7p9sxnf2xz1';

let kit: ConnectorTestKit;
let server: ReplayServer;

beforeAll(async () => {
  kit = await createConnectorTestKit();
  server = await startReplayServer(loadReplayRoutes(connectorFixtures('x-recent-search')));
});
afterAll(async () => {
  await server?.close();
  await kit?.close();
});

describe('poller', () => {
  it('stops in the middle of a poll without waiting for the platform, keeping the checkpoint of the last published page', async () => {
    // Page 2 hangs: the stop must not wait for it.
    server.prepend({
      request: { path: '/2/tweets/search/recent', query: { next_token: TOKEN_PAGE_2 } },
      response: { file: `${connectorFixtures('x-recent-search')}page-2.json`, delayMs: 60_000 },
    });
    const http = createHttpClient({ name: 'x-recent-search' });
    const poller = startPoller({
      queries: [{ connector: 'x-recent-search', query: QUERY }],
      connectorOf: (_name, query) => xRecentSearchConnector({ query, bearerToken: 'test-bearer', baseUrl: server.baseUrl, http }),
      producer: kit.producer,
      db: kit.db,
      pepper: 'test-pepper-0123456789',
      everyMinutes: 15,
      firstLookbackMs: 3_600_000,
    });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !server.requests.some((r) => r.query.next_token === TOKEN_PAGE_2))
      await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    await poller.stop();
    expect(Date.now() - started).toBeLessThan(3_000);

    const [row] = await kit.ledger();
    expect(row).toMatchObject({ fetched: 4, published: 4, lastError: 'stopping: the next poll resumes from the checkpoint' });
    expect(row?.finishedAt).not.toBeNull();
    const [checkpoint] = await kit.checkpoints();
    expect(checkpoint).toMatchObject({ mode: 'live', complete: false });
    expect(JSON.parse(checkpoint?.checkpoint ?? '{}').next).toBe(TOKEN_PAGE_2);
    // The schedule was stored before the first poll, in force: coverage judges the query's days by it.
    expect(await readSchedules(kit.db, { connector: 'x-recent-search' })).toEqual([
      expect.objectContaining({ query: QUERY, platform: 'x', everyMinutes: 15, validTo: null }),
    ]);
  });

  it('reads INGEST_QUERIES and names the entry at fault', () => {
    expect(parsePollQueries('[{"connector":"rss","query":"https://example.id/rss","everyMinutes":30}]')).toEqual([
      { connector: 'rss', query: 'https://example.id/rss', everyMinutes: 30 },
    ]);
    expect(() => parsePollQueries('[{"connector":"tumblr","query":"bpjs"}]')).toThrow(/^INGEST_QUERIES\[0\]\.connector: one of/);
    expect(() => parsePollQueries('[{"connector":"rss","query":""}]')).toThrow(/^INGEST_QUERIES\[0\]\.query/);
    expect(() => parsePollQueries('/nonexistent/queries.json')).toThrow(/neither a JSON array nor a readable file/);
  });
});
