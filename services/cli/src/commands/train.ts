import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PantauError } from '@pantau/contracts';
import { type EvaluationReport, MODELS_DIR, trainModel } from '@pantau/sentiment';
import { type CountProgress, createCountProgress } from '../progress.ts';
import { type CommandSpec, parseCommand } from '../spec.ts';

const SHARED_DATA = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));

const pct = (x: number) => (100 * x).toFixed(1);
const figures = (r: EvaluationReport) =>
  `n ${r.n}, macro-F1 ${pct(r.macroF1)} (95% CI ${pct(r.macroF1CI[0])}–${pct(r.macroF1CI[1])}), accuracy ${pct(r.accuracy)}, ECE ${r.ece.toFixed(3)}, abstained ${pct(r.abstainRate)}%`;

/** `pantau train --help`. */
export const spec = {
  usage: ['train [--seed N] [--version V] [--out DIR] [--data DIR] [--no-activate]'],
  description:
    'Rebuilds the sentiment model from the shared data (../shared/data/ from the repository root), writes it with its model card and, unless --no-activate, makes it the active model.',
  options: {
    seed: { type: 'string', value: 'N', default: '7', description: 'random seed (the same seed gives the same weights)' },
    version: { type: 'string', value: 'V', default: '1.1.0', description: 'version of the new model: letters, digits, . _ -' },
    out: { type: 'string', value: 'DIR', description: 'models folder to write into (default: models/)' },
    data: { type: 'string', value: 'DIR', description: 'training data folder (default: ../shared/data/)' },
    'no-activate': { type: 'boolean', description: 'write the model without pointing models/ACTIVE at it' },
  },
  examples: ['train', 'train --seed 11 --version 1.1.1-exp --no-activate'],
} satisfies CommandSpec;

/** `pantau train [--seed N] [--version V] [--out DIR] [--data DIR] [--no-activate]`: rebuilds the sentiment model. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand('train', spec, argv);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new PantauError('INVALID_INPUT', '--seed: an integer');
  if (!/^[\w.-]+$/.test(values.version)) throw new PantauError('INVALID_INPUT', '--version: letters, digits, . _ - only');
  const bar: { progress: CountProgress | null } = { progress: null };
  const result = await trainModel({
    dataDir: values.data ?? SHARED_DATA,
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
  process.stdout.write(
    `${[
      `model ${result.manifest.name} ${result.manifest.version} written to ${result.dir} in ${result.seconds.toFixed(1)} s`,
      `weights sha256 ${result.manifest.sha256}`,
      ...result.dev.map(({ dataset, report }) => `dev split ${dataset} (used for choosing): ${figures(report)}`),
      ...result.heldOut.map(({ dataset, report }) => `held-out benchmark ${dataset}: ${figures(report)}`),
      `temperature ${result.manifest.temperature}, abstain below ${result.manifest.abstainThreshold} (both chosen on the SmSA dev split)`,
      `model card: ${join(result.dir, 'MODEL_CARD.md')}`,
    ].join('\n')}\n`,
  );
  return 0;
}
