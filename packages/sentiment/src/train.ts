import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ModelEvaluation, SENTIMENT_CLASSES, type SentimentClass } from '@pantau/contracts';
import {
  countByLabel,
  DEPLOYMENT_HOLD_OUT_METHOD,
  type DeploymentEvaluation,
  type DeploymentLabels,
  renderDeploymentSection,
} from './deployment-labels.ts';
import { type FeatureConfig, featurize } from './features.ts';
import { type LabeledRow, readFixtures } from './fixtures.ts';
import { CLASSES, type Example, logitsOf, softmax, trainLinear } from './linear.ts';
import { type EvaluationReport, evaluate } from './metrics.ts';
import { loadSentimentModel, type ModelManifest, type ModelSpec, type SentimentModel, sha256File } from './model.ts';
import { renderModelCard } from './model-card.ts';
import { activateModel } from './registry.ts';
import { scoreModel, scorePredictions } from './score.ts';
import { carveDevSplit, type DevSplit } from './split.ts';

/** Version of the text normalization; bump when @pantau/text changes how texts are normalized. */
export const PREPROCESSING_VERSION = 'text-1';

/** What training may vary: the features, the optimizer, the weight of each extra source, the abstain budget. */
export interface Hyperparameters {
  features: FeatureConfig;
  epochs: number;
  learningRate: number;
  l2: number;
  /** Weight of each binary IndoLEM row (loss over negative vs positive only). */
  indolemWeight: number;
  /** Weight of each InSet lexicon entry used as a one-word binary example (|weight| ≥ lexiconMinAbsWeight). */
  lexiconWeight: number;
  lexiconMinAbsWeight: number;
  /** Abstain when the top probability is below the largest threshold (0.05 steps) that abstains on ≤ this share of the SmSA dev split. */
  maxAbstainShareOnDev: number;
}

/**
 * Hyper-parameters of the shipped model, chosen on the dev split carved from the training files (never on SmSA valid
 * or IndoLEM dev0) by the coordinate search of `scripts/experiment.ts`: a setting changed only when it raised the mean
 * dev macro-F1 of SmSA and IndoLEM by at least 0.3 points (learning rate 0.2 → 0.5: 83.5 → 84.0; IndoLEM weight
 * 1 → 2: 84.0 → 84.3); the third round found no such change. The README has the rounds.
 */
export const DEFAULT_HYPERPARAMETERS: Hyperparameters = {
  features: {
    buckets: 2 ** 19,
    wordNgrams: [1, 2],
    charNgrams: [2, 4],
    negationScope: 3,
    preprocessing: PREPROCESSING_VERSION,
  },
  epochs: 10,
  learningRate: 0.5,
  l2: 1e-5,
  indolemWeight: 2,
  lexiconWeight: 0.3,
  lexiconMinAbsWeight: 2,
  maxAbstainShareOnDev: 0.08,
};

/** Share of each training file (per class) held back as the dev split that chooses temperature, threshold and hyper-parameters. */
export const DEV_SHARE = 0.15;

export interface TrainModelOptions {
  /** The shared data folder (smsa/, indolem-sentiment/, inset/). */
  dataDir: string;
  /** Where model folders are written. */
  modelsDir: string;
  version: string;
  /** Seeds the dev split and the training shuffles. */
  seed: number;
  /** Point models/ACTIVE at the new model. */
  activate?: boolean;
  now?: () => Date;
  /** Called as training advances (`done` of `total` steps: reading, each epoch, choosing, writing, each held-out set). */
  onProgress?: (step: string, done: number, total: number) => void;
  /** The deployment's gold labels: their train rows join the training rows, their held-out rows are scored at the end. */
  deploymentLabels?: DeploymentLabels;
  /** A model folder (e.g. the active one) to score on the same held-out deployment rows, for comparison. */
  compareWith?: string;
  /** Unlabelled posts of the deployment to pseudo-label with a first fit and add, when confident, to a second fit. */
  selfTraining?: SelfTrainingOptions;
}

/** Self-training: candidates, the cap on pseudo-labels, their weight, and the dev accuracy the threshold must keep. */
export interface SelfTrainingOptions {
  posts: readonly { postId: string; text: string }[];
  maxRows: number;
  weight: number;
  /** The threshold is the lowest of 0.50, 0.55, … 0.95 at which the first fit's SmSA dev rows at or above it are this accurate. */
  minDevAccuracy: number;
}

/** What self-training chose and used. */
export interface SelfTrainingResult {
  threshold: number | null;
  devRowsAtThreshold: number;
  devAccuracyAtThreshold: number | null;
  candidates: number;
  rows: (LabeledRow & { postId: string; confidence: number })[];
}

/**
 * Chooses the pseudo-label threshold on the SmSA dev split (first fit, temperature fitted there) and pseudo-labels the
 * candidates at or above it, most confident first, at most `maxRows`.
 */
export function pseudoLabels(
  weights: Float32Array,
  sets: TrainingSets,
  hp: Hyperparameters,
  options: SelfTrainingOptions,
): SelfTrainingResult {
  const logitsOfText = (text: string) => Float64Array.from(logitsOf(featurize(text, hp.features), weights));
  const devLogits = sets.smsa.dev.map((r) => logitsOfText(r.text));
  const gold = sets.smsa.dev.map((r) => CLASS_INDEX[r.label]);
  const temperature = fitTemperature(devLogits, gold);
  const top = (l: Float64Array) => {
    const p = softmax(l, temperature);
    const confidence = Math.max(...p);
    return { confidence, index: p.indexOf(confidence) };
  };
  const dev = devLogits.map((l, i) => ({ ...top(l), correct: top(l).index === gold[i] }));
  let threshold: number | null = null;
  let atThreshold = { n: 0, accuracy: null as number | null };
  for (let t = 0.5; t <= 0.9501; t += 0.05) {
    const kept = dev.filter((d) => d.confidence >= t);
    const accuracy = kept.length ? kept.filter((d) => d.correct).length / kept.length : 0;
    if (kept.length >= 20 && accuracy >= options.minDevAccuracy) {
      threshold = Math.round(t * 100) / 100;
      atThreshold = { n: kept.length, accuracy };
      break;
    }
  }
  const rows =
    threshold === null
      ? []
      : options.posts
          .map((post, i) => ({ post, i, ...top(logitsOfText(post.text)) }))
          .filter((c) => c.confidence >= (threshold as number))
          .sort((a, b) => b.confidence - a.confidence || a.i - b.i)
          .slice(0, options.maxRows)
          .map((c) => ({
            postId: c.post.postId,
            text: c.post.text,
            label: SENTIMENT_CLASSES[c.index] as SentimentClass,
            line: c.i + 1,
            confidence: c.confidence,
          }));
  return {
    threshold,
    devRowsAtThreshold: atThreshold.n,
    devAccuracyAtThreshold: atThreshold.accuracy,
    candidates: options.posts.length,
    rows,
  };
}

/** A named evaluation: the dataset and everything `pantau eval` reports on it. */
export interface NamedReport {
  dataset: string;
  report: EvaluationReport;
}

export interface TrainResult {
  dir: string;
  manifest: ModelManifest;
  /** Figures on each task's held-out deployment labels (empty without deployment labels). */
  deployment: DeploymentEvaluation[];
  /** Figures on the dev split, which chose temperature and abstain threshold (optimistic). */
  dev: NamedReport[];
  /** Figures on the held-out sets, scored after every choice through the `pantau eval` path. */
  heldOut: NamedReport[];
  seconds: number;
}

/** The training files, each split into the rows that fit the weights and the dev rows that choose the rest. */
export interface TrainingSets {
  smsa: DevSplit<LabeledRow>;
  indolem: DevSplit<LabeledRow>;
  lexicon: LabeledRow[];
}

/** The numbers chosen on the dev split, and the dev figures of the model they were chosen for. */
export interface DevChoices {
  temperature: number;
  abstainThreshold: number;
  dev: NamedReport[];
}

const CLASS_INDEX: Record<SentimentClass, 0 | 1 | 2> = { negative: 0, neutral: 1, positive: 2 };
const BINARY_MAP = { '0': 'negative', '1': 'positive' } as const;

/** The training files under the data folder; nothing else is read before every choice is made. */
export const TRAINING_FILES = {
  smsaTrain: 'smsa/train_preprocess.tsv',
  indolemTrain: 'indolem-sentiment/train0.csv',
  insetPositive: 'inset/positive.tsv',
  insetNegative: 'inset/negative.tsv',
} as const;

/** The held-out sets: scored once the model is written, never read by a choice. */
export const HELD_OUT_SETS = [
  { dataset: 'smsa-valid', file: 'smsa/valid_preprocess.tsv', binary: false },
  { dataset: 'indolem-dev0', file: 'indolem-sentiment/dev0.csv', binary: true },
] as const;

/** What a held-out figure is, stated with it wherever it is shown. */
export const HELD_OUT_ROLE = 'held-out benchmark';

function lexiconRows(dataDir: string, minAbs: number): LabeledRow[] {
  const rows: LabeledRow[] = [];
  for (const file of [TRAINING_FILES.insetPositive, TRAINING_FILES.insetNegative]) {
    readFileSync(join(dataDir, file), 'utf8')
      .split('\n')
      .slice(1)
      .forEach((line, i) => {
        const [word, weight] = line.split('\t');
        const w = Number(weight);
        if (word && Number.isFinite(w) && Math.abs(w) >= minAbs)
          rows.push({ text: word, label: w > 0 ? 'positive' : 'negative', line: i + 2 });
      });
  }
  return rows;
}

/** Temperature minimizing the negative log-likelihood on dev rows (grid 0.25–4 in 0.05 steps). */
export function fitTemperature(logits: readonly Float64Array[], gold: readonly number[]): number {
  let best = 1;
  let bestLoss = Number.POSITIVE_INFINITY;
  for (let t = 0.25; t <= 4.0001; t += 0.05) {
    let loss = 0;
    logits.forEach((l, i) => {
      loss -= Math.log(Math.max(1e-12, softmax(l, t)[gold[i] as number] as number));
    });
    if (loss < bestLoss) {
      bestLoss = loss;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}

/** The abstain threshold: the largest of 0.35, 0.40, … 0.90 that abstains on at most `maxShare` of the rows. */
export function chooseAbstainThreshold(confidences: readonly number[], maxShare: number): number {
  let chosen = 0.35;
  for (let t = 0.35; t <= 0.9001; t += 0.05) {
    const share = confidences.filter((c) => c < t).length / confidences.length;
    if (share <= maxShare) chosen = Math.round(t * 100) / 100;
  }
  return chosen;
}

/** Reads the training files only (never a held-out set) and carves the seeded, stratified dev split of each. */
export function readTrainingSets(dataDir: string, options: { seed: number; lexiconMinAbsWeight: number; devShare?: number }): TrainingSets {
  const split = { share: options.devShare ?? DEV_SHARE, seed: options.seed };
  return {
    smsa: carveDevSplit(readFixtures(join(dataDir, TRAINING_FILES.smsaTrain)), split),
    indolem: carveDevSplit(readFixtures(join(dataDir, TRAINING_FILES.indolemTrain), { labelMap: BINARY_MAP }), split),
    lexicon: lexiconRows(dataDir, options.lexiconMinAbsWeight),
  };
}

/**
 * Fits the weights on the train part of the training sets (the dev rows are left out), and on `extra` rows (the
 * deployment's labels, three classes) after them; without extra rows the examples, and so the weights, are as before.
 */
export function fitWeights(
  sets: TrainingSets,
  hp: Hyperparameters,
  seed: number,
  onEpoch?: (epoch: number) => void,
  extra: readonly { rows: readonly LabeledRow[]; weight: number }[] = [],
): Float32Array {
  const toExample = (r: LabeledRow, binary: boolean, weight: number): Example => ({
    features: featurize(r.text, hp.features),
    label: CLASS_INDEX[r.label],
    binary,
    weight,
  });
  const examples = [
    ...sets.smsa.train.map((r) => toExample(r, false, 1)),
    ...sets.indolem.train.map((r) => toExample(r, true, hp.indolemWeight)),
    ...sets.lexicon.map((r) => toExample(r, true, hp.lexiconWeight)),
    ...extra.flatMap((part) => part.rows.map((r) => toExample(r, false, part.weight))),
  ];
  return trainLinear(examples, hp.features.buckets, {
    epochs: hp.epochs,
    learningRate: hp.learningRate,
    l2: hp.l2,
    seed,
    ...(onEpoch ? { onEpoch } : {}),
  });
}

/**
 * Chooses the temperature (NLL on the SmSA dev rows) and the abstain threshold (abstain budget on the SmSA dev rows) for
 * fitted weights, and scores both dev parts with them, with the same softmax and rule that serving applies.
 */
export function chooseOnDev(weights: Float32Array, sets: TrainingSets, hp: Hyperparameters): DevChoices {
  const logitsOfRows = (rows: readonly LabeledRow[]) =>
    rows.map((r) => Float64Array.from(logitsOf(featurize(r.text, hp.features), weights)));
  const smsaLogits = logitsOfRows(sets.smsa.dev);
  const temperature = fitTemperature(
    smsaLogits,
    sets.smsa.dev.map((r) => CLASS_INDEX[r.label]),
  );
  const abstainThreshold = chooseAbstainThreshold(
    smsaLogits.map((l) => Math.max(...softmax(l, temperature))),
    hp.maxAbstainShareOnDev,
  );
  const score = (rows: readonly LabeledRow[], logits: readonly Float64Array[], binary: boolean) =>
    evaluate(
      scorePredictions(
        rows,
        logits.map((l) => {
          const probabilities = softmax(l, temperature, binary);
          const confidence = Math.max(...probabilities);
          return { label: confidence < abstainThreshold ? 'uncertain' : 'neutral', probabilities, confidence };
        }),
      ),
      { binary },
    );
  return {
    temperature,
    abstainThreshold,
    dev: [
      { dataset: 'smsa-train-dev', report: score(sets.smsa.dev, smsaLogits, false) },
      { dataset: 'indolem-train0-dev', report: score(sets.indolem.dev, logitsOfRows(sets.indolem.dev), true) },
    ],
  };
}

const fileHash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The figures a disclosure carries for one report: dataset, role, n, macro-F1 with its interval, ECE, abstain rate. */
function figures(named: NamedReport, extra: { file: string; role: string; heldOut: boolean }): ModelEvaluation {
  const { report } = named;
  return {
    dataset: named.dataset,
    file: extra.file,
    role: extra.role,
    heldOut: extra.heldOut,
    n: report.n,
    macroF1: report.macroF1,
    macroF1CI: report.macroF1CI,
    ece: report.ece,
    abstainRate: report.abstainRate,
    binary: report.binary,
  };
}

/**
 * Rebuilds the sentiment model from the shared data, deterministically for a seed: carves a stratified dev split
 * from the training files, fits on the rest, chooses temperature and abstain threshold on the dev split, writes the
 * model folder (weights, model.json, manifest.json, MODEL_CARD.md), and only then scores the written model on the
 * held-out sets (SmSA valid, IndoLEM dev0) through the `pantau eval` path.
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainResult> {
  const started = performance.now();
  const hp = DEFAULT_HYPERPARAMETERS;
  const steps = 2 + hp.epochs + HELD_OUT_SETS.length;
  const progress = (step: string, done: number) => options.onProgress?.(step, done, steps);
  progress('reading the training data', 0);
  const sets = readTrainingSets(options.dataDir, { seed: options.seed, lexiconMinAbsWeight: hp.lexiconMinAbsWeight });
  progress('fitting', 1);
  const labels = options.deploymentLabels;
  const labelled = labels ? [{ rows: labels.sets.flatMap((s) => s.train), weight: labels.weight }] : [];
  let weights = fitWeights(sets, hp, options.seed, (epoch) => progress(`epoch ${epoch} of ${hp.epochs}`, 1 + epoch), labelled);
  let selfTraining: SelfTrainingResult | null = null;
  if (options.selfTraining) {
    // A second fit on the same rows plus the confident pseudo-labels of the first; every later choice is on the second.
    // A candidate with the text of a held-out task post would train on that post under another id.
    const heldOutTexts = new Set(labels?.sets.flatMap((set) => set.heldOut.map((r) => r.text)) ?? []);
    const posts = options.selfTraining.posts.filter((p) => !heldOutTexts.has(p.text));
    selfTraining = pseudoLabels(weights, sets, hp, { ...options.selfTraining, posts });
    const pseudo = { rows: selfTraining.rows, weight: options.selfTraining.weight };
    weights = fitWeights(sets, hp, options.seed, (epoch) => progress(`self-training epoch ${epoch} of ${hp.epochs}`, 1 + epoch), [
      ...labelled,
      pseudo,
    ]);
  }
  const { temperature, abstainThreshold, dev } = chooseOnDev(weights, sets, hp);
  progress('writing the model', 2 + hp.epochs);

  const dir = join(options.modelsDir, options.version);
  mkdirSync(dir, { recursive: true });
  const weightsFile = 'weights.bin';
  writeFileSync(join(dir, weightsFile), Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength));
  const spec: ModelSpec = {
    format: 'pantau-hashed-linear/1',
    classes: SENTIMENT_CLASSES,
    features: hp.features,
    temperature,
    abstainThreshold,
    weights: { file: weightsFile, shape: [hp.features.buckets, CLASSES], dtype: 'float32' },
  };
  writeFileSync(join(dir, 'model.json'), `${JSON.stringify(spec, null, 2)}\n`);

  const sha256 = sha256File(join(dir, weightsFile));
  const provisional: ModelManifest = {
    name: 'pantau-sentiment-id',
    version: options.version,
    trainedAt: (options.now?.() ?? new Date()).toISOString(),
    sha256,
    files: {},
    abstainThreshold,
    temperature,
    evaluation: [],
  };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(provisional, null, 2)}\n`);

  // Every choice is made and written: only now are the held-out sets read, and scored as `pantau eval` scores them.
  const model = await loadSentimentModel({ modelDir: dir });
  const heldOut: (NamedReport & { file: string; rows: number })[] = [];
  for (const set of HELD_OUT_SETS) {
    const rows = readFixtures(join(options.dataDir, set.file), set.binary ? { labelMap: BINARY_MAP } : {});
    heldOut.push({ dataset: set.dataset, file: set.file, rows: rows.length, report: await scoreModel(model, rows) });
    progress(`scored ${set.dataset}`, 2 + hp.epochs + heldOut.length);
  }
  const deployment = labels ? await scoreDeploymentLabels(model, labels, options.compareWith) : [];
  model.dispose();

  const seconds = (performance.now() - started) / 1000;
  const devFiles = { 'smsa-train-dev': TRAINING_FILES.smsaTrain, 'indolem-train0-dev': TRAINING_FILES.indolemTrain } as Record<
    string,
    string
  >;
  const trainingFile = (file: string, rows: DevSplit<LabeledRow> | null, use: string) => ({
    sha256: fileHash(join(options.dataDir, file)),
    ...(rows ? { rows: rows.train.length + rows.dev.length, trainRows: rows.train.length, devRows: rows.dev.length } : {}),
    use,
  });
  const manifest: ModelManifest = {
    ...provisional,
    evaluation: heldOut.map((h) => figures(h, { file: h.file, role: HELD_OUT_ROLE, heldOut: true })),
    development: dev.map((d) =>
      figures(d, {
        file: devFiles[d.dataset] ?? '',
        role: 'dev split: chose temperature, abstain threshold and hyper-parameters',
        heldOut: false,
      }),
    ),
    choices: {
      devSplit: {
        seed: options.seed,
        share: DEV_SHARE,
        method: `seeded, stratified by label: ${100 * DEV_SHARE}% of each class of each training file`,
        from: [TRAINING_FILES.smsaTrain, TRAINING_FILES.indolemTrain],
      },
      hyperparameters: { chosenOn: ['smsa-train-dev', 'indolem-train0-dev'], by: 'packages/sentiment/scripts/experiment.ts' },
      temperature: { value: temperature, chosenOn: 'smsa-train-dev', rule: 'lowest negative log-likelihood, grid 0.25-4 in 0.05 steps' },
      abstainThreshold: {
        value: abstainThreshold,
        chosenOn: 'smsa-train-dev',
        rule: `largest of 0.35, 0.40, ... 0.90 abstaining on at most ${100 * hp.maxAbstainShareOnDev}% of the rows`,
      },
      refit: 'none: the shipped weights are those fitted without the dev rows, so the chosen temperature and threshold belong to them',
      heldOut: HELD_OUT_SETS.map((s) => s.dataset),
      heldOutUse: 'scored only, after every choice, by the code path of `pantau eval`',
    },
    architecture:
      'Multinomial logistic regression over hashed word 1-2-grams, negation-scope words and character 2-4-grams (2^19 buckets), TensorFlow.js inference (gather + sum + temperature softmax).',
    preprocessing: PREPROCESSING_VERSION,
    seed: options.seed,
    hyperparameters: hp,
    trainingData: {
      [TRAINING_FILES.smsaTrain]: trainingFile(TRAINING_FILES.smsaTrain, sets.smsa, 'train, 3 classes; its dev split chose everything'),
      [TRAINING_FILES.indolemTrain]: trainingFile(
        TRAINING_FILES.indolemTrain,
        sets.indolem,
        'train, binary loss; its dev split chose hyper-parameters',
      ),
      [TRAINING_FILES.insetPositive]: trainingFile(TRAINING_FILES.insetPositive, null, 'one-word binary examples (|weight| >= 2)'),
      [TRAINING_FILES.insetNegative]: trainingFile(TRAINING_FILES.insetNegative, null, 'one-word binary examples (|weight| >= 2)'),
      ...Object.fromEntries(
        heldOut.map((h) => [
          h.file,
          { sha256: fileHash(join(options.dataDir, h.file)), rows: h.rows, use: `${HELD_OUT_ROLE}: scored only, never chose anything` },
        ]),
      ),
    },
    ...(labels ? { deploymentLabels: deploymentManifest(labels, deployment) } : {}),
    ...(selfTraining && options.selfTraining ? { selfTraining: selfTrainingManifest(selfTraining, options.selfTraining) } : {}),
    metrics: Object.fromEntries([
      ...[...dev, ...heldOut].map(({ dataset, report }) => [dataset, report]),
      ...deployment.flatMap((d) => (d.report ? [[`task-${d.taskId}-held-out`, d.report]] : [])),
    ]),
    trainSeconds: Math.round(seconds * 10) / 10,
  };
  writeFileSync(
    join(dir, 'MODEL_CARD.md'),
    renderModelCard(
      manifest,
      { dev, heldOut },
      {
        temperature,
        abstainThreshold,
        devShare: DEV_SHARE,
        maxAbstainShare: hp.maxAbstainShareOnDev,
      },
      [
        ...(labels ? [renderDeploymentSection(labels, deployment)] : []),
        ...(selfTraining && options.selfTraining ? [renderSelfTrainingSection(selfTraining, options.selfTraining)] : []),
      ].join('\n') || undefined,
    ),
  );
  manifest.files = Object.fromEntries(['weights.bin', 'model.json', 'MODEL_CARD.md'].map((f) => [f, sha256File(join(dir, f))]));
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  if (options.activate ?? true) await activateModel(options.modelsDir, options.version, options.now ? { now: options.now } : {});
  return { dir, manifest, dev, heldOut: heldOut.map(({ dataset, report }) => ({ dataset, report })), deployment, seconds };
}

/** Scores each task's held-out deployment rows (three classes) with the new model and, when given, another model folder. */
async function scoreDeploymentLabels(
  model: SentimentModel,
  labels: DeploymentLabels,
  compareWith: string | undefined,
): Promise<DeploymentEvaluation[]> {
  const score = async (m: SentimentModel, rows: readonly LabeledRow[]) =>
    evaluate(scorePredictions(rows, await m.predict(rows.map((r) => r.text))), { binary: false });
  const baseline = compareWith ? await loadSentimentModel({ modelDir: compareWith }) : null;
  try {
    const out: DeploymentEvaluation[] = [];
    for (const set of labels.sets) {
      const rows = set.heldOut;
      out.push({
        taskId: set.task.id,
        report: rows.length > 0 ? await score(model, rows) : null,
        baseline: baseline && rows.length > 0 ? { version: baseline.manifest.version, report: await score(baseline, rows) } : null,
      });
    }
    return out;
  } finally {
    baseline?.dispose();
  }
}

/** What the manifest records of the deployment's labels: per task the counts, the post ids on each side and the figures. */
function deploymentManifest(labels: DeploymentLabels, evaluations: readonly DeploymentEvaluation[]) {
  return {
    weight: labels.weight,
    holdOutShare: labels.holdOutShare,
    seed: labels.seed,
    holdOutMethod: DEPLOYMENT_HOLD_OUT_METHOD,
    heldOutUse: 'scored only, once the model is written; chose nothing',
    tasks: labels.sets.map((set) => {
      const evaluation = evaluations.find((e) => e.taskId === set.task.id);
      return {
        ...set.task,
        trainedLabels: set.train.length,
        trainedByLabel: countByLabel(set.train),
        heldOutLabels: set.heldOut.length,
        heldOutByLabel: countByLabel(set.heldOut),
        skipped: set.skipped,
        trainedPostIds: set.train.map((r) => r.postId),
        heldOutPostIds: set.heldOut.map((r) => r.postId),
        heldOutEvaluation: evaluation?.report ?? null,
        baseline: evaluation?.baseline ?? null,
      };
    }),
  };
}

const SELF_TRAINING_RULE =
  'a first fit (shared data and task labels) chooses, on the SmSA dev split with its own temperature, the lowest of 0.50, 0.55, ... 0.95 at which at least 20 dev rows are at or above it and their accuracy reaches the target; the unlabelled posts it labels at or above that confidence, most confident first, up to the cap, join a second fit, which is the model';

/** What the manifest records of self-training: the rule, the threshold and its dev figures, the pseudo-labels used. */
function selfTrainingManifest(result: SelfTrainingResult, options: SelfTrainingOptions) {
  return {
    rule: SELF_TRAINING_RULE,
    minDevAccuracy: options.minDevAccuracy,
    maxRows: options.maxRows,
    weight: options.weight,
    threshold: result.threshold,
    chosenOn: 'smsa-train-dev',
    devRowsAtThreshold: result.devRowsAtThreshold,
    devAccuracyAtThreshold: result.devAccuracyAtThreshold,
    candidates: result.candidates,
    used: result.rows.length,
    usedByLabel: countByLabel(result.rows),
    postIds: result.rows.map((r) => r.postId),
  };
}

/** The model card's section on self-training. */
function renderSelfTrainingSection(result: SelfTrainingResult, options: SelfTrainingOptions): string {
  const c = countByLabel(result.rows);
  return `## Pseudo-labels of the deployment's unlabelled posts
${SELF_TRAINING_RULE}. Target dev accuracy ${options.minDevAccuracy}; cap ${options.maxRows}; weight ${options.weight} each.
Candidates: ${result.candidates} stored Indonesian posts that no annotation task sampled, without the text of a held-out post.
${
  result.threshold === null
    ? 'No threshold reached the target on the dev split: no pseudo-label was used (the second fit equals the first).'
    : `Threshold ${result.threshold} (on the SmSA dev split ${result.devRowsAtThreshold} rows at or above it, accuracy ${(100 * (result.devAccuracyAtThreshold ?? 0)).toFixed(1)}%). Used ${result.rows.length} pseudo-labels: negative ${c.negative}, neutral ${c.neutral}, positive ${c.positive}; their post ids are in \`manifest.json\`.`
}
Pseudo-labels repeat the model's own errors with confidence; the task held-out figures above are the check.
`;
}
