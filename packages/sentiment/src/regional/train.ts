import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ModelEvaluation, SENTIMENT_CLASSES } from '@pantau/contracts';
import type { EvaluationReport } from '../metrics.ts';
import { loadSentimentModel, sha256File } from '../model.ts';
import {
  NUSAX_FILES,
  REGIONAL_DEV_SHARE,
  REGIONAL_SENTIMENT_CODES,
  type RegionalRow,
  type RegionalSentimentLanguage,
  readRegionalHeldOut,
  regionalTrainingSet,
} from './data.ts';
import {
  fitRegionalHead,
  REGIONAL_HYPERPARAMETERS,
  type RegionalComparison,
  type RegionalHyperparameters,
  type RegionalReport,
  regionalReport,
} from './fit.ts';
import { loadRegionalModel, REGIONAL_DIR, type RegionalManifest, type RegionalModelSpec } from './model.ts';
import { renderRegionalCard } from './model-card.ts';

/** What every regional figure is, stated with it. */
export const REGIONAL_CORPUS_NOTE =
  'NusaX is a translation corpus derived from SmSA (its sentences translate SmSA sentences, mostly of SmSA train): not an independent benchmark';

export interface TrainRegionalOptions {
  dataDir: string;
  /** The sentiment model folder; the head is written to its `regional/` subfolder (the Indonesian files are not touched). */
  modelDir: string;
  seed: number;
  version?: string;
  now?: () => Date;
  hyperparameters?: RegionalHyperparameters;
}

export interface TrainRegionalResult {
  dir: string;
  manifest: RegionalManifest;
  dev: RegionalComparison;
  heldOut: RegionalComparison;
  seconds: number;
}

const fileHash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The figures a disclosure carries for one report. */
function figuresOf(dataset: string, r: EvaluationReport, extra: { file: string; role: string; heldOut: boolean }): ModelEvaluation {
  return {
    dataset,
    file: extra.file,
    role: extra.role,
    heldOut: extra.heldOut,
    n: r.n,
    macroF1: r.macroF1,
    macroF1CI: r.macroF1CI,
    ece: r.ece,
    abstainRate: r.abstainRate,
    binary: false,
  };
}

/** Per-language evaluations of a report, named `nusax-<lang>-<split>`. */
function perLanguage(
  report: RegionalReport,
  split: string,
  extra: (lang: RegionalSentimentLanguage) => { file: string; role: string; heldOut: boolean },
) {
  return REGIONAL_SENTIMENT_CODES.flatMap((lang) => {
    const r = report.languages[lang];
    return r ? [figuresOf(`nusax-${lang}-${split}`, r, extra(lang))] : [];
  });
}

/** Scores the regional head and the Indonesian model of a model folder on regional rows, through their serving paths. */
export async function compareOnRegionalRows(modelDir: string, rows: readonly RegionalRow[]): Promise<RegionalComparison> {
  const head = loadRegionalModel(modelDir);
  const indonesian = await loadSentimentModel({ modelDir });
  const texts = rows.map((r) => r.text);
  try {
    return { head: regionalReport(rows, await head.predict(texts)), indonesian: regionalReport(rows, await indonesian.predict(texts)) };
  } finally {
    head.dispose();
    indonesian.dispose();
  }
}

/** NusaX valid of the six languages, in code order: held out, read only once every choice is written. */
export const regionalHeldOutRows = (dataDir: string) => REGIONAL_SENTIMENT_CODES.flatMap((lang) => readRegionalHeldOut(dataDir, lang));

const bytesOf = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/**
 * Rebuilds the regional head deterministically for a seed: drops the NusaX ids whose Indonesian original copies an
 * SmSA valid sentence, carves the dev split by sentence id, fits on the rest (with SmSA train rows, weighted), chooses
 * temperature and abstain threshold on dev, writes `regional/`, and only then scores NusaX valid (held out), the head
 * and the Indonesian model of the folder ("before") alike.
 */
export async function trainRegionalHead(options: TrainRegionalOptions): Promise<TrainRegionalResult> {
  const started = performance.now();
  const hp = options.hyperparameters ?? REGIONAL_HYPERPARAMETERS;
  const set = regionalTrainingSet(options.dataDir, options.seed);
  const head = fitRegionalHead(set, hp, options.seed);
  const dir = join(options.modelDir, REGIONAL_DIR);
  mkdirSync(dir, { recursive: true });
  const spec: RegionalModelSpec = {
    format: 'pantau-hashed-linear/1',
    classes: SENTIMENT_CLASSES,
    languages: [...REGIONAL_SENTIMENT_CODES],
    features: hp.features,
    temperature: head.temperature,
    abstainThreshold: head.abstainThreshold,
    weights: { file: 'weights.bin', shape: [hp.features.buckets, SENTIMENT_CLASSES.length], dtype: 'float32' },
  };
  writeFileSync(join(dir, spec.weights.file), bytesOf(head.weights));
  writeFileSync(join(dir, 'model.json'), `${JSON.stringify(spec, null, 2)}\n`);
  const provisional: RegionalManifest = {
    name: 'pantau-sentiment-regional',
    version: options.version ?? '1.0.0',
    trainedAt: (options.now?.() ?? new Date()).toISOString(),
    sha256: sha256File(join(dir, spec.weights.file)),
    files: {},
    languages: spec.languages,
    abstainThreshold: head.abstainThreshold,
    temperature: head.temperature,
    evaluation: [],
  };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(provisional, null, 2)}\n`);

  const dev = await compareOnRegionalRows(options.modelDir, set.dev);
  // Every choice is written: only now is NusaX valid read, and scored as `pantau eval --regional` scores it.
  const heldOutRows = regionalHeldOutRows(options.dataDir);
  const heldOut = await compareOnRegionalRows(options.modelDir, heldOutRows);
  const seconds = (performance.now() - started) / 1000;
  const heldOutRole = `held-out benchmark (${REGIONAL_CORPUS_NOTE})`;
  const devRole = 'dev split: chose temperature, abstain threshold and hyper-parameters';
  const manifest: RegionalManifest = {
    ...provisional,
    evaluation: [
      figuresOf('nusax-6-valid', heldOut.head.all, { file: 'nusax-regional/*/valid.csv', role: heldOutRole, heldOut: true }),
      ...perLanguage(heldOut.head, 'valid', (lang) => ({ file: NUSAX_FILES.heldOut(lang), role: heldOutRole, heldOut: true })),
    ],
    development: [
      figuresOf('nusax-6-train-dev', dev.head.all, { file: 'nusax-regional/*/train.csv', role: devRole, heldOut: false }),
      ...perLanguage(dev.head, 'train-dev', (lang) => ({ file: NUSAX_FILES.train(lang), role: devRole, heldOut: false })),
    ],
    before: {
      what: 'the Indonesian model of the same folder applied to the same regional texts (it was trained on SmSA train, which holds the Indonesian originals of most of these sentences)',
      dev: figuresOf('nusax-6-train-dev', dev.indonesian.all, {
        file: 'nusax-regional/*/train.csv',
        role: 'before, dev split',
        heldOut: false,
      }),
      heldOut: [
        figuresOf('nusax-6-valid', heldOut.indonesian.all, {
          file: 'nusax-regional/*/valid.csv',
          role: `before, ${heldOutRole}`,
          heldOut: true,
        }),
        ...perLanguage(heldOut.indonesian, 'valid', (lang) => ({
          file: NUSAX_FILES.heldOut(lang),
          role: `before, ${heldOutRole}`,
          heldOut: true,
        })),
      ],
    },
    choices: {
      leakage: {
        rule: `a NusaX train sentence whose Indonesian original (${NUSAX_FILES.indonesianTrain}, same id) has token Jaccard >= 0.45 with an SmSA valid sentence is dropped in every language`,
        droppedIds: set.dropped,
        smsaTrainRule: 'SmSA train rows with token Jaccard >= 0.45 to the Indonesian original of a dev sentence are left out of training',
        smsaTrainDropped: set.indonesianDropped,
      },
      devSplit: {
        seed: options.seed,
        share: REGIONAL_DEV_SHARE,
        method: `seeded, by sentence id, stratified by label: ${100 * REGIONAL_DEV_SHARE}% of the ids of each class, with all their translations`,
        from: REGIONAL_SENTIMENT_CODES.map((l) => NUSAX_FILES.train(l)),
      },
      hyperparameters: { chosenOn: 'nusax-6-train-dev', by: 'packages/sentiment/scripts/experiment-regional.ts' },
      temperature: {
        value: head.temperature,
        chosenOn: 'nusax-6-train-dev',
        rule: 'lowest negative log-likelihood, grid 0.25-4 in 0.05 steps',
      },
      abstainThreshold: {
        value: head.abstainThreshold,
        chosenOn: 'nusax-6-train-dev',
        rule: `largest of 0.35, 0.40, ... 0.90 abstaining on at most ${100 * hp.maxAbstainShareOnDev}% of the rows (the Indonesian model's rule)`,
      },
      refit: 'none: the shipped weights are those fitted without the dev rows',
      heldOut: ['nusax-*-valid'],
      heldOutUse: 'scored only, after every choice, by the code path of `pantau eval --regional`',
      excludedLanguages: 'Acehnese, Buginese, Ngaju and Toba Batak are not trained on and not labelled (their posts stay `other_language`)',
    },
    architecture: `Multinomial logistic regression over hashed word ${hp.features.wordNgrams.join('-')}-grams, negation-scope words and character ${hp.features.charNgrams.join('-')}-grams (2^${Math.log2(hp.features.buckets)} buckets) of the six languages' NusaX train rows and SmSA train rows (weight ${hp.indonesianWeight}), ${hp.epochs} epochs of AdaGrad (learning rate ${hp.learningRate}, L2 ${hp.l2}); scored in typed arrays (a TF.js gather + matMul reference gives the same probabilities).`,
    seed: options.seed,
    hyperparameters: hp,
    trainingData: {
      ...Object.fromEntries(
        REGIONAL_SENTIMENT_CODES.map((l) => [
          NUSAX_FILES.train(l),
          {
            sha256: fileHash(join(options.dataDir, NUSAX_FILES.train(l))),
            rows: set.rows[l],
            use: 'train; its dev split (by id) chose everything',
          },
        ]),
      ),
      [NUSAX_FILES.smsaTrain]: {
        sha256: fileHash(join(options.dataDir, NUSAX_FILES.smsaTrain)),
        rows: set.indonesian.length,
        use: `train, weight ${hp.indonesianWeight}`,
      },
      [NUSAX_FILES.indonesianTrain]: { sha256: fileHash(join(options.dataDir, NUSAX_FILES.indonesianTrain)), use: 'leakage check only' },
      [NUSAX_FILES.smsaValid]: {
        sha256: fileHash(join(options.dataDir, NUSAX_FILES.smsaValid)),
        use: 'leakage check only (its texts); never scored here',
      },
      ...Object.fromEntries(
        REGIONAL_SENTIMENT_CODES.map((l) => [
          NUSAX_FILES.heldOut(l),
          { sha256: fileHash(join(options.dataDir, NUSAX_FILES.heldOut(l))), use: 'held-out benchmark: scored only, never chose anything' },
        ]),
      ),
    },
    license:
      'NusaX is CC BY-SA 4.0 (Winata et al. 2023); SmSA (IndoNLU) is used as in the Indonesian model. The data is used to build the model only and is not redistributed here.',
    metrics: { dev, heldOut },
    trainSeconds: Math.round(seconds * 10) / 10,
  };
  writeFileSync(
    join(dir, 'MODEL_CARD.md'),
    renderRegionalCard(manifest, { dev, heldOut, trainRows: set.train.length, devRows: set.dev.length }),
  );
  manifest.files = Object.fromEntries([spec.weights.file, 'model.json', 'MODEL_CARD.md'].map((f) => [f, sha256File(join(dir, f))]));
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, manifest, dev, heldOut, seconds };
}
