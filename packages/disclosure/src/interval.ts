import type { ShareInterval } from './schema.ts';

// Two-sided 95% normal quantile.
const Z95 = 1.959963984540054;

/**
 * Wilson score interval for `successes` out of `trials` (95% by default): unlike the normal
 * approximation it stays inside [0, 1] and is honest for small counts. No trials → no share.
 */
export function wilsonInterval(successes: number, trials: number, z = Z95): ShareInterval {
  if (trials <= 0) return { share: null, low: null, high: null, successes, trials };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { share: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), successes, trials };
}
