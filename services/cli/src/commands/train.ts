import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnv } from '@pantau/config';
import { PantauError } from '@pantau/contracts';
import {
  activateModel,
  activeModelDir,
  activeVersion,
  checkModelFolder,
  DEPLOYMENT_HOLD_OUT_SHARE,
  type DeploymentLabelSet,
  type DeploymentLabels,
  EMOT_FILES,
  type EmotionEvaluation,
  type EvaluationReport,
  MODELS_DIR,
  NUSAX_FILES,
  nextPatchVersion,
  type SelfTrainingOptions,
  splitDeploymentLabels,
  type TrainResult,
  trainEmotionHead,
  trainModel,
  trainRegionalHead,
} from '@pantau/sentiment';
import { type CountProgress, createCountProgress } from '../progress.ts';
import { type CommandSpec, parseCommand } from '../spec.ts';

const SHARED_DATA = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));

const pct = (x: number) => (100 * x).toFixed(1);
const figures = (r: EvaluationReport | EmotionEvaluation) =>
  `n ${r.n}, macro-F1 ${pct(r.macroF1)} (95% CI ${pct(r.macroF1CI[0])}–${pct(r.macroF1CI[1])}), accuracy ${pct(r.accuracy)}, ECE ${r.ece === null ? 'n/a' : r.ece.toFixed(3)}, abstained ${pct(r.abstainRate)}%`;

/** The version `pantau train` writes without --version and without --with-labels: the shipped model. */
const SHIPPED_VERSION = '1.1.0';

/** `pantau train --help`. */
export const spec = {
  usage: [
    'train [--seed N] [--version V] [--out DIR] [--data DIR] [--no-activate]',
    'train --with-labels TASK[,TASK] [--holdout-share S] [--label-weight W] [--self-train] [--seed N] [--version V] [--out DIR] [--data DIR] [--no-activate]',
    'train --emotions-only [--seed N] [--model DIR] [--data DIR]',
    'train --regional-only [--seed N] [--model DIR] [--data DIR]',
  ],
  description:
    "Rebuilds the sentiment model from the shared data (../shared/data/ from the repository root), its emotion head (emotion/ inside the model folder, from EmoT train) and its regional-language head (regional/, from NusaX train of Javanese, Sundanese, Minangkabau, Banjarese, Balinese and Madurese), writes them with their model cards and, unless --no-activate, makes the model active (through models/HISTORY, so pantau model rollback returns). --with-labels adds the gold labels of annotation tasks in the database (DATABASE_URL, else the embedded one) to the training rows, holds out a seeded share of each task's posts, scores the new model (and the active one) on them, and writes a new version (default: the next patch after the highest version; an existing version is refused). --self-train adds confident pseudo-labels of the database's unlabelled posts the same way. --emotions-only (--regional-only) rebuilds only the emotion (regional) head of a model folder (default: the active one).",
  options: {
    seed: {
      type: 'string',
      value: 'N',
      default: '7',
      description: 'random seed (the same seed gives the same weights and the same held-out posts)',
    },
    version: {
      type: 'string',
      value: 'V',
      description: `version of the new model: letters, digits, . _ - (default: ${SHIPPED_VERSION}; with --with-labels the next patch version)`,
    },
    out: { type: 'string', value: 'DIR', description: 'models folder to write into (default: models/)' },
    data: { type: 'string', value: 'DIR', description: 'training data folder (default: ../shared/data/)' },
    'no-activate': { type: 'boolean', description: 'write the model without pointing models/ACTIVE at it' },
    'with-labels': { type: 'string', value: 'TASK[,TASK]', description: 'also train on the gold labels of these annotation tasks' },
    'holdout-share': {
      type: 'string',
      value: 'S',
      default: String(DEPLOYMENT_HOLD_OUT_SHARE),
      description: "with --with-labels: share of each task's labelled posts held out (chosen by a seeded hash of the post id)",
    },
    'label-weight': {
      type: 'string',
      value: 'W',
      default: '1',
      description: 'with --with-labels: weight of each task label in the loss (an SmSA row weighs 1)',
    },
    'self-train': {
      type: 'boolean',
      description:
        "also train on confident pseudo-labels of the database's unlabelled Indonesian posts (threshold chosen on the SmSA dev split)",
    },
    'self-train-max': {
      type: 'string',
      value: 'N',
      default: '2000',
      description: 'with --self-train: at most N pseudo-labels (from at most 10 N candidates)',
    },
    'self-train-accuracy': {
      type: 'string',
      value: 'A',
      default: '0.95',
      description: 'with --self-train: dev accuracy the rows above the threshold must reach',
    },
    'self-train-weight': {
      type: 'string',
      value: 'W',
      default: '0.5',
      description: 'with --self-train: weight of each pseudo-label in the loss',
    },
    'emotions-only': { type: 'boolean', description: 'rebuild only the emotion head (emotion/) of --model or the active model' },
    'regional-only': { type: 'boolean', description: 'rebuild only the regional-language head (regional/) of --model or the active model' },
    model: {
      type: 'string',
      value: 'DIR',
      description: 'with --emotions-only or --regional-only: the model folder (default: the active model)',
    },
  },
  examples: [
    'train',
    'train --seed 11 --version 1.1.1-exp --no-activate',
    'train --with-labels 3,4',
    'train --emotions-only',
    'train --regional-only',
  ],
} satisfies CommandSpec;

/** Reads the gold labels of annotation tasks from the database and splits each into trained and held-out rows. */
async function readDeploymentLabels(taskIds: number[], options: { seed: number; holdOutShare: number }): Promise<DeploymentLabelSet[]> {
  const { getAnnotationTask, sampledPosts, taskItemLabels } = await import('@pantau/db');
  const { openDatabaseResources } = await import('@pantau/runtime');
  const resources = await openDatabaseResources(loadEnv());
  try {
    const db = resources.database.db;
    const tasks = [];
    for (const id of taskIds) {
      const task = await getAnnotationTask(db, id);
      if (!task) throw new PantauError('NOT_FOUND', `--with-labels: no annotation task ${id}`);
      const items = await taskItemLabels(db, id);
      const posts = await sampledPosts(db, { taskId: id, postIds: items.filter((i) => i.gold !== null).map((i) => Number(i.postId)) });
      tasks.push({
        task: { id: task.id, name: task.name, from: task.from, to: task.to },
        items: items.map((i) => ({ postId: i.postId, gold: i.gold, text: posts.get(i.postId)?.text ?? null })),
      });
    }
    return splitDeploymentLabels(tasks, options);
  } finally {
    await resources.close();
  }
}

/** Parses --with-labels and its companions into the labels to train on (null without --with-labels). */
async function deploymentLabelsOf(values: {
  'with-labels'?: string | undefined;
  'holdout-share': string;
  'label-weight': string;
  seed: string;
}): Promise<DeploymentLabels | null> {
  const list = values['with-labels'];
  if (list === undefined) return null;
  const taskIds = list.split(',').map((t) => Number(t.trim()));
  if (taskIds.length === 0 || !taskIds.every((t) => Number.isSafeInteger(t) && t > 0) || new Set(taskIds).size !== taskIds.length) {
    throw new PantauError('INVALID_INPUT', '--with-labels: annotation task ids, comma-separated (3,4)');
  }
  const holdOutShare = Number(values['holdout-share']);
  if (!(holdOutShare > 0 && holdOutShare < 1)) throw new PantauError('INVALID_INPUT', '--holdout-share: a number between 0 and 1');
  const weight = Number(values['label-weight']);
  if (!(weight > 0 && weight <= 100)) throw new PantauError('INVALID_INPUT', '--label-weight: a number above 0 (at most 100)');
  const seed = Number(values.seed);
  const sets = await readDeploymentLabels(taskIds, { seed, holdOutShare });
  if (sets.every((s) => s.train.length === 0)) {
    throw new PantauError(
      'INVALID_INPUT',
      `--with-labels: task${taskIds.length > 1 ? 's' : ''} ${list} ${taskIds.length > 1 ? 'have' : 'has'} no gold label of negative, neutral or positive to train on`,
    );
  }
  return { sets, weight, holdOutShare, seed };
}

/** `pantau train [--with-labels TASKS] [--seed N] [--version V] [--out DIR] [--data DIR] [--no-activate]`: rebuilds the sentiment model. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand('train', spec, argv);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new PantauError('INVALID_INPUT', '--seed: an integer');
  const modelsDir = values.out ?? MODELS_DIR;
  // A run on the deployment's data (its labels, its unlabelled posts) is always a new version.
  const withLabels = values['with-labels'] !== undefined || values['self-train'] === true;
  if (withLabels && values['emotions-only'])
    throw new PantauError('INVALID_INPUT', '--with-labels, --self-train: not with --emotions-only');
  const version = values.version ?? (withLabels ? nextPatchVersion(modelsDir) : SHIPPED_VERSION);
  if (!/^[\w.-]+$/.test(version)) throw new PantauError('INVALID_INPUT', '--version: letters, digits, . _ - only');
  const dataDir = values.data ?? SHARED_DATA;
  if (values['emotions-only']) {
    const emotion = await trainEmotionHead({ dataDir, modelDir: values.model ?? activeModelDir(modelsDir), seed });
    process.stdout.write(`${emotionLines(emotion).join('\n')}\n`);
    return 0;
  }
  if (values['regional-only']) {
    const lines = await trainRegional(dataDir, values.model ?? activeModelDir(values.out ?? MODELS_DIR), seed);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  }
  // A run with the deployment's labels is a new version: the one it would replace may be active or rolled back to.
  if (withLabels && existsSync(join(modelsDir, version))) {
    throw new PantauError('CONFLICT', `--version: model ${version} already exists in ${modelsDir}; choose another version`);
  }
  const labels = await deploymentLabelsOf(values);
  const selfTraining = values['self-train'] ? await selfTrainingOf(values, seed) : null;
  const active = activeVersion(modelsDir);
  const compareWith = labels && active !== null && existsSync(join(modelsDir, active)) ? join(modelsDir, active) : undefined;
  if (compareWith) checkModelFolder(modelsDir, active as string);
  const bar: { progress: CountProgress | null } = { progress: null };
  const result = await trainModel({
    dataDir,
    modelsDir,
    version,
    seed,
    // Activated below, once the emotion head is written too.
    activate: false,
    ...(labels ? { deploymentLabels: labels } : {}),
    ...(compareWith ? { compareWith } : {}),
    ...(selfTraining ? { selfTraining } : {}),
    onProgress: (step, done, total) => {
      bar.progress ??= createCountProgress('training', total);
      bar.progress.update(done, step);
    },
  });
  bar.progress?.done();
  // The emotion head needs EmoT in the data folder; without it the sentiment model is written alone, and says so.
  const emotion = existsSync(join(dataDir, EMOT_FILES.train)) ? await trainEmotionHead({ dataDir, modelDir: result.dir, seed }) : null;
  const regional = await trainRegional(dataDir, result.dir, seed);
  const activation = values['no-activate'] ? null : await activateModel(modelsDir, version);
  process.stdout.write(
    `${[
      `model ${result.manifest.name} ${result.manifest.version} written to ${result.dir} in ${result.seconds.toFixed(1)} s`,
      `weights sha256 ${result.manifest.sha256}`,
      ...result.dev.map(({ dataset, report }) => `dev split ${dataset} (used for choosing): ${figures(report)}`),
      ...result.heldOut.map(({ dataset, report }) => `held-out benchmark ${dataset}: ${figures(report)}`),
      ...(labels ? deploymentLines(labels, result.deployment) : []),
      ...selfTrainingLines(result.manifest.selfTraining as SelfTrainingSummary | undefined),
      `temperature ${result.manifest.temperature}, abstain below ${result.manifest.abstainThreshold} (both chosen on the SmSA dev split)`,
      `model card: ${join(result.dir, 'MODEL_CARD.md')}`,
      ...(emotion ? emotionLines(emotion) : [`no emotion head: ${join(dataDir, EMOT_FILES.train)} is missing`]),
      ...regional,
      activation
        ? `active model: ${version}${activation.previous && activation.previous !== version ? ` (was ${activation.previous}; pantau model rollback returns to it)` : ''}; restart running services to load it`
        : `not activated (--no-activate): pantau model activate ${version}`,
    ].join('\n')}\n`,
  );
  return 0;
}

interface SelfTrainingSummary {
  threshold: number | null;
  devAccuracyAtThreshold: number | null;
  candidates: number;
  used: number;
  usedByLabel: Record<string, number>;
}

/** What self-training prints: the threshold and its dev accuracy, the pseudo-labels used. */
function selfTrainingLines(s: SelfTrainingSummary | undefined): string[] {
  if (!s) return [];
  if (s.threshold === null)
    return [`self-training: no threshold reached the dev accuracy target; no pseudo-label used (${s.candidates} candidates)`];
  return [
    `self-training: threshold ${s.threshold} (SmSA dev accuracy at or above it ${pct(s.devAccuracyAtThreshold ?? 0)}%), ${s.used} pseudo-labels of ${s.candidates} candidates (negative ${s.usedByLabel.negative}, neutral ${s.usedByLabel.neutral}, positive ${s.usedByLabel.positive})`,
  ];
}

/** Parses the --self-train options and reads the candidate posts from the database. */
async function selfTrainingOf(
  values: { 'self-train-max': string; 'self-train-accuracy': string; 'self-train-weight': string },
  seed: number,
): Promise<SelfTrainingOptions> {
  const maxRows = Number(values['self-train-max']);
  if (!(Number.isSafeInteger(maxRows) && maxRows > 0)) throw new PantauError('INVALID_INPUT', '--self-train-max: a positive integer');
  const minDevAccuracy = Number(values['self-train-accuracy']);
  if (!(minDevAccuracy > 0 && minDevAccuracy <= 1)) throw new PantauError('INVALID_INPUT', '--self-train-accuracy: a number in (0, 1]');
  const weight = Number(values['self-train-weight']);
  if (!(weight > 0 && weight <= 100)) throw new PantauError('INVALID_INPUT', '--self-train-weight: a number above 0 (at most 100)');
  const { unlabelledPostTexts } = await import('@pantau/db');
  const { openDatabaseResources } = await import('@pantau/runtime');
  const resources = await openDatabaseResources(loadEnv());
  try {
    const posts = await unlabelledPostTexts(resources.database.db, { seed, limit: 10 * maxRows });
    return { posts, maxRows, weight, minDevAccuracy };
  } finally {
    await resources.close();
  }
}

/** What training with the deployment's labels prints per task: labels trained on, held out, and the held-out figures. */
function deploymentLines(labels: DeploymentLabels, evaluations: TrainResult['deployment']): string[] {
  return labels.sets.flatMap((set) => {
    const e = evaluations.find((d) => d.taskId === set.task.id);
    return [
      `task ${set.task.id} "${set.task.name}": ${set.train.length} gold labels trained on, ${set.heldOut.length} held out (weight ${labels.weight}, seed ${labels.seed})`,
      e?.report ? `  held-out part of task ${set.task.id}, this model: ${figures(e.report)}` : `  task ${set.task.id}: no held-out labels`,
      ...(e?.baseline ? [`  held-out part of task ${set.task.id}, model ${e.baseline.version}: ${figures(e.baseline.report)}`] : []),
    ];
  });
}

/** What training the emotion head prints: where, its sha256, dev and held-out figures, the chosen numbers. */
function emotionLines(e: Awaited<ReturnType<typeof trainEmotionHead>>): string[] {
  return [
    `emotion head ${e.manifest.name} ${e.manifest.version} written to ${e.dir} in ${e.seconds.toFixed(1)} s`,
    `emotion weights sha256 ${e.manifest.sha256}`,
    `dev split emot-train-dev (used for choosing): ${figures(e.dev)}`,
    `held-out benchmark emot-valid: ${figures(e.heldOut)}`,
    `emotion temperature ${e.manifest.temperature}, abstain below ${e.manifest.abstainThreshold} (both chosen on the EmoT dev split)`,
  ];
}

/**
 * Rebuilds the regional-language head inside a model folder when NusaX is in the data folder (else says so), and
 * returns what training it prints: where, its sha256, dev and held-out figures beside the Indonesian model's.
 */
async function trainRegional(dataDir: string, modelDir: string, seed: number): Promise<string[]> {
  if (!existsSync(join(dataDir, NUSAX_FILES.train('jav'))))
    return [`no regional head: ${join(dataDir, NUSAX_FILES.train('jav'))} is missing`];
  const r = await trainRegionalHead({ dataDir, modelDir, seed });
  const dropped = (r.manifest.choices as { leakage: { droppedIds: { id: string }[] } }).leakage.droppedIds;
  return [
    `regional head ${r.manifest.name} ${r.manifest.version} (${r.manifest.languages.join(', ')}) written to ${r.dir} in ${r.seconds.toFixed(1)} s`,
    `regional weights sha256 ${r.manifest.sha256}`,
    `NusaX train ids dropped as translations of SmSA valid sentences: ${dropped.map((d) => d.id).join(', ') || 'none'}`,
    `dev split nusax-6-train-dev (used for choosing): ${figures(r.dev.head.all)}; Indonesian model on the same texts: ${figures(r.dev.indonesian.all)}`,
    `held-out NusaX valid, six languages (a translation corpus derived from SmSA, not independent): ${figures(r.heldOut.head.all)}; Indonesian model: ${figures(r.heldOut.indonesian.all)}`,
    `regional temperature ${r.manifest.temperature}, abstain below ${r.manifest.abstainThreshold} (both chosen on the NusaX dev split)`,
  ];
}
