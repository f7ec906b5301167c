export {
  leakedIds,
  NUSAX_FILES,
  REGIONAL_DEV_SHARE,
  REGIONAL_SENTIMENT_CODES,
  REGIONAL_SENTIMENT_LANGUAGES,
  REGIONAL_SENTIMENT_NAMES,
  type RegionalRow,
  type RegionalSentimentLanguage,
  readRegionalHeldOut,
  regionalTrainingSet,
} from './data.ts';
export {
  fitRegionalHead,
  REGIONAL_HYPERPARAMETERS,
  type RegionalComparison,
  type RegionalHyperparameters,
  type RegionalReport,
  regionalReport,
} from './fit.ts';
export {
  hasRegionalHead,
  loadRegionalModel,
  REGIONAL_DIR,
  type RegionalManifest,
  type RegionalModelSpec,
  type RegionalSentimentModel,
  readRegionalHead,
} from './model.ts';
export { regionalComparisonTable } from './model-card.ts';
export { loadReferenceRegionalScorer, type ReferenceRegionalScorer } from './reference.ts';
export {
  compareOnRegionalRows,
  REGIONAL_CORPUS_NOTE,
  regionalHeldOutRows,
  type TrainRegionalResult,
  trainRegionalHead,
} from './train.ts';
