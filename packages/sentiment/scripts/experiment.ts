// Quick tuning loop on SmSA valid / IndoLEM dev0 (not shipped as a command).
import { type FeatureConfig, featurize } from '../src/features.ts';
import { readFixtures } from '../src/fixtures.ts';
import { type Example, logitsOf, softmax, trainLinear } from '../src/linear.ts';

const D = new URL('../../../../shared/data/', import.meta.url).pathname;
const cls = { negative: 0, neutral: 1, positive: 2 } as const;
const smsa = readFixtures(`${D}smsa/train_preprocess.tsv`);
const smsaValid = readFixtures(`${D}smsa/valid_preprocess.tsv`);
const map = { '0': 'negative', '1': 'positive' } as const;
const indolem = readFixtures(`${D}indolem-sentiment/train0.csv`, { labelMap: map });
const indolemDev = readFixtures(`${D}indolem-sentiment/dev0.csv`, { labelMap: map });

function macroF1(gold: number[], pred: number[], classes: number[]) {
  let sum = 0;
  for (const c of classes) {
    let tp = 0,
      fp = 0,
      fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (pred[i] === c && gold[i] === c) tp++;
      else if (pred[i] === c) fp++;
      else if (gold[i] === c) fn++;
    }
    const p = tp / (tp + fp || 1),
      r = tp / (tp + fn || 1);
    sum += p + r ? (2 * p * r) / (p + r) : 0;
  }
  return sum / classes.length;
}

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=')));
const config: FeatureConfig = {
  buckets: 2 ** Number(args.bits ?? 20),
  wordNgrams: (args.words ?? '1,2').split(',').map(Number),
  charNgrams: [Number(args.clo ?? 2), Number(args.chi ?? 5)],
  negationScope: Number(args.neg ?? 3),
  preprocessing: 'x',
};
const t0 = performance.now();
const ex: Example[] = [
  ...smsa.map((r) => ({ features: featurize(r.text, config), label: cls[r.label], binary: false, weight: 1 })),
  ...(args.indolem === '0'
    ? []
    : indolem.map((r) => ({ features: featurize(r.text, config), label: cls[r.label], binary: true, weight: Number(args.iw ?? 1) }))),
];
if (Number(args.lw ?? 0) > 0) {
  const { readFileSync } = await import('node:fs');
  for (const file of ['positive', 'negative']) {
    for (const line of readFileSync(`${D}inset/${file}.tsv`, 'utf8').split('\n').slice(1)) {
      const [word, weight] = line.split('\t');
      const wt = Number(weight);
      if (!word || !Number.isFinite(wt) || Math.abs(wt) < Number(args.lmin ?? 2)) continue;
      ex.push({ features: featurize(word, config), label: wt > 0 ? 2 : 0, binary: true, weight: Number(args.lw) });
    }
  }
}
const t1 = performance.now();
const w = trainLinear(ex, config.buckets, {
  epochs: Number(args.epochs ?? 10),
  learningRate: Number(args.lr ?? 0.5),
  l2: Number(args.l2 ?? 1e-5),
  seed: 7,
});
const t2 = performance.now();
const evalSet = (rows: typeof smsaValid, binary: boolean) => {
  const gold = rows.map((r) => cls[r.label] as number);
  const pred = rows.map((r) => {
    const p = softmax(logitsOf(featurize(r.text, config), w), 1, binary);
    return p.indexOf(Math.max(...p));
  });
  return macroF1(gold, pred, binary ? [0, 2] : [0, 1, 2]);
};
console.log(
  JSON.stringify(args),
  'smsa',
  evalSet(smsaValid, false).toFixed(4),
  'indolem',
  evalSet(indolemDev, true).toFixed(4),
  `feat ${((t1 - t0) / 1000).toFixed(1)}s train ${((t2 - t1) / 1000).toFixed(1)}s`,
);
