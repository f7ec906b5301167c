/** The five emotion classes of EmoT (IndoNLU), in the order of every probability vector. */
export const EMOTION_CLASSES = ['anger', 'fear', 'happy', 'love', 'sadness'] as const;
export type EmotionClass = (typeof EMOTION_CLASSES)[number];

/** A stored emotion label: one of the classes, or `uncertain` when the model abstains. */
export type EmotionLabel = EmotionClass | 'uncertain';

/** One post's emotion: calibrated probabilities in EMOTION_CLASSES order (they sum to 1), the label and its confidence. */
export interface EmotionPrediction {
  label: EmotionLabel;
  probabilities: [number, number, number, number, number];
  /** Highest probability. */
  confidence: number;
}
