import { EMOTION_CLASSES } from '@pantau/contracts';
import type { SparseFeatures } from '../features.ts';
import { EMOTION_INDEX, type EmotionRow } from './data.ts';
import { type EmotionEvaluation, evaluateEmotions, macroF1OfIndices } from './metrics.ts';
import { scoresOf, trainSvm } from './svm.ts';
import { fitTfidf, type TfidfConfig } from './tfidf.ts';

const K = EMOTION_CLASSES.length;

/** One setting of the baseline: TF-IDF features (raw text, as scikit-learn's TfidfVectorizer) and the SVM's C. */
export interface BaselineSetting {
  name: string;
  config: TfidfConfig;
  C: number;
}

/** The baseline's grid: n-gram ranges (words, characters within word boundaries, both), sublinear tf or not, and C. */
export function baselineGrid(options: { small?: boolean } = {}): BaselineSetting[] {
  const features: [string, Omit<TfidfConfig, 'sublinearTf'>][] = options.small
    ? [['word 1-1', { wordNgrams: [1, 1], charNgrams: null, minDf: 1 }]]
    : [
        ['word 1-1', { wordNgrams: [1, 1], charNgrams: null, minDf: 1 }],
        ['word 1-2', { wordNgrams: [1, 2], charNgrams: null, minDf: 1 }],
        ['word 1-3', { wordNgrams: [1, 3], charNgrams: null, minDf: 1 }],
        ['char_wb 2-5', { wordNgrams: null, charNgrams: [2, 5], minDf: 1 }],
        ['word 1-2 + char_wb 2-5', { wordNgrams: [1, 2], charNgrams: [2, 5], minDf: 1 }],
      ];
  const cs = options.small ? [0.3, 1] : [0.1, 0.3, 1, 3];
  const out: BaselineSetting[] = [];
  for (const [name, f] of features)
    for (const sublinearTf of options.small ? [false] : [false, true])
      for (const C of cs) out.push({ name: `${name}${sublinearTf ? ', sublinear tf' : ''}`, config: { ...f, sublinearTf }, C });
  return out;
}

/**
 * The baseline's setting chosen by the head's protocol: the highest mean macro-F1 of the 40 settings of `baselineGrid()`
 * in repeated stratified 5-fold cross-validation on EmoT train (seeds 1 and 2), by `scripts/experiment-emotion-cv.ts`.
 */
export const EMOTION_BASELINE_SETTING: BaselineSetting = {
  name: 'word 1-2 + char_wb 2-5, sublinear tf',
  config: { wordNgrams: [1, 2], charNgrams: [2, 5], sublinearTf: true, minDf: 1 },
  C: 1,
};

/** A fitted baseline: its setting, and the most likely class of a text. */
export interface FittedBaseline {
  setting: BaselineSetting;
  predict(texts: readonly string[]): number[];
}

const argmax = (s: ArrayLike<number>) => {
  let b = 0;
  for (let c = 1; c < s.length; c++) if ((s[c] as number) > (s[b] as number)) b = c;
  return b;
};

/** Fits the baseline (TF-IDF on the training texts, one-vs-rest linear SVM) for one setting. */
export function fitBaseline(train: readonly EmotionRow[], setting: BaselineSetting, seed: number): FittedBaseline {
  const tfidf = fitTfidf(
    train.map((r) => r.text),
    setting.config,
  );
  const rows: SparseFeatures[] = train.map((r) => tfidf.transform(r.text));
  const weights = trainSvm(
    rows,
    train.map((r) => EMOTION_INDEX[r.label]),
    tfidf.dimension,
    K,
    { C: setting.C, seed },
  );
  return { setting, predict: (texts) => texts.map((t) => argmax(scoresOf(tfidf.transform(t), weights, K))) };
}

/** The tuned baseline: every setting of the grid scored on the dev rows, the best (first on ties) refitted. */
export interface TunedBaseline {
  grid: { setting: BaselineSetting; devMacroF1: number }[];
  chosen: FittedBaseline;
}

/** Tunes the baseline on the dev split only: fit on the train part, choose by dev macro-F1. */
export function tuneBaseline(
  train: readonly EmotionRow[],
  dev: readonly EmotionRow[],
  grid: readonly BaselineSetting[],
  seed: number,
): TunedBaseline {
  const gold = dev.map((r) => EMOTION_INDEX[r.label]);
  const scored: TunedBaseline['grid'] = [];
  let best: { fitted: FittedBaseline; f1: number } | null = null;
  for (const setting of grid) {
    const fitted = fitBaseline(train, setting, seed);
    const f1 = macroF1OfIndices(gold, fitted.predict(dev.map((r) => r.text)));
    scored.push({ setting, devMacroF1: f1 });
    if (!best || f1 > best.f1) best = { fitted, f1 };
  }
  if (!best) throw new RangeError('empty baseline grid');
  return { grid: scored, chosen: best.fitted };
}

/** Scores a fitted baseline on labelled rows (no probabilities: no ECE, no abstaining). */
export function scoreBaseline(baseline: FittedBaseline, rows: readonly EmotionRow[]): EmotionEvaluation {
  const predicted = baseline.predict(rows.map((r) => r.text));
  return evaluateEmotions(
    rows.map((r, i) => ({ gold: r.label, predicted: EMOTION_CLASSES[predicted[i] as number] ?? 'anger', confidence: 1, abstained: false })),
    { calibrated: false },
  );
}
