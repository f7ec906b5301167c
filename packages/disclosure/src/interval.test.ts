import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './interval.ts';

describe('wilsonInterval', () => {
  it('matches the published Wilson interval for 8 of 10', () => {
    // Reference values: Wilson 95% for p̂ = 0.8, n = 10 is [0.4902, 0.9433].
    const r = wilsonInterval(8, 10);
    expect(r.share).toBe(0.8);
    expect(r.low).toBeCloseTo(0.4902, 4);
    expect(r.high).toBeCloseTo(0.9433, 4);
  });

  it('stays inside [0, 1] at the edges and narrows with more data', () => {
    const zero = wilsonInterval(0, 5);
    expect(zero.low).toBe(0);
    expect(zero.high).toBeGreaterThan(0.4);
    const small = wilsonInterval(50, 100);
    const large = wilsonInterval(5000, 10000);
    expect((large.high ?? 0) - (large.low ?? 0)).toBeLessThan((small.high ?? 0) - (small.low ?? 0));
  });

  it('gives no share without trials', () => {
    expect(wilsonInterval(0, 0)).toEqual({ share: null, low: null, high: null, successes: 0, trials: 0 });
  });
});
