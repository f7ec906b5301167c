/** The three sentiment classes, in the fixed order used by model outputs. */
export const SENTIMENT_CLASSES = ['negative', 'neutral', 'positive'] as const;
export type SentimentClass = (typeof SENTIMENT_CLASSES)[number];

/** A stored label: one of the classes, or `uncertain` when the model abstains. */
export type SentimentLabel = SentimentClass | 'uncertain';

/**
 * Why a post was left out of the counts; every exclusion is counted, nothing is silently dropped. Redaction is not
 * among them: a post with personal data redacted is counted (see the population's `redacted`).
 */
export const EXCLUSION_REASONS = ['not_indonesian', 'duplicate', 'abstained', 'invalid'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** One model's verdict on one text. */
export interface SentimentPrediction {
  label: SentimentLabel;
  /** Calibrated probabilities in SENTIMENT_CLASSES order; they sum to 1. */
  probabilities: [number, number, number];
  /** Highest probability. */
  confidence: number;
}
