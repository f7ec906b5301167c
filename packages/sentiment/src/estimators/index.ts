export { type AgreementAlpha, krippendorffAlpha } from './krippendorff.ts';
export { describeValidationMethod } from './method.ts';
export { criticalValue, normalQuantile } from './normal.ts';
export { type StudyArm, type StudyPost, simpleRandomSample, type ValidationStudy, validationStudy } from './study.ts';
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
