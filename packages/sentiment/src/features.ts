import { normalizeText, tokenize } from '@pantau/text';

/** How texts become hashed sparse features; stored in the model folder so serving matches training. */
export interface FeatureConfig {
  /** Number of hash buckets (a power of two). */
  buckets: number;
  /** Word n-gram orders, e.g. [1, 2]. */
  wordNgrams: number[];
  /** Character n-gram lengths over " word " (fastText style), e.g. [2, 5]. */
  charNgrams: [number, number];
  /** Words after a negation that get a negated copy of their feature. */
  negationScope: number;
  /** Version of the text normalization the features were computed with. */
  preprocessing: string;
}

/** Sparse features of one text: bucket indices and their values (L2-normalized). */
export interface SparseFeatures {
  indices: Int32Array;
  values: Float32Array;
}

const NEGATIONS = new Set(['tidak', 'bukan', 'belum', 'jangan', 'kurang', 'tanpa']);
const CLAUSE_END = new Set(['tapi', 'tetapi', 'namun', 'padahal', 'sedangkan']);

/** FNV-1a 32-bit hash of `text[start, end)`, seeded by a feature family so families do not share buckets by design. */
function hash(text: string, seed: number, start = 0, end = text.length): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Per-bucket scratch counts, reused across calls and zeroed after each (buckets are fixed per model). */
let scratch = new Float64Array(0);
let touched = new Int32Array(0);

/** Turns a raw text into hashed word n-gram, negation-scope and character n-gram features. */
export function featurize(raw: string, config: FeatureConfig): SparseFeatures {
  return featurizeTokens(tokenize(normalizeText(raw)), config);
}

/**
 * The same features from the tokens of the normalized text (`tokenize(normalizeText(raw))`, hashtags with their `#`):
 * the analysis step tokenizes each post once and shares the tokens between keywords and the model.
 */
export function featurizeTokens(normalizedTokens: readonly string[], config: FeatureConfig): SparseFeatures {
  const tokens = normalizedTokens.map((t) => (t.charCodeAt(0) === 35 /* # */ ? t.slice(1) : t));
  const mask = config.buckets - 1;
  if (scratch.length !== config.buckets) {
    scratch = new Float64Array(config.buckets);
    touched = new Int32Array(1024);
  }
  // Buckets in first-seen order (the order of the output), with their summed weights in `scratch`.
  let used = 0;
  const addIndex = (index: number, weight: number) => {
    if (scratch[index] === 0) {
      if (used === touched.length) {
        const grown = new Int32Array(touched.length * 2);
        grown.set(touched);
        touched = grown;
      }
      touched[used++] = index;
    }
    scratch[index] = (scratch[index] as number) + weight;
  };
  addIndex(hash('<bias>', 0) & mask, 1);
  const unigrams = config.wordNgrams.includes(1);
  const higher = config.wordNgrams.filter((n) => n >= 2);
  const [lo, hi] = config.charNgrams;
  let negatedFor = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (unigrams) addIndex(hash(t, 1) & mask, 1);
    if (negatedFor > 0) {
      addIndex(hash(`neg:${t}`, 2) & mask, 1);
      negatedFor--;
    }
    if (NEGATIONS.has(t)) negatedFor = config.negationScope;
    else if (CLAUSE_END.has(t)) negatedFor = 0;
    for (const n of higher) {
      if (i + n > tokens.length) continue;
      addIndex(hash(tokens.slice(i, i + n).join(' '), 3 + n) & mask, 1);
    }
    if (t.length <= 30) {
      const padded = ` ${t} `;
      for (let n = lo; n <= hi; n++) {
        for (let j = 0; j + n <= padded.length; j++) addIndex(hash(padded, 10 + n, j, j + n) & mask, 0.5);
      }
    }
  }
  const indices = new Int32Array(used);
  const values = new Float32Array(used);
  let norm = 0;
  for (let k = 0; k < used; k++) {
    const index = touched[k] as number;
    const count = scratch[index] as number;
    scratch[index] = 0;
    // Sublinear counts: a word repeated five times is not five times the evidence.
    const v = count <= 1 ? count : 1 + Math.log(count);
    indices[k] = index;
    values[k] = v;
    norm += v * v;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 1;
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * scale;
  return { indices, values };
}
