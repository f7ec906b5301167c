import { migratedTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, migrate, openDatabase } from '../client.ts';
import { writeAnalyzedBatch } from './batch.ts';
import { mentions } from './queries.ts';

// Texts whose first or only characters a decoder may take for an encoding signature or normalize away.
const TEXTS = [
  '\uFEFFiuran bpjs naik lagi',
  '\uFEFF\uFEFFdua tanda di depan',
  'di tengah\uFEFFteks',
  'akhir\uFEFF',
  '\uFEFF',
  '\uFFFEbukan tanda urutan',
  'e\u0301 dan \u00e9 tidak disatukan',
  'emoji 😡 dan aksara ꦲꦏ꧀ꦱꦫ',
];
const MODEL = 'text-identity-model';

describe.each(['pglite', 'postgres'] as const)('post text read back from %s', (kind) => {
  let handle: DatabaseHandle;
  let testDb: TestDatabase | undefined;

  beforeAll(async () => {
    if (kind === 'postgres') ({ testDb, handle } = await migratedTestDatabase());
    else {
      handle = await openDatabase({ dataDir: 'memory://' });
      await migrate(handle);
    }
    await writeAnalyzedBatch(handle.db, {
      modelVersion: MODEL,
      posts: TEXTS.map((text, i) => makeAnalyzed(makePost({ externalId: String(i), text }), { offset: i })),
      exclusions: [],
    });
  }, 60_000);

  afterAll(async () => {
    await handle?.close();
    await testDb?.drop();
  });

  it('is the text written, code unit for code unit, and stored as the same UTF-8 bytes', async () => {
    const result = await handle.db.execute(
      sql`select external_id, text, encode(convert_to(text, 'UTF8'), 'hex') as hex from posts order by external_id::int`,
    );
    const rows = (result as unknown as { rows: Array<{ text: string; hex: string }> }).rows;
    expect(rows.map((r) => r.text)).toEqual(TEXTS);
    expect(rows.map((r) => r.hex)).toEqual(TEXTS.map((t) => Buffer.from(t, 'utf8').toString('hex')));
    const served = await mentions(handle.db, { from: '2026-11-10', to: '2026-11-10', modelVersion: MODEL, limit: 50 });
    expect(served.map((m) => m.text).sort()).toEqual([...TEXTS].sort());
  });
});
