import { SENTIMENT_CLASSES, type SentimentClass } from '@pantau/contracts';
import { seededRandom } from './linear.ts';

/** Precision, recall, F1 and support of one class. */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Everything `pantau eval` reports. */
export interface EvaluationReport {
  n: number;
  accuracy: number;
  macroF1: number;
  macroF1CI: [number, number];
  perClass: Partial<Record<SentimentClass, ClassScores>>;
  /** confusion[gold][predicted] counts. */
  confusion: Partial<Record<SentimentClass, Partial<Record<SentimentClass, number>>>>;
  ece: number;
  abstainRate: number;
  answeredAccuracy: number | null;
  binary: boolean;
}

/** One scored row: gold class, predicted class, confidence of the prediction, and whether the model abstained. */
export interface ScoredRow {
  gold: SentimentClass;
  predicted: SentimentClass;
  confidence: number;
  abstained: boolean;
}

/** Macro-F1 over the given classes (a class with no gold and no predicted rows counts as F1 0). */
export function macroF1<C extends string = SentimentClass>(rows: readonly { gold: C; predicted: C }[], classes: readonly C[]): number {
  let sum = 0;
  for (const c of classes) sum += classScores(rows, c).f1;
  return classes.length > 0 ? sum / classes.length : 0;
}

/** Precision, recall, F1 and support of one class (any class names). */
export function classScores<C extends string = SentimentClass>(rows: readonly { gold: C; predicted: C }[], c: C): ClassScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const r of rows) {
    if (r.predicted === c && r.gold === c) tp++;
    else if (r.predicted === c) fp++;
    else if (r.gold === c) fn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0, support: tp + fn };
}

/** Expected calibration error over equal-width confidence bins (15 by default). */
export function expectedCalibrationError<C extends string = SentimentClass>(
  rows: readonly { gold: C; predicted: C; confidence: number }[],
  bins = 15,
): number {
  if (rows.length === 0) return 0;
  const count = new Array<number>(bins).fill(0);
  const correct = new Array<number>(bins).fill(0);
  const confidence = new Array<number>(bins).fill(0);
  for (const r of rows) {
    const b = Math.min(bins - 1, Math.floor(r.confidence * bins));
    count[b] = (count[b] as number) + 1;
    correct[b] = (correct[b] as number) + (r.gold === r.predicted ? 1 : 0);
    confidence[b] = (confidence[b] as number) + r.confidence;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const n = count[b] as number;
    if (n > 0) ece += (n / rows.length) * Math.abs((correct[b] as number) / n - (confidence[b] as number) / n);
  }
  return ece;
}

/** Percentile bootstrap 95% interval of macro-F1 (seeded, so the same rows give the same interval). */
export function bootstrapMacroF1<C extends string = SentimentClass>(
  rows: readonly { gold: C; predicted: C }[],
  classes: readonly C[],
  options: { resamples?: number; seed?: number } = {},
): [number, number] {
  const resamples = options.resamples ?? 1000;
  const random = seededRandom(options.seed ?? 12345);
  const scores: number[] = [];
  const sample = new Array<{ gold: C; predicted: C }>(rows.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < rows.length; i++) sample[i] = rows[Math.floor(random() * rows.length)] as { gold: C; predicted: C };
    scores.push(macroF1(sample, classes));
  }
  scores.sort((a, b) => a - b);
  return [scores[Math.floor(0.025 * (resamples - 1))] as number, scores[Math.ceil(0.975 * (resamples - 1))] as number];
}

/**
 * Scores predictions against gold labels. Accuracy, macro-F1, per-class scores, confusion and ECE count every row
 * (an abstained row is scored by its most likely class); abstain rate and answered accuracy describe the abstain rule.
 */
export function evaluate(rows: readonly ScoredRow[], options: { binary: boolean; bootstrapSeed?: number }): EvaluationReport {
  const classes: readonly SentimentClass[] = options.binary ? ['negative', 'positive'] : SENTIMENT_CLASSES;
  const perClass: EvaluationReport['perClass'] = {};
  const confusion: EvaluationReport['confusion'] = {};
  for (const c of classes) {
    perClass[c] = classScores(rows, c);
    confusion[c] = Object.fromEntries(classes.map((p) => [p, rows.filter((r) => r.gold === c && r.predicted === p).length]));
  }
  const answered = rows.filter((r) => !r.abstained);
  return {
    n: rows.length,
    accuracy: rows.length > 0 ? rows.filter((r) => r.gold === r.predicted).length / rows.length : 0,
    macroF1: macroF1(rows, classes),
    macroF1CI: bootstrapMacroF1(rows, classes, { seed: options.bootstrapSeed ?? 12345 }),
    perClass,
    confusion,
    ece: expectedCalibrationError(rows),
    abstainRate: rows.length > 0 ? (rows.length - answered.length) / rows.length : 0,
    answeredAccuracy: answered.length > 0 ? answered.filter((r) => r.gold === r.predicted).length / answered.length : null,
    binary: options.binary,
  };
}
