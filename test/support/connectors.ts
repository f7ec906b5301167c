import { fileURLToPath } from 'node:url';
import { type Bus, type BusProducer, createMemoryBus } from '@pantau/bus';
import { DeadLetter, Post, TOPICS } from '@pantau/contracts';
import { type DatabaseHandle, migrate, openDatabase, schema } from '@pantau/db';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { drainTopic } from './bus.ts';
import { createTestDatabase, type TestDatabase } from './postgres.ts';
import { loadReplayRoutes, type ReplayServer, startReplayServer } from './replay-server.ts';

/** The recorded platform responses of one connector (`packages/connectors/fixtures/<connector>/`). */
export const connectorFixtures = (connector: string): string =>
  fileURLToPath(new URL(`../../packages/connectors/fixtures/${connector}/`, import.meta.url));

/** A real Postgres database (migrated) and an in-process bus for connector tests. */
export interface ConnectorTestKit {
  db: DatabaseHandle['db'];
  bus: Bus;
  producer: BusProducer;
  /** A fresh bus and empty ledger and checkpoints, for the next test. */
  reset(): Promise<void>;
  /** The coverage ledger, oldest run first. */
  ledger(): Promise<(typeof schema.coverageRuns.$inferSelect)[]>;
  checkpoints(): Promise<(typeof schema.connectorCheckpoints.$inferSelect)[]>;
  /** Every post on `posts.raw` so far. */
  published(): Promise<Post[]>;
  /** Every dead letter on `posts.dlq` so far. */
  deadLetters(): Promise<DeadLetter[]>;
  close(): Promise<void>;
}

/** Opens a throwaway database and an in-process bus. */
export async function createConnectorTestKit(): Promise<ConnectorTestKit> {
  const testDb: TestDatabase = await createTestDatabase();
  const handle = await openDatabase({ url: testDb.url, maxConnections: 2 });
  await migrate(handle);
  const kit = {
    db: handle.db,
    bus: createMemoryBus({ defaultPartitions: 2 }),
    producer: null as unknown as BusProducer,
  };
  kit.producer = await kit.bus.producer();
  return {
    get db() {
      return kit.db;
    },
    get bus() {
      return kit.bus;
    },
    get producer() {
      return kit.producer;
    },
    async reset() {
      await kit.producer.close();
      await kit.bus.close();
      kit.bus = createMemoryBus({ defaultPartitions: 2 });
      kit.producer = await kit.bus.producer();
      await handle.db.delete(schema.coverageRuns);
      await handle.db.delete(schema.connectorCheckpoints);
    },
    ledger: async () => (await handle.db.select().from(schema.coverageRuns)).sort((a, b) => +a.startedAt - +b.startedAt),
    checkpoints: () => handle.db.select().from(schema.connectorCheckpoints),
    published: async () => (await drainTopic(kit.bus, TOPICS.postsRaw)).map((m) => Post.parse(JSON.parse(m.value.toString()))),
    deadLetters: async () => (await drainTopic(kit.bus, TOPICS.postsDlq)).map((m) => DeadLetter.parse(JSON.parse(m.value.toString()))),
    async close() {
      await kit.producer.close();
      await kit.bus.close();
      await handle.close();
      await testDb.drop();
    },
  };
}

/** The test kit and the replay server of one connector test file, read through `current` after the hooks have run. */
export interface ConnectorFixtureHooks {
  readonly kit: ConnectorTestKit;
  readonly server: ReplayServer;
}

/**
 * Registers the hooks every connector test file repeats: one kit (database and bus) for the file, and before each test
 * a fresh bus, empty ledger and checkpoints, and a replay server of the connector's recorded answers
 * (`packages/connectors/fixtures/<fixtures>/`).
 */
export function useConnectorFixtures(fixtures: string): ConnectorFixtureHooks {
  let kit: ConnectorTestKit | undefined;
  let server: ReplayServer | undefined;
  beforeAll(async () => {
    kit = await createConnectorTestKit();
  });
  afterAll(async () => {
    await kit?.close();
    await server?.close();
  });
  beforeEach(async () => {
    await server?.close();
    server = await startReplayServer(loadReplayRoutes(connectorFixtures(fixtures)));
    await kit?.reset();
  });
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`${name} is set up by the hooks of useConnectorFixtures: read it inside a test`);
    return value;
  };
  return {
    get kit() {
      return ready(kit, 'kit');
    },
    get server() {
      return ready(server, 'server');
    },
  };
}
