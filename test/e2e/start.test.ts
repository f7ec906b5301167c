import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// `pnpm start` as a new user runs it: embedded PGlite, in-process bus, bundled sample, API on a port.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'pantau-start-'));
const children: ChildProcess[] = [];

/** The parts of API responses this test reads. */
interface Body {
  data: { keywords: unknown[]; series: unknown[]; total: { posts: number } };
  disclosure: { population: { postsCounted: number; excluded: Record<string, number> } };
}

interface Started {
  child: ChildProcess;
  url: string;
  key: string;
  ms: number;
  /** What it printed up to its banner. */
  out: string;
}

function start(): Promise<Started> {
  const began = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env, PANTAU_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'KAFKA_BROKERS', 'PANTAU_PEPPER']) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/cli/src/main.ts', 'start'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    // A hang guard, not a speed test: cold start is measured by `pnpm bench` (section start).
    const timer = setTimeout(() => reject(new Error(`no banner within 90 s\n${out}\n${err}`)), 90_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const key = /Development API key \([^)]*\): (\S+)/.exec(out)?.[1];
      if (url && key) {
        clearTimeout(timer);
        resolve({ child, url, key, ms: Date.now() - began, out });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pantau start exited with ${code}\n${out}\n${err}`));
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('pnpm start (embedded)', () => {
  it('serves non-empty top keywords from the bundled sample, and restarts without loading it twice', async () => {
    const first = await start();
    const get = (s: Started, path: string) =>
      fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${s.key}` } }).then((r) => r.json() as Promise<Body>);
    const top = await get(first, '/v1/keywords/top');
    expect(top.data.keywords.length).toBeGreaterThan(5);
    expect(top.disclosure.population.postsCounted).toBeGreaterThan(400);
    const sentiment = await get(first, '/v1/sentiment/daily?from=2026-11-01&to=2026-11-14');
    expect(sentiment.data.series).toHaveLength(14);
    const counted = sentiment.data.total.posts;
    // The first start made the first admin and printed the password once: it signs in.
    const admin = /Sign in to the dashboard as (\S+) with password (\S+) /.exec(first.out);
    expect(admin?.[1]).toBe('admin');
    const signIn = await fetch(`${first.url}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: admin?.[1], password: admin?.[2] }),
    });
    expect(signIn.status).toBe(200);
    expect(await stop(first.child)).toBe(0);

    const second = await start();
    expect(second.out).not.toContain('Sign in to the dashboard as');
    // Same data folder: same development key, same posts, no duplicates from a second load of the sample.
    expect(second.key).toBe(first.key);
    const again = await get(second, '/v1/sentiment/daily?from=2026-11-01&to=2026-11-14');
    expect(again.data.total.posts).toBe(counted);
    expect(again.disclosure.population.excluded.duplicate).toBe(sentiment.disclosure.population.excluded.duplicate);
    expect(await stop(second.child)).toBe(0);
  }, 150_000);
});
