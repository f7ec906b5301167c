import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrateUpTo } from '@pantau/e2e/support/migrations.ts';
import { createTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, MIGRATIONS_DIR, migrate, openDatabase } from '../client.ts';
import { rowsOf } from '../sql.ts';
import { createTopic, listTopics, updateTopic } from './topics.ts';

let testDb: TestDatabase;
let handle: DatabaseHandle;

// The migration that makes names unique, and the one before it, read from the journal (numbers move when merged).
const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
const uniqueAt = journal.entries.findIndex((e) => e.tag.endsWith('_topic_unique_name'));
const before = journal.entries[uniqueAt - 1]?.tag ?? '';

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrateUpTo(handle, before);
});

afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

describe('unique topic names', () => {
  it('renames the later of existing duplicates on upgrade and refuses new ones in any case', async () => {
    for (const name of ['Iuran', 'iuran', 'Antrean', 'IURAN']) {
      await handle.db.execute(sql`insert into topics (name, query) values (${name}, 'iuran')`);
    }
    await migrate(handle);
    const names = (await listTopics(handle.db)).map((t) => [t.id, t.name]);
    expect(names).toEqual([
      [1, 'Iuran'],
      [2, 'iuran (2)'],
      [3, 'Antrean'],
      [4, 'IURAN (4)'],
    ]);
    await expect(createTopic(handle.db, { name: 'ANTREAN', query: 'antre' })).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { parameter: 'name' },
    });
    await expect(updateTopic(handle.db, 3, { name: 'IuRaN' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await updateTopic(handle.db, 3, { name: 'antrean' }))?.name).toBe('antrean');
    const index = rowsOf(await handle.db.execute(sql`select indexdef from pg_indexes where indexname = 'topics_name_lower_key'`));
    expect(String(index[0]?.indexdef)).toMatch(/UNIQUE INDEX .*lower\(name\)/);
  });
});
