import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres.ts';
import { type DatabaseHandle, migrate, openDatabase } from './client.ts';
import { recordCoverageRun } from './coverage.ts';
import { coverageSummary, disclosureFigures, population, sentimentSeries } from './queries.ts';

let testDb: TestDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
});

afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

const at = (iso: string) => new Date(iso);

describe('coverageSummary', () => {
  it('sums the runs whose window overlaps the days asked for, and runs without a window, per connector and platform', async () => {
    const run = { fetched: 10, published: 8, rejected: { invalid: 1, too_old: 1 } };
    // Jakarta day 2026-11-10 is 2026-11-09T17:00Z .. 2026-11-10T17:00Z.
    await recordCoverageRun(handle.db, {
      ...run,
      runId: 'in-1',
      connector: 'rss',
      platform: 'news',
      windowFrom: at('2026-11-10T02:00:00Z'),
      windowTo: at('2026-11-10T05:00:00Z'),
      startedAt: at('2026-11-10T06:00:00Z'),
    });
    await recordCoverageRun(handle.db, {
      ...run,
      runId: 'in-2',
      connector: 'rss',
      platform: 'news',
      windowFrom: at('2026-11-10T16:00:00Z'),
      windowTo: at('2026-11-11T03:00:00Z'),
      startedAt: at('2026-11-11T04:00:00Z'),
      rejected: {},
    });
    await recordCoverageRun(handle.db, {
      ...run,
      runId: 'no-window',
      connector: 'sample',
      platform: null,
      startedAt: at('2026-11-01T00:00:00Z'),
    });
    await recordCoverageRun(handle.db, {
      ...run,
      runId: 'after',
      connector: 'rss',
      platform: 'news',
      windowFrom: at('2026-11-10T17:01:00Z'),
      windowTo: at('2026-11-12T00:00:00Z'),
      startedAt: at('2026-11-12T01:00:00Z'),
    });
    await recordCoverageRun(handle.db, {
      ...run,
      runId: 'before',
      connector: 'rss',
      platform: 'news',
      windowFrom: at('2026-11-08T00:00:00Z'),
      windowTo: at('2026-11-09T16:59:00Z'),
      startedAt: at('2026-11-09T17:30:00Z'),
    });

    expect(await coverageSummary(handle.db, { from: '2026-11-10', to: '2026-11-10' })).toEqual([
      { connector: 'rss', platform: 'news', runs: 2, fetched: 20, published: 16, rejected: 2, lastRunAt: '2026-11-11T04:00:00.000Z' },
      { connector: 'sample', platform: null, runs: 1, fetched: 10, published: 8, rejected: 2, lastRunAt: '2026-11-01T00:00:00.000Z' },
    ]);
    expect(await coverageSummary(handle.db, { from: '2026-11-01', to: '2026-11-05' })).toEqual([
      { connector: 'sample', platform: null, runs: 1, fetched: 10, published: 8, rejected: 2, lastRunAt: '2026-11-01T00:00:00.000Z' },
    ]);
  });

  it('gives the same population and coverage in one statement as the two separate queries', async () => {
    await handle.db.execute(sql`
      insert into daily_sentiment (day, platform, model_version, posts, negative, neutral, positive, uncertain)
      values ('2026-11-10', 'x', 'm1', 10, 3, 3, 2, 2), ('2026-11-10', 'tiktok', 'm1', 5, 1, 1, 1, 2), ('2026-11-03', 'x', 'm1', 7, 7, 0, 0, 0)`);
    await handle.db.execute(sql`
      insert into exclusions (ref, reason, code, stage, platform, day, detail)
      values ('a', 'not_indonesian', 'en', 'analysis', 'x', '2026-11-10', ''), ('b', 'invalid', 'bad_json', 'analysis', null, '2026-11-10', ''),
        ('c', 'duplicate', 'same_post_key', 'analysis', 'tiktok', '2026-11-10', ''), ('d', 'invalid', 'bad_json', 'ingest', null, '2026-11-01', '')`);
    for (const window of [
      { from: '2026-11-10', to: '2026-11-10', modelVersion: 'm1' },
      { from: '2026-11-01', to: '2026-11-14', modelVersion: 'm1', platform: 'x' },
      { from: '2026-10-01', to: '2026-10-02', modelVersion: 'm1' },
    ]) {
      const both = await disclosureFigures(handle.db, window);
      expect(both).toEqual({ population: await population(handle.db, window), coverage: await coverageSummary(handle.db, window) });
    }
    const day = await disclosureFigures(handle.db, { from: '2026-11-10', to: '2026-11-10', modelVersion: 'm1' });
    expect(day.population).toEqual({
      postsCounted: 15,
      excluded: { not_indonesian: 1, duplicate: 1, abstained: 4, invalid: 1, redacted: 0 },
    });
    expect(day.coverage.map((c) => [c.connector, c.runs, c.lastRunAt])).toEqual([
      ['rss', 2, '2026-11-11T04:00:00.000Z'],
      ['sample', 1, '2026-11-01T00:00:00.000Z'],
    ]);
  });

  it('takes the posts counted from the sentiment series total instead of counting them again, with the same result', async () => {
    for (const window of [
      { from: '2026-11-10', to: '2026-11-10', modelVersion: 'm1' },
      { from: '2026-11-01', to: '2026-11-14', modelVersion: 'm1', platform: 'x' },
      { from: '2026-10-01', to: '2026-10-02', modelVersion: 'm1' },
    ]) {
      const series = await sentimentSeries(handle.db, { ...window, granularity: 'week' });
      const counted = {
        posts: series.reduce((t, r) => t + r.posts, 0),
        uncertain: series.reduce((t, r) => t + r.uncertain, 0),
      };
      expect(await disclosureFigures(handle.db, window, counted)).toEqual(await disclosureFigures(handle.db, window));
    }
    const day = await disclosureFigures(
      handle.db,
      { from: '2026-11-10', to: '2026-11-10', modelVersion: 'm1' },
      { posts: 3, uncertain: 1 },
    );
    expect(day.population.postsCounted).toBe(3);
    expect(day.population.excluded.abstained).toBe(1);
  });
});
