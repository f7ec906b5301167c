// Chooses the regional head's setting on the dev split carved by sentence id from NusaX train (six languages); NusaX
// valid is never read. Prints dev macro-F1 per setting, and the Indonesian model on the same dev texts ("before").
// Run: nice -n 10 node --import tsx packages/sentiment/scripts/experiment-regional.ts
import { fileURLToPath } from 'node:url';
import { loadSentimentModel } from '../src/model.ts';
import { regionalTrainingSet } from '../src/regional/data.ts';
import { fitRegionalHead, REGIONAL_HYPERPARAMETERS, type RegionalHyperparameters, regionalReport } from '../src/regional/fit.ts';

const DATA = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const seed = 7;
const set = regionalTrainingSet(DATA, seed);
console.log(
  `train ${set.train.length}, dev ${set.dev.length}, dropped ids ${set.dropped.map((d) => d.id).join(',')}; SmSA train ${set.indonesian.length} (${set.indonesianDropped} copies of dev originals left out)`,
);
const model = await loadSentimentModel();
const before = regionalReport(set.dev, await model.predict(set.dev.map((r) => r.text)));
const pct = (x: number) => (100 * x).toFixed(1);
console.log(
  `before (Indonesian model): dev macro-F1 ${pct(before.all.macroF1)} ${Object.entries(before.languages)
    .map(([l, r]) => `${l} ${pct(r.macroF1)}`)
    .join(' ')}`,
);
const base = REGIONAL_HYPERPARAMETERS;
const grid: [string, RegionalHyperparameters][] = [['shipped', base]];
for (const indonesianWeight of [0, 0.1, 0.3, 0.5, 1]) grid.push([`smsa weight ${indonesianWeight}`, { ...base, indonesianWeight }]);
for (const charNgrams of [
  [2, 4],
  [2, 5],
  [1, 4],
  [1, 5],
] as [number, number][])
  grid.push([`char ${charNgrams}`, { ...base, features: { ...base.features, charNgrams } }]);
for (const wordNgrams of [[1], [1, 2, 3]]) grid.push([`word ${wordNgrams}`, { ...base, features: { ...base.features, wordNgrams } }]);
for (const buckets of [2 ** 16, 2 ** 17, 2 ** 19])
  grid.push([`buckets 2^${Math.log2(buckets)}`, { ...base, features: { ...base.features, buckets } }]);
for (const l2 of [0, 1e-4, 1e-3]) grid.push([`l2 ${l2}`, { ...base, l2 }]);
for (const epochs of [3, 5, 10, 20]) grid.push([`epochs ${epochs}`, { ...base, epochs }]);
for (const learningRate of [0.05, 0.1, 0.2, 0.5, 1]) grid.push([`lr ${learningRate}`, { ...base, learningRate }]);
grid.push(['negation 0', { ...base, features: { ...base.features, negationScope: 0 } }]);
// `--only a,b`: the named settings only (a later round around the shipped one).
const only = process.argv.includes('--only') ? new Set((process.argv[process.argv.indexOf('--only') + 1] ?? '').split(',')) : null;
for (const [name, hp] of only ? grid.filter(([n]) => only.has(n)) : grid) {
  const t = performance.now();
  const head = fitRegionalHead(set, hp, seed);
  console.log(
    `${name.padEnd(16)} dev macro-F1 ${pct(head.dev.all.macroF1)} acc ${pct(head.dev.all.accuracy)} ECE ${head.dev.all.ece.toFixed(3)} T ${head.temperature} thr ${head.abstainThreshold} abst ${pct(head.dev.all.abstainRate)} | ${Object.entries(
      head.dev.languages,
    )
      .map(([l, r]) => `${l} ${pct(r.macroF1)}`)
      .join(' ')} (${((performance.now() - t) / 1000).toFixed(1)} s)`,
  );
}
model.dispose();
