import type { BusConsumer, BusProducer } from '@pantau/bus';
import { collect, createHttpClient, xRecentSearchConnector } from '@pantau/connectors';
import { TOPICS } from '@pantau/contracts';
import { schema } from '@pantau/db';
import { createAnalyzer, startAnalysisConsumer } from '@pantau/pipeline';
import { loadSentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier } from '@pantau/text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFixtures } from '../support/connectors.ts';
import { uniqueName } from '../support/kafka.ts';
import { loadReplayRoutes, type ReplayServer, startReplayServer } from '../support/replay-server.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

// A connector through the whole pipeline: replayed X API → ingest → Kafka-protocol broker → analysis → Postgres.
const PEPPER = 'e2e-connectors-pepper-0123456789';
const QUERY = '(bpjs OR jkn OR puskesmas) lang:in -is:retweet';
const TWEETS = 8;

let stack: TestStack;
let server: ReplayServer;
let producer: BusProducer;
let consumer: BusConsumer;
const groupId = uniqueName('connectors-analysis');

beforeAll(async () => {
  stack = await startTestStack({ partitions: 2, clientId: 'pantau-connectors-e2e' });
  server = await startReplayServer(loadReplayRoutes(connectorFixtures('x-recent-search')));
  producer = await stack.bus.producer();
  const analyzer = createAnalyzer({
    db: stack.handle.db,
    model: await loadSentimentModel(),
    languages: await createLanguageIdentifier(),
    dlq: producer,
  });
  consumer = await startAnalysisConsumer(stack.bus, analyzer, { groupId, maxBatch: 100 });
}, 180_000);

afterAll(async () => {
  await consumer?.stop();
  await producer?.close();
  await server?.close();
  await stack?.stop();
});

describe('connectors through Kafka and Postgres', () => {
  it('runs a back-fill beside the live poll: separate checkpoints, each post stored once', async () => {
    const connector = xRecentSearchConnector({
      query: QUERY,
      bearerToken: 'test-bearer',
      baseUrl: server.baseUrl,
      http: createHttpClient({ name: 'x-recent-search', concurrency: 2 }),
    });
    const options = { producer, db: stack.handle.db, pepper: PEPPER };
    const day = 24 * 3_600_000;
    const window = { from: new Date(Date.now() - 3 * day), to: new Date(Date.now() - day) };
    const [live, backfill] = await Promise.all([
      collect(connector, { ...options, mode: { kind: 'live', firstLookbackMs: 2 * day } }),
      collect(connector, { ...options, mode: { kind: 'backfill', window } }),
    ]);
    expect([live.run?.stats.published, backfill.run?.stats.published]).toEqual([TWEETS, TWEETS]);

    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && (await stack.bus.lag(groupId, TOPICS.postsRaw)) > 0) await new Promise((r) => setTimeout(r, 250));
    expect(await stack.bus.lag(groupId, TOPICS.postsRaw)).toBe(0);

    // Every tweet is either stored once or excluded as not Indonesian; the second copy of each is a counted duplicate.
    const stored = await stack.count(`select count(*) as n from posts where platform = 'x'`);
    const notIndonesian = await stack.count(
      `select count(distinct external_id) as n from exclusions where reason = 'not_indonesian' and platform = 'x'`,
    );
    expect(stored).toBeGreaterThan(0);
    expect(stored + notIndonesian).toBe(TWEETS);
    expect(await stack.count(`select count(*) as n from exclusions where reason = 'duplicate'`)).toBe(stored);

    const checkpoints = await stack.handle.db.select().from(schema.connectorCheckpoints);
    expect(checkpoints.map((c) => [c.mode.split(':')[0], c.complete]).sort()).toEqual([
      ['backfill', true],
      ['live', true],
    ]);
    const ledger = await stack.handle.db.select().from(schema.coverageRuns);
    expect(ledger.map((r) => [r.connector, r.published, r.lastError])).toEqual([
      ['x-recent-search', TWEETS, null],
      ['x-recent-search', TWEETS, null],
    ]);
  });
});
