import { EMOTION_CLASSES } from '@pantau/contracts';
import type { SparseFeatures } from '../features.ts';
import { seededRandom } from '../linear.ts';
import { scoresOf, trainSoftmax, trainSvm } from './svm.ts';

const K = EMOTION_CLASSES.length;

/**
 * One member of the emotion head: a one-vs-rest linear SVM on the TF-IDF rows, on NB-scaled rows (NB-SVM), or a
 * multinomial logistic regression (`lr`, L2 = 1 / (C × rows)).
 */
export interface MemberConfig {
  kind: 'svm' | 'nbsvm' | 'lr';
  C: number;
  /** Weight of the member's unit-scaled scores in the sum. */
  weight: number;
  /** Per-class multiplier of C for that class's positive rows (class order of EMOTION_CLASSES); default 1 each. */
  classWeights?: readonly number[];
  /** Bootstrap resamples of the rows whose fitted weights are averaged (bagging); default 1 = the rows as they are. */
  bags?: number;
}

/**
 * Per-class log-count ratios (Wang & Manning 2012) over binarized features, add-one smoothed:
 * `r_c = log((p_c / |p_c|) / (q_c / |q_c|))` with p the counts in the class's rows and q in the others. The bias column
 * keeps ratio 1.
 */
export function logCountRatios(rows: readonly SparseFeatures[], labels: readonly number[], dimension: number): Float32Array[] {
  return EMOTION_CLASSES.map((_, c) => {
    const p = new Float64Array(dimension).fill(1);
    const q = new Float64Array(dimension).fill(1);
    rows.forEach((r, i) => {
      const t = labels[i] === c ? p : q;
      for (const ix of r.indices) t[ix] = (t[ix] as number) + 1;
    });
    let ps = 0;
    let qs = 0;
    for (let b = 0; b < dimension; b++) {
      ps += p[b] as number;
      qs += q[b] as number;
    }
    const ratio = new Float32Array(dimension);
    for (let b = 0; b < dimension - 1; b++) ratio[b] = Math.log((p[b] as number) / ps / ((q[b] as number) / qs));
    ratio[dimension - 1] = 1;
    return ratio;
  });
}

/** Fits one member; NB-SVM's per-class scaling is folded into its weights, so every member is a plain [dimension × 5] matrix. */
export function fitMember(
  rows: readonly SparseFeatures[],
  labels: readonly number[],
  dimension: number,
  member: MemberConfig,
  seed: number,
): Float32Array {
  const bags = member.bags ?? 1;
  if (bags <= 1) return fitOnce(rows, labels, dimension, member, seed);
  // Bagging: each bag draws rows.length rows with replacement (seeded), the bags' weights are averaged.
  const random = seededRandom(seed ^ 0x5bd1e995);
  const sum = new Float32Array(dimension * K);
  for (let bag = 0; bag < bags; bag++) {
    const pick = Array.from(rows, () => Math.floor(random() * rows.length));
    const w = fitOnce(
      pick.map((i) => rows[i] as SparseFeatures),
      pick.map((i) => labels[i] as number),
      dimension,
      member,
      seed + bag,
    );
    for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (w[i] as number) / bags;
  }
  return sum;
}

function fitOnce(
  rows: readonly SparseFeatures[],
  labels: readonly number[],
  dimension: number,
  member: MemberConfig,
  seed: number,
): Float32Array {
  const classWeights = member.classWeights ? { classWeights: member.classWeights } : {};
  if (member.kind === 'svm') return trainSvm(rows, labels, dimension, K, { C: member.C, seed, ...classWeights });
  if (member.kind === 'lr')
    return trainSoftmax(rows, labels, dimension, K, {
      epochs: 15,
      learningRate: 0.5,
      l2: 1 / (member.C * Math.max(1, rows.length)),
      seed,
      ...classWeights,
    });
  const ratios = logCountRatios(rows, labels, dimension);
  const weights = new Float32Array(dimension * K);
  ratios.forEach((ratio, c) => {
    const scaled = rows.map((r) => ({ indices: r.indices, values: r.values.map((x, k) => x * (ratio[r.indices[k] as number] as number)) }));
    const w = trainSvm(scaled, labels, dimension, K, { C: member.C, seed, only: c, ...classWeights });
    for (let b = 0; b < dimension; b++) weights[b * K + c] = (w[b * K + c] as number) * (ratio[b] as number);
  });
  return weights;
}

/** Root mean square of a weight matrix's scores over the training rows: members are summed on one scale. */
function scoreScale(rows: readonly SparseFeatures[], weights: Float32Array): number {
  let sum = 0;
  let n = 0;
  const out = new Float64Array(K);
  for (const r of rows) {
    for (const s of scoresOf(r, weights, K, out)) sum += s * s;
    n += K;
  }
  return n > 0 && sum > 0 ? Math.sqrt(sum / n) : 1;
}

/** Fits every member and sums their unit-scaled weights into the one matrix the head serves (scores are linear in the row). */
export function fitEnsemble(
  rows: readonly SparseFeatures[],
  labels: readonly number[],
  dimension: number,
  members: readonly MemberConfig[],
  seed: number,
): Float32Array {
  const combined = new Float32Array(dimension * K);
  for (const member of members) {
    const w = fitMember(rows, labels, dimension, member, seed);
    const factor = member.weight / scoreScale(rows, w);
    for (let i = 0; i < combined.length; i++) combined[i] = (combined[i] as number) + (w[i] as number) * factor;
  }
  return combined;
}

/** Softmax of scores divided by a temperature. */
export function softmaxK(scores: ArrayLike<number>, temperature: number): number[] {
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < scores.length; c++) max = Math.max(max, (scores[c] as number) / temperature);
  const p = Array.from(scores, (s) => Math.exp(s / temperature - max));
  const sum = p.reduce((a, b) => a + b, 0);
  return p.map((x) => x / sum);
}

/** The temperature with the lowest negative log-likelihood on dev rows: grid 0.02–4 in steps of 0.01 (scores of SVMs are small). */
export function fitTemperatureK(scores: readonly Float64Array[], gold: readonly number[]): number {
  let best = 1;
  let bestLoss = Number.POSITIVE_INFINITY;
  for (let step = 2; step <= 400; step++) {
    const t = step / 100;
    let loss = 0;
    scores.forEach((s, i) => {
      loss -= Math.log(Math.max(1e-12, softmaxK(s, t)[gold[i] as number] as number));
    });
    if (loss < bestLoss) {
      bestLoss = loss;
      best = t;
    }
  }
  return best;
}

/** The abstain threshold: the largest of 0.20, 0.25, … 0.90 that abstains on at most `maxShare` of the dev rows (0.20 = chance for five classes). */
export function chooseEmotionAbstainThreshold(confidences: readonly number[], maxShare: number): number {
  let chosen = 0.2;
  for (let step = 20; step <= 90; step += 5) {
    const t = step / 100;
    const share = confidences.filter((c) => c < t).length / Math.max(1, confidences.length);
    if (share <= maxShare) chosen = t;
  }
  return chosen;
}
