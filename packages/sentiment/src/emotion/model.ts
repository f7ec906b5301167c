import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMOTION_CLASSES, type EmotionPrediction, type ModelDisclosure, type ModelEvaluation, PantauError } from '@pantau/contracts';
import { normalizeText } from '@pantau/text';
import { float32File, readHeadFolder, sha256File } from '../head-folder.ts';
import { emotionScorerOf } from './scorer.ts';
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
  /**
   * The same predictions for posts whose `normalizeText` output is at hand (`AnalyzedText.normalized`), so that a caller
   * that has analyzed the text already does not normalize it twice.
   */
  predictNormalized(posts: readonly { text: string; normalized: string }[]): Promise<EmotionPrediction[]>;
  /** The emotion model's part of a disclosure. */
  disclosure(): ModelDisclosure;
  /** The emotion section of the model card. */
  modelCard(): string | null;
  dispose(): void;
}

/** The emotion head is scored in plain JavaScript typed arrays (`scorer.ts`), whatever the sentiment model runs on. */
const SCORER_BACKEND = 'js';

// Its own hash helper: importing the sentiment model's would make the two model files import each other.
const K = EMOTION_CLASSES.length;

/** True when a sentiment model folder carries an emotion head. */
export const hasEmotionHead = (modelDir: string) => existsSync(join(modelDir, EMOTION_DIR, 'manifest.json'));

/**
 * Loads `<modelDir>/emotion/`. The backend argument is the sentiment model's and is not used: the head's sparse dot
 * products of a few hundred terms cost less in typed arrays than one tensor call.
 */
export function loadEmotionModel(modelDir: string, _backend?: string): EmotionModel {
  const dir = join(modelDir, EMOTION_DIR);
  const { spec, manifest, weightsPath, read } = readHeadFolder<EmotionModelSpec, EmotionManifest>(dir, 'emotion');
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
  const weights = float32File(weightsPath);
  if (weights.length !== spec.weights.shape[0] * spec.weights.shape[1] || spec.weights.shape[1] !== K) {
    throw new PantauError('MODEL_UNAVAILABLE', `emotion weights of ${manifest.version} do not have the shape of model.json`);
  }
  const scorer = emotionScorerOf(spec, read<string[][]>(spec.vocabulary.file), float32File(idfPath), weights, K);
  const cardPath = join(dir, 'MODEL_CARD.md');

  const toPredictions = (p: Float32Array, n: number): EmotionPrediction[] =>
    Array.from({ length: n }, (_, i) => {
      const probabilities = Array.from(p.subarray(i * K, i * K + K)) as EmotionPrediction['probabilities'];
      const confidence = Math.max(...probabilities);
      const best = EMOTION_CLASSES[probabilities.indexOf(confidence)] ?? 'anger';
      return { label: confidence < spec.abstainThreshold ? 'uncertain' : best, probabilities, confidence };
    });

  return {
    manifest,
    backend: SCORER_BACKEND,
    predict: async (texts) => toPredictions(scorer.probabilities(texts.map((t) => preprocess(t, spec.preprocessing))), texts.length),
    predictNormalized: async (posts) =>
      toPredictions(scorer.probabilities(posts.map((p) => (spec.preprocessing === 'text-1' ? p.normalized : p.text))), posts.length),
    disclosure: () => ({
      name: manifest.name,
      version: manifest.version,
      sha256: manifest.sha256,
      backend: SCORER_BACKEND,
      placeholder: false,
      trainedAt: manifest.trainedAt,
      evaluation: manifest.evaluation,
    }),
    modelCard: () => (existsSync(cardPath) ? readFileSync(cardPath, 'utf8') : null),
    // Plain arrays: nothing outside the garbage collector's reach.
    dispose: () => {},
  };
}
