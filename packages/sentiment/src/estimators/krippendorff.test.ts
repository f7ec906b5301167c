import { describe, expect, it } from 'vitest';
import { krippendorffAlpha } from './krippendorff.ts';

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the nominal example with missing data: four
// observers (A–D), twelve units; '.' marks a missing value. Published nominal alpha: 0.743.
const MATRIX = ['1 2 3 3 2 1 4 1 2 . . .', '1 2 3 3 2 2 4 1 2 5 . 3', '. 3 3 3 2 3 4 2 2 5 1 .', '1 2 3 3 2 4 4 1 2 5 1 .'].map((row) =>
  row.split(' '),
);
const UNITS = Array.from({ length: 12 }, (_, u) => MATRIX.map((row) => row[u] as string).filter((v) => v !== '.'));

describe('krippendorffAlpha', () => {
  it("reproduces Krippendorff's worked nominal example with missing data (alpha 0.743)", () => {
    // By hand: unit 12 has one value and drops out, leaving n = 40 pairable values. Units 2 and 8 (values 2,2,3,2 and
    // 1,1,2,1) each add (16 − 10)/3 = 2 to the observed disagreement, unit 6 (1,2,3,4) adds (16 − 4)/3 = 4: 8 in all.
    // Category totals 9, 13, 10, 5, 3: n² − Σn_c² = 1600 − 384 = 1216. alpha = 1 − 39·8/1216 = 0.74342.
    const r = krippendorffAlpha(UNITS);
    expect(r.alpha).toBeCloseTo(1 - (39 * 8) / 1216, 12);
    expect(r.alpha).toBeCloseTo(0.743, 3);
    expect(r.units).toBe(11);
    expect(r.pairable).toBe(40);
  });

  it("reproduces Krippendorff's two-coder binary example (alpha 0.095)", () => {
    const a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    const b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    // Four disagreeing units add 2 each; totals 14 zeros and 6 ones: alpha = 1 − 19·8/(400 − 232) = 0.0952.
    const r = krippendorffAlpha(a.map((v, i) => [String(v), String(b[i])]));
    expect(r.alpha).toBeCloseTo(1 - (19 * 8) / 168, 12);
    expect(r.alpha).toBeCloseTo(0.095, 3);
  });

  it('is 1 for perfect agreement, below 0 for systematic disagreement, undefined without variation', () => {
    expect(
      krippendorffAlpha([
        ['negative', 'negative'],
        ['positive', 'positive'],
        ['neutral', 'neutral', 'neutral'],
      ]).alpha,
    ).toBe(1);
    expect(
      krippendorffAlpha([
        ['negative', 'positive'],
        ['positive', 'negative'],
        ['negative', 'positive'],
      ]).alpha,
    ).toBeLessThan(0);
    expect(
      krippendorffAlpha([
        ['neutral', 'neutral'],
        ['neutral', 'neutral'],
      ]),
    ).toEqual({ alpha: null, low: null, high: null, units: 2, pairable: 4 });
    expect(krippendorffAlpha([['neutral'], []])).toEqual({ alpha: null, low: null, high: null, units: 0, pairable: 0 });
  });

  it('gives a seeded bootstrap interval over units that holds the estimate and narrows with more units', () => {
    const r = krippendorffAlpha(UNITS, { seed: 7 });
    expect(r.low).not.toBeNull();
    expect(r.low as number).toBeLessThanOrEqual(r.alpha as number);
    expect(r.high as number).toBeGreaterThanOrEqual(r.alpha as number);
    expect(r.high as number).toBeLessThanOrEqual(1);
    expect(krippendorffAlpha(UNITS, { seed: 7 })).toEqual(r);
    expect(krippendorffAlpha(UNITS, { seed: 8 })).not.toEqual(r);
    // The same agreement pattern on ten times the units (n = 400, observed 80, totals ×10): alpha 1 − 399·80/121600,
    // nearly the same, and a much narrower interval.
    const many = krippendorffAlpha(Array.from({ length: 10 }, () => UNITS).flat(), { seed: 7 });
    expect(many.alpha).toBeCloseTo(1 - (399 * 80) / 121_600, 12);
    expect((many.high as number) - (many.low as number)).toBeLessThan(((r.high as number) - (r.low as number)) / 2);
  });
});
