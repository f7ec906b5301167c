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

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SPACE = 32;

/** FNV-1a 32-bit state at the start of a feature family's hash: families do not share buckets by design. */
const fnvStart = (seed: number) => (FNV_OFFSET ^ seed) >>> 0;

/** Continues an FNV-1a state over `text[start, end)`: hashing "a b" equals hashing "a", then " ", then "b". */
function fnvAdd(h: number, text: string, start = 0, end = text.length): number {
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

const fnvAddCode = (h: number, code: number) => Math.imul(h ^ code, FNV_PRIME);

/** FNV-1a 32-bit hash of a whole string in a feature family. */
const hash = (text: string, seed: number) => fnvAdd(fnvStart(seed), text) >>> 0;

/**
 * The distinct buckets of one text in first-seen order (the order of the output) with their summed weights. Lookups
 * go through a small open-addressing table sized to the text, not a buckets-long array: a text touches a few hundred
 * of the 2^19 buckets, and scattered reads over megabytes missed the CPU caches on nearly every feature.
 */
class BucketSums {
  /** Per slot: bucket + 1 (0 is empty), and the bucket's position in `order`. */
  private slots = new Int32Array(0);
  private slotPosition = new Int32Array(0);
  /** Per position: the slot that holds it (to clear the table for the next text). */
  private slotOf = new Int32Array(0);
  private mask = 0;
  order = new Int32Array(0);
  sums = new Float64Array(0);
  used = 0;

  /** Empties the table for a text with at most `bound` features. */
  reset(bound: number): void {
    let size = 64;
    while (size < bound * 2) size *= 2;
    if (size > this.slots.length) {
      this.slots = new Int32Array(size);
      this.slotOf = new Int32Array(size);
      this.slotPosition = new Int32Array(size);
      this.order = new Int32Array(size);
      this.sums = new Float64Array(size);
    }
    // Only the slots the previous text used are cleared.
    for (let k = 0; k < this.used; k++) this.slots[this.slotOf[k] as number] = 0;
    this.mask = this.slots.length - 1;
    this.used = 0;
  }

  add(bucket: number, weight: number): void {
    // Buckets are hash values already, so their low bits spread well.
    let slot = bucket & this.mask;
    for (;;) {
      const held = this.slots[slot] as number;
      if (held === 0) break;
      if (held === bucket + 1) {
        const at = this.slotPosition[slot] as number;
        this.sums[at] = (this.sums[at] as number) + weight;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    this.slots[slot] = bucket + 1;
    this.slotPosition[slot] = this.used;
    this.slotOf[this.used] = slot;
    this.order[this.used] = bucket;
    this.sums[this.used] = weight;
    this.used++;
  }
}

const buckets = new BucketSums();
/** " token " as code units, for a token of up to 30 characters (longer ones get no character n-grams). */
const paddedCodes = new Int32Array(32);

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
  const unigrams = config.wordNgrams.includes(1);
  const higher = config.wordNgrams.filter((n) => n >= 2);
  const [lo, hi] = config.charNgrams;
  // At most: the bias, then per token its unigram, negated copy, higher n-grams and character n-grams of " token ".
  let bound = 1;
  for (const t of tokens) {
    bound += 2 + higher.length;
    if (t.length <= 30) for (let n = lo; n <= hi; n++) bound += Math.max(0, t.length + 3 - n);
  }
  buckets.reset(bound);
  buckets.add(hash('<bias>', 0) & mask, 1);
  let negatedFor = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (unigrams) buckets.add(hash(t, 1) & mask, 1);
    if (negatedFor > 0) {
      buckets.add((fnvAdd(fnvAdd(fnvStart(2), 'neg:'), t) >>> 0) & mask, 1);
      negatedFor--;
    }
    if (NEGATIONS.has(t)) negatedFor = config.negationScope;
    else if (CLAUSE_END.has(t)) negatedFor = 0;
    for (const n of higher) {
      if (i + n > tokens.length) continue;
      // The n tokens joined by single spaces.
      let h = fnvAdd(fnvStart(3 + n), t);
      for (let m = i + 1; m < i + n; m++) h = fnvAdd(fnvAddCode(h, SPACE), tokens[m] as string);
      buckets.add((h >>> 0) & mask, 1);
    }
    if (t.length <= 30) {
      // Character n-grams of " token " (fastText style), read from the padded token's code units copied once.
      const padded = t.length + 2;
      paddedCodes[0] = SPACE;
      for (let p = 0; p < t.length; p++) paddedCodes[p + 1] = t.charCodeAt(p);
      paddedCodes[padded - 1] = SPACE;
      for (let n = lo; n <= hi; n++) {
        const start = fnvStart(10 + n);
        for (let j = 0; j + n <= padded; j++) {
          let h = start;
          for (let p = j; p < j + n; p++) h = fnvAddCode(h, paddedCodes[p] as number);
          buckets.add((h >>> 0) & mask, 0.5);
        }
      }
    }
  }
  const used = buckets.used;
  const indices = buckets.order.slice(0, used);
  const values = new Float32Array(used);
  let norm = 0;
  for (let k = 0; k < used; k++) {
    const count = buckets.sums[k] as number;
    // Sublinear counts: a word repeated five times is not five times the evidence.
    const v = count <= 1 ? count : 1 + Math.log(count);
    values[k] = v;
    norm += v * v;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 1;
  for (let i = 0; i < used; i++) values[i] = (values[i] as number) * scale;
  return { indices, values };
}
