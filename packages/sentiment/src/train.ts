import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SENTIMENT_CLASSES, type SentimentClass } from '@pantau/contracts';
import { type FeatureConfig, featurize } from './features.ts';
import { type LabeledRow, readFixtures } from './fixtures.ts';
import { CLASSES, type Example, logitsOf, softmax, trainLinear } from './linear.ts';
import { type EvaluationReport, evaluate } from './metrics.ts';
import { loadSentimentModel, type ModelManifest, type ModelSpec, sha256File } from './model.ts';
import { renderModelCard } from './model-card.ts';

/** Version of the text normalization; bump when @pantau/text changes how texts are normalized. */
export const PREPROCESSING_VERSION = 'text-1';

/** Hyper-parameters of the shipped model (chosen on SmSA valid and IndoLEM dev0). */
export const DEFAULT_HYPERPARAMETERS = {
  features: {
    buckets: 2 ** 19,
    wordNgrams: [1, 2],
    charNgrams: [2, 4],
    negationScope: 3,
    preprocessing: PREPROCESSING_VERSION,
  } satisfies FeatureConfig,
  epochs: 10,
  learningRate: 0.2,
  l2: 1e-5,
  /** Weight of each binary IndoLEM row (loss over negative vs positive only). */
  indolemWeight: 1,
  /** Weight of each InSet lexicon entry used as a one-word binary example (|weight| ≥ 2). */
  lexiconWeight: 0.3,
  lexiconMinAbsWeight: 2,
  /** Abstain when the top probability is below the largest threshold (0.05 steps) that abstains on ≤ this share of SmSA valid. */
  maxAbstainShareOnValid: 0.08,
};

export interface TrainModelOptions {
  /** The shared data folder (smsa/, indolem-sentiment/, inset/). */
  dataDir: string;
  /** Where model folders are written. */
  modelsDir: string;
  version: string;
  seed: number;
  /** Point models/ACTIVE at the new model. */
  activate?: boolean;
  now?: () => Date;
}

export interface TrainResult {
  dir: string;
  manifest: ModelManifest;
  reports: { dataset: string; report: EvaluationReport }[];
  seconds: number;
}

const CLASS_INDEX: Record<SentimentClass, 0 | 1 | 2> = { negative: 0, neutral: 1, positive: 2 };
const BINARY_MAP = { '0': 'negative', '1': 'positive' } as const;

function lexiconRows(dataDir: string, minAbs: number): LabeledRow[] {
  const rows: LabeledRow[] = [];
  for (const file of ['positive', 'negative']) {
    readFileSync(join(dataDir, 'inset', `${file}.tsv`), 'utf8')
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

/** Temperature minimizing the negative log-likelihood on held-out rows (grid 0.25–4 in 0.05 steps). */
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

const fileHash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/**
 * Rebuilds the sentiment model from the shared data, deterministically for a seed: trains, calibrates on SmSA valid,
 * picks the abstain threshold, writes the model folder (weights, model.json, manifest.json, MODEL_CARD.md) and
 * evaluates the written model through the serving path on SmSA valid and IndoLEM dev0.
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainResult> {
  const started = performance.now();
  const hp = DEFAULT_HYPERPARAMETERS;
  const files = {
    smsaTrain: join(options.dataDir, 'smsa', 'train_preprocess.tsv'),
    smsaValid: join(options.dataDir, 'smsa', 'valid_preprocess.tsv'),
    indolemTrain: join(options.dataDir, 'indolem-sentiment', 'train0.csv'),
    indolemDev: join(options.dataDir, 'indolem-sentiment', 'dev0.csv'),
    insetPositive: join(options.dataDir, 'inset', 'positive.tsv'),
    insetNegative: join(options.dataDir, 'inset', 'negative.tsv'),
  };
  const smsaTrain = readFixtures(files.smsaTrain);
  const smsaValid = readFixtures(files.smsaValid);
  const indolemTrain = readFixtures(files.indolemTrain, { labelMap: BINARY_MAP });
  const lexicon = lexiconRows(options.dataDir, hp.lexiconMinAbsWeight);

  const toExample = (r: LabeledRow, binary: boolean, weight: number): Example => ({
    features: featurize(r.text, hp.features),
    label: CLASS_INDEX[r.label],
    binary,
    weight,
  });
  const examples = [
    ...smsaTrain.map((r) => toExample(r, false, 1)),
    ...indolemTrain.map((r) => toExample(r, true, hp.indolemWeight)),
    ...lexicon.map((r) => toExample(r, true, hp.lexiconWeight)),
  ];
  const weights = trainLinear(examples, hp.features.buckets, {
    epochs: hp.epochs,
    learningRate: hp.learningRate,
    l2: hp.l2,
    seed: options.seed,
  });

  const validLogits = smsaValid.map((r) => Float64Array.from(logitsOf(featurize(r.text, hp.features), weights)));
  const temperature = fitTemperature(
    validLogits,
    smsaValid.map((r) => CLASS_INDEX[r.label]),
  );
  const abstainThreshold = chooseAbstainThreshold(
    validLogits.map((l) => Math.max(...softmax(l, temperature))),
    hp.maxAbstainShareOnValid,
  );

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

  // Evaluate what was written, through the same path that serves it.
  const model = await loadSentimentModel({ modelDir: dir });
  const reports: TrainResult['reports'] = [];
  for (const [dataset, rows, binary] of [
    ['smsa-valid', smsaValid, false],
    ['indolem-dev0', readFixtures(files.indolemDev, { labelMap: BINARY_MAP }), true],
  ] as const) {
    const predictions = binary ? await model.predictBinary(rows.map((r) => r.text)) : await model.predict(rows.map((r) => r.text));
    const scored = rows.map((r, i) => {
      const p = predictions[i] as (typeof predictions)[number];
      const top = SENTIMENT_CLASSES[p.probabilities.indexOf(Math.max(...p.probabilities))] as SentimentClass;
      return { gold: r.label, predicted: top, confidence: p.confidence, abstained: p.label === 'uncertain' };
    });
    reports.push({ dataset, report: evaluate(scored, { binary }) });
  }
  model.dispose();

  const seconds = (performance.now() - started) / 1000;
  const manifest: ModelManifest = {
    ...provisional,
    evaluation: reports.map(({ dataset, report }) => ({ dataset, n: report.n, macroF1: report.macroF1, binary: report.binary })),
    architecture:
      'Multinomial logistic regression over hashed word 1-2-grams, negation-scope words and character 2-4-grams (2^19 buckets), TensorFlow.js inference (gather + sum + temperature softmax).',
    preprocessing: PREPROCESSING_VERSION,
    seed: options.seed,
    hyperparameters: hp,
    trainingData: {
      'smsa/train_preprocess.tsv': { sha256: fileHash(files.smsaTrain), rows: smsaTrain.length, use: 'train, 3 classes' },
      'indolem-sentiment/train0.csv': { sha256: fileHash(files.indolemTrain), rows: indolemTrain.length, use: 'train, binary loss' },
      'inset/positive.tsv': { sha256: fileHash(files.insetPositive), use: 'one-word binary examples (|weight| >= 2)' },
      'inset/negative.tsv': { sha256: fileHash(files.insetNegative), use: 'one-word binary examples (|weight| >= 2)' },
      'smsa/valid_preprocess.tsv': {
        sha256: fileHash(files.smsaValid),
        rows: smsaValid.length,
        use: 'calibration (temperature) and abstain threshold; evaluation',
      },
      'indolem-sentiment/dev0.csv': { sha256: fileHash(files.indolemDev), use: 'evaluation' },
    },
    metrics: Object.fromEntries(reports.map(({ dataset, report }) => [dataset, report])),
    trainSeconds: Math.round(seconds * 10) / 10,
  };
  writeFileSync(join(dir, 'MODEL_CARD.md'), renderModelCard(manifest, reports, { temperature, abstainThreshold }));
  manifest.files = Object.fromEntries(['weights.bin', 'model.json', 'MODEL_CARD.md'].map((f) => [f, sha256File(join(dir, f))]));
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  if (options.activate ?? true) writeFileSync(join(options.modelsDir, 'ACTIVE'), `${options.version}\n`);
  return { dir, manifest, reports, seconds };
}
