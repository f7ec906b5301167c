import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ModelDisclosure, type ModelEvaluation, PantauError, SENTIMENT_CLASSES, type SentimentPrediction } from '@pantau/contracts';
import { type BackendPreference, selectBackend, tf } from './backend.ts';
import { type EmotionModel, hasEmotionHead, loadEmotionModel } from './emotion/model.ts';
import { type FeatureConfig, featurize, featurizeTokens, type SparseFeatures } from './features.ts';
import { sha256File } from './head-folder.ts';
import { hasRegionalHead, loadRegionalModel, type RegionalSentimentModel } from './regional/model.ts';

/** Where versioned model folders live, and `models/ACTIVE` names the one in use. */
export const MODELS_DIR = fileURLToPath(new URL('../../../models/', import.meta.url));

/** `model.json`: the architecture and the numbers serving needs. */
export interface ModelSpec {
  format: 'pantau-hashed-linear/1';
  classes: typeof SENTIMENT_CLASSES;
  features: FeatureConfig;
  /** Temperature fitted on the dev split carved from the training files; logits are divided by it before the softmax. */
  temperature: number;
  /** Highest class probability below which the label is `uncertain`. */
  abstainThreshold: number;
  weights: { file: string; shape: [number, number]; dtype: 'float32' };
}

/** What `models/<version>/manifest.json` says about a model. */
export interface ModelManifest {
  name: string;
  version: string;
  trainedAt: string | null;
  /** sha256 of the weights file: the one number that names the exact model. */
  sha256: string;
  files: Record<string, string>;
  abstainThreshold: number;
  temperature?: number;
  /** Held-out benchmark figures, scored after every choice. */
  evaluation: ModelEvaluation[];
  [extra: string]: unknown;
}

/** A loaded sentiment model. */
export interface SentimentModel {
  readonly manifest: ModelManifest;
  /** The TensorFlow.js backend in use (`tensorflow` for tfjs-node, `wasm`, `cpu`). */
  readonly backend: string;
  /** True for a stand-in that must be labelled as such wherever its output is shown. */
  readonly placeholder: boolean;
  /** Calibrated class probabilities and a label (or `uncertain`) for each raw text. */
  predict(texts: readonly string[]): Promise<SentimentPrediction[]>;
  /**
   * The same predictions from texts already normalized and tokenized (`tokenize(normalizeText(raw))`), so a caller that
   * also needs the tokens (keywords, topic matching) tokenizes each text once.
   */
  predictTokens(tokens: readonly (readonly string[])[]): Promise<SentimentPrediction[]>;
  /** Probabilities restricted to negative vs positive (for binary evaluation sets), neutral set to 0. */
  predictBinary(texts: readonly string[]): Promise<SentimentPrediction[]>;
  /** The model part of the disclosure envelope. */
  disclosure(): ModelDisclosure;
  /** The model card (Markdown), when the model folder has one. */
  modelCard(): string | null;
  /** The emotion head of the folder (`emotion/`), when it has one. */
  readonly emotion?: EmotionModel | undefined;
  /** The regional-language head of the folder (`regional/`), when it has one: it labels the posts of its languages. */
  readonly regional?: RegionalSentimentModel | undefined;
  dispose(): void;
}

export { sha256File } from './head-folder.ts';

/** The active model folder: `models/ACTIVE` names it. */
export function activeModelDir(modelsDir = MODELS_DIR): string {
  const active = join(modelsDir, 'ACTIVE');
  if (!existsSync(active)) throw new PantauError('MODEL_UNAVAILABLE', `no ${active}: train a model with \`pantau train\``);
  return join(modelsDir, readFileSync(active, 'utf8').trim());
}

// Rows per tensor call. Rows are padded to the longest feature list of their call, so posts are sorted by feature count
// first: a call holds posts of similar length and pads little (on SmSA valid's mix of lengths, half the kernel time of
// padding 512 unsorted rows to the longest).
const CHUNK = 128;

/** Loads a model folder (default: the active one) onto the selected TensorFlow.js backend. */
export async function loadSentimentModel(options: { modelDir?: string; backend?: BackendPreference } = {}): Promise<SentimentModel> {
  const dir = options.modelDir ?? activeModelDir();
  const read = <T>(file: string): T => {
    try {
      return JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
    } catch (cause) {
      throw new PantauError('MODEL_UNAVAILABLE', `cannot read ${join(dir, file)}`, { cause });
    }
  };
  const spec = read<ModelSpec>('model.json');
  const manifest = read<ModelManifest>('manifest.json');
  const backend = await selectBackend(options.backend ?? 'auto');
  const weightsPath = join(dir, spec.weights.file);
  const actual = sha256File(weightsPath);
  if (actual !== manifest.sha256) {
    throw new PantauError('MODEL_UNAVAILABLE', `weights of ${manifest.version} do not match the manifest sha256 (${actual})`);
  }
  const bytes = readFileSync(weightsPath);
  const weights = tf.tensor2d(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4), spec.weights.shape, 'float32');
  const cardPath = join(dir, 'MODEL_CARD.md');
  const emotion = hasEmotionHead(dir) ? loadEmotionModel(dir, backend) : undefined;
  const regional = hasRegionalHead(dir) ? loadRegionalModel(dir) : undefined;

  async function probabilities(features: readonly SparseFeatures[], binary: boolean): Promise<Float32Array> {
    const out = new Float32Array(features.length * 3);
    const order = Array.from(features.keys()).sort(
      (a, b) => (features[a] as SparseFeatures).indices.length - (features[b] as SparseFeatures).indices.length,
    );
    for (let start = 0; start < order.length; start += CHUNK) {
      const part = order.slice(start, start + CHUNK);
      const rows = part.length;
      const width = Math.max(1, (features[part[rows - 1] as number] as SparseFeatures).indices.length);
      const indices = new Int32Array(rows * width);
      const values = new Float32Array(rows * width);
      for (let r = 0; r < rows; r++) {
        const f = features[part[r] as number] as SparseFeatures;
        indices.set(f.indices, r * width);
        values.set(f.values, r * width);
      }
      const probs = tf.tidy(() => {
        // gatherND copies each feature's 3-weight row in one step; tf.gather on the wasm backend computes every output
        // element's position on its own and was 20 times slower for the same [rows, width, 3] result.
        const gathered = tf.gatherND(weights, tf.tensor3d(indices, [rows, width, 1], 'int32'));
        // Per row, values [1, width] times the gathered weights [width, 3]: the weighted sum in one batched matMul.
        // Functional ops only: tfjs-core alone does not register the chained tensor methods (`.div`, `.add`).
        const logits = tf.div(tf.reshape(tf.matMul(tf.tensor3d(values, [rows, 1, width]), gathered), [rows, 3]), spec.temperature);
        // Binary sets know only negative and positive: neutral is masked out before the softmax.
        const masked = binary ? tf.add(logits, tf.tensor1d([0, -1e9, 0])) : logits;
        return tf.softmax(masked);
      });
      const p = await probs.data();
      probs.dispose();
      for (let r = 0; r < rows; r++) out.set(p.subarray(r * 3, r * 3 + 3), (part[r] as number) * 3);
    }
    return out;
  }
  const ofTexts = (texts: readonly string[]) => texts.map((t) => featurize(t, spec.features));

  const toPredictions = (p: Float32Array, n: number): SentimentPrediction[] =>
    Array.from({ length: n }, (_, i) => {
      const probabilities: [number, number, number] = [p[i * 3] as number, p[i * 3 + 1] as number, p[i * 3 + 2] as number];
      const confidence = Math.max(...probabilities);
      const best = SENTIMENT_CLASSES[probabilities.indexOf(confidence)] ?? 'neutral';
      return { label: confidence < spec.abstainThreshold ? 'uncertain' : best, probabilities, confidence };
    });

  return {
    manifest,
    backend,
    placeholder: false,
    predict: async (texts) => toPredictions(await probabilities(ofTexts(texts), false), texts.length),
    predictTokens: async (tokens) =>
      toPredictions(
        await probabilities(
          tokens.map((t) => featurizeTokens(t, spec.features)),
          false,
        ),
        tokens.length,
      ),
    predictBinary: async (texts) => toPredictions(await probabilities(ofTexts(texts), true), texts.length),
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
    emotion,
    regional,
    dispose: () => {
      weights.dispose();
      emotion?.dispose();
      regional?.dispose();
    },
  };
}
