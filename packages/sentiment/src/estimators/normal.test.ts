import { describe, expect, it } from 'vitest';
import { criticalValue, normalQuantile } from './normal.ts';

describe('normalQuantile', () => {
  // Reference values from an independent implementation (Python's statistics.NormalDist().inv_cdf).
  const reference: [number, number][] = [
    [0.5, 0],
    [0.9, 1.2815515655446008],
    [0.95, 1.6448536269514715],
    [0.975, 1.9599639845400536],
    [0.995, 2.5758293035489],
    [0.999, 3.090232306167813],
    [0.01, -2.3263478740408408],
    [0.02, -2.0537489106318225],
    [1e-6, -4.753424308822899],
  ];
  it.each(reference)('Φ⁻¹(%f) = %f in all three regions of the approximation', (p, x) => {
    expect(Math.abs(normalQuantile(p) - x)).toBeLessThan(1e-8 * Math.max(1, Math.abs(x)));
  });

  it('is antisymmetric and rejects probabilities outside (0, 1)', () => {
    expect(normalQuantile(0.3)).toBeCloseTo(-normalQuantile(0.7), 12);
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError);
  });

  it('gives the two-sided critical value of a confidence level', () => {
    expect(criticalValue(0.95)).toBeCloseTo(1.959963984540054, 8);
    expect(criticalValue(0.9)).toBeCloseTo(1.6448536269514715, 8);
  });
});
