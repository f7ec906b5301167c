// The hyper-parameter search behind DEFAULT_HYPERPARAMETERS, on the dev split carved from the training files only:
// SmSA valid and IndoLEM dev0 are held-out sets and are never read here. A round of a coordinate search: each line
// changes one setting of the starting point and prints the dev macro-F1 of SmSA (3 classes) and IndoLEM (binary) and
// their mean, which ranks the settings; the next round starts from the best line (`--set name=value`, repeatable).
// Run from the repo root: pnpm -s tsx packages/sentiment/scripts/experiment.ts [--seed 7] [--set learningRate=0.5]
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chooseOnDev, DEFAULT_HYPERPARAMETERS, fitWeights, type Hyperparameters, readTrainingSets } from '../src/train.ts';

const { values } = parseArgs({
  options: { seed: { type: 'string', default: '7' }, data: { type: 'string' }, set: { type: 'string', multiple: true } },
});
const dataDir = values.data ?? fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const seed = Number(values.seed);

/** The settings searched and the values tried for each. */
const GRID: Record<string, unknown[]> = {
  epochs: [5, 10, 15],
  learningRate: [0.1, 0.2, 0.5, 1],
  l2: [1e-6, 1e-5, 1e-4],
  indolemWeight: [0.5, 1, 2, 3],
  lexiconWeight: [0, 0.3, 1],
  charNgrams: [
    [0, -1],
    [2, 4],
    [2, 5],
  ],
  buckets: [2 ** 19, 2 ** 20],
};

function withSetting(hp: Hyperparameters, name: string, value: unknown): Hyperparameters {
  if (name === 'charNgrams' || name === 'buckets') return { ...hp, features: { ...hp.features, [name]: value } };
  if (!(name in GRID)) throw new Error(`unknown setting ${name}: one of ${Object.keys(GRID).join(', ')}`);
  return { ...hp, [name]: value };
}
const settingOf = (hp: Hyperparameters, name: string): unknown =>
  name === 'charNgrams' || name === 'buckets' ? hp.features[name] : hp[name as keyof Hyperparameters];

let base = DEFAULT_HYPERPARAMETERS;
for (const assignment of values.set ?? []) {
  const [name, value] = assignment.split('=') as [string, string];
  base = withSetting(base, name, JSON.parse(value));
}
const variants: [string, Hyperparameters][] = [['start', base]];
for (const [name, tried] of Object.entries(GRID)) {
  for (const value of tried) {
    if (JSON.stringify(value) !== JSON.stringify(settingOf(base, name)))
      variants.push([`${name} ${JSON.stringify(value)}`, withSetting(base, name, value)]);
  }
}

const pct = (x: number) => (100 * x).toFixed(1);
const sets = readTrainingSets(dataDir, { seed, lexiconMinAbsWeight: DEFAULT_HYPERPARAMETERS.lexiconMinAbsWeight });
console.log(
  `start ${JSON.stringify(values.set ?? [])} over the defaults; seed ${seed}: SmSA train ${sets.smsa.train.length} + dev ${sets.smsa.dev.length}; IndoLEM train ${sets.indolem.train.length} + dev ${sets.indolem.dev.length}`,
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
