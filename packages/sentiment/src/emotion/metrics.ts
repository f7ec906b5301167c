import { EMOTION_CLASSES, type EmotionClass } from '@pantau/contracts';
import { bootstrapMacroF1, type ClassScores, classScores, expectedCalibrationError, macroF1 } from '../metrics.ts';

/** One scored emotion row: gold, most likely class, its probability, and whether the abstain rule held the label back. */
export interface EmotionScoredRow {
  gold: EmotionClass;
  predicted: EmotionClass;
  confidence: number;
  abstained: boolean;
}

/** Everything `pantau eval --emotions` reports for one set. */
export interface EmotionEvaluation {
  n: number;
  accuracy: number;
  macroF1: number;
  macroF1CI: [number, number];
  perClass: Record<EmotionClass, ClassScores>;
  /** confusion[gold][predicted] counts. */
  confusion: Record<EmotionClass, Record<EmotionClass, number>>;
  /** Expected calibration error (15 bins); null for a scorer without probabilities (the SVM baseline). */
  ece: number | null;
  abstainRate: number;
  answeredAccuracy: number | null;
  binary: false;
}

/**
 * Scores emotion predictions as `evaluate` scores sentiment: every row counts in accuracy, macro-F1 (five classes) and
 * the confusion by its most likely class; abstain rate and answered accuracy describe the abstain rule.
 */
export function evaluateEmotions(rows: readonly EmotionScoredRow[], options: { calibrated?: boolean } = {}): EmotionEvaluation {
  const perClass = Object.fromEntries(EMOTION_CLASSES.map((c) => [c, classScores(rows, c)])) as Record<EmotionClass, ClassScores>;
  const confusion = Object.fromEntries(
    EMOTION_CLASSES.map((g) => [
      g,
      Object.fromEntries(EMOTION_CLASSES.map((p) => [p, rows.filter((r) => r.gold === g && r.predicted === p).length])),
    ]),
  ) as Record<EmotionClass, Record<EmotionClass, number>>;
  const answered = rows.filter((r) => !r.abstained);
  return {
    n: rows.length,
    accuracy: rows.length > 0 ? rows.filter((r) => r.gold === r.predicted).length / rows.length : 0,
    macroF1: macroF1(rows, EMOTION_CLASSES),
    macroF1CI: bootstrapMacroF1(rows, EMOTION_CLASSES, { seed: 12345 }),
    perClass,
    confusion,
    ece: options.calibrated === false ? null : expectedCalibrationError(rows),
    abstainRate: rows.length > 0 ? (rows.length - answered.length) / rows.length : 0,
    answeredAccuracy: answered.length > 0 ? answered.filter((r) => r.gold === r.predicted).length / answered.length : null,
    binary: false,
  };
}

/** Macro-F1 of class indices (the fast path of the hyper-parameter searches). */
export function macroF1OfIndices(gold: readonly number[], predicted: readonly number[]): number {
  return macroF1(
    gold.map((g, i) => ({ gold: String(g), predicted: String(predicted[i]) })),
    EMOTION_CLASSES.map((_, i) => String(i)),
  );
}
