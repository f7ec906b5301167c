import { PantauError } from '@pantau/contracts';
import { seededRandom } from '../linear.ts';

/** Krippendorff's alpha with its bootstrap interval. */
export interface AgreementAlpha {
  /** null when it is undefined: no pairable values, or every pairable value the same (no variation to agree on). */
  alpha: number | null;
  low: number | null;
  high: number | null;
  /** Units with at least two values (the only ones that say anything about agreement). */
  units: number;
  /** Pairable values: the values in those units. */
  pairable: number;
}

/** What one pairable unit adds: its values per category and its observed disagreement Σ_{c≠k} o_ck. */
interface UnitTally {
  counts: Map<string, number>;
  disagreement: number;
}

function tally(values: readonly string[]): UnitTally {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const m = values.length;
  let same = 0;
  for (const c of counts.values()) same += c * c;
  // Each ordered pair of values from different coders adds 1/(m − 1) to the coincidence matrix; the off-diagonal total
  // is the number of ordered pairs that differ, (m² − Σ count²), over m − 1.
  return { counts, disagreement: (m * m - same) / (m - 1) };
}

/** α = 1 − D_o/D_e for nominal data: 1 − (n − 1)·Σ_u disagreement_u / (n² − Σ_c n_c²). */
function alphaOf(tallies: readonly UnitTally[]): number | null {
  const totals = new Map<string, number>();
  let observed = 0;
  for (const t of tallies) {
    observed += t.disagreement;
    for (const [c, k] of t.counts) totals.set(c, (totals.get(c) ?? 0) + k);
  }
  let n = 0;
  let squares = 0;
  for (const k of totals.values()) {
    n += k;
    squares += k * k;
  }
  const expected = n * n - squares;
  if (n < 2 || expected <= 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}

/**
 * Krippendorff's alpha (nominal) with a seeded bootstrap 95% interval; units are posts, values are the annotators'
 * labels (a missing label is simply absent). The interval is the percentile interval of alpha over resamples of the
 * pairable units with replacement (resamples whose alpha is undefined are left out).
 */
export function krippendorffAlpha(
  units: readonly (readonly string[])[],
  options: { bootstrap?: number; seed?: number; confidence?: number } = {},
): AgreementAlpha {
  const resamples = options.bootstrap ?? 1000;
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1))
    throw new PantauError('INVALID_INPUT', `krippendorffAlpha: confidence must be in (0, 1), got ${confidence}`);
  if (!Number.isInteger(resamples) || resamples < 0)
    throw new PantauError('INVALID_INPUT', 'krippendorffAlpha: bootstrap must be a whole number ≥ 0');
  const tallies = units.filter((u) => u.length >= 2).map(tally);
  const pairable = tallies.reduce((s, t) => s + [...t.counts.values()].reduce((a, b) => a + b, 0), 0);
  const alpha = alphaOf(tallies);
  if (alpha === null || resamples === 0) return { alpha, low: null, high: null, units: tallies.length, pairable };
  const random = seededRandom(options.seed ?? 12345);
  const draws: number[] = [];
  const sample = new Array<UnitTally>(tallies.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < tallies.length; i++) sample[i] = tallies[Math.floor(random() * tallies.length)] as UnitTally;
    const a = alphaOf(sample);
    if (a !== null) draws.push(a);
  }
  if (draws.length === 0) return { alpha, low: null, high: null, units: tallies.length, pairable };
  draws.sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  return {
    alpha,
    low: draws[Math.floor(tail * (draws.length - 1))] as number,
    high: draws[Math.ceil((1 - tail) * (draws.length - 1))] as number,
    units: tallies.length,
    pairable,
  };
}
