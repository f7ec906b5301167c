// Emotion head search, round 2 (exact-vocabulary TF-IDF blocks), on the dev split carved from EmoT train only.
// Run: nice -n 10 node --import tsx packages/sentiment/scripts/experiment-emotion-2.ts DATA_DIR raw|normalized
import { join } from 'node:path';
import { EMOTION_CLASSES } from '@pantau/contracts';
import { normalizeText } from '@pantau/text';
import { EMOT_FILES, EMOTION_INDEX, readEmotionRows } from '../src/emotion/data.ts';
import { macroF1OfIndices } from '../src/emotion/metrics.ts';
import { scoresOf, trainSvm } from '../src/emotion/svm.ts';
import { fitStackedTfidf, type TfidfBlock } from '../src/emotion/tfidf.ts';
import type { SparseFeatures } from '../src/features.ts';
import { carveDevSplit } from '../src/split.ts';

const dataDir = process.argv[2] as string;
const prep = process.argv[3] === 'normalized' ? normalizeText : (t: string) => t;
const K = EMOTION_CLASSES.length;
const rows = readEmotionRows(join(dataDir, EMOT_FILES.train)).map((r) => ({ ...r, text: prep(r.text) }));
const { train, dev } = carveDevSplit(rows, { share: 0.15, seed: 7 });
const yTrain = train.map((r) => EMOTION_INDEX[r.label]);
const yDev = dev.map((r) => EMOTION_INDEX[r.label]);
const argmax = (s: ArrayLike<number>) => {
  let b = 0;
  for (let c = 1; c < s.length; c++) if ((s[c] as number) > (s[b] as number)) b = c;
  return b;
};
const f1 = (x: readonly SparseFeatures[], w: Float32Array) =>
  (
    100 *
    macroF1OfIndices(
      yDev,
      x.map((r) => argmax(scoresOf(r, w, K))),
    )
  ).toFixed(1);
const t0 = process.cpuUsage();
const cpu = () => {
  const u = process.cpuUsage(t0);
  return ((u.user + u.system) / 1e6).toFixed(0);
};
const word = (lo: number, hi: number, w = 1): TfidfBlock => ({
  config: { wordNgrams: [lo, hi], charNgrams: null, sublinearTf: true, minDf: 1 },
  weight: w,
});
const char = (lo: number, hi: number, w = 1): TfidfBlock => ({
  config: { wordNgrams: null, charNgrams: [lo, hi], sublinearTf: true, minDf: 1 },
  weight: w,
});
const sets: [string, TfidfBlock[]][] = [
  ['w11', [word(1, 1)]],
  ['w12', [word(1, 2)]],
  ['w11+c25', [word(1, 1), char(2, 5)]],
  ['w12+c25', [word(1, 2), char(2, 5)]],
  ['w11+c14', [word(1, 1), char(1, 4)]],
  ['w12+c36', [word(1, 2), char(3, 6)]],
];
for (const [name, blocks] of sets) {
  const v = fitStackedTfidf(
    train.map((r) => r.text),
    blocks,
  );
  const xt = train.map((r) => v.transform(r.text));
  const xd = dev.map((r) => v.transform(r.text));
  const out: string[] = [];
  for (const C of [0.3, 1, 3]) out.push(`svm C=${C} ${f1(xd, trainSvm(xt, yTrain, v.dimension, K, { C, seed: 7 }))}`);
  // Balanced class weights (n / (K * count)).
  const counts = EMOTION_CLASSES.map((_, c) => yTrain.filter((y) => y === c).length);
  const cw = counts.map((n) => yTrain.length / (K * n));
  out.push(`svm-bal C=1 ${f1(xd, trainSvm(xt, yTrain, v.dimension, K, { C: 1, seed: 7, classWeights: cw }))}`);
  // NB-SVM: per class log-count ratios over binarized features, SVM on the scaled rows, interpolated toward the mean weight.
  for (const C of [0.1, 0.3]) {
    const nbw = new Float32Array(v.dimension * K);
    for (let c = 0; c < K; c++) {
      const p = new Float64Array(v.dimension).fill(1);
      const q = new Float64Array(v.dimension).fill(1);
      xt.forEach((r, i) => {
        const t = yTrain[i] === c ? p : q;
        for (const ix of r.indices) t[ix] += 1;
      });
      let ps = 0;
      let qs = 0;
      for (let b = 0; b < v.dimension; b++) {
        ps += p[b] as number;
        qs += q[b] as number;
      }
      const ratio = new Float32Array(v.dimension);
      for (let b = 0; b < v.dimension - 1; b++) ratio[b] = Math.log((p[b] as number) / ps / ((q[b] as number) / qs));
      ratio[v.dimension - 1] = 1;
      const scaled = xt.map((r) => ({ indices: r.indices, values: r.values.map((x, k) => x * (ratio[r.indices[k] as number] as number)) }));
      const w = trainSvm(scaled, yTrain, v.dimension, K, { C, seed: 7, only: c });
      for (let b = 0; b < v.dimension; b++) nbw[b * K + c] = (w[b * K + c] as number) * (ratio[b] as number);
    }
    out.push(`nbsvm C=${C} ${f1(xd, nbw)}`);
  }
  console.log(`${process.argv[3]} ${name} dim ${v.dimension}: ${out.join('  ')} [cpu ${cpu()} s]`);
}
