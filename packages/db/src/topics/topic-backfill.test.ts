import { execFileSync } from 'node:child_process';
import { migratedTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../client.ts';
import { writeAnalyzedBatch } from '../posts/batch.ts';
import { rowsOf } from '../sql.ts';
import { backfillTopic, createTopic, previewTopic } from './topics.ts';

let testDb: TestDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  ({ testDb, handle } = await migratedTestDatabase());
  await writeAnalyzedBatch(handle.db, {
    modelVersion: 'test-model-1',
    posts: Array.from({ length: 6 }, (_, i) => makeAnalyzed(makePost({ externalId: String(i), text: 'antrean lama' }), { offset: i })),
    exclusions: [],
  });
});

afterAll(async () => {
  await handle.close();
  await testDb.drop();
});

describe('topic back-fill', () => {
  it('stops cleanly when its topic is deleted while it runs', async () => {
    const topic = await createTopic(handle.db, { name: 'antrean', query: 'antrean' });
    let deleted = false;
    const result = await backfillTopic(
      handle.db,
      topic.id,
      (text) => {
        // Deleted from another connection, committed before this chunk's tags are written: the exact interleaving
        // of an admin's DELETE /v1/topics/:id arriving while the back-fill matches a chunk.
        if (!deleted) execFileSync('psql', [testDb.url, '-qAtc', `delete from topics where id = ${topic.id}`]);
        deleted = true;
        return text.includes('antrean');
      },
      { chunkSize: 2, query: 'antrean' },
    );
    expect(deleted).toBe(true);
    expect(result).toBeNull();
    expect(rowsOf(await handle.db.execute('select count(*)::int as n from post_topics'))[0]?.n).toBe(0);
  });

  it('previews a window newest first, reading at most maxPosts and saying how many the window holds', async () => {
    const window = { from: '2000-01-01', to: '2100-12-31' };
    const all = await previewTopic(handle.db, window, (text) => text.includes('antrean'), { sample: 10, maxPosts: 100, chunkSize: 4 });
    expect(all).toMatchObject({ postsInWindow: 6, scanned: 6, matched: 6 });
    const newest = await previewTopic(handle.db, window, (text) => text.includes('antrean'), { sample: 2, maxPosts: 5, chunkSize: 2 });
    expect(newest).toMatchObject({ postsInWindow: 6, scanned: 5, matched: 5 });
    expect(newest.sampleIds).toEqual(all.sampleIds.slice(0, 2));
    expect((await previewTopic(handle.db, window, () => false, { sample: 2, maxPosts: 100 })).matched).toBe(0);
  });
});
