import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMOTION_CLASSES, type EmotionClass } from '@pantau/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend.ts';
import { seededRandom } from '../linear.ts';
import { loadSentimentModel, sha256File } from '../model.ts';
import { baselineGrid, EMOTION_BASELINE_SETTING, scoreBaseline, tuneBaseline } from './baseline.ts';
import { EMOT_FILES, readEmotionRows } from './data.ts';
import { compareEmotionHead } from './evaluate.ts';
import { chooseEmotionAbstainThreshold, fitEnsemble, fitMember, fitTemperatureK, logCountRatios, softmaxK } from './fit.ts';
import { evaluateEmotions } from './metrics.ts';
import { loadEmotionModel } from './model.ts';
import { scoresOf, trainSvm } from './svm.ts';
import { fitTfidf, termsOf } from './tfidf.ts';
import { type EmotionHyperparameters, emotionDevSplit, trainEmotionHead } from './train.ts';

const WORDS: Record<EmotionClass, string[]> = {
  anger: ['marah', 'kesal', 'benci', 'muak', 'geram'],
  fear: ['takut', 'khawatir', 'cemas', 'ngeri', 'panik'],
  happy: ['senang', 'bahagia', 'gembira', 'asyik', 'seru'],
  love: ['sayang', 'cinta', 'rindu', 'kangen', 'peluk'],
  sadness: ['sedih', 'kecewa', 'menangis', 'galau', 'hampa'],
};
const FILLER = ['hari', 'ini', 'aku', 'dia', 'kantor', 'rumah', 'teman', 'besok', 'kamu', 'lagi'];

/** Seeded EmoT-style rows: two words of the class, three filler words, sometimes a word of another class. */
function rows(n: number, seed: number): { label: EmotionClass; text: string }[] {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  return Array.from({ length: n }, (_, i) => {
    const label = EMOTION_CLASSES[i % 7 < 2 ? 0 : i % 5] as EmotionClass;
    const words = [pick(FILLER), pick(WORDS[label]), pick(FILLER), pick(WORDS[label]), pick(FILLER)];
    if (random() < 0.3) words.push(pick(WORDS[pick(EMOTION_CLASSES.filter((c) => c !== label))]));
    return { label, text: words.join(' ') };
  });
}

const csv = (list: { label: string; text: string }[]) => `label,tweet\n${list.map((r) => `${r.label},"${r.text}"`).join('\n')}\n`;

/** A cheap setting of the head (word unigrams only) so that training runs in seconds; sadness weighted as shipped. */
const FAST: EmotionHyperparameters = {
  preprocessing: 'text-1',
  blocks: [{ config: { wordNgrams: [1, 1], charNgrams: null, sublinearTf: true, minDf: 1 }, weight: 1 }],
  members: [
    { kind: 'nbsvm', C: 0.3, weight: 1, classWeights: [1, 1, 1, 1, 1.5] },
    { kind: 'svm', C: 0.3, weight: 1 },
  ],
  maxAbstainShareOnDev: 0.08,
};

let dataDir = '';
let modelsDir = '';
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'pantau-emot-'));
  mkdirSync(join(dataDir, 'emot'));
  writeFileSync(join(dataDir, EMOT_FILES.train), csv(rows(600, 1)));
  writeFileSync(join(dataDir, EMOT_FILES.heldOut), csv(rows(150, 2)));
  modelsDir = mkdtempSync(join(tmpdir(), 'pantau-emot-models-'));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(modelsDir, { recursive: true, force: true });
});

describe('emotion head pieces', () => {
  it('reads EmoT CSV rows and rejects an unknown emotion naming the line', () => {
    expect(readEmotionRows(join(dataDir, EMOT_FILES.train))).toHaveLength(600);
    const bad = join(dataDir, 'bad.csv');
    writeFileSync(bad, 'label,tweet\nanger,"kesal sekali"\nbored,"biasa saja"\n');
    expect(() => readEmotionRows(bad)).toThrow(/line 3: unknown emotion "bored"/);
  });

  it('computes TF-IDF as scikit-learn does: smooth idf, L2-normalized rows, a constant bias column', () => {
    const v = fitTfidf(['aku senang', 'aku sedih', 'senang senang sekali'], {
      wordNgrams: [1, 1],
      charNgrams: null,
      sublinearTf: false,
      minDf: 1,
    });
    expect([...v.vocabulary.keys()]).toEqual(['w:aku', 'w:sedih', 'w:sekali', 'w:senang']);
    expect(v.idf[0]).toBeCloseTo(Math.log(4 / 3) + 1, 10);
    expect(v.idf[1]).toBeCloseTo(Math.log(4 / 2) + 1, 10);
    const row = v.transform('senang senang aku');
    const tf = [1 * (Math.log(4 / 3) + 1), 2 * (Math.log(4 / 3) + 1)];
    const norm = Math.hypot(...tf);
    expect([...row.indices]).toEqual([0, 3, 4]);
    expect(row.values[0]).toBeCloseTo((tf[0] as number) / norm, 6);
    expect(row.values[1]).toBeCloseTo((tf[1] as number) / norm, 6);
    expect(row.values[2]).toBe(1);
    // Serving counts terms without building them: the same columns and counts as the terms training counted.
    const config = { wordNgrams: [1, 2] as [number, number], charNgrams: [2, 5] as [number, number], sublinearTf: false, minDf: 1 };
    const texts = ['Aku SENANG sekali!! hari ini', 'sedih... ditinggal teman', 'x', 'kamu kamu kamu sayang'];
    const both = fitTfidf(texts, config);
    for (const t of texts) {
      const counts = new Map<number, number>();
      for (const term of termsOf(t, config)) {
        const col = both.vocabulary.get(term) as number;
        counts.set(col, (counts.get(col) ?? 0) + 1);
      }
      const r = both.transform(t);
      expect([...r.indices].slice(0, -1)).toEqual([...counts.keys()].sort((a, b) => a - b));
      const raw = [...r.indices].slice(0, -1).map((c) => (counts.get(c) as number) * (both.idf[c] as number));
      const n = Math.hypot(...raw);
      raw.forEach((v, k) => {
        expect(r.values[k]).toBeCloseTo(v / n, 6);
      });
    }
  });

  it('fits a linear SVM that separates separable rows, the same weights for the same seed', () => {
    const data = rows(300, 3);
    const v = fitTfidf(
      data.map((r) => r.text),
      { wordNgrams: [1, 1], charNgrams: null, sublinearTf: true, minDf: 1 },
    );
    const x = data.map((r) => v.transform(r.text));
    const y = data.map((r) => EMOTION_CLASSES.indexOf(r.label));
    const w = trainSvm(x, y, v.dimension, 5, { C: 1, seed: 7 });
    const right = x.filter((r, i) => {
      const s = scoresOf(r, w, 5);
      return s.indexOf(Math.max(...s)) === y[i];
    }).length;
    expect(right / x.length).toBeGreaterThan(0.95);
    expect(Buffer.from(trainSvm(x, y, v.dimension, 5, { C: 1, seed: 7 }).buffer).equals(Buffer.from(w.buffer))).toBe(true);
    // NB log-count ratios: a word seen only in one class's rows leans toward that class.
    const ratios = logCountRatios(x, y, v.dimension);
    const marah = v.vocabulary.get('w:marah') as number;
    expect(ratios[0]?.[marah]).toBeGreaterThan(0);
    expect(ratios[2]?.[marah]).toBeLessThan(0);
    // The ensemble is one matrix: its scores are the members' scaled scores summed.
    const both = fitEnsemble(x, y, v.dimension, FAST.members, 7);
    expect(both).toHaveLength(v.dimension * 5);
  });

  it('weights a class, bags and mixes in logistic regression without changing the unweighted NB-SVM', () => {
    const data = rows(300, 4);
    const v = fitTfidf(
      data.map((r) => r.text),
      { wordNgrams: [1, 1], charNgrams: null, sublinearTf: true, minDf: 1 },
    );
    const x = data.map((r) => v.transform(r.text));
    const y = data.map((r) => EMOTION_CLASSES.indexOf(r.label));
    const bytes = (w: Float32Array) => Buffer.from(w.buffer, w.byteOffset, w.byteLength);
    const plain = fitEnsemble(x, y, v.dimension, [{ kind: 'nbsvm', C: 0.3, weight: 1 }], 7);
    // Weights of 1 everywhere and one bag are the plain fit, byte for byte (the shipped head's setting is unaffected).
    const ones = fitEnsemble(x, y, v.dimension, [{ kind: 'nbsvm', C: 0.3, weight: 1, classWeights: [1, 1, 1, 1, 1], bags: 1 }], 7);
    expect(bytes(ones).equals(bytes(plain))).toBe(true);
    // A heavier sadness weight refits only the sadness column (each one-vs-rest column is fitted apart), and pushes the
    // sadness rows further out on their side of the margin.
    const sad = EMOTION_CLASSES.indexOf('sadness');
    const member = { kind: 'nbsvm', C: 0.3, weight: 1 } as const;
    const base = fitMember(x, y, v.dimension, member, 7);
    const heavy = fitMember(x, y, v.dimension, { ...member, classWeights: [1, 1, 1, 1, 4] }, 7);
    const column = (w: Float32Array, c: number) => w.filter((_, i) => i % 5 === c);
    for (let c = 0; c < 5; c++) expect(bytes(column(heavy, c)).equals(bytes(column(base, c))), `class ${c}`).toBe(c !== sad);
    const sadMargin = (w: Float32Array) =>
      x.reduce((m, r, i) => m + (y[i] === sad ? (scoresOf(r, w, 5)[sad] as number) : 0), 0) / y.filter((l) => l === sad).length;
    expect(sadMargin(heavy)).toBeGreaterThan(sadMargin(base));
    // Bagging: deterministic for a seed, different from the plain fit, still a working classifier.
    const bagged = fitEnsemble(x, y, v.dimension, [{ kind: 'nbsvm', C: 0.3, weight: 1, bags: 3 }], 7);
    const again = fitEnsemble(x, y, v.dimension, [{ kind: 'nbsvm', C: 0.3, weight: 1, bags: 3 }], 7);
    expect(bytes(bagged).equals(bytes(again))).toBe(true);
    expect(bytes(bagged).equals(bytes(plain))).toBe(false);
    const lr = fitEnsemble(x, y, v.dimension, [{ kind: 'lr', C: 10, weight: 1 }], 7);
    for (const w of [bagged, lr]) {
      const right = x.filter((r, i) => {
        const s = scoresOf(r, w, 5);
        return s.indexOf(Math.max(...s)) === y[i];
      }).length;
      expect(right / x.length).toBeGreaterThan(0.9);
    }
  });

  it('chooses temperature by likelihood and the abstain threshold by its budget', () => {
    const scores = [Float64Array.from([2, 0, 0, 0, 0]), Float64Array.from([0, 2, 0, 0, 0]), Float64Array.from([2, 0, 0, 0, 0])];
    // Two of three confident rows right, one wrong: a temperature above the smallest spreads the probabilities.
    const t = fitTemperatureK(scores, [0, 1, 1]);
    expect(t).toBeGreaterThan(0.5);
    expect(softmaxK([1, 1, 1, 1, 1], 1)).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]);
    expect(chooseEmotionAbstainThreshold([0.9, 0.8, 0.5, 0.3], 0.25)).toBe(0.5);
    expect(chooseEmotionAbstainThreshold([0.9, 0.8, 0.5, 0.3], 0)).toBe(0.3);
    expect(chooseEmotionAbstainThreshold([0.1, 0.1], 0)).toBe(0.2);
  });

  it('scores abstained rows by their most likely class and reports the abstain rate apart', () => {
    const r = evaluateEmotions([
      { gold: 'anger', predicted: 'anger', confidence: 0.9, abstained: false },
      { gold: 'fear', predicted: 'anger', confidence: 0.25, abstained: true },
      { gold: 'love', predicted: 'love', confidence: 0.6, abstained: false },
      { gold: 'happy', predicted: 'happy', confidence: 0.7, abstained: false },
    ]);
    expect(r.n).toBe(4);
    expect(r.accuracy).toBe(0.75);
    expect(r.abstainRate).toBe(0.25);
    expect(r.answeredAccuracy).toBe(1);
    expect(r.confusion.fear.anger).toBe(1);
  });
});

describe('trainEmotionHead and pantau eval --emotions', () => {
  it('writes the head deterministically, chooses on the dev split and scores the held-out file through the serving path', async () => {
    const a = join(modelsDir, 'a');
    const b = join(modelsDir, 'b');
    const first = await trainEmotionHead({ dataDir, modelDir: a, seed: 7, hyperparameters: FAST });
    const second = await trainEmotionHead({ dataDir, modelDir: b, seed: 7, hyperparameters: FAST });
    expect(second.manifest.sha256).toBe(first.manifest.sha256);
    for (const f of ['weights.bin', 'idf.bin', 'vocabulary.json', 'model.json']) {
      expect(sha256File(join(b, 'emotion', f)), f).toBe(sha256File(join(a, 'emotion', f)));
    }
    const other = await trainEmotionHead({ dataDir, modelDir: join(modelsDir, 'c'), seed: 8, hyperparameters: FAST });
    expect(other.manifest.sha256).not.toBe(first.manifest.sha256);

    const split = emotionDevSplit(dataDir, 7);
    expect(first.dev.n).toBe(split.dev.length);
    expect(first.dev.n).toBe(91);
    expect(first.heldOut.n).toBe(150);
    expect(first.heldOut.macroF1).toBeGreaterThan(0.8);
    expect(first.manifest.evaluation).toEqual([expect.objectContaining({ dataset: 'emot-valid', heldOut: true, n: 150 })]);
    expect(first.manifest.development).toEqual([expect.objectContaining({ dataset: 'emot-train-dev', heldOut: false, n: 91 })]);
    expect(first.manifest.files['weights.bin']).toBe(first.manifest.sha256);
    expect(readFileSync(join(a, 'emotion', 'MODEL_CARD.md'), 'utf8')).toContain('EmoT valid (held-out benchmark)');

    const head = loadEmotionModel(a, await selectBackend());
    const [p] = await head.predict(['aku marah kesal benci sekali sama dia']);
    expect(p?.probabilities.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    expect(p?.label).toBe('anger');
    // The serving path scores the held-out rows as training reported them.
    const comparison = await compareEmotionHead(head, { dataDir, grid: baselineGrid({ small: true }) });
    expect(comparison.head.heldOut.macroF1).toBeCloseTo(first.heldOut.macroF1, 10);
    expect(comparison.head.dev.macroF1).toBeCloseTo(first.dev.macroF1, 6);
    expect(comparison.devSplit).toEqual({ seed: 7, trainRows: 509, devRows: 91 });
    // The baseline is tuned on the dev split only: its choice is the best of the grid there.
    const tuned = tuneBaseline(split.train, split.dev, baselineGrid({ small: true }), 7);
    expect(comparison.baseline.chosen).toEqual(tuned.chosen.setting);
    expect(Math.max(...comparison.baseline.grid.map((g) => g.devMacroF1))).toBeCloseTo(comparison.baseline.dev.macroF1, 10);
    expect(comparison.baseline.heldOut).toEqual(scoreBaseline(tuned.chosen, readEmotionRows(join(dataDir, EMOT_FILES.heldOut))));
    // Without a grid, the baseline is the setting cross-validation chose, one of the 40 of the grid, fitted on the head's rows.
    expect(baselineGrid()).toContainEqual(EMOTION_BASELINE_SETTING);
    const fixed = await compareEmotionHead(head, { dataDir });
    expect(fixed.baseline.chosen).toEqual(EMOTION_BASELINE_SETTING);
    expect(fixed.baseline.grid).toHaveLength(1);
    expect(fixed.head.heldOut).toEqual(comparison.head.heldOut);
    head.dispose();
  }, 240_000);

  it('ships an emotion head beside the active sentiment model that loads with its checksum and abstains by its rule', async () => {
    const model = await loadSentimentModel();
    const head = model.emotion;
    expect(head?.manifest.name).toBe('pantau-emotion-id');
    expect(head?.manifest.evaluation[0]).toMatchObject({ dataset: 'emot-valid', heldOut: true, n: 440 });
    const predictions = await head?.predict([
      '',
      'Aku sayang banget sama kamu, kangen peluk',
      'Kesel banget sama pelayanan yang lambat dan kasar!',
    ]);
    for (const p of predictions ?? []) {
      expect(p.probabilities.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
      expect(p.label === 'uncertain').toBe(p.confidence < (head?.manifest.abstainThreshold ?? 0));
    }
    expect(predictions?.[1]?.label).toBe('love');
    expect(predictions?.[2]?.label).toBe('anger');
    model.dispose();
  });
});
