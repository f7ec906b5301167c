export { criticalValue, normalQuantile } from './normal.ts';
export {
  GOLD_LABELS,
  type GoldLabel,
  type LabelledPost,
  type PopulationMoments,
  populationMoments,
  type ShareInterval,
  type ValidatedShares,
  validatedShares,
} from './validated-shares.ts';
