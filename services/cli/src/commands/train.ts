import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PantauError } from '@pantau/contracts';
import { MODELS_DIR, trainModel } from '@pantau/sentiment';
import { type CommandSpec, parseCommand } from '../spec.ts';

const SHARED_DATA = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));

/** `pantau train --help`. */
export const spec = {
  usage: ['train [--seed N] [--version V] [--out DIR] [--data DIR] [--no-activate]'],
  description:
    'Rebuilds the sentiment model from the shared data (../shared/data/ from the repository root), writes it with its model card and, unless --no-activate, makes it the active model.',
  options: {
    seed: { type: 'string', value: 'N', default: '7', description: 'random seed (the same seed gives the same weights)' },
    version: { type: 'string', value: 'V', default: '1.0.0', description: 'version of the new model: letters, digits, . _ -' },
    out: { type: 'string', value: 'DIR', description: 'models folder to write into (default: models/)' },
    data: { type: 'string', value: 'DIR', description: 'training data folder (default: ../shared/data/)' },
    'no-activate': { type: 'boolean', description: 'write the model without pointing models/ACTIVE at it' },
  },
  examples: ['train', 'train --seed 11 --version 1.0.1-exp --no-activate'],
} satisfies CommandSpec;

/** `pantau train [--seed N] [--version V] [--out DIR] [--data DIR] [--no-activate]`: rebuilds the sentiment model. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand('train', spec, argv);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new PantauError('INVALID_INPUT', '--seed: an integer');
  if (!/^[\w.-]+$/.test(values.version)) throw new PantauError('INVALID_INPUT', '--version: letters, digits, . _ - only');
  const result = await trainModel({
    dataDir: values.data ?? SHARED_DATA,
    modelsDir: values.out ?? MODELS_DIR,
    version: values.version,
    seed,
    activate: !values['no-activate'],
  });
  process.stdout.write(
    `${[
      `model ${result.manifest.name} ${result.manifest.version} written to ${result.dir} in ${result.seconds.toFixed(1)} s`,
      `weights sha256 ${result.manifest.sha256}`,
      ...result.reports.map(
        ({ dataset, report }) =>
          `${dataset}: macro-F1 ${(100 * report.macroF1).toFixed(1)} (95% CI ${(100 * report.macroF1CI[0]).toFixed(1)}–${(100 * report.macroF1CI[1]).toFixed(1)}), accuracy ${(100 * report.accuracy).toFixed(1)}, n ${report.n}`,
      ),
      `temperature ${result.manifest.temperature}, abstain below ${result.manifest.abstainThreshold}`,
      `model card: ${join(result.dir, 'MODEL_CARD.md')}`,
    ].join('\n')}\n`,
  );
  return 0;
}
