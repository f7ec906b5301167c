import { spawn } from 'node:child_process';
import { type DatabaseHandle, migrate, openDatabase, schema } from '@pantau/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInstant } from '../../services/cli/src/commands/ingest.ts';
import { connectorFixtures } from '../support/connectors.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { loadReplayRoutes, type ReplayServer, startReplayServer } from '../support/replay-server.ts';

const QUERY = '(bpjs OR jkn OR puskesmas) lang:in -is:retweet';

let testDb: TestDatabase;
let handle: DatabaseHandle;
let x: ReplayServer;
let rss: ReplayServer;

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url, maxConnections: 2 });
  await migrate(handle);
  x = await startReplayServer(loadReplayRoutes(connectorFixtures('x-recent-search')));
  rss = await startReplayServer(loadReplayRoutes(connectorFixtures('rss')));
});
afterAll(async () => {
  await x?.close();
  await rss?.close();
  await handle?.close();
  await testDb?.drop();
});

/** Runs the `pantau` command with a real Postgres and the in-process bus (no analysis: the ledger is what is checked). */
function pantau(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/cli/src/main.ts', ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: testDb.url,
      PANTAU_PEPPER: 'cli-test-pepper-0123456789',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('pantau ingest --connector and pantau poll', () => {
  it('back-fills a range with progress on stderr, and a second run of the same range has nothing to do', async () => {
    const day = 24 * 3_600_000;
    const from = new Date(Date.now() - 2 * day).toISOString();
    const to = new Date(Date.now() - day).toISOString();
    const env = { X_API_BASE_URL: x.baseUrl, X_BEARER_TOKEN: 'test-bearer' };
    const first = pantau(['ingest', '--connector', 'x-recent-search', '--query', QUERY, '--from', from, '--to', to, '--json'], env);
    expect(await first.exited).toBe(0);
    const summary = JSON.parse(first.output().stdout);
    expect(summary).toMatchObject({ connector: 'x-recent-search', query: QUERY, fetched: 12, published: 8, error: null });
    // Not a terminal: plain lines, no bar.
    expect(first.output().stderr).toMatch(
      /^x-recent-search \S.* {2}\s*\d+% back to .* {2}pages 3 {2}fetched 12 {2}published 8 {2}rejected 4$/m,
    );
    expect(first.output().stderr).not.toContain('\r');

    const second = pantau(['ingest', '--connector', 'x-recent-search', '--query', QUERY, '--from', from, '--to', to, '--json'], env);
    expect(await second.exited).toBe(0);
    expect(JSON.parse(second.output().stdout).skipped).toMatch(/already complete/);
    const ledger = await handle.db.select().from(schema.coverageRuns);
    expect(ledger.filter((r) => r.connector === 'x-recent-search')).toHaveLength(1);
  });

  it('reads --from/--to as instants or Jakarta days, and names the parameter at fault', async () => {
    expect(parseInstant('from', '2026-11-24')).toEqual(new Date('2026-11-23T17:00:00Z'));
    expect(parseInstant('to', '2026-11-24')).toEqual(new Date('2026-11-24T17:00:00Z'));
    expect(parseInstant('to', '2026-11-24T09:30:00+07:00')).toEqual(new Date('2026-11-24T02:30:00Z'));
    expect(() => parseInstant('from', 'kemarin')).toThrow(/^--from: an ISO 8601 time/);
    expect(() => parseInstant('to', '2026-11-24T09:30:00')).toThrow(/^--to: /);
    const noToken = pantau(['ingest', '--connector', 'x-recent-search', '--query', QUERY]);
    expect(await noToken.exited).toBe(2);
    expect(noToken.output().stderr).toContain('X_BEARER_TOKEN: required');
  });

  it('polls a feed on its schedule (the second poll is a 304) and stops cleanly on SIGTERM', async () => {
    const feed = `${rss.baseUrl}/rss/kesehatan`;
    const poll = pantau(['poll'], {
      INGEST_QUERIES: JSON.stringify([{ connector: 'rss', query: feed, everyMinutes: 0.02 }]),
      INGEST_FIRST_LOOKBACK_HOURS: String(24 * 30),
    });
    const deadline = Date.now() + 40_000;
    let runs: (typeof schema.coverageRuns.$inferSelect)[] = [];
    while (Date.now() < deadline) {
      runs = (await handle.db.select().from(schema.coverageRuns)).filter((r) => r.connector === 'rss' && r.finishedAt);
      if (runs.length >= 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    poll.child.kill('SIGTERM');
    expect(await poll.exited).toBe(0);
    runs.sort((a, b) => +a.startedAt - +b.startedAt);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs[0]).toMatchObject({ query: feed, platform: 'news', lastError: null });
    expect(runs[0]?.published).toBeGreaterThan(0);
    expect(runs[1]).toMatchObject({ fetched: 0, published: 0, lastError: null });
    expect(rss.requests.filter((r) => r.headers['if-none-match']).length).toBeGreaterThanOrEqual(1);
    expect(poll.output().stdout).toContain('"msg":"poll finished"');
    expect(poll.output().stdout).toContain('"msg":"shutting down"');
  });

  it('start polls INGEST_QUERIES beside the analysis and the API, and stops them all on SIGTERM', async () => {
    const feed = `${rss.baseUrl}/rss/kesehatan`;
    const finished = async () =>
      (await handle.db.select().from(schema.coverageRuns)).filter((r) => r.connector === 'rss' && r.finishedAt).length;
    const before = await finished();
    const start = pantau(['start', '--no-sample'], {
      PORT: '0',
      INGEST_QUERIES: JSON.stringify([{ connector: 'rss', query: feed, everyMinutes: 60 }]),
      INGEST_FIRST_LOOKBACK_HOURS: String(24 * 30),
      REPORT_SCHEDULER: 'false',
    });
    // A hang guard: the banner says the API listens, a finished run in the ledger says the poller ran.
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && !(start.output().stdout.includes('OpenAPI:') && (await finished()) > before))
      await new Promise((r) => setTimeout(r, 200));
    start.child.kill('SIGTERM');
    expect(await start.exited).toBe(0);
    expect(await finished()).toBeGreaterThan(before);
    expect(start.output().stdout).toMatch(/Pantau is listening on http:\/\/\S+ \(Postgres \+ Kafka\)/);
    expect(start.output().stdout).toContain('"msg":"poll finished"');
  });
});
