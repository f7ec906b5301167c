import { migratedTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../client.ts';
import { rowsOf } from '../sql.ts';
import { languageCounts } from './queries.ts';

// The language filter's reads once the tables are large: 120 days of 1,000 posts, 3% of them Javanese or Sundanese, and a
// language rollup of 180 days × 3 platforms × 11 languages.
const LANGUAGES = ['id', 'jav', 'sun', 'min', 'bjn', 'bug', 'ace', 'ban', 'mad', 'nij', 'bbc'];
let testDb: TestDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  ({ testDb, handle } = await migratedTestDatabase());
  await handle.db.execute(sql`
    insert into posts (platform, external_id, author_pseudonym, published_at, day, text, lang, lang_confidence,
      source_connector, source_run_id, collected_at, message_ref)
    select 'x', 'p' || i, lpad(to_hex(i % 5000), 64, '0'), timestamp '2026-01-01 03:00' + (i / 1000) * interval '1 day',
      date '2026-01-01' + i / 1000, 'teks', case when i % 100 < 2 then 'jav' when i % 100 = 2 then 'sun' else 'id' end, 0.9,
      'test', 'run', now(), 'posts.raw/0/' || i
    from generate_series(0, 119999) i`);
  await handle.db.execute(sql`
    insert into daily_language_sentiment (day, platform, model_version, lang, posts)
    select date '2026-01-01' + d, p, 'm', l, 10 from generate_series(0, 179) d, unnest(array['x', 'facebook', 'instagram']) p,
      unnest(${`{${LANGUAGES.join(',')}}`}::text[]) l`);
  await handle.db.execute(sql`analyze`);
}, 180_000);

afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

const plan = async (query: ReturnType<typeof sql>) =>
  rowsOf(await handle.db.execute(sql`explain ${query}`))
    .map((r) => String(r['QUERY PLAN']))
    .join('\n');

describe('the language filter on large tables', () => {
  it("finds a regional language's posts of a window through the partial index, not a scan of all posts", async () => {
    const p = await plan(
      sql`select count(*) from posts p where p.day between '2026-02-01' and '2026-02-14' and p.lang = any('{jav,sun}'::text[])`,
    );
    expect(p).toContain('posts_regional_lang_day_idx');
    expect(p).not.toMatch(/Seq Scan on posts/);
  });

  it('reads the language shares of a window through the language rollup primary key', async () => {
    const p = await plan(
      sql`select lang, sum(posts) from daily_language_sentiment where model_version = 'm' and day between '2026-03-01' and '2026-03-14' group by 1`,
    );
    expect(p).not.toMatch(/Seq Scan on daily_language_sentiment/);
    const counts = await languageCounts(handle.db, { from: '2026-03-01', to: '2026-03-14', modelVersion: 'm' });
    expect(counts).toEqual(Object.fromEntries(LANGUAGES.map((l) => [l, 14 * 3 * 10])));
    const filtered = await languageCounts(handle.db, { from: '2026-03-01', to: '2026-03-14', modelVersion: 'm', languages: ['sun'] });
    expect(filtered).toEqual({ sun: 14 * 3 * 10 });
  });
});
