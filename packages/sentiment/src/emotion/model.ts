import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMOTION_CLASSES, type EmotionPrediction, type ModelDisclosure, type ModelEvaluation, PantauError } from '@pantau/contracts';
import { normalizeText } from '@pantau/text';
import { tf } from '../backend.ts';
import type { SparseFeatures } from '../features.ts';
import { type StackedTfidf, stack, type TfidfBlock, tfidfOf } from './tfidf.ts';

/** The folder, beside a sentiment model's files, that holds its emotion head. */
export const EMOTION_DIR = 'emotion';

/** `emotion/model.json`: what serving needs. */
export interface EmotionModelSpec {
  format: 'pantau-tfidf-linear/1';
  classes: typeof EMOTION_CLASSES;
  /** `text-1`: texts go through @pantau/text's normalizeText first; `raw`: as they come. */
  preprocessing: 'text-1' | 'raw';
  /** TF-IDF blocks side by side (vocabulary and idf in the files below), then one bias column. */
  blocks: TfidfBlock[];
  /** JSON: per block, its terms in column order. */
  vocabulary: { file: string };
  /** Scores are divided by it before the softmax (chosen on the dev split). */
  temperature: number;
  /** Highest class probability below which the label is `uncertain` (chosen on the dev split). */
  abstainThreshold: number;
  weights: { file: string; shape: [number, number]; dtype: 'float32' };
  /** idf of every block's terms, blocks in order. */
  idf: { file: string; shape: [number]; dtype: 'float32' };
}

/** Rebuilds the stacked vectorizer of a spec from its stored vocabulary and idf. */
export function vectorizerOf(
  spec: Pick<EmotionModelSpec, 'blocks'>,
  vocabulary: readonly (readonly string[])[],
  idf: Float32Array,
): StackedTfidf {
  let at = 0;
  return stack(
    spec.blocks.map((block, b) => {
      const terms = vocabulary[b] ?? [];
      const part = { block, tfidf: tfidfOf(block.config, terms, idf.subarray(at, at + terms.length)) };
      at += terms.length;
      return part;
    }),
  );
}

/** The text a vectorizer reads under a preprocessing version. */
export const preprocess = (text: string, preprocessing: EmotionModelSpec['preprocessing']) =>
  preprocessing === 'text-1' ? normalizeText(text) : text;

/** `emotion/manifest.json`. */
export interface EmotionManifest {
  name: string;
  version: string;
  trainedAt: string | null;
  /** sha256 of the weights file. */
  sha256: string;
  files: Record<string, string>;
  abstainThreshold: number;
  temperature: number;
  /** Held-out benchmark figures (EmoT valid), scored after every choice. */
  evaluation: ModelEvaluation[];
  [extra: string]: unknown;
}

/** A loaded emotion head. */
export interface EmotionModel {
  readonly manifest: EmotionManifest;
  readonly backend: string;
  /** Probabilities over the five EmoT classes and a label (or `uncertain`) per raw text. */
  predict(texts: readonly string[]): Promise<EmotionPrediction[]>;
  /** The emotion model's part of a disclosure. */
  disclosure(): ModelDisclosure;
  /** The emotion section of the model card. */
  modelCard(): string | null;
  dispose(): void;
}

const CHUNK = 128;

// Its own hash helper: importing the sentiment model's would make the two model files import each other.
const sha256File = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const K = EMOTION_CLASSES.length;

/** True when a sentiment model folder carries an emotion head. */
export const hasEmotionHead = (modelDir: string) => existsSync(join(modelDir, EMOTION_DIR, 'manifest.json'));

/** Loads `<modelDir>/emotion/` onto the TensorFlow.js backend already selected (by the sentiment model's loader). */
export function loadEmotionModel(modelDir: string, backend: string): EmotionModel {
  const dir = join(modelDir, EMOTION_DIR);
  const read = <T>(file: string): T => {
    try {
      return JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
    } catch (cause) {
      throw new PantauError('MODEL_UNAVAILABLE', `cannot read ${join(dir, file)}`, { cause });
    }
  };
  const spec = read<EmotionModelSpec>('model.json');
  const manifest = read<EmotionManifest>('manifest.json');
  const weightsPath = join(dir, spec.weights.file);
  const actual = sha256File(weightsPath);
  if (actual !== manifest.sha256) {
    throw new PantauError('MODEL_UNAVAILABLE', `emotion weights of ${manifest.version} do not match the manifest sha256 (${actual})`);
  }
  const idfPath = join(dir, spec.idf.file);
  const vocabularyPath = join(dir, spec.vocabulary.file);
  for (const [file, path] of [
    [spec.idf.file, idfPath],
    [spec.vocabulary.file, vocabularyPath],
  ] as const) {
    if (manifest.files[file] !== undefined && sha256File(path) !== manifest.files[file]) {
      throw new PantauError('MODEL_UNAVAILABLE', `emotion ${file} of ${manifest.version} does not match the manifest`);
    }
  }
  const floats = (path: string) => {
    const bytes = readFileSync(path);
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  };
  const weights = tf.tensor2d(floats(weightsPath), spec.weights.shape, 'float32');
  const vectorizer = vectorizerOf(spec, read<string[][]>(spec.vocabulary.file), floats(idfPath));
  const cardPath = join(dir, 'MODEL_CARD.md');

  async function probabilities(rows: readonly SparseFeatures[]): Promise<Float32Array> {
    const out = new Float32Array(rows.length * K);
    // Sorted by length so each call pads little (as the sentiment model does).
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

  const toPredictions = (p: Float32Array, n: number): EmotionPrediction[] =>
    Array.from({ length: n }, (_, i) => {
      const probabilities = Array.from(p.subarray(i * K, i * K + K)) as EmotionPrediction['probabilities'];
      const confidence = Math.max(...probabilities);
      const best = EMOTION_CLASSES[probabilities.indexOf(confidence)] ?? 'anger';
      return { label: confidence < spec.abstainThreshold ? 'uncertain' : best, probabilities, confidence };
    });
  const ofTexts = (texts: readonly string[]) => texts.map((t) => vectorizer.transform(preprocess(t, spec.preprocessing)));

  return {
    manifest,
    backend,
    predict: async (texts) => toPredictions(await probabilities(ofTexts(texts)), texts.length),
    disclosure: () => ({
      name: manifest.name,
      version: manifest.version,
      sha256: manifest.sha256,
      backend,
      placeholder: false,
      trainedAt: manifest.trainedAt,
      evaluation: manifest.evaluation,
    }),
    modelCard: () => (existsSync(cardPath) ? readFileSync(cardPath, 'utf8') : null),
    dispose: () => weights.dispose(),
  };
}
