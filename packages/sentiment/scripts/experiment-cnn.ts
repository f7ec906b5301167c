// A small convolutional model over word embeddings, trained from scratch in TensorFlow.js, measured on the dev split
// carved from the training files only (SmSA valid and IndoLEM dev0 are never read here). Embeddings 64-d over the
// normalized tokens seen at least twice in the train part (first 40 tokens), a 1-D convolution (widths 2 and 3, 64
// filters each), global max pooling, dropout 0.4, three logits; Adam (0.002) for the network, AdaGrad (0.1) for the
// embedding rows, batches of 64, on the wasm backend, seeded shuffles and initial weights. IndoLEM rows are binary: an additive mask removes the neutral logit from their
// softmax, so their loss is over negative vs positive only, as in the linear model. Temperature and abstain threshold
// are chosen on the SmSA dev rows, as for the shipped model. With --blend it also fits the 1.1.0 linear model and
// reports the average of both logits.
// With --subword a word's vector is its own row plus the rows of its hashed character 3-5-grams (fastText style, 2^17
// buckets), so unseen and misspelled words share evidence with known ones. With --emot the EmoT train tweets join as
// binary rows (happy, love → positive; anger, fear, sadness → negative; EmoT valid is never read). With
// --blend-with FILE (dev logits written by experiment-v2.ts --dump) it scores the average of the CNN's logits with each
// dumped variant's.
// Run from the repo root: pnpm -s tsx packages/sentiment/scripts/experiment-cnn.ts [--seed 7] [--epochs 6] [--blend]
//   [--subword] [--emot] [--blend-with FILE]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { normalizeText, tokenize } from '@pantau/text';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend.ts';
import { featurize } from '../src/features.ts';
import { type LabeledRow, readFixtures } from '../src/fixtures.ts';
import { logitsOf, seededRandom, softmax } from '../src/linear.ts';
import { evaluate } from '../src/metrics.ts';
import { scorePredictions } from '../src/score.ts';
import { chooseAbstainThreshold, DEFAULT_HYPERPARAMETERS, fitTemperature, fitWeights, readTrainingSets } from '../src/train.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '7' },
    data: { type: 'string' },
    epochs: { type: 'string', default: '6' },
    blend: { type: 'boolean', default: false },
    subword: { type: 'boolean', default: false },
    emot: { type: 'boolean', default: false },
    'blend-with': { type: 'string' },
  },
});
const dataDir = values.data ?? fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const seed = Number(values.seed);
const hp = DEFAULT_HYPERPARAMETERS;
// The wasm backend (as serving): its matrix products are about 8 times faster than the pure-JS cpu backend's here.
await selectBackend('wasm');
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
const EMOT_SENTIMENT = { happy: 'positive', love: 'positive', anger: 'negative', fear: 'negative', sadness: 'negative' } as const;
if (values.emot)
  trainRows.push(
    ...readFixtures(join(dataDir, 'emot/train_preprocess.csv'), {
      textColumn: 'tweet',
      labelColumn: 'label',
      labelMap: EMOT_SENTIMENT,
    }).map((row) => ({ row, binary: true, weight: 1 })),
  );
const counts = new Map<string, number>();
const trainTokens = trainRows.map(({ row }) => tokensOf(row.text));
for (const tokens of trainTokens) for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
// 0 pads, 1 is an unknown word.
const vocabulary = new Map([...counts].filter(([, n]) => n >= 2).map(([t], i) => [t, i + 2]));
/** Per position (first MAX_LEN tokens), the embedding rows summed into it; an empty list pads. */
const idsOf = (tokens: readonly string[]): Int32Array[] => tokens.slice(0, MAX_LEN).map(rowsOfToken);
const MASKED = -1e4;
const maskOf = (binary: boolean) => [0, binary ? MASKED : 0, 0];

const SUBWORD_BUCKETS = values.subword ? 2 ** 17 : 0;
const vocabularySize = vocabulary.size + 2 + SUBWORD_BUCKETS;
/** Rows summed into a token's vector: its word row (or the unknown row), plus its hashed char 3-5-grams with --subword. */
const subwordCache = new Map<string, Int32Array>();
function rowsOfToken(token: string): Int32Array {
  const cached = subwordCache.get(token);
  if (cached) return cached;
  const rows = [vocabulary.get(token) ?? 1];
  if (SUBWORD_BUCKETS > 0) {
    const padded = `<${token}>`;
    for (let n = 3; n <= 5; n++)
      for (let i = 0; i + n <= padded.length; i++) {
        let h = 0x811c9dc5;
        for (let k = i; k < i + n; k++) h = Math.imul(h ^ padded.charCodeAt(k), 0x01000193);
        rows.push(vocabulary.size + 2 + ((h >>> 0) % SUBWORD_BUCKETS));
      }
  }
  const out = Int32Array.from(rows);
  subwordCache.set(token, out);
  return out;
}
const random = seededRandom(seed);
const uniform = (scale: number) => (random() * 2 - 1) * scale;

// The embedding table lives outside the gradient tape: on the cpu backend the gradient of `gather` loops over every
// vocabulary row per batch. Each batch looks its rows up here, gets the gradient of the looked-up tensor from tfjs,
// and adds it into the rows it used (AdaGrad per row). Row 0 (padding) stays zero.
const embeddings = Float32Array.from({ length: vocabularySize * EMBED }, (_, i) => (i < EMBED ? 0 : uniform(0.05)));
const embeddingSquares = new Float32Array(vocabularySize * EMBED).fill(1e-8);
const glorot = (shape: number[], fanIn: number, fanOut: number) =>
  tf.variable(
    tf.tensor(
      Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => uniform(Math.sqrt(6 / (fanIn + fanOut)))),
      shape,
    ),
  );
const WIDTHS = [2, 3];
const params = {
  ...Object.fromEntries(WIDTHS.map((w) => [`conv${w}`, glorot([w * EMBED, FILTERS], w * EMBED, FILTERS)])),
  ...Object.fromEntries(WIDTHS.map((w) => [`bias${w}`, tf.variable(tf.zeros([FILTERS]))])),
  dense: glorot([WIDTHS.length * FILTERS, 3], WIDTHS.length * FILTERS, 3),
  denseBias: tf.variable(tf.zeros([3])),
} as Record<string, tf.Variable>;

function lookUp(texts: readonly Int32Array[][]): tf.Tensor3D {
  const out = new Float32Array(texts.length * MAX_LEN * EMBED);
  texts.forEach((positions, b) => {
    positions.forEach((rows, t) => {
      const base = (b * MAX_LEN + t) * EMBED;
      const scale = 1 / rows.length;
      for (const id of rows)
        for (let d = 0; d < EMBED; d++) out[base + d] = (out[base + d] as number) + (embeddings[id * EMBED + d] as number) * scale;
    });
  });
  return tf.tensor3d(out, [texts.length, MAX_LEN, EMBED]);
}

/**
 * A convolution of width w as one matrix product over the windows (each position's w rows side by side, zero-padded
 * at the end): the wasm backend has no kernel for the gradient of `conv1d`, and on the cpu backend that gradient is
 * naive loops about 40 times slower than the forward pass; slice, concat and matMul have fast gradients on both.
 */
function convolve(x: tf.Tensor3D, width: number): tf.Tensor3D {
  const [batch, length] = x.shape;
  const padded = tf.pad(x, [
    [0, 0],
    [0, width - 1],
    [0, 0],
  ]);
  const windows = tf.concat(
    Array.from({ length: width }, (_, j) => tf.slice(padded, [0, j, 0], [batch, length, EMBED])),
    2,
  );
  const product = tf.matMul(tf.reshape(windows, [batch * length, width * EMBED]), params[`conv${width}`] as tf.Tensor2D);
  return tf.reshape(tf.add(product, params[`bias${width}`] as tf.Tensor1D), [batch, length, FILTERS]);
}

/** Class logits of a batch of looked-up rows; dropout only while training. */
function forward(x: tf.Tensor3D, training: boolean): tf.Tensor2D {
  const pooled = WIDTHS.map((w) => tf.max(tf.relu(convolve(x, w)), 1));
  let joined = tf.concat(pooled, 1) as tf.Tensor2D;
  if (training) joined = tf.dropout(joined, 0.4, undefined, Math.floor(random() * 1e9));
  return tf.add(tf.matMul(joined, params.dense as tf.Tensor2D), params.denseBias as tf.Tensor1D) as tf.Tensor2D;
}

const optimizer = tf.train.adam(0.002);
const trainIds = trainTokens.map(idsOf);
const epochs = Number(values.epochs);
const BATCH = 64;
const started = performance.now();
for (let epoch = 0; epoch < epochs; epoch++) {
  const order = trainRows.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  let lossSum = 0;
  for (let b = 0; b * BATCH < order.length; b++) {
    const batch = order.slice(b * BATCH, (b + 1) * BATCH);
    const ids = batch.map((i) => trainIds[i] as Int32Array[]);
    const x = tf.variable(lookUp(ids));
    const labels = tf.oneHot(
      tf.tensor1d(
        batch.map((i) => CLASS_INDEX[trainRows[i]?.row.label ?? 'neutral']),
        'int32',
      ),
      3,
    );
    const mask = tf.tensor2d(
      batch.flatMap((i) => maskOf(trainRows[i]?.binary ?? false)),
      [batch.length, 3],
    );
    const { value, grads } = tf.variableGrads(() => {
      const logits = tf.add(forward(x as tf.Tensor3D, true), mask);
      return tf.mean(tf.neg(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), 1))) as tf.Scalar;
    }, [...Object.values(params), x]);
    lossSum += value.dataSync()[0] as number;
    const dx = (grads[x.name] as tf.Tensor).dataSync();
    optimizer.applyGradients(Object.fromEntries(Object.entries(grads).filter(([name]) => name !== x.name)));
    ids.forEach((positions, r) => {
      positions.forEach((rows, t) => {
        const scale = 1 / rows.length;
        for (const id of rows)
          for (let d = 0; d < EMBED; d++) {
            const k = id * EMBED + d;
            const g = (dx[(r * MAX_LEN + t) * EMBED + d] as number) * scale;
            embeddingSquares[k] = (embeddingSquares[k] as number) + g * g;
            embeddings[k] = (embeddings[k] as number) - (0.1 * g) / Math.sqrt(embeddingSquares[k] as number);
          }
      });
    });
    tf.dispose([x, labels, mask, value, ...Object.values(grads)]);
    if (b % 50 === 0)
      console.log(
        `  epoch ${epoch + 1} batch ${b}: loss ${(lossSum / (b + 1)).toFixed(4)} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
  }
  console.log(
    `epoch ${epoch + 1}: loss ${(lossSum / Math.ceil(order.length / BATCH)).toFixed(4)} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
}

const cnnLogits = (rows: readonly LabeledRow[]): Float64Array[] => {
  const out: Float64Array[] = [];
  const ids = rows.map((r) => idsOf(tokensOf(r.text)));
  for (let b = 0; b < ids.length; b += 256) {
    const data = tf.tidy(() => {
      const x = lookUp(ids.slice(b, b + 256));
      return forward(x, false).arraySync();
    });
    for (const l of data) out.push(Float64Array.from(l));
  }
  return out;
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
const cnnSmsa = cnnLogits(sets.smsa.dev);
const cnnIndolem = cnnLogits(sets.indolem.dev);
const cnnName = `word CNN${values.subword ? ' + subwords' : ''}${values.emot ? ' + EmoT' : ''}, ${values.epochs} epochs (vocabulary ${vocabulary.size})`;
score(cnnName, cnnSmsa, cnnIndolem);
const mixWeighted = (a: Float64Array[], b: readonly number[][], weightOfB: number) =>
  a.map((l, i) => Float64Array.from(l, (v, c) => (1 - weightOfB) * v + weightOfB * (b[i]?.[c] as number)));
if (values['blend-with']) {
  const dumped = JSON.parse(readFileSync(values['blend-with'], 'utf8')) as Record<
    string,
    { seed: number; smsa: number[][]; indolem: number[][] }
  >;
  for (const [name, d] of Object.entries(dumped)) {
    if (d.seed !== seed || d.smsa.length !== cnnSmsa.length || d.indolem.length !== cnnIndolem.length)
      throw new Error(`${name}: dumped for seed ${d.seed}, not this dev split`);
    score(name, mixWeighted(cnnSmsa, d.smsa, 1), mixWeighted(cnnIndolem, d.indolem, 1));
    for (const w of [0.5, 0.65, 0.8])
      score(`CNN × ${(1 - w).toFixed(2)} + ${name} × ${w}`, mixWeighted(cnnSmsa, d.smsa, w), mixWeighted(cnnIndolem, d.indolem, w));
  }
}
if (values.blend) {
  const weights = fitWeights(sets, hp, seed);
  const linear = (rows: readonly LabeledRow[]) => rows.map((r) => Float64Array.from(logitsOf(featurize(r.text, hp.features), weights)));
  const linSmsa = linear(sets.smsa.dev);
  const linIndolem = linear(sets.indolem.dev);
  const mix = (a: Float64Array[], b: Float64Array[]) => a.map((l, i) => Float64Array.from(l, (v, c) => (v + (b[i]?.[c] as number)) / 2));
  score('linear 1.1.0 settings', linSmsa, linIndolem);
  score('average of CNN and linear logits', mix(cnnSmsa, linSmsa), mix(cnnIndolem, linIndolem));
}
