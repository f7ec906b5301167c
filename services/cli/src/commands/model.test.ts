import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnnotationLabel, SentimentClass } from '@pantau/contracts';
import { adjudicate, createAnnotationTask, type DatabaseHandle, importLabels, writeAnalyzedBatch } from '@pantau/db';
import { type CliRun, REPO_ROOT, runPantau } from '@pantau/e2e/support/cli.ts';
import { migratedTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { isHeldOutPost, seededRandom, trainModel } from '@pantau/sentiment';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ENV = { PANTAU_PEPPER: 'cli-test-pepper-0123456789' };

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'pantau-model-cli-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const read = (file: string) => readFileSync(file, 'utf8');

describe('pantau model list | activate | rollback', () => {
  let models: string;
  const model = (args: string[]): Promise<CliRun> => runPantau(['model', ...args, '--models', models], ENV);
  beforeAll(() => {
    // The shipped model twice (the second copy renamed 1.2.0), and two broken copies.
    models = join(root, 'models');
    mkdirSync(models);
    const shipped = join(REPO_ROOT, 'models', '1.1.0');
    cpSync(shipped, join(models, '1.1.0'), { recursive: true });
    for (const version of ['1.2.0', '1.3.0', '1.4.0']) {
      cpSync(shipped, join(models, version), { recursive: true, filter: (src) => !src.includes('emotion') });
      const manifest = JSON.parse(read(join(models, version, 'manifest.json')));
      // 1.3.0 keeps the manifest of 1.1.0: the folder and the manifest disagree.
      if (version !== '1.3.0') writeFileSync(join(models, version, 'manifest.json'), JSON.stringify({ ...manifest, version }));
    }
    const weights = readFileSync(join(models, '1.4.0', 'weights.bin'));
    weights[100] = (weights[100] ?? 0) ^ 0xff;
    writeFileSync(join(models, '1.4.0', 'weights.bin'), weights);
    writeFileSync(join(models, 'ACTIVE'), '1.1.0\n');
  });

  it('lists every version with its date, training data and held-out figures, marking the active one and the broken ones', async () => {
    const run = await model(['list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('* 1.1.0  2026-12-07  (active)');
    expect(run.stdout).toContain('trained on: smsa, indolem-sentiment, inset');
    expect(run.stdout).toContain('smsa-valid macro-F1 84.4 (n 1260); indolem-dev0 (binary) macro-F1 80.0 (n 389)');
    expect(run.stdout).toMatch(/ {2}1\.2\.0 {2}2026-12-07\n/);
    expect(run.stdout).toMatch(/1\.3\.0 {2}2026-12-07 {2}INCOMPLETE\n[\s\S]*names version "1\.1\.0", not the folder's 1\.3\.0/);
    expect(run.stdout).toMatch(/1\.4\.0 {2}2026-12-07 {2}INCOMPLETE\n[\s\S]*weights\.bin has sha256/);
    const json = JSON.parse((await model(['list', '--json'])).stdout);
    expect(json.models.map((m: { version: string; active: boolean; complete: boolean }) => [m.version, m.active, m.complete])).toEqual([
      ['1.1.0', true, true],
      ['1.2.0', false, true],
      ['1.3.0', false, false],
      ['1.4.0', false, false],
    ]);
  });

  it('refuses a broken or missing version with a coded error, and changes nothing', async () => {
    for (const [version, message] of [
      ['1.3.0', /MODEL_UNAVAILABLE: model 1\.3\.0: manifest\.json names version "1\.1\.0"/],
      ['1.4.0', /MODEL_UNAVAILABLE: model 1\.4\.0: weights\.bin has sha256/],
      ['9.9.9', /NOT_FOUND: no model 9\.9\.9/],
    ] as const) {
      const run = await model(['activate', version]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect(read(join(models, 'ACTIVE'))).toBe('1.1.0\n');
    expect(existsSync(join(models, 'HISTORY'))).toBe(false);
  });

  it('activates a version after loading it, and rolls back to the one before, once', async () => {
    const activated = await model(['activate', '1.2.0']);
    expect(activated.code).toBe(0);
    expect(activated.stdout).toContain('activated model 1.2.0 (was 1.1.0)');
    expect(activated.stdout).toContain('restart');
    expect(read(join(models, 'ACTIVE'))).toBe('1.2.0\n');
    expect(read(join(models, 'HISTORY'))).toMatch(/^\S+Z activate 1\.2\.0 from 1\.1\.0\n$/);

    const back = await model(['rollback', '--json']);
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({ active: '1.1.0', previous: '1.2.0', changed: true });
    expect(read(join(models, 'ACTIVE'))).toBe('1.1.0\n');

    const none = await model(['rollback']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/CONFLICT: nothing to roll back to/);
    expect(read(join(models, 'ACTIVE'))).toBe('1.1.0\n');
  });
});

// The synthetic training data of the trainer's own tests, small enough to train in seconds.
const WORDS: Record<SentimentClass, string[]> = {
  negative: ['buruk', 'kecewa', 'lambat', 'kasar', 'rusak', 'mengecewakan'],
  neutral: ['jadwal', 'informasi', 'alamat', 'kantor', 'besok', 'pendaftaran'],
  positive: ['bagus', 'senang', 'mantap', 'puas', 'ramah', 'memuaskan'],
};
const FILLER = ['pelayanan', 'petugas', 'rumah', 'sakit', 'antrean', 'hari', 'loket', 'warga'];

function texts(n: number, classes: SentimentClass[], seed: number): { text: string; label: SentimentClass }[] {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  return Array.from({ length: n }, (_, i) => {
    const label = classes[i % classes.length] as SentimentClass;
    const words = [pick(WORDS[label]), pick(FILLER), pick(WORDS[label]), pick(FILLER), `w${i}`];
    return { text: words.join(' '), label };
  });
}

function dataDir(): string {
  const dir = join(root, 'data');
  for (const sub of ['smsa', 'indolem-sentiment', 'inset']) mkdirSync(join(dir, sub), { recursive: true });
  const three: SentimentClass[] = ['negative', 'neutral', 'positive'];
  const tsv = (rows: { text: string; label: string }[]) => rows.map((r) => `${r.text}\t${r.label}`).join('\n');
  const csv = (rows: { text: string; label: string }[]) =>
    `sentence,sentiment\n${rows.map((r) => `"${r.text}",${r.label === 'positive' ? 1 : 0}`).join('\n')}\n`;
  writeFileSync(join(dir, 'smsa', 'train_preprocess.tsv'), tsv(texts(300, three, 1)));
  writeFileSync(join(dir, 'smsa', 'valid_preprocess.tsv'), tsv(texts(90, three, 2)));
  writeFileSync(join(dir, 'indolem-sentiment', 'train0.csv'), csv(texts(100, ['negative', 'positive'], 3)));
  writeFileSync(join(dir, 'indolem-sentiment', 'dev0.csv'), csv(texts(40, ['negative', 'positive'], 4)));
  writeFileSync(join(dir, 'inset', 'positive.tsv'), 'word\tweight\nbagus\t4\n');
  writeFileSync(join(dir, 'inset', 'negative.tsv'), 'word\tweight\nburuk\t-4\n');
  return dir;
}

interface TaskManifest {
  id: number;
  trainedLabels: number;
  heldOutLabels: number;
  trainedByLabel: Record<SentimentClass, number>;
  skipped: Record<string, number>;
  trainedPostIds: string[];
  heldOutPostIds: string[];
  heldOutEvaluation: { n: number; macroF1: number } | null;
  baseline: { version: string; report: { n: number; macroF1: number } } | null;
}

describe('pantau train --with-labels', () => {
  let testDb: TestDatabase;
  let handle: DatabaseHandle;
  let models: string;
  let data: string;
  let taskId: number;
  /** Gold label given to each post of the task (post id → label), and the posts left without a sentiment label. */
  const gold = new Map<string, SentimentClass>();
  const train = (args: string[]) =>
    runPantau(['train', '--out', models, '--data', data, '--seed', '7', ...args], { ...ENV, DATABASE_URL: testDb.url });

  beforeAll(async () => {
    ({ testDb, handle } = await migratedTestDatabase());
    data = dataDir();
    models = join(root, 'trained');
    // The model in place before: trained from the same data without labels, active.
    await trainModel({ dataDir: data, modelsDir: models, version: '1.0.0', seed: 7, activate: true });
    // 80 posts of the deployment in a word the shared data lacks ("parah" is negative here).
    const posts = Array.from({ length: 80 }, (_, i) => {
      const label = (['negative', 'neutral', 'positive'] as const)[i % 3] as SentimentClass;
      const text =
        label === 'negative' ? `antrean parah sekali ${i}` : label === 'neutral' ? `jadwal loket dibuka ${i}` : `petugas ramah ${i}`;
      return { i, label, text };
    });
    await writeAnalyzedBatch(handle.db, {
      modelVersion: '1.0.0',
      posts: posts.map(({ i, text }) =>
        makeAnalyzed(makePost({ externalId: String(1000 + i), text, publishedAt: '2026-11-10T01:00:00.000Z' }), { offset: i }),
      ),
      exclusions: [],
    });
    const task = await createAnnotationTask(handle.db, { name: 'November', from: '2026-11-10', to: '2026-11-10', size: 80, seed: 3 });
    taskId = task.id;
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    const ids = (await client.query<{ id: string; external_id: string }>('select id, external_id from posts')).rows;
    await client.end();
    const rows: { postId: number; annotator: string; label: AnnotationLabel; labelledAt: string }[] = [];
    for (const { id, external_id } of ids) {
      const i = Number(external_id) - 1000;
      const post = posts[i] as (typeof posts)[number];
      // Four posts are out of scope, four left unlabelled; the rest get their sentiment label.
      if (i >= 4 && i < 8) continue;
      const label: AnnotationLabel = i < 4 ? 'not_relevant' : post.label;
      if (i >= 8) gold.set(String(id), post.label);
      rows.push({ postId: Number(id), annotator: 'external:ana', label, labelledAt: '2026-11-20T01:00:00Z' });
    }
    await importLabels(handle.db, { taskId, rows });
  }, 120_000);
  afterAll(async () => {
    await handle?.close();
    await testDb?.drop();
  });

  it('writes the next version with the task labels, holds out a seeded share, activates it, and rolls back', async () => {
    const run = await train(['--with-labels', String(taskId)]);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('pantau:'))).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('model pantau-sentiment-id 1.0.1 written');
    expect(run.stdout).toContain('active model: 1.0.1 (was 1.0.0');

    const manifest = JSON.parse(read(join(models, '1.0.1', 'manifest.json')));
    const [task] = manifest.deploymentLabels.tasks as TaskManifest[];
    expect(task?.id).toBe(taskId);
    expect(task?.skipped).toEqual({ 'gold label not_relevant': 4, 'no gold label (unlabelled or disputed)': 4 });
    // Every sentiment gold label is used once: trained on, or held out; never both.
    const trained = new Set(task?.trainedPostIds);
    const heldOut = new Set(task?.heldOutPostIds);
    expect(trained.size + heldOut.size).toBe(gold.size);
    for (const id of heldOut) expect(trained.has(id)).toBe(false);
    expect(new Set([...trained, ...heldOut])).toEqual(new Set(gold.keys()));
    // The held-out posts are those the seeded hash of the post id picks, about a fifth of them.
    for (const id of gold.keys()) expect(heldOut.has(id)).toBe(isHeldOutPost(id, 7, 0.2));
    expect(heldOut.size).toBeGreaterThan(4);
    expect(heldOut.size).toBeLessThan(30);
    expect(task?.trainedLabels).toBe(trained.size);
    expect(task?.heldOutLabels).toBe(heldOut.size);
    expect(Object.values(task?.trainedByLabel ?? {}).reduce((a, b) => a + b, 0)).toBe(trained.size);
    expect(task?.heldOutEvaluation?.n).toBe(heldOut.size);
    expect(task?.baseline).toMatchObject({ version: '1.0.0', report: { n: heldOut.size } });
    // The labels were trained on: other weights than 1.0.0's, and better figures on the task's held-out posts.
    expect(manifest.sha256).not.toBe(JSON.parse(read(join(models, '1.0.0', 'manifest.json'))).sha256);
    expect(task?.heldOutEvaluation?.macroF1).toBeGreaterThan(task?.baseline?.report.macroF1 ?? 1);
    const card = read(join(models, '1.0.1', 'MODEL_CARD.md'));
    expect(card).toContain(`### Task ${taskId} "November" (2026-11-10 to 2026-11-10)`);
    expect(card).toContain(`- Held out: ${heldOut.size} (`);
    expect(card).toContain('## Held-out benchmark figures');

    expect(read(join(models, 'ACTIVE'))).toBe('1.0.1\n');
    const back = await runPantau(['model', 'rollback', '--models', models], ENV);
    expect(back.code).toBe(0);
    expect(read(join(models, 'ACTIVE'))).toBe('1.0.0\n');
    expect(read(join(models, 'HISTORY'))).toMatch(
      /activate 1\.0\.0\n.* activate 1\.0\.1 from 1\.0\.0\n.* rollback 1\.0\.0 from 1\.0\.1\n$/,
    );
  });

  it('trains nothing on the held-out labels: changing them leaves the weights as they were; an existing version is refused', async () => {
    const first = JSON.parse(read(join(models, '1.0.1', 'manifest.json')));
    const [task] = first.deploymentLabels.tasks as TaskManifest[];
    // Adjudicate every held-out post to another class: only the held-out figures may change.
    for (const id of task?.heldOutPostIds ?? []) {
      const label = gold.get(id) === 'negative' ? 'positive' : 'negative';
      await adjudicate(handle.db, { taskId, postId: Number(id), label, adjudicator: 'external:rev' });
    }
    const run = await train(['--with-labels', String(taskId), '--no-activate']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1.0.2 written');
    expect(run.stdout).toContain('not activated (--no-activate)');
    const second = JSON.parse(read(join(models, '1.0.2', 'manifest.json')));
    expect(second.sha256).toBe(first.sha256);
    const [again] = second.deploymentLabels.tasks as TaskManifest[];
    expect(again?.heldOutPostIds).toEqual(task?.heldOutPostIds);
    expect(again?.heldOutEvaluation?.macroF1).toBeLessThan((task?.heldOutEvaluation?.macroF1 ?? 0) - 0.2);
    expect(read(join(models, 'ACTIVE'))).toBe('1.0.0\n');

    const conflict = await train(['--with-labels', String(taskId), '--version', '1.0.1']);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toMatch(/CONFLICT: --version: model 1\.0\.1 already exists/);
    const missing = await train(['--with-labels', '999']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/NOT_FOUND: --with-labels: no annotation task 999/);
  });

  it('with --self-train adds at most the cap of confident pseudo-labels, only of posts no task sampled', async () => {
    // 40 posts outside the task (another day), unlabelled.
    await writeAnalyzedBatch(handle.db, {
      modelVersion: '1.0.0',
      posts: Array.from({ length: 40 }, (_, i) =>
        makeAnalyzed(
          makePost({
            externalId: String(5000 + i),
            text: i % 2 ? `petugas ramah bagus sekali ${i}` : `loket buruk kecewa lambat ${i}`,
            publishedAt: '2026-11-11T01:00:00.000Z',
          }),
          { offset: 100 + i, day: '2026-11-11' },
        ),
      ),
      exclusions: [],
    });
    const run = await train(['--with-labels', String(taskId), '--self-train', '--self-train-max', '10', '--no-activate']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/self-training: threshold 0\.\d+ .* 10 pseudo-labels of 40 candidates/);
    const manifest = JSON.parse(read(join(models, '1.0.3', 'manifest.json')));
    const self = manifest.selfTraining as { threshold: number; used: number; candidates: number; postIds: string[]; chosenOn: string };
    expect(self).toMatchObject({ used: 10, candidates: 40, chosenOn: 'smsa-train-dev' });
    expect(self.threshold).toBeGreaterThanOrEqual(0.5);
    const [task] = manifest.deploymentLabels.tasks as TaskManifest[];
    const taskPosts = new Set([...(task?.trainedPostIds ?? []), ...(task?.heldOutPostIds ?? []), ...gold.keys()]);
    expect(new Set(self.postIds).size).toBe(10);
    for (const id of self.postIds) expect(taskPosts.has(id)).toBe(false);
    // The pseudo-labels were trained on: other weights than the same run without them (1.0.2 had the same task labels).
    expect(manifest.sha256).not.toBe(JSON.parse(read(join(models, '1.0.2', 'manifest.json'))).sha256);
    expect(read(join(models, '1.0.3', 'MODEL_CARD.md'))).toContain("## Pseudo-labels of the deployment's unlabelled posts");
  });
});
