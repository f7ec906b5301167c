import { tf } from '../backend.ts';
import { featurize, type SparseFeatures } from '../features.ts';
import { CLASSES } from '../linear.ts';
import { readRegionalHead } from './model.ts';

/** The regional head scored as the Indonesian model is served: hashed features, then a TF.js gather, matMul and softmax. */
export interface ReferenceRegionalScorer {
  /** Class probabilities of raw texts, [text * 3 + class]. */
  probabilities(texts: readonly string[]): Promise<Float32Array>;
  dispose(): void;
}

const CHUNK = 128;

/** Loads `<modelDir>/regional/` into the TF.js reference path (on the backend already selected), to check the typed-array scorer against. */
export function loadReferenceRegionalScorer(modelDir: string): ReferenceRegionalScorer {
  const { spec, weights: floats } = readRegionalHead(modelDir);
  const weights = tf.tensor2d(floats, spec.weights.shape, 'float32');
  async function probabilities(rows: readonly SparseFeatures[]): Promise<Float32Array> {
    const out = new Float32Array(rows.length * CLASSES);
    for (let start = 0; start < rows.length; start += CHUNK) {
      const part = rows.slice(start, start + CHUNK);
      const n = part.length;
      const width = Math.max(1, ...part.map((f) => f.indices.length));
      // Padding rows point at bucket 0 with value 0: they add nothing.
      const indices = new Int32Array(n * width);
      const values = new Float32Array(n * width);
      part.forEach((f, r) => {
        indices.set(f.indices, r * width);
        values.set(f.values, r * width);
      });
      const probs = tf.tidy(() => {
        const gathered = tf.gatherND(weights, tf.tensor3d(indices, [n, width, 1], 'int32'));
        const logits = tf.reshape(tf.matMul(tf.tensor3d(values, [n, 1, width]), gathered), [n, CLASSES]);
        return tf.softmax(tf.div(logits, spec.temperature));
      });
      out.set(await probs.data(), start * CLASSES);
      probs.dispose();
    }
    return out;
  }
  return {
    probabilities: (texts) => probabilities(texts.map((t) => featurize(t, spec.features))),
    dispose: () => weights.dispose(),
  };
}
