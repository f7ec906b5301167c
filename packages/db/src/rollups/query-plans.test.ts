import { migratedTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../client.ts';
import { rowsOf } from '../sql.ts';

// The aggregate queries must use the indexes once the tables are large: 180 days × 1,500 keywords × 2 platforms.
let testDb: TestDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  ({ testDb, handle } = await migratedTestDatabase());
  await handle.db.execute(sql`
    insert into daily_keywords (day, platform, model_version, key, term, kind, posts, negative, neutral, positive, uncertain)
    select date '2026-01-01' + d, p, 'm', 'k' || k, 'k' || k, 'unigram', 1 + (k % 7), 1, 0, 0, 0
    from generate_series(0, 179) d, unnest(array['x', 'facebook']) p, generate_series(1, 1500) k`);
  await handle.db.execute(sql`
    insert into daily_sentiment (day, platform, model_version, posts, negative, neutral, positive, uncertain)
    select date '2026-01-01' + d, p, m, 100, 40, 30, 25, 5
    from generate_series(0, 179) d, unnest(array['x', 'facebook', 'instagram']) p, unnest(array['m', 'old-1', 'old-2', 'old-3']) m`);
  await handle.db.execute(sql`analyze`);
}, 120_000);

afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

const plan = async (query: ReturnType<typeof sql>) =>
  rowsOf(await handle.db.execute(sql`explain ${query}`))
    .map((r) => String(r['QUERY PLAN']))
    .join('\n');

describe('query plans on large rollups', () => {
  it('reads a 14-day keyword window through the daily_keywords primary key, not a full scan', async () => {
    const p = await plan(
      sql`select key, sum(posts) from daily_keywords where model_version = 'm' and day between '2026-03-01' and '2026-03-14' group by key`,
    );
    expect(p).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
    expect(p).not.toMatch(/Seq Scan on daily_keywords/);
  });

  it('reads one keyword series through the (key, day) index', async () => {
    const p = await plan(
      sql`select day, sum(posts) from daily_keywords where key = 'k42' and day between '2026-03-01' and '2026-03-31' group by day`,
    );
    expect(p).toContain('daily_keywords_key_day_idx');
  });

  it('reads a window of daily sentiment through its primary key', async () => {
    const p = await plan(
      sql`select day, sum(posts) from daily_sentiment where model_version = 'm' and day between '2026-03-01' and '2026-03-14' group by day`,
    );
    expect(p).not.toMatch(/Seq Scan on daily_sentiment/);
  });
});
