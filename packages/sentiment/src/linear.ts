import type { SparseFeatures } from './features.ts';

export const CLASSES = 3;

/** One training row: features, class (0 negative, 1 neutral, 2 positive), and whether only neg/pos are known. */
export interface Example {
  features: SparseFeatures;
  label: 0 | 1 | 2;
  /** Binary rows (IndoLEM) say nothing about neutral: their loss is over negative vs positive only. */
  binary: boolean;
  weight: number;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Called after each epoch (1-based), for a progress display; it does not change the weights. */
  onEpoch?: (epoch: number) => void;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same shuffles and so the same weights. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Class logits of one example under weights laid out [bucket * CLASSES + class]. */
export function logitsOf(features: SparseFeatures, weights: Float32Array, out = new Float64Array(CLASSES)): Float64Array {
  out.fill(0);
  const { indices, values } = features;
  for (let i = 0; i < indices.length; i++) {
    const base = (indices[i] as number) * CLASSES;
    const v = values[i] as number;
    for (let c = 0; c < CLASSES; c++) out[c] = (out[c] as number) + v * (weights[base + c] as number);
  }
  return out;
}

/** Softmax over the allowed classes (all three, or negative and positive only), with a temperature. */
export function softmax(logits: ArrayLike<number>, temperature = 1, binary = false): [number, number, number] {
  const allowed = binary ? [0, 2] : [0, 1, 2];
  let max = Number.NEGATIVE_INFINITY;
  for (const c of allowed) max = Math.max(max, (logits[c] as number) / temperature);
  const p = [0, 0, 0];
  let sum = 0;
  for (const c of allowed) {
    const e = Math.exp((logits[c] as number) / temperature - max);
    p[c] = e;
    sum += e;
  }
  for (const c of allowed) p[c] = (p[c] as number) / sum;
  return p as [number, number, number];
}

/**
 * Multinomial logistic regression on hashed sparse features, trained with AdaGrad and L2 on the active weights.
 * Plain loops in a fixed order from a seeded shuffle, so training is bit-for-bit reproducible.
 */
export function trainLinear(examples: readonly Example[], buckets: number, options: TrainOptions): Float32Array {
  const weights = new Float32Array(buckets * CLASSES);
  const squares = new Float32Array(buckets * CLASSES).fill(1e-8);
  const random = seededRandom(options.seed);
  const order = examples.map((_, i) => i);
  const logits = new Float64Array(CLASSES);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const lr = options.learningRate / (1 + 0.1 * epoch);
    for (const index of order) {
      const ex = examples[index] as Example;
      const p = softmax(logitsOf(ex.features, weights, logits), 1, ex.binary);
      const { indices, values } = ex.features;
      for (let c = 0; c < CLASSES; c++) {
        if (ex.binary && c === 1) continue;
        const error = ((p[c] as number) - (ex.label === c ? 1 : 0)) * ex.weight;
        for (let k = 0; k < indices.length; k++) {
          const w = (indices[k] as number) * CLASSES + c;
          const g = error * (values[k] as number) + options.l2 * (weights[w] as number);
          squares[w] = (squares[w] as number) + g * g;
          weights[w] = (weights[w] as number) - (lr * g) / Math.sqrt(squares[w] as number);
        }
      }
    }
    options.onEpoch?.(epoch + 1);
  }
  return weights;
}
