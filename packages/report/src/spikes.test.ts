import { describe, expect, it } from 'vitest';
import { DEFAULT_SPIKE_RULE, describeSpikeRule, detectSpike } from './spikes.ts';

describe('spike rule', () => {
  it('does not fire on a flat series', () => {
    expect(detectSpike(20, [20, 20, 20, 20, 20, 20, 20], true)).toBeNull();
    expect(detectSpike(24, [20, 21, 19, 20, 22, 18, 20], true)).toBeNull();
  });

  it('does not fire on a steady upward trend', () => {
    // 10, 12, … 22 then 24: the rise continues the trend and stays within 3 spreads of the mean.
    expect(detectSpike(24, [10, 12, 14, 16, 18, 20, 22], true)).toBeNull();
  });

  it('fires on a single spike and reports the numbers behind it', () => {
    const e = detectSpike(90, [20, 22, 18, 21, 19, 20, 20], true);
    expect(e).toMatchObject({ rule: 'z-score', count: 90, baselineMean: 20 });
    // mean 20, sd ≈ 1.29, √mean ≈ 4.47 is the spread: z = (90 − 20) / 4.47 ≈ 15.65.
    expect(e?.spread).toBeCloseTo(4.47, 2);
    expect(e?.z).toBeCloseTo(15.65, 1);
  });

  it('reports a term never seen in the baseline as new once it has enough posts', () => {
    expect(detectSpike(28, [0, 0, 0, 0, 0, 0, 0], true)).toMatchObject({ rule: 'new-term', count: 28, z: null });
    expect(detectSpike(3, [0, 0, 0, 0, 0, 0, 0], true)).toBeNull();
  });

  it('never fires on tiny counts, whatever the ratio', () => {
    // From 1 a day to 6: six times the usual, but below the minimum count.
    expect(detectSpike(6, [1, 1, 1, 1, 1, 1, 1], true)).toBeNull();
    expect(detectSpike(9, [0, 1, 0, 0, 1, 0, 0], true)).toBeNull();
  });

  it('says nothing without a baseline', () => {
    expect(detectSpike(500, [], false)).toBeNull();
    expect(detectSpike(500, [0, 0, 0], false)).toBeNull();
  });

  it('states the rule with its parameters', () => {
    expect(describeSpikeRule()).toContain(`at least ${DEFAULT_SPIKE_RULE.minCount}`);
    expect(describeSpikeRule({ ...DEFAULT_SPIKE_RULE, k: 2.5 })).toContain('2.5 × max(sd, √mean, 1)');
  });
});
