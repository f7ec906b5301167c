// Annotation: labelling tasks (seeded random samples of a window's posts), human labels with revisions,
// adjudications, and what validated shares read (window moments, gold labels with the model's probabilities).

export {
  adjudicate,
  annotatorNames,
  EXTERNAL_ANNOTATOR_PREFIX,
  goldLabel,
  type ItemLabels,
  importLabels,
  listLabels,
  recordLabels,
  type StoredLabel,
  taskItemLabels,
} from './labels.ts';
export {
  type AnnotationTask,
  coveringAnnotationTasks,
  createAnnotationTask,
  getAnnotationTask,
  itemsToLabel,
  listAnnotationTasks,
  sampledPosts,
  type TaskItem,
} from './tasks.ts';
export { unlabelledPostTexts } from './training-data.ts';
export { type GoldWithProbabilities, taskGoldLabels, type WindowMoments, windowMoments } from './validation-data.ts';
