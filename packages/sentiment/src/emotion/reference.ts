import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMOTION_CLASSES } from '@pantau/contracts';
import { tf } from '../backend.ts';
import type { SparseFeatures } from '../features.ts';
import { EMOTION_DIR, type EmotionModelSpec, preprocess, vectorizerOf } from './model.ts';

/** A head scored the way it was served before `scorer.ts`: string n-grams in Maps, then a TF.js gather and matMul. */
export interface ReferenceEmotionScorer {
  /** Class probabilities of raw texts, [text * classes + class]. */
  probabilities(texts: readonly string[]): Promise<Float32Array>;
  dispose(): void;
}

const CHUNK = 128;
const K = EMOTION_CLASSES.length;

/**
 * Loads `<modelDir>/emotion/` into the reference path (on the TensorFlow.js backend already selected). It checks no
 * checksums: it exists to compare the serving scorer with, and to measure what that scorer saves.
 */
export function loadReferenceEmotionScorer(modelDir: string): ReferenceEmotionScorer {
  const dir = join(modelDir, EMOTION_DIR);
  const spec = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as EmotionModelSpec;
  const floats = (path: string) => {
    const bytes = readFileSync(path);
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  };
  const weights = tf.tensor2d(floats(join(dir, spec.weights.file)), spec.weights.shape, 'float32');
  const vocabulary = JSON.parse(readFileSync(join(dir, spec.vocabulary.file), 'utf8')) as string[][];
  const vectorizer = vectorizerOf(spec, vocabulary, floats(join(dir, spec.idf.file)));

  async function probabilities(rows: readonly SparseFeatures[]): Promise<Float32Array> {
    const out = new Float32Array(rows.length * K);
    const order = Array.from(rows.keys()).sort(
      (a, b) => (rows[a] as SparseFeatures).indices.length - (rows[b] as SparseFeatures).indices.length,
    );
    for (let start = 0; start < order.length; start += CHUNK) {
      const part = order.slice(start, start + CHUNK);
      const n = part.length;
      const width = Math.max(1, (rows[part[n - 1] as number] as SparseFeatures).indices.length);
      const indices = new Int32Array(n * width);
      const values = new Float32Array(n * width);
      for (let r = 0; r < n; r++) {
        const f = rows[part[r] as number] as SparseFeatures;
        indices.set(f.indices, r * width);
        values.set(f.values, r * width);
      }
      const probs = tf.tidy(() => {
        const gathered = tf.gatherND(weights, tf.tensor3d(indices, [n, width, 1], 'int32'));
        const scores = tf.reshape(tf.matMul(tf.tensor3d(values, [n, 1, width]), gathered), [n, K]);
        return tf.softmax(tf.div(scores, spec.temperature));
      });
      const p = await probs.data();
      probs.dispose();
      for (let r = 0; r < n; r++) out.set(p.subarray(r * K, r * K + K), (part[r] as number) * K);
    }
    return out;
  }

  return {
    probabilities: (texts) => probabilities(texts.map((t) => vectorizer.transform(preprocess(t, spec.preprocessing)))),
    dispose: () => weights.dispose(),
  };
}
