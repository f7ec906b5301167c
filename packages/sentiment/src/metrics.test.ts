import { describe, expect, it } from 'vitest';
import { bootstrapMacroF1, evaluate, expectedCalibrationError, macroF1, type ScoredRow } from './metrics.ts';
import { chooseAbstainThreshold, fitTemperature } from './train.ts';

const row = (gold: ScoredRow['gold'], predicted: ScoredRow['predicted'], confidence = 0.9, abstained = false): ScoredRow => ({
  gold,
  predicted,
  confidence,
  abstained,
});

describe('metrics', () => {
  // Gold: 2 negative, 1 neutral, 1 positive. Predicted: neg ✓, neg → pos ✗, neu ✓, pos ✓.
  const rows = [
    row('negative', 'negative'),
    row('negative', 'positive', 0.6, true),
    row('neutral', 'neutral'),
    row('positive', 'positive'),
  ];

  it('computes accuracy, per-class scores, macro-F1 and confusion by hand-countable numbers', () => {
    const r = evaluate(rows, { binary: false });
    expect(r.accuracy).toBe(0.75);
    // negative: P 1, R 0.5, F1 2/3; neutral: 1, 1, 1; positive: P 0.5, R 1, F1 2/3.
    expect(r.perClass.negative).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
    expect(r.perClass.positive?.f1).toBeCloseTo(2 / 3);
    expect(r.macroF1).toBeCloseTo((2 / 3 + 1 + 2 / 3) / 3);
    expect(r.confusion.negative).toEqual({ negative: 1, neutral: 0, positive: 1 });
    expect(r.abstainRate).toBe(0.25);
    expect(r.answeredAccuracy).toBe(1);
  });

  it('scores binary sets over negative and positive only', () => {
    const r = evaluate([row('negative', 'negative'), row('positive', 'negative')], { binary: true });
    expect(Object.keys(r.perClass)).toEqual(['negative', 'positive']);
    expect(r.macroF1).toBeCloseTo((2 / 3 + 0) / 2);
  });

  it('measures calibration error: 0 when confidence equals accuracy, large when overconfident', () => {
    const calibrated = [
      row('negative', 'negative', 0.75),
      row('negative', 'negative', 0.75),
      row('negative', 'negative', 0.75),
      row('negative', 'positive', 0.75),
    ];
    expect(expectedCalibrationError(calibrated)).toBeCloseTo(0);
    const overconfident = [row('negative', 'positive', 0.99), row('negative', 'positive', 0.99)];
    expect(expectedCalibrationError(overconfident)).toBeCloseTo(0.99);
  });

  it('gives a seeded bootstrap interval around the point estimate', () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      row(i % 2 ? 'positive' : 'negative', i % 5 === 0 ? 'neutral' : i % 2 ? 'positive' : 'negative'),
    );
    const point = macroF1(many, ['negative', 'neutral', 'positive']);
    const [lo, hi] = bootstrapMacroF1(many, ['negative', 'neutral', 'positive'], { seed: 1 });
    expect(lo).toBeLessThanOrEqual(point);
    expect(hi).toBeGreaterThanOrEqual(point);
    expect(bootstrapMacroF1(many, ['negative', 'neutral', 'positive'], { seed: 1 })).toEqual([lo, hi]);
  });
});

describe('calibration', () => {
  it('fits a temperature above 1 for overconfident logits and below 1 for underconfident ones', () => {
    // Logits say 99% sure but only 60% are right: the fitted temperature must soften them.
    const over = Array.from({ length: 100 }, () => Float64Array.from([5, 0, 0]));
    const goldOver = Array.from({ length: 100 }, (_, i) => (i < 60 ? 0 : 1));
    expect(fitTemperature(over, goldOver)).toBeGreaterThan(1.5);
    const under = Array.from({ length: 100 }, () => Float64Array.from([0.3, 0, 0]));
    expect(fitTemperature(under, Array(100).fill(0))).toBeLessThan(0.5);
  });

  it('chooses the largest abstain threshold within the allowed abstain share', () => {
    const confidences = [0.4, 0.5, 0.62, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99];
    // ≤ 20% may abstain: 0.5 abstains on 1 (0.4), 0.55 on 2 (0.4, 0.5) = 20%, 0.65 on 3.
    expect(chooseAbstainThreshold(confidences, 0.2)).toBe(0.6);
  });
});
