import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTopic, type DatabaseHandle, migrate, openDatabase, schema } from '@pantau/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPantau } from '../support/cli.ts';

// The embedded `pantau ingest --file` analyses the posts in its own process: it must tag them with the monitored
// topics exactly as `pantau start` does, or the topic's figures silently miss every post imported this way.
let dataDir: string;
const openEmbedded = () => openDatabase({ dataDir: join(dataDir, 'pglite') });

const post = (id: string, text: string) => ({
  platform: 'x',
  externalId: id,
  author: `@warga${id}`,
  publishedAt: '2026-11-10T09:00:00+07:00',
  text,
  engagement: { likes: 1, replies: 0, shares: 0, views: 5 },
});

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pantau-embedded-topics-'));
  const handle = await openEmbedded();
  try {
    await migrate(handle);
    await createTopic(handle.db, { name: 'Antrean', query: 'antrean OR antri' });
  } finally {
    await handle.close();
  }
});
afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('embedded pantau ingest --file', () => {
  it('tags the analysed posts with the topics they match', async () => {
    const file = join(dataDir, 'posts.jsonl');
    const posts = [
      post('q1', 'antrean di puskesmas lama sekali, dari pagi belum dipanggil'),
      post('q2', 'harus antri lagi untuk rujukan ke rumah sakit, ribet banget'),
      post('q3', 'iuran bpjs naik lagi, kecewa sama pelayanannya'),
    ];
    writeFileSync(file, `${posts.map((p) => JSON.stringify(p)).join('\n')}\n`);

    const run = await runPantau(['ingest', '--file', file, '--json'], { PANTAU_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    expect(run.code, run.output).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ fetched: 3, published: 3 });

    const handle: DatabaseHandle = await openEmbedded();
    try {
      const stored = await handle.db.select({ id: schema.posts.id, externalId: schema.posts.externalId }).from(schema.posts);
      expect(stored.map((p) => p.externalId).sort()).toEqual(['q1', 'q2', 'q3']);
      const [topic] = await handle.db.select({ id: schema.topics.id }).from(schema.topics);
      const tags = await handle.db.select().from(schema.postTopics);
      const externalIdOf = new Map(stored.map((p) => [p.id, p.externalId]));
      expect(tags.map((t) => [externalIdOf.get(t.postId), t.topicId, t.day]).sort()).toEqual([
        ['q1', topic?.id, '2026-11-10'],
        ['q2', topic?.id, '2026-11-10'],
      ]);
    } finally {
      await handle.close();
    }
  });
});
