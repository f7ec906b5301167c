import type { SparseFeatures } from '../features.ts';
import { seededRandom } from '../linear.ts';

/** Options of the one-vs-rest linear SVM. */
export interface SvmOptions {
  /** Inverse regularization strength (scikit-learn's / liblinear's C). */
  C: number;
  seed: number;
  /** Per-class multiplier of C for that class's positive rows (class weights); default 1 each. */
  classWeights?: readonly number[];
  /** Stop when the projected-gradient spread of an epoch falls below this (liblinear's default 0.1). */
  tolerance?: number;
  maxEpochs?: number;
  /** Train only this class's column (the others stay 0), for per-class features such as NB-scaled rows. */
  only?: number;
}

/**
 * One-vs-rest L2-regularized squared-hinge linear SVM (LinearSVC's defaults), trained by dual coordinate descent
 * (Hsieh et al. 2008, as liblinear): exact, deterministic for a seed. Weights laid out [column * classes + class].
 */
export function trainSvm(
  rows: readonly SparseFeatures[],
  labels: readonly number[],
  dimension: number,
  classes: number,
  options: SvmOptions,
): Float32Array {
  const out = new Float32Array(dimension * classes);
  const tolerance = options.tolerance ?? 0.1;
  const maxEpochs = options.maxEpochs ?? 1000;
  const squaredNorm = rows.map((r) => {
    let s = 0;
    for (const v of r.values) s += v * v;
    return s;
  });
  for (let c = 0; c < classes; c++) {
    if (options.only !== undefined && options.only !== c) continue;
    const w = new Float64Array(dimension);
    const alpha = new Float64Array(rows.length);
    const random = seededRandom(options.seed + c);
    const order = rows.map((_, i) => i);
    const cPositive = options.C * (options.classWeights?.[c] ?? 1);
    for (let epoch = 0; epoch < maxEpochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      let maxPG = Number.NEGATIVE_INFINITY;
      let minPG = Number.POSITIVE_INFINITY;
      for (const i of order) {
        const { indices, values } = rows[i] as SparseFeatures;
        const y = labels[i] === c ? 1 : -1;
        const diag = 0.5 / (y > 0 ? cPositive : options.C);
        let dot = 0;
        for (let k = 0; k < indices.length; k++) dot += (w[indices[k] as number] as number) * (values[k] as number);
        const a = alpha[i] as number;
        const g = y * dot - 1 + diag * a;
        const pg = a === 0 ? Math.min(g, 0) : g;
        maxPG = Math.max(maxPG, pg);
        minPG = Math.min(minPG, pg);
        if (pg !== 0) {
          const next = Math.max(a - g / ((squaredNorm[i] as number) + diag), 0);
          const step = (next - a) * y;
          alpha[i] = next;
          for (let k = 0; k < indices.length; k++)
            w[indices[k] as number] = (w[indices[k] as number] as number) + step * (values[k] as number);
        }
      }
      if (maxPG - minPG < tolerance) break;
    }
    for (let d = 0; d < dimension; d++) out[d * classes + c] = w[d] as number;
  }
  return out;
}

/** Scores of one row under weights laid out [column * classes + class]. */
export function scoresOf(row: SparseFeatures, weights: Float32Array, classes: number, out = new Float64Array(classes)): Float64Array {
  out.fill(0);
  for (let k = 0; k < row.indices.length; k++) {
    const base = (row.indices[k] as number) * classes;
    const v = row.values[k] as number;
    for (let c = 0; c < classes; c++) out[c] = (out[c] as number) + v * (weights[base + c] as number);
  }
  return out;
}

/**
 * Multinomial logistic regression (softmax, L2) by AdaGrad, in a seeded order: the same seed gives the same weights.
 * Weights laid out [column * classes + class].
 */
export function trainSoftmax(
  rows: readonly SparseFeatures[],
  labels: readonly number[],
  dimension: number,
  classes: number,
  options: { epochs: number; learningRate: number; l2: number; seed: number; classWeights?: readonly number[] },
): Float32Array {
  const weights = new Float32Array(dimension * classes);
  const squares = new Float32Array(dimension * classes).fill(1e-8);
  const random = seededRandom(options.seed);
  const order = rows.map((_, i) => i);
  const logits = new Float64Array(classes);
  const p = new Float64Array(classes);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const lr = options.learningRate / (1 + 0.1 * epoch);
    for (const i of order) {
      const row = rows[i] as SparseFeatures;
      const label = labels[i] as number;
      const weight = options.classWeights?.[label] ?? 1;
      scoresOf(row, weights, classes, logits);
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < classes; c++) max = Math.max(max, logits[c] as number);
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        p[c] = Math.exp((logits[c] as number) - max);
        sum += p[c] as number;
      }
      for (let c = 0; c < classes; c++) {
        const error = ((p[c] as number) / sum - (label === c ? 1 : 0)) * weight;
        for (let k = 0; k < row.indices.length; k++) {
          const at = (row.indices[k] as number) * classes + c;
          const g = error * (row.values[k] as number) + options.l2 * (weights[at] as number);
          squares[at] = (squares[at] as number) + g * g;
          weights[at] = (weights[at] as number) - (lr * g) / Math.sqrt(squares[at] as number);
        }
      }
    }
  }
  return weights;
}
