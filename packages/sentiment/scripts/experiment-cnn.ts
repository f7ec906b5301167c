// A small convolutional model over word embeddings, trained from scratch in TensorFlow.js, measured on the dev split
// carved from the training files only (SmSA valid and IndoLEM dev0 are never read here). Embeddings 64-d over the
// normalized tokens seen at least twice in the train part, a 1-D convolution (widths 2 and 3, 64 filters each), global
// max pooling, dropout, three logits. IndoLEM rows are binary: an additive mask removes the neutral logit from their
// softmax, so their loss is over negative vs positive only, as in the linear model. Temperature and abstain threshold
// are chosen on the SmSA dev rows, as for the shipped model. With --blend it also fits the 1.1.0 linear model and
// reports the average of both logits.
// Run from the repo root: pnpm -s tsx packages/sentiment/scripts/experiment-cnn.ts [--seed 7] [--epochs 6] [--blend]
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { normalizeText, tokenize } from '@pantau/text';
import * as tf from '@tensorflow/tfjs';
import { featurize } from '../src/features.ts';
import type { LabeledRow } from '../src/fixtures.ts';
import { logitsOf, softmax } from '../src/linear.ts';
import { evaluate } from '../src/metrics.ts';
import { scorePredictions } from '../src/score.ts';
import { chooseAbstainThreshold, DEFAULT_HYPERPARAMETERS, fitTemperature, fitWeights, readTrainingSets } from '../src/train.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '7' },
    data: { type: 'string' },
    epochs: { type: 'string', default: '6' },
    blend: { type: 'boolean', default: false },
  },
});
const dataDir = values.data ?? fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const seed = Number(values.seed);
const hp = DEFAULT_HYPERPARAMETERS;
await tf.setBackend('cpu');
const sets = readTrainingSets(dataDir, { seed, lexiconMinAbsWeight: hp.lexiconMinAbsWeight });
const CLASS_INDEX = { negative: 0, neutral: 1, positive: 2 } as const;
const MAX_LEN = 40;
const EMBED = 64;
const FILTERS = 64;

const tokensOf = (text: string) => tokenize(normalizeText(text)).map((t) => (t.startsWith('#') ? t.slice(1) : t));
const trainRows: { row: LabeledRow; binary: boolean; weight: number }[] = [
  ...sets.smsa.train.map((row) => ({ row, binary: false, weight: 1 })),
  // tfjs-layers has no sample weights: an IndoLEM row weighs its (integer) weight by repetition.
  ...sets.indolem.train.flatMap((row) => Array.from({ length: Math.round(hp.indolemWeight) }, () => ({ row, binary: true, weight: 1 }))),
];
const counts = new Map<string, number>();
const trainTokens = trainRows.map(({ row }) => tokensOf(row.text));
for (const tokens of trainTokens) for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
// 0 pads, 1 is an unknown word.
const vocabulary = new Map([...counts].filter(([, n]) => n >= 2).map(([t], i) => [t, i + 2]));
const idsOf = (tokens: readonly string[]) => {
  const ids = new Int32Array(MAX_LEN);
  tokens.slice(0, MAX_LEN).forEach((t, i) => {
    ids[i] = vocabulary.get(t) ?? 1;
  });
  return ids;
};
const MASKED = -1e4;
const maskOf = (binary: boolean) => [0, binary ? MASKED : 0, 0];

function tensors(tokenLists: readonly string[][], binary: readonly boolean[]) {
  const ids = new Int32Array(tokenLists.length * MAX_LEN);
  tokenLists.forEach((tokens, i) => {
    ids.set(idsOf(tokens), i * MAX_LEN);
  });
  return {
    ids: tf.tensor2d(ids, [tokenLists.length, MAX_LEN], 'int32'),
    mask: tf.tensor2d(binary.flatMap(maskOf), [binary.length, 3]),
  };
}

const idsInput = tf.input({ shape: [MAX_LEN], dtype: 'int32' });
const maskInput = tf.input({ shape: [3] });
const embedded = tf.layers
  .embedding({
    inputDim: vocabulary.size + 2,
    outputDim: EMBED,
    embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed }),
  })
  .apply(idsInput) as tf.SymbolicTensor;
const pooled = [2, 3].map((width) => {
  const conv = tf.layers
    .conv1d({
      filters: FILTERS,
      kernelSize: width,
      activation: 'relu',
      padding: 'same',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + width }),
    })
    .apply(embedded) as tf.SymbolicTensor;
  return tf.layers.globalMaxPooling1d().apply(conv) as tf.SymbolicTensor;
});
const joined = tf.layers.concatenate().apply(pooled) as tf.SymbolicTensor;
const dropped = tf.layers.dropout({ rate: 0.4, seed }).apply(joined) as tf.SymbolicTensor;
const logits = tf.layers
  .dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 9 }) })
  .apply(dropped) as tf.SymbolicTensor;
const masked = tf.layers.add().apply([logits, maskInput]) as tf.SymbolicTensor;
const probabilities = tf.layers.activation({ activation: 'softmax' }).apply(masked) as tf.SymbolicTensor;
const model = tf.model({ inputs: [idsInput, maskInput], outputs: probabilities });
const logitModel = tf.model({ inputs: [idsInput, maskInput], outputs: logits });
model.compile({ optimizer: tf.train.adam(0.002), loss: 'categoricalCrossentropy' });

const x = tensors(
  trainTokens,
  trainRows.map((r) => r.binary),
);
const y = tf.oneHot(
  tf.tensor1d(
    trainRows.map((r) => CLASS_INDEX[r.row.label]),
    'int32',
  ),
  3,
);
const started = performance.now();
await model.fit([x.ids, x.mask], y, {
  epochs: Number(values.epochs),
  batchSize: 64,
  shuffle: true,
  verbose: 0,
  callbacks: {
    onBatchEnd: (batch, logs) => {
      if (batch % 50 === 0)
        console.log(`  batch ${batch}: loss ${logs?.loss?.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    },
    onEpochEnd: (epoch, logs) =>
      console.log(`epoch ${epoch + 1}: loss ${logs?.loss?.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(0)} s)`),
  },
});

const cnnLogits = (rows: readonly LabeledRow[], binary: boolean): Float64Array[] => {
  const t = tensors(
    rows.map((r) => tokensOf(r.text)),
    rows.map(() => binary),
  );
  const out = logitModel.predict([t.ids, t.mask]) as tf.Tensor;
  const data = out.arraySync() as number[][];
  tf.dispose([t.ids, t.mask, out]);
  return data.map((l) => Float64Array.from(l));
};

const pct = (v: number) => (100 * v).toFixed(1);
function score(name: string, smsaLogits: Float64Array[], indolemLogits: Float64Array[]) {
  const gold = sets.smsa.dev.map((r) => CLASS_INDEX[r.label]);
  const temperature = fitTemperature(smsaLogits, gold);
  const threshold = chooseAbstainThreshold(
    smsaLogits.map((l) => Math.max(...softmax(l, temperature))),
    hp.maxAbstainShareOnDev,
  );
  const rep = (rows: readonly LabeledRow[], ls: readonly Float64Array[], binary: boolean) =>
    evaluate(
      scorePredictions(
        rows,
        ls.map((l) => {
          const p = softmax(l, temperature, binary);
          const confidence = Math.max(...p);
          return { label: confidence < threshold ? 'uncertain' : 'neutral', probabilities: p, confidence };
        }),
      ),
      { binary },
    );
  const smsa = rep(sets.smsa.dev, smsaLogits, false);
  const indolem = rep(sets.indolem.dev, indolemLogits, true);
  console.log(
    `| ${name} | ${pct(smsa.macroF1)} | ${pct(smsa.perClass.neutral?.recall ?? 0)} | ${smsa.ece.toFixed(3)} | ${pct(indolem.macroF1)} | ${indolem.ece.toFixed(3)} | ${pct((smsa.macroF1 + indolem.macroF1) / 2)} | ${temperature} | ${threshold} |`,
  );
}

console.log('| variant | SmSA dev macro-F1 | neutral recall | SmSA ECE | IndoLEM dev macro-F1 | IndoLEM ECE | mean | T | threshold |');
console.log('|---|---|---|---|---|---|---|---|---|');
const cnnSmsa = cnnLogits(sets.smsa.dev, false);
const cnnIndolem = cnnLogits(sets.indolem.dev, true);
score(`word CNN, ${values.epochs} epochs (vocabulary ${vocabulary.size})`, cnnSmsa, cnnIndolem);
if (values.blend) {
  const weights = fitWeights(sets, hp, seed);
  const linear = (rows: readonly LabeledRow[]) => rows.map((r) => Float64Array.from(logitsOf(featurize(r.text, hp.features), weights)));
  const linSmsa = linear(sets.smsa.dev);
  const linIndolem = linear(sets.indolem.dev);
  const mix = (a: Float64Array[], b: Float64Array[]) => a.map((l, i) => Float64Array.from(l, (v, c) => (v + (b[i]?.[c] as number)) / 2));
  score('linear 1.1.0 settings', linSmsa, linIndolem);
  score('average of CNN and linear logits', mix(cnnSmsa, linSmsa), mix(cnnIndolem, linIndolem));
}
