import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SentimentClass } from '@pantau/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixtures } from './fixtures.ts';
import { seededRandom } from './linear.ts';
import { loadSentimentModel } from './model.ts';
import { scoreModel } from './score.ts';
import { carveDevSplit } from './split.ts';
import { DEV_SHARE, HELD_OUT_ROLE, readTrainingSets, type TrainResult, trainModel } from './train.ts';

const WORDS: Record<SentimentClass, string[]> = {
  negative: ['buruk', 'kecewa', 'lambat', 'kasar', 'rusak', 'mengecewakan'],
  neutral: ['jadwal', 'informasi', 'alamat', 'kantor', 'besok', 'pendaftaran'],
  positive: ['bagus', 'senang', 'mantap', 'puas', 'ramah', 'memuaskan'],
};
const FILLER = ['pelayanan', 'petugas', 'rumah', 'sakit', 'antrean', 'hari', 'loket', 'warga'];

/** Seeded texts of a class: two words of the class, two filler words, and now and then a word of another class. */
function texts(n: number, classes: SentimentClass[], seed: number): { text: string; label: SentimentClass }[] {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  return Array.from({ length: n }, (_, i) => {
    // Unbalanced classes, as in SmSA: stratification has something to keep.
    const label = classes[i % 5 === 0 ? 0 : i % 5 < 3 ? (classes.length > 2 ? 1 : 0) : classes.length - 1] as SentimentClass;
    const words = [pick(WORDS[label]), pick(FILLER), pick(WORDS[label]), pick(FILLER)];
    if (random() < 0.25) words.push(pick(WORDS[pick(classes.filter((c) => c !== label))]));
    return { text: words.join(' '), label };
  });
}

const tsv = (rows: { text: string; label: SentimentClass }[]) => rows.map((r) => `${r.text}\t${r.label}`).join('\n');
const csv = (rows: { text: string; label: SentimentClass }[]) =>
  `sentence,sentiment\n${rows.map((r) => `"${r.text}",${r.label === 'positive' ? 1 : 0}`).join('\n')}\n`;
const flip = (rows: { text: string; label: SentimentClass }[]) =>
  rows.map((r) => ({
    ...r,
    label: (r.label === 'positive' ? 'negative' : r.label === 'negative' ? 'positive' : 'neutral') as SentimentClass,
  }));

/** A data folder shaped like ../shared/data; `heldOutFlipped` swaps negative and positive in the held-out sets only. */
function dataDir(root: string, heldOutFlipped: boolean): string {
  const dir = join(root, heldOutFlipped ? 'data-flipped' : 'data');
  for (const sub of ['smsa', 'indolem-sentiment', 'inset']) mkdirSync(join(dir, sub), { recursive: true });
  const three: SentimentClass[] = ['negative', 'neutral', 'positive'];
  const two: SentimentClass[] = ['negative', 'positive'];
  const valid = texts(120, three, 2);
  const dev0 = texts(60, two, 4);
  writeFileSync(join(dir, 'smsa', 'train_preprocess.tsv'), tsv(texts(400, three, 1)));
  writeFileSync(join(dir, 'smsa', 'valid_preprocess.tsv'), tsv(heldOutFlipped ? flip(valid) : valid));
  writeFileSync(join(dir, 'indolem-sentiment', 'train0.csv'), csv(texts(150, two, 3)));
  writeFileSync(join(dir, 'indolem-sentiment', 'dev0.csv'), csv(heldOutFlipped ? flip(dev0) : dev0));
  writeFileSync(join(dir, 'inset', 'positive.tsv'), 'word\tweight\nbagus\t4\nsenang\t3\n');
  writeFileSync(join(dir, 'inset', 'negative.tsv'), 'word\tweight\nburuk\t-4\nkecewa\t-3\n');
  return dir;
}

describe('the dev split', () => {
  const rows = texts(403, ['negative', 'neutral', 'positive'], 9).map((r, i) => ({ ...r, line: i + 1 }));

  it('is carved from the given rows, disjoint from the rest, and stratified by label', () => {
    const { train, dev } = carveDevSplit(rows, { share: DEV_SHARE, seed: 7 });
    expect(train.length + dev.length).toBe(rows.length);
    expect(new Set([...train, ...dev].map((r) => r.line)).size).toBe(rows.length);
    for (const label of ['negative', 'neutral', 'positive'] as const) {
      const all = rows.filter((r) => r.label === label).length;
      expect(dev.filter((r) => r.label === label).length).toBe(Math.round(DEV_SHARE * all));
    }
  });

  it('is the same for the same seed and another for another seed', () => {
    const lines = (seed: number) => carveDevSplit(rows, { share: DEV_SHARE, seed }).dev.map((r) => r.line);
    expect(lines(7)).toEqual(lines(7));
    expect(lines(8)).not.toEqual(lines(7));
  });

  it('comes only from the training files', () => {
    const root = mkdtempSync(join(tmpdir(), 'pantau-split-'));
    try {
      const dir = dataDir(root, false);
      const sets = readTrainingSets(dir, { seed: 7, lexiconMinAbsWeight: 2 });
      const trainTexts = new Set(readFixtures(join(dir, 'smsa', 'train_preprocess.tsv')).map((r) => r.text));
      expect(sets.smsa.dev.length).toBeGreaterThan(0);
      for (const r of sets.smsa.dev) expect(trainTexts.has(r.text)).toBe(true);
      expect(sets.smsa.dev.length + sets.smsa.train.length).toBe(400);
      expect(sets.indolem.dev.length + sets.indolem.train.length).toBe(150);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('training', () => {
  let root: string;
  let honest: TrainResult;
  let flipped: TrainResult;
  let again: TrainResult;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'pantau-train-'));
    const train = (data: string, modelsDir: string) =>
      trainModel({ dataDir: data, modelsDir: join(root, modelsDir), version: 't', seed: 7, activate: false });
    honest = await train(dataDir(root, false), 'models-a');
    again = await train(join(root, 'data'), 'models-b');
    flipped = await train(dataDir(root, true), 'models-c');
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('chooses nothing on the held-out sets: changing their labels changes no weight, temperature or threshold', () => {
    expect(flipped.manifest.sha256).toBe(honest.manifest.sha256);
    expect(flipped.manifest.temperature).toBe(honest.manifest.temperature);
    expect(flipped.manifest.abstainThreshold).toBe(honest.manifest.abstainThreshold);
    expect(flipped.dev).toEqual(honest.dev);
    // The held-out sets were scored: with their labels swapped the benchmark figures collapse.
    const f1 = (r: TrainResult) => r.heldOut.map((h) => h.report.macroF1);
    for (const [i, value] of f1(honest).entries()) expect(value - (f1(flipped)[i] as number)).toBeGreaterThan(0.3);
  });

  it('rebuilds the same weights for the same seed and data', () => {
    expect(again.manifest.sha256).toBe(honest.manifest.sha256);
    expect(readFileSync(join(again.dir, 'model.json'), 'utf8')).toBe(readFileSync(join(honest.dir, 'model.json'), 'utf8'));
  });

  it('records which set chose what, and quotes only held-out figures as the evaluation', () => {
    const m = honest.manifest;
    expect(m.evaluation.map((e) => [e.dataset, e.heldOut, e.role])).toEqual([
      ['smsa-valid', true, HELD_OUT_ROLE],
      ['indolem-dev0', true, HELD_OUT_ROLE],
    ]);
    expect(m.evaluation.map((e) => e.n)).toEqual([120, 60]);
    for (const e of m.evaluation) expect(e.macroF1CI?.[0]).toBeLessThanOrEqual(e.macroF1);
    const choices = m.choices as Record<string, { chosenOn: unknown; value?: number }>;
    expect(choices.temperature).toMatchObject({ chosenOn: 'smsa-train-dev', value: m.temperature });
    expect(choices.abstainThreshold).toMatchObject({ chosenOn: 'smsa-train-dev', value: m.abstainThreshold });
    expect(choices.hyperparameters?.chosenOn).toEqual(['smsa-train-dev', 'indolem-train0-dev']);
    expect((m.development as { heldOut: boolean; n: number }[]).map((d) => [d.heldOut, d.n])).toEqual([
      [false, honest.dev[0]?.report.n],
      [false, honest.dev[1]?.report.n],
    ]);
    expect(readFileSync(join(honest.dir, 'MODEL_CARD.md'), 'utf8')).toContain('## Held-out benchmark figures');
  });

  it('scores the held-out sets as `pantau eval` does, on the written model', async () => {
    const model = await loadSentimentModel({ modelDir: honest.dir });
    try {
      const valid = await scoreModel(model, readFixtures(join(root, 'data', 'smsa', 'valid_preprocess.tsv')));
      expect(honest.heldOut[0]?.report).toEqual(valid);
      expect(model.disclosure().evaluation).toEqual(honest.manifest.evaluation);
    } finally {
      model.dispose();
    }
  });
});
