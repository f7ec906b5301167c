import { DEFAULT_SPIKE_RULE, type SpikeRule } from '@pantau/disclosure';

// The rule is stated in every disclosure, so it is defined there; re-exported for the report's callers.
export { DEFAULT_SPIKE_RULE, describeSpikeRule, type SpikeRule } from '@pantau/disclosure';

/** Why a term was reported: the rule that fired and the numbers that fired it. */
export interface SpikeEvidence {
  rule: 'z-score' | 'new-term';
  count: number;
  baselineMean: number;
  baselineSd: number;
  /** The spread actually used: max(sd, √mean, 1), so a flat or near-empty baseline cannot make any rise a spike. */
  spread: number;
  z: number | null;
  /** Baseline counts, oldest first. */
  baseline: number[];
}

/**
 * Applies the spike rule to one term: `baseline` are the counts of the `windowDays` days before the day (missing days
 * as 0), `count` the day's count. Returns the evidence when it fires, else null. `hasBaseline` is false when the
 * data does not reach back far enough to judge (then nothing fires).
 */
export function detectSpike(
  count: number,
  baseline: readonly number[],
  hasBaseline: boolean,
  rule: SpikeRule = DEFAULT_SPIKE_RULE,
): SpikeEvidence | null {
  if (!hasBaseline || baseline.length === 0) return null;
  const mean = baseline.reduce((s, x) => s + x, 0) / baseline.length;
  const variance = baseline.length > 1 ? baseline.reduce((s, x) => s + (x - mean) ** 2, 0) / (baseline.length - 1) : 0;
  const sd = Math.sqrt(variance);
  const spread = Math.max(sd, Math.sqrt(mean), 1);
  const base = { count, baselineMean: round(mean), baselineSd: round(sd), spread: round(spread), baseline: [...baseline] };
  if (mean === 0) return count >= rule.newTermMinCount ? { rule: 'new-term', ...base, z: null } : null;
  const z = (count - mean) / spread;
  return count >= rule.minCount && z > rule.k ? { rule: 'z-score', ...base, z: round(z) } : null;
}

const round = (x: number) => Math.round(x * 100) / 100;
