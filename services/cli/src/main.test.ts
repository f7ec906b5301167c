import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliRun, runPantau } from '@pantau/e2e/support/cli.ts';
import { createTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// An empty database: no command run here with --help or a bad argument may migrate it or write to it.
let testDb: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'pantau-cli-'));
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.drop();
});

/** Runs `pantau ARGS` with a real Postgres and the in-process bus; resolves with its exit code and output. */
function pantau(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runPantau(args, { DATABASE_URL: testDb.url, PANTAU_PEPPER: 'cli-test-pepper-0123456789', PORT: '0', ...env });
}

/** The tables of the test database: none while nothing has migrated it. */
async function tables(): Promise<string[]> {
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "select table_name as name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')",
    );
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

/** Runs `jobs` two at a time (the machine is small; every run starts Node and tsx). */
async function inPairs<T, R>(items: T[], job: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += 2) results.push(...(await Promise.all(items.slice(i, i + 2).map(job))));
  return results;
}

const oneLine = (stderr: string) => stderr.trimEnd().split('\n');

describe('pantau help', () => {
  let commands: string[] = [];

  it('lists the commands on --help and prints the version on --version', async () => {
    const list = await pantau(['--help']);
    expect(list.code).toBe(0);
    commands = [...list.stdout.matchAll(/^ {2}([a-z][a-z-]*) {2,}/gm)].map((m) => m[1] as string);
    expect(commands).toEqual(expect.arrayContaining(['start', 'migrate', 'ingest', 'serve', 'train', 'report', 'eval']));
    const version = await pantau(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^pantau \d+\.\d+\.\d+( \(commit [0-9a-f]+\))?\n$/);
  });

  it('prints the usage of every command on --help, exit 0, without touching the database or a port', async () => {
    expect(commands.length).toBeGreaterThan(10);
    const port = String(await freePort());
    const runs = await inPairs(commands, async (c) => ({ command: c, run: await pantau([c, '--help'], { PORT: port }) }));
    for (const { command, run } of runs) {
      expect({ command, code: run.code, stderr: run.stderr }).toEqual({ command, code: 0, stderr: '' });
      expect(run.stdout).toMatch(new RegExp(`^usage: pantau ${command}\\b`));
      expect(run.stdout).toContain('-h, --help');
    }
    // The same help from -h and from `help COMMAND`.
    const [short, word] = await Promise.all([pantau(['migrate', '-h']), pantau(['help', 'serve'], { PORT: port })]);
    expect(short).toEqual(runs.find((r) => r.command === 'migrate')?.run);
    expect(word).toEqual(runs.find((r) => r.command === 'serve')?.run);
    // `migrate --help` did not migrate; `serve --help` and `start --help` exited instead of listening.
    expect(await tables()).toEqual([]);
  }, 600_000);

  it('answers an unknown option with one line on stderr and exit 2, before doing anything', async () => {
    const named = ['start', 'migrate', 'ingest', 'serve', 'train', 'report', 'eval', 'keys'];
    const runs = await inPairs(named, async (c) => ({ command: c, run: await pantau([c, '--no-such-option']) }));
    for (const { command, run } of runs) {
      expect({ command, code: run.code, lines: oneLine(run.stderr).length }).toEqual({ command, code: 2, lines: 1 });
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(oneLine((runs.find((r) => r.command === 'migrate') as { run: { stderr: string } }).run.stderr)).toEqual([
      'pantau: INVALID_INPUT: unknown option --no-such-option; see pantau migrate --help',
    ]);
    expect(await tables()).toEqual([]);
  }, 300_000);

  it('names a missing value, an unknown command and a missing file in one line, exit 2', async () => {
    const [missing, unknown, noFile] = await Promise.all([
      pantau(['report', '--date']),
      pantau(['frobnicate']),
      pantau(['ingest', '--file', join(dir, 'nope.jsonl')]),
    ]);
    expect([missing.code, unknown.code, noFile.code]).toEqual([2, 2, 2]);
    expect(oneLine(missing.stderr)).toEqual(['pantau: INVALID_INPUT: --date: a value is required; see pantau report --help']);
    expect(oneLine(unknown.stderr)).toEqual(['pantau: INVALID_INPUT: unknown command frobnicate; see pantau --help for the list']);
    expect(oneLine(noFile.stderr)).toEqual([`pantau: no such file or directory: ${join(dir, 'nope.jsonl')} (check the path)`]);
  }, 120_000);
});

/** A port nothing listens on (taken and released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('a busy port', () => {
  let busy: Server;
  afterAll(() => busy?.close());

  it('is one line and exit 2 for serve and start, before migrating', async () => {
    busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const { port } = busy.address() as { port: number };
    const [serve, start] = await Promise.all([
      pantau(['serve'], { HOST: '127.0.0.1', PORT: String(port) }),
      pantau(['start', '--port', String(port), '--no-sample'], { HOST: '127.0.0.1' }),
    ]);
    for (const run of [serve, start]) {
      expect(run.code).toBe(2);
      expect(oneLine(run.stderr)).toEqual([
        `pantau: port ${port} on 127.0.0.1 is already in use: stop the process listening there, or choose another port (PORT=N, or pantau start --port N)`,
      ]);
    }
    expect(await tables()).toEqual([]);
  });
});

describe('pantau ingest --file', () => {
  it('refuses a file that is not posts (README.md) at once, naming line 1, and publishes nothing', async () => {
    const run = await pantau(['ingest', '--file', 'README.md']);
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/^pantau: INVALID_INPUT: README\.md line 1: not a JSON object/);
    expect(await tables()).toEqual([]);
  });

  it('imports a valid file whose single bad line goes to the dead-letter topic with its reason, and prints a summary', async () => {
    const post = (id: number) =>
      JSON.stringify({
        platform: 'x',
        externalId: String(id),
        author: '@a',
        publishedAt: '2026-11-03T08:15:00+07:00',
        text: `kabar ${id}`,
      });
    const file = join(dir, 'posts.jsonl');
    writeFileSync(file, `${post(1)}\n{"platform": "x", broken\n${post(2)}\n${post(3)}\n`);
    const human = await pantau(['ingest', '--file', file]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('3 of 4 posts published, 1 rejected (invalid_json 1)');
    expect(human.stdout).toMatch(/^ {2}line 2 {2}invalid_json: /m);
    expect(human.stdout.split('\n').length).toBeLessThan(15);
    const json = await pantau(['ingest', '--file', file, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      fetched: 4,
      rejected: { invalid_json: 1 },
      rejections: [{ ref: 'line 2', reason: 'invalid_json' }],
    });
  });
});

describe('pantau eval', () => {
  it('finds tweet and sentiment columns without flags and shows its progress as plain lines off a terminal', async () => {
    const file = join(dir, 'tweets.csv');
    writeFileSync(
      file,
      'id,tweet,sentiment\n1,"pelayanan cepat dan ramah, mantap",positive\n2,"antre lama sekali, kecewa berat",negative\n',
    );
    const run = await pantau(['eval', '--fixtures', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`fixtures ${file}: n 2 (binary`);
    expect(run.stderr).toBe('scoring 2 texts  100%  2/2\n');
  });
});
