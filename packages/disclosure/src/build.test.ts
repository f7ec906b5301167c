import { type DatabaseHandle, migrate, openDatabase, recordCoverageRun, registerSchedules, writeAnalyzedBatch } from '@pantau/db';
import { createTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { describeValidationMethod, loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDisclosure } from './build.ts';
import { FIXED_PARTS, FIXED_TEXTS } from './fixed.ts';
import { DisclosureSchema } from './schema.ts';

/** `schema` with every object closed: a field the builder emits but the schema lacks fails the check. */
function closed<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(closed) as T;
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string | symbol, unknown> = {};
  // TypeBox keeps its kind under a symbol key: copy every own key.
  for (const key of Reflect.ownKeys(schema)) out[key] = closed((schema as Record<string | symbol, unknown>)[key]);
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out as T;
}

let testDb: TestDatabase;
let handle: DatabaseHandle;
let model: SentimentModel;

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  model = await loadSentimentModel();
  await writeAnalyzedBatch(handle.db, {
    modelVersion: model.manifest.version,
    posts: Array.from({ length: 6 }, (_, i) =>
      makeAnalyzed(makePost({ externalId: String(i), text: `antrean puskesmas ${i}` }), {
        offset: i,
        label: i % 2 ? 'uncertain' : 'negative',
      }),
    ),
    exclusions: [],
  });
  await recordCoverageRun(handle.db, {
    runId: 'run-1',
    connector: 'test',
    query: 'bpjs',
    startedAt: new Date('2026-11-10T03:00:00Z'),
    finishedAt: new Date('2026-11-10T03:01:00Z'),
    windowFrom: new Date('2026-11-10T00:00:00Z'),
    windowTo: new Date('2026-11-10T02:00:00Z'),
    fetched: 6,
    published: 6,
    rejected: {},
  });
  // Polled daily from the run on: the day after it had no run although one was due.
  await registerSchedules(
    handle.db,
    [{ connector: 'test', query: 'bpjs', platform: null, everyMinutes: 1440 }],
    new Date('2026-11-10T00:00:00Z'),
  );
});

afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

describe('buildDisclosure', () => {
  it('builds exactly the published shape: every field it emits is declared, every declared field is there', async () => {
    const disclosure = await buildDisclosure(
      { db: handle.db },
      {
        model,
        software: { version: '0.1.0', commit: 'test' },
        window: { from: '2026-11-09', to: '2026-11-11', granularity: 'day', excludeCoordinated: true },
        coordinationRule: { minAuthors: 3, windowSeconds: 600, similarity: 0.8 },
        validation: {
          status: 'none',
          reason: 'no labelling task',
          labels: 0,
          annotators: 0,
          alpha: null,
          inDomainMacroF1: null,
          method: 'ppi++',
        },
        retentionDays: 180,
      },
    );
    expect(disclosure.retention.days).toBe(180);
    const strict = closed(DisclosureSchema);
    expect([...Value.Errors(strict, disclosure)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
    expect(disclosure.population).toMatchObject({ postsCounted: 6, excluded: { coordinated: 0 } });
    expect(disclosure.coverage[0]).toMatchObject({ connector: 'test', query: 'bpjs', runs: 1, days: { ok: 1, not_run: 1, not_due: 1 } });
    expect(disclosure.coordination?.rule).toEqual({ minAuthors: 3, windowSeconds: 600, similarity: 0.8 });
    // The check fails on a field the schema does not declare.
    expect(Value.Check(strict, { ...disclosure, extra: 1 })).toBe(false);
  });
  it('states its fixed parts as the same registered objects in every disclosure (their bytes are kept by the API)', async () => {
    const request = {
      model,
      software: { version: '0.1.0', commit: 'test' },
      window: { from: '2026-11-09', to: '2026-11-11', granularity: 'day' },
      retentionDays: 180,
    };
    const [a, b] = await Promise.all([buildDisclosure({ db: handle.db }, request), buildDisclosure({ db: handle.db }, request)]);
    for (const part of [a.method, a.uncertainty, a.caveats, a.software, a.retention, a.model.evaluation, a.coordination?.caveats]) {
      expect(FIXED_PARTS.has(part as object)).toBe(true);
    }
    expect(b.method).toBe(a.method);
    expect(b.model.evaluation).toBe(a.model.evaluation);
    // Counted per window, never fixed.
    expect(FIXED_PARTS.has(a.population)).toBe(false);
    expect(FIXED_PARTS.has(a.model)).toBe(false);
    expect(FIXED_TEXTS.has(a.coordination?.method ?? '')).toBe(true);
    expect(FIXED_TEXTS.has(describeValidationMethod())).toBe(true);
    if (model.regional) {
      expect(FIXED_PARTS.has(a.regionalSentiment?.model as object)).toBe(true);
      expect(FIXED_PARTS.has(a.regionalSentiment?.posts as object)).toBe(false);
    }
  });
});
