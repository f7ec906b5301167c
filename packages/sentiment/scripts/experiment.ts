// The hyper-parameter search behind DEFAULT_HYPERPARAMETERS, on the dev split carved from the training files only:
// SmSA valid and IndoLEM dev0 are held-out sets and are never read here. Each line changes one setting of the defaults
// and prints the dev macro-F1 of SmSA (3 classes) and IndoLEM (binary), and their mean, which ranks the settings.
// Run from the repo root: node packages/sentiment/scripts/experiment.ts [--seed 7] [--data DIR]
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chooseOnDev, DEFAULT_HYPERPARAMETERS, fitWeights, type Hyperparameters, readTrainingSets } from '../src/train.ts';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '7' }, data: { type: 'string' } } });
const dataDir = values.data ?? fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const seed = Number(values.seed);
const base = DEFAULT_HYPERPARAMETERS;

const variants: [string, Hyperparameters][] = [
  ['defaults', base],
  ['epochs 5', { ...base, epochs: 5 }],
  ['epochs 15', { ...base, epochs: 15 }],
  ['learningRate 0.1', { ...base, learningRate: 0.1 }],
  ['learningRate 0.5', { ...base, learningRate: 0.5 }],
  ['l2 1e-6', { ...base, l2: 1e-6 }],
  ['l2 1e-4', { ...base, l2: 1e-4 }],
  ['indolemWeight 0.5', { ...base, indolemWeight: 0.5 }],
  ['indolemWeight 2', { ...base, indolemWeight: 2 }],
  ['lexiconWeight 0', { ...base, lexiconWeight: 0 }],
  ['lexiconWeight 1', { ...base, lexiconWeight: 1 }],
  ['charNgrams 2-5', { ...base, features: { ...base.features, charNgrams: [2, 5] } }],
  ['charNgrams none', { ...base, features: { ...base.features, charNgrams: [0, -1] } }],
  ['buckets 2^20', { ...base, features: { ...base.features, buckets: 2 ** 20 } }],
];

const pct = (x: number) => (100 * x).toFixed(1);
const sets = readTrainingSets(dataDir, { seed, lexiconMinAbsWeight: base.lexiconMinAbsWeight });
console.log(
  `seed ${seed}: SmSA train ${sets.smsa.train.length} + dev ${sets.smsa.dev.length}; IndoLEM train ${sets.indolem.train.length} + dev ${sets.indolem.dev.length}`,
);
console.log('| setting | SmSA dev macro-F1 | IndoLEM dev macro-F1 | mean | T | threshold | s |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, hp] of variants) {
  const started = performance.now();
  const weights = fitWeights(sets, hp, seed);
  const { temperature, abstainThreshold, dev } = chooseOnDev(weights, sets, hp);
  const [smsa, indolem] = dev.map((d) => d.report.macroF1) as [number, number];
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(
    `| ${name} | ${pct(smsa)} | ${pct(indolem)} | ${pct((smsa + indolem) / 2)} | ${temperature} | ${abstainThreshold} | ${seconds} |`,
  );
}
