import { type AnnotationLabel, isPantauError, PantauError, SENTIMENT_CLASSES, type SentimentClass } from '@pantau/contracts';
import {
  type AnnotationTask,
  annotatorNames,
  coveringAnnotationTasks,
  type Database,
  type DayWindow,
  getAnnotationTask,
  type ItemLabels,
  taskGoldLabels,
  taskItemLabels,
  windowMoments,
} from '@pantau/db';
import type { ValidationDisclosure } from '@pantau/disclosure';
import {
  describeValidationMethod,
  type EvaluationReport,
  evaluate,
  krippendorffAlpha,
  type ShareInterval,
  type ValidatedShares,
  validatedShares,
} from '@pantau/sentiment';

/** Default least gold labels inside a window for validated shares (VALIDATION_MIN_LABELS). */
export const DEFAULT_VALIDATION_MIN_LABELS = 100;

/** Bootstrap resamples of Krippendorff's alpha interval. */
const ALPHA_BOOTSTRAP = 1000;

/** How far a task's labelling has come, and who labelled what. */
export interface TaskProgress {
  sampled: number;
  /** Sampled posts with at least one current label. */
  labelled: number;
  /** Sampled posts with a gold label (adjudicated, or all annotators agree). */
  gold: number;
  annotators: number;
  byAnnotator: { annotator: string; name: string | null; labelled: number }[];
}

/** Agreement among annotators: Krippendorff's alpha (nominal) with its bootstrap 95% interval over posts with 2+ labels. */
export interface TaskAgreement {
  alpha: number | null;
  low: number | null;
  high: number | null;
  units: number;
}

/** A task's progress, agreement, pending disagreements and the model's in-domain evaluation on its gold labels. */
export interface TaskSummary {
  progress: TaskProgress;
  agreement: TaskAgreement | null;
  /** Sampled posts whose annotators disagree and that no one has adjudicated yet. */
  disagreements: number;
  evaluation: EvaluationReport | null;
}

/** Progress, agreement and pending disagreements from the current labels of every sampled post. */
export function progressOf(items: readonly ItemLabels[], names: ReadonlyMap<string, string>, seed: number) {
  const perAnnotator = new Map<string, number>();
  for (const item of items) for (const l of item.labels) perAnnotator.set(l.annotator, (perAnnotator.get(l.annotator) ?? 0) + 1);
  const units = items.filter((i) => i.labels.length >= 2).map((i) => i.labels.map((l) => l.label));
  let agreement: TaskAgreement | null = null;
  if (units.length > 0) {
    const a = krippendorffAlpha(units, { bootstrap: ALPHA_BOOTSTRAP, seed });
    agreement = { alpha: a.alpha, low: a.low, high: a.high, units: a.units };
  }
  const progress: TaskProgress = {
    sampled: items.length,
    labelled: items.filter((i) => i.labels.length > 0).length,
    gold: items.filter((i) => i.gold !== null).length,
    annotators: perAnnotator.size,
    byAnnotator: [...perAnnotator.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([annotator, labelled]) => ({ annotator, name: names.get(annotator) ?? null, labelled })),
  };
  const disagreements = items.filter((i) => i.gold === null && i.labels.length > 0).length;
  return { progress, agreement, disagreements };
}

/**
 * The model's in-domain evaluation on a task's in-scope gold labels (negative, neutral, positive), scored from the
 * probabilities stored with each post's current label (whichever model version gave it; `pantau reanalyze` brings them
 * to the active one) as `pantau eval` scores fixtures; null before any in-scope gold label.
 */
export async function taskEvaluation(db: Database, taskId: number, modelVersion: string): Promise<EvaluationReport | null> {
  const { labelled } = await taskGoldLabels(db, { taskId, modelVersion });
  const rows = labelled
    .filter((g) => (SENTIMENT_CLASSES as readonly string[]).includes(g.gold))
    .map((g) => {
      const top = Math.max(...g.probabilities);
      return {
        gold: g.gold as SentimentClass,
        predicted: SENTIMENT_CLASSES[g.probabilities.indexOf(top)] as SentimentClass,
        confidence: g.confidence,
        abstained: g.label === 'uncertain',
      };
    });
  return rows.length > 0 ? evaluate(rows, { binary: false }) : null;
}

/** Everything `GET /v1/annotation/tasks/:id` reports of a task. */
export async function summarizeTask(db: Database, task: AnnotationTask, modelVersion: string): Promise<TaskSummary> {
  const items = await taskItemLabels(db, task.id);
  const names = await annotatorNames(db, [...new Set(items.flatMap((i) => i.labels.map((l) => l.annotator)))]);
  return { ...progressOf(items, names, task.seed), evaluation: await taskEvaluation(db, task.id, modelVersion) };
}

/** The validated shares of a window total, as `/v1/sentiment` serves them in `data.total.validated`. */
export interface ValidatedTotal {
  task: number;
  method: ValidatedShares['method'];
  confidence: number;
  /** N: posts of the window (and filters). */
  posts: number;
  /** n: gold labels of sampled posts inside the window, out-of-scope ones included. */
  labels: number;
  inScopeLabels: number;
  /** PPI++ shares of in-scope posts. */
  shares: { negative: ShareInterval; neutral: ShareInterval; positive: ShareInterval };
  /** Shares of all posts that are not about the subject or not Indonesian, from the labels. */
  outOfScope: { not_relevant: ShareInterval; not_indonesian: ShareInterval };
  /** The classical interval from the labels alone, for comparison. */
  labelsOnly: { negative: ShareInterval; neutral: ShareInterval; positive: ShareInterval };
  lambda: { negative: number; neutral: number; positive: number };
}

/** The validation of a window: the validated total when there is one, and the disclosure that says which or why not. */
export interface WindowValidation {
  validated: ValidatedTotal | null;
  disclosure: ValidationDisclosure;
}

const none = (reason: string, extra: Partial<ValidationDisclosure> = {}): ValidationDisclosure => ({
  status: 'none',
  reason,
  labels: 0,
  annotators: 0,
  alpha: null,
  inDomainMacroF1: null,
  method: describeValidationMethod(),
  ...extra,
});

/** Whether a task's sample serves a window: its days contain the window's, and it is of the window's topic or of all posts. */
export function covers(task: AnnotationTask, window: { from: string; to: string; topicId?: number | undefined }): boolean {
  return task.from <= window.from && task.to >= window.to && (task.topic === null || task.topic === window.topicId);
}

const windowText = (w: { from: string; to: string }) => (w.from === w.to ? w.from : `${w.from} to ${w.to}`);

/**
 * Validates the sentiment shares of a window (with its filters) by a labelling task: the asked task, else the newest
 * task whose window contains it (of the same topic, or of all posts) with at least `minLabels` gold labels inside it.
 * Reads the window's probability moments and the sample's gold labels, runs the PPI++ estimator, and builds the
 * disclosure's `validation` (status `none` with the reason when the window cannot be validated). The one composition
 * behind `/v1/sentiment` and the daily report.
 */
export async function validateWindow(
  db: Database,
  query: {
    window: DayWindow;
    modelVersion: string;
    taskId?: number | undefined;
    minLabels?: number;
    /** Every task, newest first, when the caller keeps them (saves a statement per window). */
    tasks?: readonly AnnotationTask[] | undefined;
    /** A task's summary when the caller keeps them (`summarizeTask` otherwise): agreement and evaluation bootstrap. */
    summarize?: ((task: AnnotationTask) => Promise<TaskSummary>) | undefined;
  },
): Promise<WindowValidation> {
  const { window, modelVersion } = query;
  const minLabels = query.minLabels ?? DEFAULT_VALIDATION_MIN_LABELS;
  let candidates: AnnotationTask[];
  if (query.taskId !== undefined) {
    const task = query.tasks ? (query.tasks.find((t) => t.id === query.taskId) ?? null) : await getAnnotationTask(db, query.taskId);
    if (!task) throw new PantauError('NOT_FOUND', `task: no annotation task ${query.taskId}`, { details: { parameter: 'task' } });
    if (task.from > window.from || task.to < window.to) {
      return {
        validated: null,
        disclosure: none(`task ${task.id} samples ${windowText(task)}, which does not contain the window ${windowText(window)}`, {
          task: { id: task.id, name: task.name, from: task.from, to: task.to },
        }),
      };
    }
    if (task.topic !== null && task.topic !== window.topicId) {
      return {
        validated: null,
        disclosure: none(`task ${task.id} samples the posts of topic ${task.topic} only`, {
          task: { id: task.id, name: task.name, from: task.from, to: task.to },
        }),
      };
    }
    candidates = [task];
  } else {
    candidates = query.tasks ? query.tasks.filter((t) => covers(t, window)) : await coveringAnnotationTasks(db, window);
    if (candidates.length === 0) {
      return { validated: null, disclosure: none(`no labelling task samples a window containing ${windowText(window)}`) };
    }
  }
  // The newest covering task with enough gold labels inside the window; else the newest, to say how far it is.
  let chosen: { task: AnnotationTask; gold: Awaited<ReturnType<typeof taskGoldLabels>> } | null = null;
  for (const task of candidates) {
    const gold = await taskGoldLabels(db, { taskId: task.id, modelVersion, window });
    chosen ??= { task, gold };
    if (gold.labelled.length >= minLabels) {
      chosen = { task, gold };
      break;
    }
  }
  const { task, gold } = chosen as NonNullable<typeof chosen>;
  const summary = await (query.summarize?.(task) ?? summarizeTask(db, task, modelVersion));
  const base = {
    task: { id: task.id, name: task.name, from: task.from, to: task.to },
    labels: gold.labelled.length,
    annotators: summary.progress.annotators,
    alpha: summary.agreement?.alpha ?? null,
    inDomainMacroF1: summary.evaluation?.macroF1 ?? null,
  };
  if (gold.labelled.length < minLabels) {
    return {
      validated: null,
      disclosure: none(
        `task ${task.id} has ${gold.labelled.length} gold labels of sampled posts in this window; validated shares need at least ${minLabels}`,
        base,
      ),
    };
  }
  const moments = await windowMoments(db, { ...window, modelVersion, since: new Date(task.createdAt) });
  let shares: ValidatedShares;
  try {
    shares = validatedShares(
      moments,
      gold.labelled.map((g) => ({ probabilities: g.probabilities, gold: g.gold as AnnotationLabel })),
    );
  } catch (error) {
    // Data the estimator cannot use (e.g. no in-scope label) is a window without validation, not a failed request.
    if (isPantauError(error) && error.code === 'INVALID_INPUT') return { validated: null, disclosure: none(error.message, base) };
    throw error;
  }
  const notes: string[] = [];
  if (moments.arrivedAfter > 0) {
    notes.push(
      `${moments.arrivedAfter} of the window's ${moments.posts} posts were stored after task ${task.id} drew its sample: they are counted in the population but could not be sampled.`,
    );
  }
  const goldVersions = new Map<string, number>();
  for (const g of gold.labelled) goldVersions.set(g.modelVersion, (goldVersions.get(g.modelVersion) ?? 0) + 1);
  if (goldVersions.size > 1 || (goldVersions.size === 1 && !goldVersions.has(modelVersion))) {
    const perVersion = [...goldVersions.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([v, count]) => `${count} of version ${v}`)
      .join(', ');
    notes.push(
      `The window's labels are not all of the active model ${modelVersion}: the correction uses each post's current label, and the gold-labelled posts carry ${perVersion} (model.versions gives the posts of each version). The sample is random across the window, so the corrected shares stay valid for the mix as stored; the in-domain macro-F1 is that of the task's posts' current labels, not of one version.`,
    );
  }
  if (gold.disputed > 0) {
    notes.push(
      `${gold.disputed} sampled posts of the window await adjudication (their annotators disagree) and are left out of the labels.`,
    );
  }
  return {
    validated: {
      task: task.id,
      method: shares.method,
      confidence: shares.confidence,
      posts: shares.posts,
      labels: shares.labels,
      inScopeLabels: shares.inScopeLabels,
      shares: shares.shares,
      outOfScope: shares.outOfScope,
      labelsOnly: shares.labelsOnly,
      lambda: shares.lambda,
    },
    disclosure: {
      status: 'validated',
      ...base,
      method: describeValidationMethod(),
      ...(notes.length > 0 ? { notes } : {}),
    },
  };
}
