import { SENTIMENT_CLASSES, type SentimentClass, type SentimentPrediction } from '@pantau/contracts';
import type { LabeledRow } from './fixtures.ts';
import { type EvaluationReport, evaluate, type ScoredRow } from './metrics.ts';
import type { SentimentModel } from './model.ts';

/** Pairs each gold label with the model's most likely class (abstained rows keep theirs) and its confidence. */
export function scorePredictions(rows: readonly Pick<LabeledRow, 'label'>[], predictions: readonly SentimentPrediction[]): ScoredRow[] {
  return rows.map((r, i) => {
    const p = predictions[i] as SentimentPrediction;
    const predicted = SENTIMENT_CLASSES[p.probabilities.indexOf(Math.max(...p.probabilities))] as SentimentClass;
    return { gold: r.label, predicted, confidence: p.confidence, abstained: p.label === 'uncertain' };
  });
}

/**
 * Scores a loaded model on labelled rows through its serving path: what `pantau eval` reports. A set with only
 * negative and positive labels is scored binary (predictions restricted to those two classes).
 */
export async function scoreModel(model: SentimentModel, rows: readonly LabeledRow[]): Promise<EvaluationReport> {
  const binary = rows.every((r) => r.label !== 'neutral');
  const texts = rows.map((r) => r.text);
  const predictions = binary ? await model.predictBinary(texts) : await model.predict(texts);
  return evaluate(scorePredictions(rows, predictions), { binary });
}
