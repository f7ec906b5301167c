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

/** FNV-1a 32-bit hash of a string, seeded by a feature family so families do not share buckets by design. */
function hash(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Turns a raw text into hashed word n-gram, negation-scope and character n-gram features. */
export function featurize(raw: string, config: FeatureConfig): SparseFeatures {
  const tokens = tokenize(normalizeText(raw)).map((t) => (t.startsWith('#') ? t.slice(1) : t));
  const mask = config.buckets - 1;
  const counts = new Map<number, number>();
  const add = (key: string, seed: number, weight = 1) => {
    const index = hash(key, seed) & mask;
    counts.set(index, (counts.get(index) ?? 0) + weight);
  };
  add('<bias>', 0);
  let negatedFor = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (config.wordNgrams.includes(1)) add(t, 1);
    if (negatedFor > 0) {
      add(`neg:${t}`, 2);
      negatedFor--;
    }
    if (NEGATIONS.has(t)) negatedFor = config.negationScope;
    else if (CLAUSE_END.has(t)) negatedFor = 0;
    for (const n of config.wordNgrams) {
      if (n < 2 || i + n > tokens.length) continue;
      add(tokens.slice(i, i + n).join(' '), 3 + n);
    }
    const padded = ` ${t} `;
    const [lo, hi] = config.charNgrams;
    if (t.length <= 30) {
      for (let n = lo; n <= hi; n++) {
        for (let j = 0; j + n <= padded.length; j++) add(padded.slice(j, j + n), 10 + n, 0.5);
      }
    }
  }
  const indices = new Int32Array(counts.size);
  const values = new Float32Array(counts.size);
  let norm = 0;
  let k = 0;
  for (const [index, count] of counts) {
    // Sublinear counts: a word repeated five times is not five times the evidence.
    const v = count <= 1 ? count : 1 + Math.log(count);
    indices[k] = index;
    values[k] = v;
    norm += v * v;
    k++;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 1;
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * scale;
  return { indices, values };
}
