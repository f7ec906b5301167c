import { randomBytes } from 'node:crypto';
import { type DatabaseHandle, migrate, openDatabase } from '@pantau/db';
import pg from 'pg';

/** A throwaway database on a real Postgres server, dropped by `drop()`. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

// Tests use DATABASE_URL; else a local server on the default port (as on the project's machines and CI).
const LOCAL_DEFAULT = 'postgres://postgres@127.0.0.1:5432/postgres';

let serverUrl: Promise<string> | undefined;

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The Postgres server for tests: DATABASE_URL, a local server, or a container when a container runtime answers. */
async function resolveServer(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (await answers(LOCAL_DEFAULT)) return LOCAL_DEFAULT;
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql').catch(() => {
    throw new Error('No Postgres for tests: set DATABASE_URL, run Postgres on 127.0.0.1:5432, or provide a container runtime');
  });
  const container = await new PostgreSqlContainer('postgres:16-alpine').start();
  return container.getConnectionUri();
}

/** Creates a fresh database on the test server (one per test file keeps tests independent). */
export async function createTestDatabase(): Promise<TestDatabase> {
  serverUrl ??= resolveServer();
  const server = await serverUrl;
  const name = `pantau_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** A fresh test database, opened and migrated: close `handle`, then `drop()` the database. */
export async function migratedTestDatabase(): Promise<{ testDb: TestDatabase; handle: DatabaseHandle }> {
  const testDb = await createTestDatabase();
  const handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  return { testDb, handle };
}
