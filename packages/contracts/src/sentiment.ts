/** The three sentiment classes, in the fixed order used by model outputs. */
export const SENTIMENT_CLASSES = ['negative', 'neutral', 'positive'] as const;
export type SentimentClass = (typeof SENTIMENT_CLASSES)[number];

/** A stored label: one of the classes, or `uncertain` when the model abstains. */
export type SentimentLabel = SentimentClass | 'uncertain';

/**
 * The stored label of a post kept in a regional language: the Indonesian sentiment model's probabilities are stored, but
 * the post stays out of the class shares (counted in volume and keywords, excluded from sentiment by its language).
 */
export const OTHER_LANGUAGE_LABEL = 'other_language';

/** A label as stored: a model label, or `other_language` for a post the Indonesian model does not label. */
export type StoredLabel = SentimentLabel | typeof OTHER_LANGUAGE_LABEL;

/** The exclusion key of a kept post's language in a population (`language_jav`): counted, left out of the shares. */
export const languageExclusion = (code: string) => `language_${code}`;

/**
 * Why a post was left out of the counts; every exclusion is counted, nothing is silently dropped. Redaction is not
 * among them: a post with personal data redacted is counted (see the population's `redacted`).
 */
export const EXCLUSION_REASONS = ['not_indonesian', 'duplicate', 'abstained', 'invalid'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** A verdict as stored: the model's probabilities with the stored label. */
export interface StoredPrediction {
  label: StoredLabel;
  probabilities: [number, number, number];
  confidence: number;
}

/** One model's verdict on one text. */
export interface SentimentPrediction {
  label: SentimentLabel;
  /** Calibrated probabilities in SENTIMENT_CLASSES order; they sum to 1. */
  probabilities: [number, number, number];
  /** Highest probability. */
  confidence: number;
}
