import type { SentimentClass, SentimentPrediction } from '@pantau/contracts';
import { type FeatureConfig, featurize } from '../features.ts';
import { CLASSES, type Example, logitsOf, trainLinear } from '../linear.ts';
import { type EvaluationReport, evaluate } from '../metrics.ts';
import { scorePredictions } from '../score.ts';
import { chooseAbstainThreshold, fitTemperature, PREPROCESSING_VERSION } from '../train.ts';
import { REGIONAL_SENTIMENT_CODES, type RegionalRow, type RegionalSentimentLanguage, type RegionalTrainingSet } from './data.ts';
import { predictionOf, regionalProbabilities } from './model.ts';

/** What the regional head may vary. */
export interface RegionalHyperparameters {
  features: FeatureConfig;
  epochs: number;
  learningRate: number;
  l2: number;
  /** Weight of each SmSA train row trained on beside the regional rows (0: regional rows only). */
  indonesianWeight: number;
  /** Abstain below the largest threshold (0.35, 0.40, … 0.90) that abstains on at most this share of the dev rows: the Indonesian model's rule. */
  maxAbstainShareOnDev: number;
}

/**
 * The shipped setting, chosen on the dev split carved (by sentence id) from NusaX train of the six languages by
 * `scripts/experiment-regional.ts` (never on NusaX valid); the README lists the grid and the dev figures.
 */
export const REGIONAL_HYPERPARAMETERS: RegionalHyperparameters = {
  features: { buckets: 2 ** 18, wordNgrams: [1, 2], charNgrams: [1, 4], negationScope: 3, preprocessing: PREPROCESSING_VERSION },
  epochs: 5,
  learningRate: 0.1,
  l2: 1e-5,
  indonesianWeight: 0.3,
  maxAbstainShareOnDev: 0.08,
};

const CLASS_INDEX: Record<SentimentClass, 0 | 1 | 2> = { negative: 0, neutral: 1, positive: 2 };

/** A fitted head before it is written: weights, the numbers chosen on dev, and its dev figures. */
export interface FittedRegionalHead {
  weights: Float32Array;
  temperature: number;
  abstainThreshold: number;
  /** Dev figures of the head, all six languages and per language. */
  dev: RegionalReport;
}

/** Figures over all rows of a set and per language. */
export interface RegionalReport {
  all: EvaluationReport;
  languages: Partial<Record<RegionalSentimentLanguage, EvaluationReport>>;
}

/** The head ("after") and the Indonesian model of the same folder ("before") on the same rows. */
export interface RegionalComparison {
  head: RegionalReport;
  indonesian: RegionalReport;
}

/** Scores predictions of rows, all together and per language (the same bootstrap seed as `pantau eval`). */
export function regionalReport(rows: readonly RegionalRow[], predictions: readonly SentimentPrediction[]): RegionalReport {
  const languages: RegionalReport['languages'] = {};
  for (const lang of REGIONAL_SENTIMENT_CODES) {
    const at = rows.flatMap((r, i) => (r.lang === lang ? [i] : []));
    if (at.length > 0)
      languages[lang] = evaluate(
        scorePredictions(
          at.map((i) => rows[i] as RegionalRow),
          at.map((i) => predictions[i] as SentimentPrediction),
        ),
        { binary: false },
      );
  }
  return { all: evaluate(scorePredictions(rows, predictions), { binary: false }), languages };
}

/** Fits the head on the train part and chooses temperature and abstain threshold on the dev part (NLL; the abstain budget). */
export function fitRegionalHead(
  set: Pick<RegionalTrainingSet, 'train' | 'dev' | 'indonesian'>,
  hp: RegionalHyperparameters,
  seed: number,
): FittedRegionalHead {
  const example = (r: { text: string; label: SentimentClass }, weight: number): Example => ({
    features: featurize(r.text, hp.features),
    label: CLASS_INDEX[r.label],
    binary: false,
    weight,
  });
  const examples = [
    ...set.train.map((r) => example(r, 1)),
    ...(hp.indonesianWeight > 0 ? set.indonesian.map((r) => example(r, hp.indonesianWeight)) : []),
  ];
  const weights = trainLinear(examples, hp.features.buckets, { epochs: hp.epochs, learningRate: hp.learningRate, l2: hp.l2, seed });
  const devFeatures = set.dev.map((r) => featurize(r.text, hp.features));
  const rowLogits = devFeatures.map((f) => Float64Array.from(logitsOf(f, weights)));
  const temperature = fitTemperature(
    rowLogits,
    set.dev.map((r) => CLASS_INDEX[r.label]),
  );
  const probabilities = regionalProbabilities(devFeatures, weights, temperature);
  const confidences = set.dev.map((_, i) => Math.max(...probabilities.subarray(i * CLASSES, i * CLASSES + CLASSES)));
  const abstainThreshold = chooseAbstainThreshold(confidences, hp.maxAbstainShareOnDev);
  const predictions = set.dev.map((_, i) => predictionOf(probabilities.subarray(i * CLASSES, i * CLASSES + CLASSES), abstainThreshold));
  return { weights, temperature, abstainThreshold, dev: regionalReport(set.dev, predictions) };
}
