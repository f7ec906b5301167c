import { PantauError, SENTIMENT_CLASSES, type SentimentClass, type SentimentPrediction } from '@pantau/contracts';
import { seededRandom } from '../linear.ts';
import { type GoldLabel, type LabelledPost, populationMoments, type ShareInterval, validatedShares } from './validated-shares.ts';

type Shares = Record<SentimentClass, number>;

/** A post of a study population: its gold label (known for every post) and the model's prediction. */
export interface StudyPost {
  gold: GoldLabel;
  prediction: Pick<SentimentPrediction, 'label' | 'probabilities'>;
}

/** How validated shares from `labels` random labels did over seeded repetitions. */
export interface StudyArm {
  labels: number;
  repetitions: number;
  /** The first repetition: what one deployment labelling `labels` posts would have published. */
  example: { shares: Record<SentimentClass, ShareInterval>; maxAbsError: number; labelsOnlyMaxAbsError: number };
  /** Share of repetitions whose interval held the true share, per class. */
  coverage: Shares;
  labelsOnlyCoverage: Shares;
  /** Mean interval width (high − low) per class. */
  meanWidth: Shares;
  labelsOnlyMeanWidth: Shares;
  /** Mean over repetitions of the largest absolute error of the three shares. */
  meanMaxAbsError: number;
  labelsOnlyMeanMaxAbsError: number;
  /** Mean power-tuning λ per class. */
  meanLambda: Shares;
}

/** A known-truth study of validated shares on one population. */
export interface ValidationStudy {
  posts: number;
  inScopePosts: number;
  /** True shares of in-scope posts, from every post's gold label. */
  truth: Shares;
  /** What the model alone publishes: shares of its labels among answered (not abstained) posts. */
  modelOnly: Shares;
  modelOnlyMaxAbsError: number;
  /** The model's mean probability per class over all posts. */
  modelMean: Shares;
  arms: StudyArm[];
}

const zeros = (): Shares => ({ negative: 0, neutral: 0, positive: 0 });
const maxAbsError = (a: Record<SentimentClass, number>, b: Shares): number =>
  Math.max(...SENTIMENT_CLASSES.map((c) => Math.abs(a[c] - b[c])));

/** Indices of a simple random sample of `size` of `population` indices, without replacement (partial Fisher–Yates). */
export function simpleRandomSample(population: number, size: number, random: () => number): number[] {
  const order = Array.from({ length: population }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (population - i));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order.slice(0, size);
}

/**
 * Poses a fully labelled population as a deployment: the model's probabilities on every post, gold labels on a seeded
 * simple random sample of `labels` posts, validated shares against the known truth, repeated with seeds seed, seed + 1, …
 */
export function validationStudy(
  posts: readonly StudyPost[],
  options: { labels: readonly number[]; repetitions: number; seed: number; confidence?: number },
): ValidationStudy {
  if (!Number.isInteger(options.repetitions) || options.repetitions < 1) {
    throw new PantauError('INVALID_INPUT', 'validationStudy: repetitions must be a whole number ≥ 1');
  }
  const inScope = posts.filter((p) => (SENTIMENT_CLASSES as readonly string[]).includes(p.gold));
  if (inScope.length === 0) throw new PantauError('INVALID_INPUT', 'validationStudy: no in-scope post to measure shares of');
  const truth = zeros();
  for (const p of inScope) truth[p.gold as SentimentClass]++;
  for (const c of SENTIMENT_CLASSES) truth[c] /= inScope.length;
  const answered = posts.filter((p) => p.prediction.label !== 'uncertain');
  const modelOnly = zeros();
  for (const p of answered) modelOnly[p.prediction.label as SentimentClass]++;
  for (const c of SENTIMENT_CLASSES) modelOnly[c] /= Math.max(1, answered.length);
  const moments = populationMoments(posts.map((p) => p.prediction.probabilities));
  const modelMean = zeros();
  SENTIMENT_CLASSES.forEach((c, k) => {
    modelMean[c] = (moments.sum[k] as number) / posts.length;
  });

  const arms = options.labels.map((labels): StudyArm => {
    if (labels < 1 || labels > posts.length)
      throw new PantauError('INVALID_INPUT', `validationStudy: cannot label ${labels} of ${posts.length} posts`);
    const arm: StudyArm = {
      labels,
      repetitions: options.repetitions,
      example: {
        shares: {
          negative: { estimate: 0, low: 0, high: 0 },
          neutral: { estimate: 0, low: 0, high: 0 },
          positive: { estimate: 0, low: 0, high: 0 },
        },
        maxAbsError: 0,
        labelsOnlyMaxAbsError: 0,
      },
      coverage: zeros(),
      labelsOnlyCoverage: zeros(),
      meanWidth: zeros(),
      labelsOnlyMeanWidth: zeros(),
      meanMaxAbsError: 0,
      labelsOnlyMeanMaxAbsError: 0,
      meanLambda: zeros(),
    };
    const R = options.repetitions;
    // Counted, then divided once, so 180 of 200 reads as exactly 0.9.
    const covered = zeros();
    const labelsOnlyCovered = zeros();
    for (let r = 0; r < R; r++) {
      const sample = simpleRandomSample(posts.length, labels, seededRandom(options.seed + r));
      const labelled: LabelledPost[] = sample.map((i) => {
        const p = posts[i] as StudyPost;
        return { gold: p.gold, probabilities: [...p.prediction.probabilities] as [number, number, number] };
      });
      const v = validatedShares(moments, labelled, options.confidence === undefined ? {} : { confidence: options.confidence });
      const estimates = { negative: v.shares.negative.estimate, neutral: v.shares.neutral.estimate, positive: v.shares.positive.estimate };
      const classical = {
        negative: v.labelsOnly.negative.estimate,
        neutral: v.labelsOnly.neutral.estimate,
        positive: v.labelsOnly.positive.estimate,
      };
      if (r === 0) {
        arm.example = {
          shares: v.shares,
          maxAbsError: maxAbsError(estimates, truth),
          labelsOnlyMaxAbsError: maxAbsError(classical, truth),
        };
      }
      arm.meanMaxAbsError += maxAbsError(estimates, truth) / R;
      arm.labelsOnlyMeanMaxAbsError += maxAbsError(classical, truth) / R;
      for (const c of SENTIMENT_CLASSES) {
        const s = v.shares[c];
        const l = v.labelsOnly[c];
        if (s.low <= truth[c] && truth[c] <= s.high) covered[c]++;
        if (l.low <= truth[c] && truth[c] <= l.high) labelsOnlyCovered[c]++;
        arm.meanWidth[c] += (s.high - s.low) / R;
        arm.labelsOnlyMeanWidth[c] += (l.high - l.low) / R;
        arm.meanLambda[c] += v.lambda[c] / R;
      }
    }
    for (const c of SENTIMENT_CLASSES) {
      arm.coverage[c] = covered[c] / R;
      arm.labelsOnlyCoverage[c] = labelsOnlyCovered[c] / R;
    }
    return arm;
  });

  return {
    posts: posts.length,
    inScopePosts: inScope.length,
    truth,
    modelOnly,
    modelOnlyMaxAbsError: maxAbsError(modelOnly, truth),
    modelMean,
    arms,
  };
}
