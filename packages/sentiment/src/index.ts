export { type BackendPreference, selectBackend } from './backend.ts';
export {
  countByLabel,
  DEPLOYMENT_HOLD_OUT_METHOD,
  DEPLOYMENT_HOLD_OUT_SHARE,
  type DeploymentEvaluation,
  type DeploymentLabelSet,
  type DeploymentLabels,
  type DeploymentRow,
  isHeldOutPost,
  splitDeploymentLabels,
} from './deployment-labels.ts';
export * from './emotion/index.ts';
export {
  type AgreementAlpha,
  criticalValue,
  describeValidationMethod,
  GOLD_LABELS,
  type GoldLabel,
  krippendorffAlpha,
  type LabelledPost,
  normalQuantile,
  type PopulationMoments,
  populationMoments,
  type ShareInterval,
  type StudyArm,
  type StudyPost,
  simpleRandomSample,
  type ValidatedShares,
  type ValidationStudy,
  validatedShares,
  validationStudy,
} from './estimators/index.ts';
export { type FeatureConfig, featurize, featurizeTokens, type SparseFeatures } from './features.ts';
export { type FixtureFormat, type FixtureOptions, type LabeledRow, parseLabelMap, readFixtures } from './fixtures.ts';
export { seededRandom } from './linear.ts';
export {
  bootstrapMacroF1,
  type ClassScores,
  type EvaluationReport,
  evaluate,
  expectedCalibrationError,
  macroF1,
  type ScoredRow,
} from './metrics.ts';
export {
  activeModelDir,
  loadSentimentModel,
  MODELS_DIR,
  type ModelManifest,
  type ModelSpec,
  type SentimentModel,
  sha256File,
} from './model.ts';
export * from './regional/index.ts';
export {
  ACTIVE_FILE,
  type ActivationRecord,
  type ActivationResult,
  activateModel,
  activationHistory,
  activationStack,
  activeVersion,
  checkModelFolder,
  compareVersions,
  HISTORY_FILE,
  listModels,
  type ModelEntry,
  nextPatchVersion,
  rollbackModel,
} from './registry.ts';
export { scoreModel, scorePredictions } from './score.ts';
export { carveDevSplit, type DevSplit } from './split.ts';
export {
  chooseAbstainThreshold,
  chooseOnDev,
  DEFAULT_HYPERPARAMETERS,
  DEV_SHARE,
  fitTemperature,
  fitWeights,
  HELD_OUT_ROLE,
  HELD_OUT_SETS,
  type Hyperparameters,
  PREPROCESSING_VERSION,
  pseudoLabels,
  readTrainingSets,
  type SelfTrainingOptions,
  type SelfTrainingResult,
  TRAINING_FILES,
  type TrainResult,
  trainModel,
} from './train.ts';
