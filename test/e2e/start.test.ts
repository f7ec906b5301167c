import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addDays, jakartaDay } from '@pantau/contracts';
import { afterAll, describe, expect, it } from 'vitest';

// `pnpm start` as a new user runs it: embedded PGlite, in-process bus, bundled sample, API on a port.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'pantau-start-'));
const laterDir = mkdtempSync(join(tmpdir(), 'pantau-start-later-'));
const children: ChildProcess[] = [];

/** The parts of API responses this test reads. */
interface Body {
  data: {
    keywords: unknown[];
    series: { period: string }[];
    total: { posts: number };
    mentions: { text: string | null; removed: string | null }[];
  };
  disclosure: { population: { postsCounted: number; excluded: Record<string, number> }; retention: { days: number } };
}

interface Started {
  child: ChildProcess;
  url: string;
  key: string;
  ms: number;
  /** What it printed up to its banner. */
  out: string;
}

/**
 * Starts `pantau start` on a data folder with its clock pinned at `clock`, or on the real clock when null (the sample
 * is dated relative to the clock's day).
 */
function start(clock: string | null = '2026-11-15T06:00:00+07:00', folder = dataDir): Promise<Started> {
  const began = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env, PANTAU_DATA_DIR: folder, PORT: '0', LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'KAFKA_BROKERS', 'PANTAU_PEPPER', 'PANTAU_CLOCK']) delete env[name];
  if (clock !== null) env.PANTAU_CLOCK = clock;
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
  rmSync(laterDir, { recursive: true, force: true });
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

  it('dates the sample relative to the day it is loaded, so the default retention keeps its text', async () => {
    // On the real clock: whatever the calendar says when this runs, the sample ends yesterday and keeps its words.
    const yesterday = addDays(jakartaDay(Date.now()), -1);
    const later = await start(null, laterDir);
    const get = (path: string) =>
      fetch(`${later.url}${path}`, { headers: { authorization: `Bearer ${later.key}` } }).then((r) => r.json() as Promise<Body>);
    const daily = await get('/v1/sentiment/daily');
    // The default window ends on the latest day with posts: yesterday of the load day.
    expect(daily.data.series.at(-1)?.period).toBe(yesterday);
    expect(daily.disclosure.retention.days).toBe(180);
    const window = `from=${addDays(yesterday, -13)}&to=${yesterday}`;
    const sample = await get(`/v1/sentiment/daily?${window}`);
    expect(sample.data.series).toHaveLength(14);
    expect(sample.data.total.posts).toBeGreaterThan(400);
    // The report of yesterday, written by the scheduler before the sample arrived, is built again with its posts.
    const report = (await fetch(`${later.url}/v1/reports/daily/${yesterday}`, {
      headers: { authorization: `Bearer ${later.key}`, accept: 'application/json' },
    }).then((r) => r.json())) as { data: { volume: { posts: number } } };
    expect(report.data.volume.posts).toBeGreaterThan(20);
    const page = await get(`/v1/mentions?${window}&limit=50`);
    expect(page.data.mentions).toHaveLength(50);
    expect(page.data.mentions.every((m) => m.removed === null && typeof m.text === 'string')).toBe(true);
    expect(await stop(later.child)).toBe(0);
  }, 150_000);
});
