/** The published spike rule's parameters. */
export interface SpikeRule {
  /** Days of trailing baseline before the day in question. */
  windowDays: number;
  /** How many standard deviations above the baseline mean a count must be. */
  k: number;
  /** Least posts on the day for a spike (no spike from tiny counts). */
  minCount: number;
  /** Least posts on the day for a term never seen in the trailing window to be reported as new. */
  newTermMinCount: number;
}

/** Defaults, documented in the README and stated in every report. */
export const DEFAULT_SPIKE_RULE: SpikeRule = { windowDays: 7, k: 3, minCount: 10, newTermMinCount: 8 };

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

/** The rule in one sentence, for disclosures and reports. */
export function describeSpikeRule(rule: SpikeRule = DEFAULT_SPIKE_RULE): string {
  return `A term spikes on a day when its post count is at least ${rule.minCount} and exceeds the mean of the ${rule.windowDays} days before by more than ${rule.k} × max(sd, √mean, 1) (z > ${rule.k}); a term with no posts in those ${rule.windowDays} days is reported as new when it has at least ${rule.newTermMinCount} posts. No spike is reported without ${rule.windowDays} days of data before the day.`;
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
