import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PantauError } from '@pantau/contracts';
import {
  activeModelDir,
  EMOT_FILES,
  type EmotionEvaluation,
  type EvaluationReport,
  MODELS_DIR,
  NUSAX_FILES,
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

/** `pantau train --help`. */
export const spec = {
  usage: [
    'train [--seed N] [--version V] [--out DIR] [--data DIR] [--no-activate]',
    'train --emotions-only [--seed N] [--model DIR] [--data DIR]',
    'train --regional-only [--seed N] [--model DIR] [--data DIR]',
  ],
  description:
    'Rebuilds the sentiment model from the shared data (../shared/data/ from the repository root), its emotion head (emotion/ inside the model folder, from EmoT train) and its regional-language head (regional/, from NusaX train of Javanese, Sundanese, Minangkabau, Banjarese, Balinese and Madurese), writes them with their model cards and, unless --no-activate, makes the model active. --emotions-only (--regional-only) rebuilds only the emotion (regional) head of a model folder (default: the active one).',
  options: {
    seed: { type: 'string', value: 'N', default: '7', description: 'random seed (the same seed gives the same weights)' },
    version: { type: 'string', value: 'V', default: '1.1.0', description: 'version of the new model: letters, digits, . _ -' },
    out: { type: 'string', value: 'DIR', description: 'models folder to write into (default: models/)' },
    data: { type: 'string', value: 'DIR', description: 'training data folder (default: ../shared/data/)' },
    'no-activate': { type: 'boolean', description: 'write the model without pointing models/ACTIVE at it' },
    'emotions-only': { type: 'boolean', description: 'rebuild only the emotion head (emotion/) of --model or the active model' },
    'regional-only': { type: 'boolean', description: 'rebuild only the regional-language head (regional/) of --model or the active model' },
    model: {
      type: 'string',
      value: 'DIR',
      description: 'with --emotions-only or --regional-only: the model folder (default: the active model)',
    },
  },
  examples: ['train', 'train --seed 11 --version 1.1.1-exp --no-activate', 'train --emotions-only', 'train --regional-only'],
} satisfies CommandSpec;

/** `pantau train [--seed N] [--version V] [--out DIR] [--data DIR] [--no-activate]`: rebuilds the sentiment model. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand('train', spec, argv);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new PantauError('INVALID_INPUT', '--seed: an integer');
  if (!/^[\w.-]+$/.test(values.version)) throw new PantauError('INVALID_INPUT', '--version: letters, digits, . _ - only');
  const dataDir = values.data ?? SHARED_DATA;
  if (values['emotions-only']) {
    const emotion = await trainEmotionHead({ dataDir, modelDir: values.model ?? activeModelDir(values.out ?? MODELS_DIR), seed });
    process.stdout.write(`${emotionLines(emotion).join('\n')}\n`);
    return 0;
  }
  if (values['regional-only']) {
    const lines = await trainRegional(dataDir, values.model ?? activeModelDir(values.out ?? MODELS_DIR), seed);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  }
  const bar: { progress: CountProgress | null } = { progress: null };
  const result = await trainModel({
    dataDir,
    modelsDir: values.out ?? MODELS_DIR,
    version: values.version,
    seed,
    activate: !values['no-activate'],
    onProgress: (step, done, total) => {
      bar.progress ??= createCountProgress('training', total);
      bar.progress.update(done, step);
    },
  });
  bar.progress?.done();
  // The emotion head needs EmoT in the data folder; without it the sentiment model is written alone, and says so.
  const emotion = existsSync(join(dataDir, EMOT_FILES.train)) ? await trainEmotionHead({ dataDir, modelDir: result.dir, seed }) : null;
  const regional = await trainRegional(dataDir, result.dir, seed);
  process.stdout.write(
    `${[
      `model ${result.manifest.name} ${result.manifest.version} written to ${result.dir} in ${result.seconds.toFixed(1)} s`,
      `weights sha256 ${result.manifest.sha256}`,
      ...result.dev.map(({ dataset, report }) => `dev split ${dataset} (used for choosing): ${figures(report)}`),
      ...result.heldOut.map(({ dataset, report }) => `held-out benchmark ${dataset}: ${figures(report)}`),
      `temperature ${result.manifest.temperature}, abstain below ${result.manifest.abstainThreshold} (both chosen on the SmSA dev split)`,
      `model card: ${join(result.dir, 'MODEL_CARD.md')}`,
      ...(emotion ? emotionLines(emotion) : [`no emotion head: ${join(dataDir, EMOT_FILES.train)} is missing`]),
      ...regional,
    ].join('\n')}\n`,
  );
  return 0;
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
