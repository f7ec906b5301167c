import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnnotationTask, type DatabaseHandle, listLabels, recordLabels, taskItemLabels, writeAnalyzedBatch } from '@pantau/db';
import { loadSentimentModel } from '@pantau/sentiment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runPantau } from '../support/cli.ts';
import { migratedTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { makeAnalyzed, makePost } from '../support/posts.ts';

// `pantau labels export|import` and `pantau eval --task` as a user runs them, against Postgres.
const dir = mkdtempSync(join(tmpdir(), 'pantau-labels-'));
let testDb: TestDatabase;
let handle: DatabaseHandle;
let taskId = 0;
let sample: number[] = [];

beforeAll(async () => {
  ({ testDb, handle } = await migratedTestDatabase());
  const model = await loadSentimentModel();
  const labels = ['negative', 'neutral', 'positive', 'uncertain'] as const;
  await writeAnalyzedBatch(handle.db, {
    modelVersion: model.manifest.version,
    posts: Array.from({ length: 12 }, (_, i) =>
      makeAnalyzed(makePost({ externalId: String(i) }), { offset: i, label: labels[i % 4] ?? 'neutral', day: '2026-11-10' }),
    ),
    exclusions: [],
  });
  model.dispose();
  const task = await createAnnotationTask(handle.db, { name: 'cli', from: '2026-11-10', to: '2026-11-10', size: 8, seed: 3 });
  taskId = task.id;
  sample = (await taskItemLabels(handle.db, taskId)).map((i) => Number(i.postId));
  await recordLabels(handle.db, {
    taskId,
    annotator: 'k1',
    labels: sample.map((postId, i) => ({
      postId,
      label: (['negative', 'neutral', 'positive', 'not_relevant'] as const)[i % 4] ?? 'neutral',
    })),
  });
}, 60_000);

afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `pantau ARGS` against the test database. */
function pantau(args: string[]): Promise<CliRun> {
  return runPantau(args, { DATABASE_URL: testDb.url, PANTAU_PEPPER: 'labels-cli-pepper-0123456789', LOG_LEVEL: 'warn' });
}

describe('pantau labels and eval --task', () => {
  it('exports the labels as CSV and imports a file back under an external annotator, once', async () => {
    const out = join(dir, 'labels.csv');
    const exported = await pantau(['labels', 'export', '--task', String(taskId), '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('post_id,annotator,label,labelled_at');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(
      sample.map((postId, i) => `${postId},k1,${['negative', 'neutral', 'positive', 'not_relevant'][i % 4]}`),
    );

    // Someone else's spreadsheet: every row said neutral.
    const coded = join(dir, 'coded.csv');
    writeFileSync(
      coded,
      ['post_id,label,labelled_at', ...sample.slice(0, 4).map((id) => `${id},neutral,2026-11-20T08:00:00+07:00`)].join('\n'),
    );
    const imported = await pantau(['labels', 'import', '--task', String(taskId), '--file', coded, '--annotator', 'sari', '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({ task: taskId, imported: 4, skipped: 0 });
    const again = await pantau(['labels', 'import', '--task', String(taskId), '--file', coded, '--annotator', 'sari', '--json']);
    expect(JSON.parse(again.stdout)).toEqual({ task: taskId, imported: 0, skipped: 4 });
    const sari = (await listLabels(handle.db, taskId)).filter((l) => l.annotator === 'external:sari');
    expect(sari.map((l) => [Number(l.postId), l.label, l.labelledAt])).toEqual(
      sample.slice(0, 4).map((id) => [id, 'neutral', '2026-11-20T01:00:00.000Z']),
    );

    // The file's own annotator column must name a key or external:NAME; a post outside the sample fails the import.
    const stray = join(dir, 'stray.csv');
    writeFileSync(stray, `post_id,annotator,label,labelled_at\n${sample[0]},nobody,neutral,2026-11-20T08:00:00Z\n`);
    const refused = await pantau(['labels', 'import', '--task', String(taskId), '--file', stray]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('line 2: annotator "nobody"');
    writeFileSync(stray, 'post_id,annotator,label,labelled_at\n999999,external:x,neutral,2026-11-20T08:00:00Z\n');
    const outside = await pantau(['labels', 'import', '--task', String(taskId), '--file', stray]);
    expect(outside.stderr).toContain('NOT_IN_TASK');
  }, 120_000);

  it('prints the eval report on the task gold labels, and refuses an unknown task', async () => {
    const report = await pantau(['eval', '--task', String(taskId), '--json']);
    expect(report.code, report.stderr).toBe(0);
    const parsed = JSON.parse(report.stdout);
    // Gold now: the four posts sari relabelled neutral disagree with k1 except the one k1 called neutral; the other
    // four keep k1's labels, one of them not_relevant: in-scope gold on 1 + 3 posts.
    expect(parsed.task).toMatchObject({ id: taskId, name: 'cli' });
    expect(parsed.n).toBe(4);
    expect(parsed.binary).toBe(false);
    expect(parsed.macroF1CI).toHaveLength(2);
    const text = await pantau(['eval', '--task', String(taskId)]);
    expect(text.stdout).toContain(`task ${taskId} "cli" (2026-11-10 to 2026-11-10) gold labels: n 4`);
    expect(text.stdout).toContain('confusion (rows gold, columns predicted');
    const missing = await pantau(['eval', '--task', '999']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no annotation task 999');
  }, 120_000);
});
