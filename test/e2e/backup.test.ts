import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appendAudit,
  backfillTopic,
  coverageSummary,
  createApiKey,
  createTopic,
  type DatabaseHandle,
  migrate,
  openDatabase,
  population,
  recordCoverageRun,
  revokeApiKey,
  rowsOf,
  sentimentSeries,
  topKeywords,
  verifyAuditChain,
  volumeSeries,
  writeAnalyzedBatch,
} from '@pantau/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPantau } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { makeAnalyzed, makePost } from '../support/posts.ts';

// `pantau backup` then `pantau restore` into an empty target, in both modes: the restored database answers every
// aggregate exactly as the original did and holds the same audit log, topics, keys and bookkeeping rows.
const MODEL = 'test-model-1';
const LABELS = ['negative', 'neutral', 'positive', 'uncertain'] as const;
const DAYS = ['2026-11-02', '2026-11-03', '2026-11-04'];

/** Runs `pantau <args>` as its own process with `env`; resolves with its exit code and output. */
async function pantau(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { code, output } = await runPantau(args, { LOG_LEVEL: 'warn', ...env });
  return { code, output };
}

/** Posts on three days and two platforms, exclusions, a back-filled topic, a coverage run, keys and audit rows. */
async function populate(handle: DatabaseHandle): Promise<void> {
  await createTopic(handle.db, { name: 'antrean', query: 'antrean' });
  await writeAnalyzedBatch(handle.db, {
    modelVersion: MODEL,
    posts: Array.from({ length: 30 }, (_, i) => ({
      ...makeAnalyzed(
        makePost({
          externalId: String(i),
          platform: i % 3 === 0 ? 'facebook' : 'x',
          text: i % 2 === 0 ? 'antrean puskesmas lama' : 'iuran naik lagi',
          engagement: { likes: i, replies: i % 4, shares: i % 2, views: 7 * i },
        }),
        {
          offset: i,
          label: LABELS[i % 4] ?? 'neutral',
          day: DAYS[i % 3] ?? '2026-11-02',
          keywords: i % 2 === 0 ? ['antrean', 'puskesmas'] : ['iuran'],
        },
      ),
      ...(i % 5 === 0 ? { topicIds: [1] } : {}),
    })),
    exclusions: [
      { ref: 'lang:posts.raw/0/31', reason: 'not_indonesian', code: 'en', stage: 'analysis', platform: 'x', day: '2026-11-03' },
      { ref: 'msg:posts.raw/0/32', reason: 'invalid', code: 'invalid_json', stage: 'analysis', day: '2026-11-04' },
    ],
  });
  await backfillTopic(handle.db, 1, (text) => text.includes('antrean'));
  await recordCoverageRun(handle.db, {
    runId: 'run-1',
    connector: 'file',
    query: 'sample',
    platform: 'x',
    windowFrom: new Date('2026-11-02T00:00:00+07:00'),
    windowTo: new Date('2026-11-05T00:00:00+07:00'),
    startedAt: new Date('2026-11-05T01:00:00Z'),
    finishedAt: new Date('2026-11-05T01:01:00Z'),
    fetched: 32,
    published: 31,
    rejected: { not_public: 1 },
  });
  const { key } = await createApiKey(handle.db, 'analyst', ['read']);
  await createApiKey(handle.db, 'admin', ['read', 'admin']);
  await appendAudit(handle.db, [
    { keyId: key.id, action: 'GET /v1/sentiment', detail: { status: 200 } },
    { keyId: null, action: 'GET /v1/volume', detail: { status: 401 } },
  ]);
  await revokeApiKey(handle.db, key.id);
}

/** Every aggregate the API serves over the data, and the rows that must survive a restore unchanged. */
async function snapshot(handle: DatabaseHandle) {
  const window = { from: '2026-11-01', to: '2026-11-05' };
  const rows = async (text: string) => rowsOf(await handle.db.execute(text));
  return {
    sentiment: await sentimentSeries(handle.db, { ...window, granularity: 'day', modelVersion: MODEL }),
    sentimentByTopic: await sentimentSeries(handle.db, { ...window, granularity: 'day', modelVersion: MODEL, topicId: 1 }),
    volume: await volumeSeries(handle.db, { ...window, granularity: 'day' }),
    keywords: await topKeywords(handle.db, {
      ...window,
      modelVersion: MODEL,
      limit: 10,
      previousFrom: '2026-10-27',
      previousTo: '2026-10-31',
    }),
    coverage: await coverageSummary(handle.db, window),
    population: await population(handle.db, { ...window, modelVersion: MODEL }),
    // Whole rows, whatever columns later migrations add (a hash chain, for one).
    audit: await rows('select * from audit_log order by id'),
    keys: await rows('select * from api_keys order by id'),
    topics: await rows('select * from topics order by id'),
    exclusions: await rows('select * from exclusions order by id'),
    coverageRuns: await rows('select * from coverage_runs order by run_id'),
  };
}

describe('pantau backup and restore', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'pantau-backup-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('round-trips the embedded database (PGlite dump)', async () => {
    const source = join(work, 'embedded-a');
    const target = join(work, 'embedded-b');
    const file = join(work, 'embedded.tar.gz');
    mkdirSync(source);
    const handle = await openDatabase({ dataDir: join(source, 'pglite') });
    await migrate(handle);
    await populate(handle);
    const before = await snapshot(handle);
    await handle.close();

    const backup = await pantau(['backup', '--out', file], { PANTAU_DATA_DIR: source });
    expect(backup.output).toBe('');
    expect(backup.code).toBe(0);
    const restore = await pantau(['restore', '--from', file], { PANTAU_DATA_DIR: target });
    expect(restore.code).toBe(0);
    // A second restore over a database is refused without --replace.
    const again = await pantau(['restore', '--from', file], { PANTAU_DATA_DIR: target });
    expect(again.code).toBe(2);
    expect(again.output).toMatch(/--replace/);
    // The restored folder's bus continues after the positions its database names.
    expect(JSON.parse(readFileSync(join(target, 'bus-offsets.json'), 'utf8'))).toEqual({ 'posts.raw': [33] });

    const restored = await openDatabase({ dataDir: join(target, 'pglite') });
    try {
      expect(before.sentiment.length).toBeGreaterThan(0);
      expect(before.audit.length).toBeGreaterThanOrEqual(4);
      expect(await snapshot(restored)).toEqual(before);
      expect((await verifyAuditChain(restored.db)).intact).toBe(true);
    } finally {
      await restored.close();
    }
  }, 180_000);

  it('round-trips a Postgres database (pg_dump custom format)', async () => {
    const source: TestDatabase = await createTestDatabase();
    const target: TestDatabase = await createTestDatabase();
    const file = join(work, 'postgres.dump');
    try {
      const handle = await openDatabase({ url: source.url });
      await migrate(handle);
      await populate(handle);
      const before = await snapshot(handle);
      await handle.close();

      expect((await pantau(['backup', '--out', file], { DATABASE_URL: source.url })).code).toBe(0);
      const restore = await pantau(['restore', '--from', file], { DATABASE_URL: target.url });
      expect(restore.output).toBe('');
      expect(restore.code).toBe(0);
      const wrongMode = await pantau(['restore', '--from', file], { PANTAU_DATA_DIR: join(work, 'embedded-c') });
      expect(wrongMode.code).toBe(2);

      const restored = await openDatabase({ url: target.url });
      try {
        expect(await snapshot(restored)).toEqual(before);
        expect((await verifyAuditChain(restored.db)).intact).toBe(true);
      } finally {
        await restored.close();
      }
    } finally {
      await source.drop();
      await target.drop();
    }
  }, 180_000);
});
