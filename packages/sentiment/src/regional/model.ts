import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ModelDisclosure, type ModelEvaluation, PantauError, SENTIMENT_CLASSES, type SentimentPrediction } from '@pantau/contracts';
import { type FeatureConfig, featurize, featurizeTokens, type SparseFeatures } from '../features.ts';
import { float32File, readHeadFolder } from '../head-folder.ts';
import { CLASSES, logitsOf, softmax } from '../linear.ts';
import type { RegionalSentimentLanguage } from './data.ts';

/** The folder, beside a sentiment model's files, that holds its regional-language head. */
export const REGIONAL_DIR = 'regional';

/** `regional/model.json`: what serving needs. */
export interface RegionalModelSpec {
  format: 'pantau-hashed-linear/1';
  classes: typeof SENTIMENT_CLASSES;
  /** The languages the head labels; posts of other languages never reach it. */
  languages: RegionalSentimentLanguage[];
  features: FeatureConfig;
  /** Logits are divided by it before the softmax (chosen on the dev split). */
  temperature: number;
  /** Highest class probability below which the label is `uncertain` (chosen on the dev split, by the Indonesian model's rule). */
  abstainThreshold: number;
  weights: { file: string; shape: [number, number]; dtype: 'float32' };
}

/** `regional/manifest.json`. */
export interface RegionalManifest {
  name: string;
  version: string;
  trainedAt: string | null;
  /** sha256 of the weights file. */
  sha256: string;
  files: Record<string, string>;
  languages: RegionalSentimentLanguage[];
  abstainThreshold: number;
  temperature: number;
  /** NusaX valid per language (held out; a translation corpus derived from SmSA, not independent). */
  evaluation: ModelEvaluation[];
  [extra: string]: unknown;
}

/** A loaded regional-language sentiment head. */
export interface RegionalSentimentModel {
  readonly manifest: RegionalManifest;
  readonly backend: string;
  /** The languages it labels. */
  readonly languages: ReadonlySet<string>;
  /** Probabilities and a label (or `uncertain`) per raw text. */
  predict(texts: readonly string[]): Promise<SentimentPrediction[]>;
  /** The same from `tokenize(normalizeText(raw))` tokens (what the analysis step has at hand). */
  predictTokens(tokens: readonly (readonly string[])[]): Promise<SentimentPrediction[]>;
  /** The head's part of a disclosure. */
  disclosure(): ModelDisclosure;
  /** Its model card. */
  modelCard(): string | null;
  dispose(): void;
}

/** Scored in plain typed arrays: a post's few hundred hashed features cost less than one tensor call. */
const SCORER_BACKEND = 'js';

// Its own hash helper: importing the sentiment model's would make the two model files import each other.

/** True when a sentiment model folder carries a regional head. */
export const hasRegionalHead = (modelDir: string) => existsSync(join(modelDir, REGIONAL_DIR, 'manifest.json'));

/** Tempered class probabilities of featurized rows, [row * 3 + class], in float32 as the TF.js reference returns them. */
export function regionalProbabilities(rows: readonly SparseFeatures[], weights: Float32Array, temperature: number): Float32Array {
  const out = new Float32Array(rows.length * CLASSES);
  const logits = new Float64Array(CLASSES);
  rows.forEach((row, r) => {
    out.set(softmax(logitsOf(row, weights, logits), temperature), r * CLASSES);
  });
  return out;
}

/** The prediction of one row of probabilities under an abstain threshold. */
export function predictionOf(p: ArrayLike<number>, abstainThreshold: number): SentimentPrediction {
  const probabilities: [number, number, number] = [p[0] as number, p[1] as number, p[2] as number];
  const confidence = Math.max(...probabilities);
  const best = SENTIMENT_CLASSES[probabilities.indexOf(confidence)] ?? 'neutral';
  return { label: confidence < abstainThreshold ? 'uncertain' : best, probabilities, confidence };
}

/** Reads `<modelDir>/regional/` (spec, manifest, weights checked against the manifest sha256). */
export function readRegionalHead(modelDir: string): { spec: RegionalModelSpec; manifest: RegionalManifest; weights: Float32Array } {
  const dir = join(modelDir, REGIONAL_DIR);
  const { spec, manifest, weightsPath } = readHeadFolder<RegionalModelSpec, RegionalManifest>(dir, 'regional');
  const weights = float32File(weightsPath);
  if (weights.length !== spec.weights.shape[0] * spec.weights.shape[1] || spec.weights.shape[0] !== spec.features.buckets) {
    throw new PantauError('MODEL_UNAVAILABLE', `regional weights of ${manifest.version} do not have the shape of model.json`);
  }
  return { spec, manifest, weights };
}

/** Loads `<modelDir>/regional/`, scored in typed arrays (`regionalProbabilities`), whatever the sentiment model runs on. */
export function loadRegionalModel(modelDir: string): RegionalSentimentModel {
  const { spec, manifest, weights } = readRegionalHead(modelDir);
  const cardPath = join(modelDir, REGIONAL_DIR, 'MODEL_CARD.md');
  const toPredictions = (rows: readonly SparseFeatures[]) => {
    const p = regionalProbabilities(rows, weights, spec.temperature);
    return rows.map((_, i) => predictionOf(p.subarray(i * CLASSES, i * CLASSES + CLASSES), spec.abstainThreshold));
  };
  return {
    manifest,
    backend: SCORER_BACKEND,
    languages: new Set(spec.languages),
    predict: async (texts) => toPredictions(texts.map((t) => featurize(t, spec.features))),
    predictTokens: async (tokens) => toPredictions(tokens.map((t) => featurizeTokens(t, spec.features))),
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
    dispose: () => {},
  };
}
