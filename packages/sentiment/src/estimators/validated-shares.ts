import { PantauError } from '@pantau/contracts';
import { criticalValue } from './normal.ts';

/** Gold categories a human can give; the first three are the model's classes. */
export const GOLD_LABELS = ['negative', 'neutral', 'positive', 'not_relevant', 'not_indonesian'] as const;
/** One gold category. */
export type GoldLabel = (typeof GOLD_LABELS)[number];

const IN_SCOPE = ['negative', 'neutral', 'positive'] as const;
type InScopeLabel = (typeof IN_SCOPE)[number];
const OUT_OF_SCOPE = ['not_relevant', 'not_indonesian'] as const;

/** An estimated share with its interval, all in [0, 1]. */
export interface ShareInterval {
  estimate: number;
  low: number;
  high: number;
}

/**
 * Sufficient statistics of the model's calibrated probabilities over ALL posts of the population (labelled ones
 * included). The design-based variance needs only Σp (the model's population mean has no sampling error); Σp² is
 * checked for consistency (0 ≤ Σp² ≤ Σp ≤ N).
 */
export interface PopulationMoments {
  /** N: posts of the population. */
  posts: number;
  /** Σ p_negative, Σ p_neutral, Σ p_positive over the N posts. */
  sum: [number, number, number];
  /** Σ p_c² over the N posts. */
  sumSquares: [number, number, number];
}

/** A post of the labelled sample: the model's calibrated probabilities and its gold (adjudicated) label. */
export interface LabelledPost {
  probabilities: [number, number, number];
  gold: GoldLabel;
}

/** Validated shares: PPI++ estimates of the in-scope class shares, labels-only ones for comparison, out-of-scope shares. */
export interface ValidatedShares {
  method: 'ppi++';
  confidence: number;
  /** N. */
  posts: number;
  /** n: all gold labels used, out-of-scope ones included. */
  labels: number;
  inScopeLabels: number;
  /** Shares of in-scope posts. */
  shares: Record<InScopeLabel, ShareInterval>;
  /** Shares of all posts (labels only: the model has no such classes). */
  outOfScope: { not_relevant: ShareInterval; not_indonesian: ShareInterval };
  /** Power tuning per class, clipped to [0, 1]: 0 ignores the model, 1 trusts its probabilities fully. */
  lambda: Record<InScopeLabel, number>;
  /** The classical estimate and interval from the labels alone (the same construction with λ = 0), for comparison. */
  labelsOnly: Record<InScopeLabel, ShareInterval>;
  /** Mean model probability per class over the N posts: the model-only share before any correction. */
  modelMean: Record<InScopeLabel, number>;
}

/** Sums probabilities into the sufficient statistics `validatedShares` takes (the API does the same in SQL). */
export function populationMoments(probabilities: readonly (readonly [number, number, number])[]): PopulationMoments {
  const sum: [number, number, number] = [0, 0, 0];
  const sumSquares: [number, number, number] = [0, 0, 0];
  for (const p of probabilities) {
    for (let c = 0; c < 3; c++) {
      const v = p[c] as number;
      sum[c] = (sum[c] as number) + v;
      sumSquares[c] = (sumSquares[c] as number) + v * v;
    }
  }
  return { posts: probabilities.length, sum, sumSquares };
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));
const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Sample covariance (n − 1 denominator; 0 below two values). */
function covariance(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = mean(xs);
  const my = mean(ys);
  let s = 0;
  for (let i = 0; i < n; i++) s += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
  return s / (n - 1);
}

function interval(estimate: number, halfWidth: number): ShareInterval {
  return { estimate: clamp01(estimate), low: clamp01(estimate - halfWidth), high: clamp01(estimate + halfWidth) };
}

/**
 * The smallest half-width an interval from `labels` labels may claim: the Wilson upper bound for zero events,
 * z²/(m + z²), with m = labels / (1 − n/N) the labels the finite population is worth. A sample whose residuals show no
 * spread (every label one class, or a model that matched every label) cannot rule out a population in which that
 * share of posts disagrees, so no normal interval is let below it; at n = N it is 0 because the share is then known.
 */
function halfWidthFloor(labels: number, fpc: number, z: number): number {
  if (fpc <= 0) return 0;
  const m = labels / fpc;
  return (z * z) / (m + z * z);
}

/** Wilson score interval of k of n with the finite-population correction (n/(1 − n/N) effective trials). */
function wilson(k: number, n: number, fpc: number, z: number): ShareInterval {
  const p = k / n;
  if (fpc <= 0) return { estimate: p, low: p, high: p };
  const m = n / fpc;
  const z2 = z * z;
  const denominator = 1 + z2 / m;
  const centre = (p + z2 / (2 * m)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / m + z2 / (4 * m * m))) / denominator;
  // min/max: at k = 0 or k = n the score bounds equal p up to rounding.
  return { estimate: p, low: Math.min(p, clamp01(centre - half)), high: Math.max(p, clamp01(centre + half)) };
}

function check(population: PopulationMoments, labelled: readonly LabelledPost[], confidence: number): void {
  const invalid = (message: string) => new PantauError('INVALID_INPUT', `validatedShares: ${message}`);
  if (!(confidence > 0 && confidence < 1)) throw invalid(`confidence must be in (0, 1), got ${confidence}`);
  const N = population.posts;
  if (!Number.isInteger(N) || N < 1) throw invalid(`posts must be a positive integer, got ${N}`);
  if (labelled.length === 0) throw invalid('no gold labels: nothing to validate with');
  if (labelled.length > N) throw invalid(`${labelled.length} labels for a population of ${N} posts: labelled posts are part of it`);
  const slack = 1e-6 * N + 1e-9;
  for (let c = 0; c < 3; c++) {
    const s = population.sum[c] as number;
    const s2 = population.sumSquares[c] as number;
    if (!(s >= -slack && s <= N + slack && s2 >= -slack && s2 <= s + slack)) {
      throw invalid(`population moments of class ${c} are not those of probabilities (Σp ${s}, Σp² ${s2}, N ${N})`);
    }
  }
  for (const post of labelled) {
    if (!(GOLD_LABELS as readonly string[]).includes(post.gold)) throw invalid(`unknown gold label ${String(post.gold)}`);
    if (post.probabilities.length !== 3 || !post.probabilities.every((p) => p >= -1e-6 && p <= 1 + 1e-6)) {
      throw invalid('each labelled post needs three probabilities in [0, 1]');
    }
  }
}

/**
 * PPI++ (power-tuned prediction-powered) estimates of class shares from model probabilities on all posts and gold
 * labels of a simple random sample.
 *
 * The estimand is the share of each class among the in-scope posts of the population (the window's posts): s_c =
 * θ_c / θ_in, with θ_c the share of all posts whose gold label is c and θ_in = 1 − θ_not_relevant − θ_not_indonesian.
 * θ_c is estimated by PPI++, θ̂_c = λ_c·f̄_N,c + mean_n(Y_c − λ_c·f_c), and θ_in by the labelled sample (the model cannot
 * tell an out-of-scope post: its probabilities always sum to 1). Because the model's mean f̄_N is computed over every
 * post of the population (labelled ones included), it carries no sampling error for this estimand, and the error of
 * ŝ_c is exactly the sample-mean error of v = Y_c − λ_c·f_c − s_c·Y_in divided by θ̂_in, a simple random sample without
 * replacement: Var(ŝ_c) = (1 − n/N)·S²_v / (n·θ̂_in²). λ_c minimizes the estimated S²_v (clipped to [0, 1]), so the
 * half-width is never larger than the labels-only one's, which is the same construction at λ = 0. See
 * `describeValidationMethod` for the full statement and its assumptions.
 */
export function validatedShares(
  population: PopulationMoments,
  labelled: readonly LabelledPost[],
  options: { confidence?: number } = {},
): ValidatedShares {
  const confidence = options.confidence ?? 0.95;
  check(population, labelled, confidence);
  const z = criticalValue(confidence);
  const N = population.posts;
  const n = labelled.length;
  const fpc = 1 - n / N;
  const inScope = labelled.map((post) => ((IN_SCOPE as readonly string[]).includes(post.gold) ? 1 : 0));
  const inScopeLabels = inScope.reduce<number>((s, x) => s + x, 0);
  const inScopeShare = inScopeLabels / n;
  const modelMean = {} as Record<InScopeLabel, number>;
  const shares = {} as Record<InScopeLabel, ShareInterval>;
  const labelsOnly = {} as Record<InScopeLabel, ShareInterval>;
  const lambda = {} as Record<InScopeLabel, number>;
  const floor = halfWidthFloor(inScopeLabels, fpc, z);

  IN_SCOPE.forEach((c, k) => {
    const f = labelled.map((post) => clamp01(post.probabilities[k] as number));
    const y = labelled.map((post) => (post.gold === c ? 1 : 0));
    const meanAll = clamp01((population.sum[k] as number) / N);
    modelMean[c] = meanAll;
    if (inScopeLabels === 0) {
      // Every label is out of scope: the in-scope mix is unknown beyond [0, 1]; the estimate falls back to the model.
      lambda[c] = 0;
      shares[c] = { estimate: meanAll, low: 0, high: 1 };
      labelsOnly[c] = { estimate: meanAll, low: 0, high: 1 };
      return;
    }
    const classical = y.reduce<number>((s, x) => s + x, 0) / inScopeLabels;
    // Linearize the ratio at the classical estimate: a_i = Y_c − s⁰·Y_in, whose sample-mean error is ŝ's error × θ_in.
    const a = y.map((yi, i) => yi - classical * (inScope[i] as number));
    const varianceF = covariance(f, f);
    const tuned = varianceF > 1e-12 ? covariance(a, f) / varianceF : 0;
    const l = Math.min(1, Math.max(0, tuned));
    lambda[c] = l;
    // θ̂_c/θ̂_in = s⁰ + λ·(f̄_N − f̄_n)/θ̂_in: the labels-only share corrected by how far the sample's model mean is from
    // the population's.
    const estimate = classical + (l * (meanAll - mean(f))) / inScopeShare;
    const scale = Math.sqrt(fpc / n) / inScopeShare;
    const residual = a.map((ai, i) => ai - l * (f[i] as number));
    const se = Math.sqrt(Math.max(0, covariance(residual, residual))) * scale;
    const seClassical = Math.sqrt(Math.max(0, covariance(a, a))) * scale;
    shares[c] = interval(estimate, Math.max(z * se, floor));
    labelsOnly[c] = interval(classical, Math.max(z * seClassical, floor));
  });

  const outOfScope = Object.fromEntries(
    OUT_OF_SCOPE.map((g) => [g, wilson(labelled.filter((post) => post.gold === g).length, n, fpc, z)]),
  ) as ValidatedShares['outOfScope'];

  return { method: 'ppi++', confidence, posts: N, labels: n, inScopeLabels, shares, outOfScope, lambda, labelsOnly, modelMean };
}
