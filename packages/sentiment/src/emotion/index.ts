export { type BaselineSetting, baselineGrid, EMOTION_BASELINE_SETTING, fitBaseline, scoreBaseline, tuneBaseline } from './baseline.ts';
export { EMOT_FILES, EMOTION_INDEX, type EmotionRow, readEmotionRows } from './data.ts';
export { compareEmotionHead, type EmotionComparison } from './evaluate.ts';
export { chooseEmotionAbstainThreshold, fitEnsemble, fitTemperatureK, logCountRatios, type MemberConfig } from './fit.ts';
export { type EmotionEvaluation, type EmotionScoredRow, evaluateEmotions } from './metrics.ts';
export { EMOTION_DIR, type EmotionManifest, type EmotionModel, type EmotionModelSpec, hasEmotionHead, loadEmotionModel } from './model.ts';
export { emotionReportTable } from './model-card.ts';
export { loadReferenceEmotionScorer, type ReferenceEmotionScorer } from './reference.ts';
export { type EmotionScorer, emotionScorerOf } from './scorer.ts';
export { scoresOf, trainSvm } from './svm.ts';
export { fitStackedTfidf, fitTfidf, type TfidfConfig } from './tfidf.ts';
export {
  EMOTION_DEV_SHARE,
  EMOTION_HEAD_VERSION,
  EMOTION_HYPERPARAMETERS,
  EMOTION_SELECTION,
  type EmotionHyperparameters,
  emotionDevSplit,
  fitEmotionHead,
  scoreEmotionModel,
  type TrainEmotionResult,
  trainEmotionHead,
} from './train.ts';
