import { PantauError } from '@pantau/contracts';
import type { TfidfBlock } from './tfidf.ts';

/**
 * Serving path of the emotion head in plain typed arrays: the same numbers as `StackedTfidf.transform` followed by the
 * sparse product with the weights and the tempered softmax, without building one string per n-gram or a tensor per
 * batch. Each text is read once per block: word tokens and character n-grams (2–5 inside " word ") are hashed as they
 * are read, by two independent 32-bit hashes, and looked up in an open-addressing table built from the stored
 * vocabulary. The table refuses, at load, two vocabulary terms with the same pair of hashes; a term outside the
 * vocabulary would have to match both 32-bit hashes of one inside it to be miscounted.
 */

// Two hash families over UTF-16 code units (the units `String.prototype.slice` counts n-grams in), continued unit by
// unit: hashing "a b" equals hashing "a", then " ", then "b".
const SEED_A = 0x811c9dc5;
const SEED_B = 0x3c6ef372;
/** FNV-1a. */
const stepA = (h: number, c: number) => Math.imul(h ^ c, 0x01000193);
/** Rotate, xor, multiply (a different family from FNV: the two collide independently). */
const stepB = (h: number, c: number) => Math.imul(((h << 5) | (h >>> 27)) ^ c, 0x9e3779b1);
const SPACE = 32;

/** The code units `\s` matches (JavaScript's white space and line terminators). */
function isSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Terms (without their `w:`/`c:` kind) to columns, keyed by both hashes; 4 Int32 per slot: hash A, hash B, column + 1. */
class TermTable {
  private readonly slots: Int32Array;
  private readonly shift: number;
  private readonly mask: number;

  constructor(terms: readonly string[], columns: readonly number[]) {
    // At most 70% full: short probe runs, and a table that stays small for the CPU caches.
    let bits = 4;
    while ((1 << bits) * 0.7 < terms.length) bits++;
    this.slots = new Int32Array((1 << bits) * 4);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
    const owner = new Int32Array(1 << bits).fill(-1);
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t] as string;
      let a = SEED_A;
      let b = SEED_B;
      for (let i = 0; i < term.length; i++) {
        const c = term.charCodeAt(i);
        a = stepA(a, c);
        b = stepB(b, c);
      }
      let slot = Math.imul(a, 0x9e3779b1) >>> this.shift;
      for (;;) {
        const at = slot * 4;
        if (this.slots[at + 2] === 0) {
          this.slots[at] = a;
          this.slots[at + 1] = b;
          this.slots[at + 2] = (columns[t] as number) + 1;
          owner[slot] = t;
          break;
        }
        if (this.slots[at] === a && this.slots[at + 1] === b) {
          const other = terms[owner[slot] as number] as string;
          // A repeated term keeps its last column, as a Map's set would; two different terms must not share a key.
          if (other !== term)
            throw new PantauError(
              'MODEL_UNAVAILABLE',
              `emotion vocabulary terms ${JSON.stringify(other)} and ${JSON.stringify(term)} collide`,
            );
          this.slots[at + 2] = (columns[t] as number) + 1;
          owner[slot] = t;
          break;
        }
        slot = (slot + 1) & this.mask;
      }
    }
  }

  /** The column of a term, or -1. */
  column(term: string): number {
    let a = SEED_A;
    let b = SEED_B;
    for (let i = 0; i < term.length; i++) {
      const c = term.charCodeAt(i);
      a = stepA(a, c);
      b = stepB(b, c);
    }
    return this.find(a, b);
  }

  /** The column of the term hashed to (a, b), or -1. */
  find(a: number, b: number): number {
    const slots = this.slots;
    let slot = Math.imul(a, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const at = slot * 4;
      const col = slots[at + 2] as number;
      if (col === 0) return -1;
      if (slots[at] === a && slots[at + 1] === b) return col - 1;
      slot = (slot + 1) & this.mask;
    }
  }
}

// scikit-learn's token pattern as the vectorizer uses it (tfidf.ts).
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

/** Distinct words whose character n-gram columns are kept; the cache starts over when full. */
const MAX_CACHED_WORDS = 100_000;

/**
 * True when every term of more than `shortest` parts has its prefix one part shorter among the terms, as a fitted
 * vocabulary does (a row holding "abcd" holds "abc", so that prefix's document frequency is never lower). Then a
 * lookup that misses ends the lookups of longer n-grams from the same start.
 */
function prefixClosed(
  table: TermTable,
  terms: readonly string[],
  shortest: number,
  parts: (term: string) => number,
  prefix: (term: string) => string,
) {
  return terms.every((t) => parts(t) <= shortest || table.column(prefix(t)) >= 0);
}

/** One block's tables and per-text scratch: term counts by column, and the columns seen. */
class BlockScorer {
  private readonly words: TermTable | null;
  private readonly chars: TermTable | null;
  private readonly wordsClosed: boolean;
  private readonly charsClosed: boolean;
  private readonly counts: Int32Array;
  private touched = new Int32Array(1024);
  private used = 0;
  /** Per distinct whitespace-separated word: the columns of its character n-grams, repeats included. */
  private readonly wordColumns = new Map<string, Int32Array>();
  private scratch = new Int32Array(256);
  private values = new Float64Array(1024);

  constructor(
    readonly block: TfidfBlock,
    terms: readonly string[],
    /** Per term of the block, in column order: its idf, then its weight for each class (one cache line per term). */
    readonly packed: Float32Array,
    readonly classes: number,
  ) {
    const wordTerms: string[] = [];
    const wordColumns: number[] = [];
    const charTerms: string[] = [];
    const charColumns: number[] = [];
    terms.forEach((t, i) => {
      if (t.startsWith('w:')) {
        wordTerms.push(t.slice(2));
        wordColumns.push(i);
      } else {
        charTerms.push(t.slice(2));
        charColumns.push(i);
      }
    });
    const { wordNgrams, charNgrams } = block.config;
    this.words = wordNgrams ? new TermTable(wordTerms, wordColumns) : null;
    this.chars = charNgrams ? new TermTable(charTerms, charColumns) : null;
    this.wordsClosed =
      this.words !== null &&
      prefixClosed(
        this.words,
        wordTerms,
        wordNgrams?.[0] ?? 1,
        (t) => t.split(' ').length,
        (t) => t.slice(0, t.lastIndexOf(' ')),
      );
    this.charsClosed =
      this.chars !== null &&
      prefixClosed(
        this.chars,
        charTerms,
        charNgrams?.[0] ?? 1,
        (t) => t.length,
        (t) => t.slice(0, -1),
      );
    this.counts = new Int32Array(terms.length);
  }

  private add(col: number): void {
    if (this.counts[col] === 0) {
      if (this.used === this.touched.length) {
        const grown = new Int32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.used++] = col;
    }
    this.counts[col] = (this.counts[col] as number) + 1;
  }

  private countWords(lower: string, table: TermTable, lo: number, hi: number): void {
    const tokens = lower.match(TOKEN);
    if (!tokens) return;
    for (let i = 0; i < tokens.length; i++) {
      let a = SEED_A;
      let b = SEED_B;
      // Orders lo..hi starting at token i: "t1", "t1 t2", … hashed as one continued string.
      for (let n = 1; n <= hi && i + n <= tokens.length; n++) {
        if (n > 1) {
          a = stepA(a, SPACE);
          b = stepB(b, SPACE);
        }
        const token = tokens[i + n - 1] as string;
        for (let k = 0; k < token.length; k++) {
          const c = token.charCodeAt(k);
          a = stepA(a, c);
          b = stepB(b, c);
        }
        if (n >= lo) {
          const col = table.find(a, b);
          if (col >= 0) this.add(col);
          else if (this.wordsClosed) break;
        }
      }
    }
  }

  /** The columns of the character n-grams of " lower[start, end) ", in reading order. */
  private charColumnsOf(lower: string, start: number, end: number, table: TermTable, lo: number, hi: number): Int32Array {
    let found = 0;
    const padded = end - start + 2;
    if (this.scratch.length < padded * hi) this.scratch = new Int32Array(padded * hi * 2);
    const scratch = this.scratch;
    for (let p = 0; p < padded; p++) {
      let a = SEED_A;
      let b = SEED_B;
      for (let n = 1; n <= hi && p + n <= padded; n++) {
        // Padded position q is a space at both ends, else lower[start + q - 1].
        const q = p + n - 1;
        const c = q === 0 || q === padded - 1 ? SPACE : lower.charCodeAt(start + q - 1);
        a = stepA(a, c);
        b = stepB(b, c);
        if (n >= lo) {
          const col = table.find(a, b);
          if (col >= 0) scratch[found++] = col;
          else if (this.charsClosed) break;
        }
      }
    }
    return scratch.slice(0, found);
  }

  private countChars(lower: string, table: TermTable, lo: number, hi: number): void {
    const length = lower.length;
    const cache = this.wordColumns;
    let start = 0;
    while (start < length) {
      while (start < length && isSpace(lower.charCodeAt(start))) start++;
      if (start >= length) break;
      let end = start;
      while (end < length && !isSpace(lower.charCodeAt(end))) end++;
      const word = lower.slice(start, end);
      let cols = cache.get(word);
      if (cols === undefined) {
        cols = this.charColumnsOf(lower, start, end, table, lo, hi);
        if (cache.size >= MAX_CACHED_WORDS) cache.clear();
        cache.set(word, cols);
      }
      for (let j = 0; j < cols.length; j++) this.add(cols[j] as number);
      start = end;
    }
  }

  /** Adds this block's part of the scores of `lower` (the lower-cased text) to `scores`. */
  score(lower: string, scores: Float64Array): void {
    const { wordNgrams, charNgrams, sublinearTf } = this.block.config;
    this.used = 0;
    if (wordNgrams && this.words) this.countWords(lower, this.words, wordNgrams[0], wordNgrams[1]);
    if (charNgrams && this.chars) this.countChars(lower, this.chars, charNgrams[0], charNgrams[1]);
    // Columns in first-seen order: only the norm's float64 sum depends on the order, in its last bits.
    const cols = this.touched;
    const used = this.used;
    if (this.values.length < used) this.values = new Float64Array(this.touched.length);
    const values = this.values;
    const counts = this.counts;
    const packed = this.packed;
    const stride = this.classes + 1;
    let squares = 0;
    for (let j = 0; j < used; j++) {
      const col = cols[j] as number;
      const tf = counts[col] as number;
      counts[col] = 0;
      const v = (tf === 1 ? 1 : sublinearTf ? 1 + Math.log(tf) : tf) * (packed[col * stride] as number);
      values[j] = v;
      squares += v * v;
    }
    const norm = Math.sqrt(squares) || 1;
    const weight = this.block.weight;
    if (stride === 6) {
      // Five classes (EmoT's): the sums stay in registers.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let s4 = 0;
      for (let j = 0; j < used; j++) {
        // Rounded as the stacked vectorizer's Float32Array rows are.
        const x = Math.fround(Math.fround((values[j] as number) / norm) * weight);
        const at = (cols[j] as number) * 6;
        s0 += x * (packed[at + 1] as number);
        s1 += x * (packed[at + 2] as number);
        s2 += x * (packed[at + 3] as number);
        s3 += x * (packed[at + 4] as number);
        s4 += x * (packed[at + 5] as number);
      }
      scores[0] = (scores[0] as number) + s0;
      scores[1] = (scores[1] as number) + s1;
      scores[2] = (scores[2] as number) + s2;
      scores[3] = (scores[3] as number) + s3;
      scores[4] = (scores[4] as number) + s4;
      return;
    }
    for (let j = 0; j < used; j++) {
      const x = Math.fround(Math.fround((values[j] as number) / norm) * weight);
      const at = (cols[j] as number) * stride;
      for (let k = 1; k < stride; k++) scores[k - 1] = (scores[k - 1] as number) + x * (packed[at + k] as number);
    }
  }
}

/** The serving scorer of an emotion head. */
export interface EmotionScorer {
  /** Class probabilities of already preprocessed texts, [text * classes + class]. */
  probabilities(texts: readonly string[]): Float32Array;
}

/**
 * A scorer from a head's stored blocks, vocabulary (per block, terms in column order), idf (all blocks in order) and
 * weights ([column * classes + class], the bias column last).
 */
export function emotionScorerOf(
  spec: { blocks: readonly TfidfBlock[]; temperature: number },
  vocabulary: readonly (readonly string[])[],
  idf: Float32Array,
  weights: Float32Array,
  classes: number,
): EmotionScorer {
  const columns = vocabulary.reduce((n, terms) => n + terms.length, 0);
  if (weights.length !== (columns + 1) * classes || idf.length !== columns) {
    throw new PantauError('MODEL_UNAVAILABLE', `emotion weights or idf do not fit a vocabulary of ${columns} terms`);
  }
  const stride = classes + 1;
  const packed = new Float32Array(columns * stride);
  for (let c = 0; c < columns; c++) {
    packed[c * stride] = idf[c] as number;
    for (let k = 0; k < classes; k++) packed[c * stride + 1 + k] = weights[c * classes + k] as number;
  }
  let at = 0;
  const blocks = spec.blocks.map((block, b) => {
    const terms = vocabulary[b] ?? [];
    const scorer = new BlockScorer(block, terms, packed.subarray(at * stride, (at + terms.length) * stride), classes);
    at += terms.length;
    return scorer;
  });
  const bias = columns * classes;
  const scores = new Float64Array(classes);
  return {
    probabilities(texts) {
      const out = new Float32Array(texts.length * classes);
      for (let i = 0; i < texts.length; i++) {
        const lower = (texts[i] as string).toLowerCase();
        for (let k = 0; k < classes; k++) scores[k] = weights[bias + k] as number;
        for (const block of blocks) block.score(lower, scores);
        let max = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < classes; k++) {
          scores[k] = (scores[k] as number) / spec.temperature;
          if ((scores[k] as number) > max) max = scores[k] as number;
        }
        let sum = 0;
        for (let k = 0; k < classes; k++) {
          scores[k] = Math.exp((scores[k] as number) - max);
          sum += scores[k] as number;
        }
        for (let k = 0; k < classes; k++) out[i * classes + k] = (scores[k] as number) / sum;
      }
      return out;
    },
  };
}
