import { seededRandom } from './linear.ts';

/** Rows split into the part that fits the weights and the dev part that chooses everything else. */
export interface DevSplit<T> {
  train: T[];
  dev: T[];
}

/**
 * Carves a seeded dev split out of training rows, stratified by label: of each class, `round(share × count)` rows
 * (chosen by a seeded shuffle) go to dev. Both parts keep the file order, so the same seed gives the same split.
 */
export function carveDevSplit<T extends { label: string }>(rows: readonly T[], options: { share: number; seed: number }): DevSplit<T> {
  if (!(options.share > 0 && options.share < 1)) throw new RangeError('dev share must be between 0 and 1');
  const byClass = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const list = byClass.get(r.label);
    if (list) list.push(i);
    else byClass.set(r.label, [i]);
  });
  const random = seededRandom(options.seed);
  const inDev = new Uint8Array(rows.length);
  // Classes in a fixed order, so the draws do not depend on which class the file happens to start with.
  for (const label of [...byClass.keys()].sort()) {
    const indices = byClass.get(label) as number[];
    for (let i = indices.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [indices[i], indices[j]] = [indices[j] as number, indices[i] as number];
    }
    for (const i of indices.slice(0, Math.round(options.share * indices.length))) inDev[i] = 1;
  }
  return { train: rows.filter((_, i) => inDev[i] === 0), dev: rows.filter((_, i) => inDev[i] === 1) };
}
