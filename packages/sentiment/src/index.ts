import type { ModelDisclosure, SentimentPrediction } from '@pantau/contracts';

/** What `models/<version>/manifest.json` says about a model. */
export interface ModelManifest {
  name: string;
  version: string;
  trainedAt: string | null;
  /** sha256 over the weight files, the one number that names the exact model. */
  sha256: string;
  files: Record<string, string>;
  abstainThreshold: number;
  evaluation: { dataset: string; n: number; macroF1: number; binary: boolean }[];
}

/** A loaded sentiment model. */
export interface SentimentModel {
  readonly manifest: ModelManifest;
  /** The TensorFlow.js backend in use (`tensorflow` for tfjs-node, `wasm`, `cpu`). */
  readonly backend: string;
  /** True for a stand-in that must be labelled as such wherever its output is shown. */
  readonly placeholder: boolean;
  /** Predicts calibrated class probabilities and a label (or `uncertain`) for each raw text. */
  predict(texts: readonly string[]): Promise<SentimentPrediction[]>;
  /** The model part of the disclosure envelope. */
  disclosure(): ModelDisclosure;
  dispose(): void;
}

/** Loads the active model from `models/` (interim: a lexicon placeholder until the trained model lands). */
export async function loadSentimentModel(): Promise<SentimentModel> {
  const manifest: ModelManifest = {
    name: 'placeholder-lexicon',
    version: '0.0.0-placeholder',
    trainedAt: null,
    sha256: 'none',
    files: {},
    abstainThreshold: 0.5,
    evaluation: [],
  };
  const neg = /\b(kecewa|lama|ribet|buruk|mahal|parah|error|gagal|susah|lambat)\b/;
  const pos = /\b(mantap|bagus|cepat|puas|gratis|terima kasih|alhamdulillah|ramah|mudah)\b/;
  return {
    manifest,
    backend: 'none',
    placeholder: true,
    async predict(texts) {
      return texts.map((t) => {
        const s = t.toLowerCase();
        const n = neg.test(s) ? 1 : 0;
        const p = pos.test(s) ? 1 : 0;
        const probabilities: [number, number, number] =
          n > p ? [0.7, 0.2, 0.1] : p > n ? [0.1, 0.2, 0.7] : [0.3, 0.4, 0.3];
        const confidence = Math.max(...probabilities);
        const label = confidence < manifest.abstainThreshold ? 'uncertain' : n > p ? 'negative' : p > n ? 'positive' : 'neutral';
        return { label, probabilities, confidence };
      });
    },
    disclosure() {
      return { name: manifest.name, version: manifest.version, sha256: manifest.sha256, backend: 'none', placeholder: true, trainedAt: null, evaluation: [] };
    },
    dispose() {},
  };
}
