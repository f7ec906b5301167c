import type { SparseFeatures } from '../features.ts';

/** What a TF-IDF vectorizer counts: word n-grams (a range of orders) and/or character n-grams inside word boundaries. */
export interface TfidfConfig {
  /** Word n-gram orders [min, max], or null for none. */
  wordNgrams: [number, number] | null;
  /** Character n-gram lengths [min, max] over " word " (like scikit-learn's `char_wb`), or null for none. */
  charNgrams: [number, number] | null;
  /** 1 + log(tf) instead of raw counts. */
  sublinearTf: boolean;
  /** Terms seen in fewer training rows are dropped. */
  minDf: number;
}

/** A fitted TF-IDF vectorizer: an exact vocabulary (no hashing) with smoothed idf, rows L2-normalized. */
export interface Tfidf {
  config: TfidfConfig;
  vocabulary: Map<string, number>;
  idf: Float64Array;
  /** Columns: the vocabulary plus one constant bias column at the end. */
  dimension: number;
  transform(text: string): SparseFeatures;
}

// scikit-learn's default token pattern (\b\w\w+\b) over lower-cased text, with Unicode letters and digits.
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

/** The terms of one text under a config, with repeats (the counts are the term frequencies). */
export function termsOf(text: string, config: TfidfConfig): string[] {
  const lower = text.toLowerCase();
  const words = lower.match(TOKEN) ?? [];
  const out: string[] = [];
  if (config.wordNgrams) {
    const [lo, hi] = config.wordNgrams;
    for (let n = lo; n <= hi; n++) for (let i = 0; i + n <= words.length; i++) out.push(`w:${words.slice(i, i + n).join(' ')}`);
  }
  if (config.charNgrams) {
    const [lo, hi] = config.charNgrams;
    for (const w of lower.split(/\s+/)) {
      if (!w) continue;
      const padded = ` ${w} `;
      for (let n = lo; n <= hi; n++) {
        if (padded.length < n) continue;
        for (let i = 0; i + n <= padded.length; i++) out.push(`c:${padded.slice(i, i + n)}`);
      }
    }
  }
  return out;
}

/** Fits vocabulary and idf (`ln((1 + n) / (1 + df)) + 1`, as scikit-learn's smooth idf) on training texts. */
export function fitTfidf(texts: readonly string[], config: TfidfConfig): Tfidf {
  const df = new Map<string, number>();
  for (const t of texts) for (const term of new Set(termsOf(t, config))) df.set(term, (df.get(term) ?? 0) + 1);
  // Sorted terms: the column order (and so every weight) does not depend on the order of the rows.
  const kept = [...df.entries()].filter(([, d]) => d >= config.minDf).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return tfidfOf(
    config,
    kept.map(([term]) => term),
    Float64Array.from(kept, ([, d]) => Math.log((1 + texts.length) / (1 + d)) + 1),
  );
}

/** A vectorizer from its stored vocabulary (terms in column order) and idf. */
export function tfidfOf(config: TfidfConfig, terms: readonly string[], idf: Float64Array | Float32Array): Tfidf {
  const vocabulary = new Map<string, number>();
  // Serving looks terms up without their `w:`/`c:` kind prefix, in one map per kind: no prefixed string is built per term.
  const words = new Map<string, number>();
  const chars = new Map<string, number>();
  terms.forEach((t, i) => {
    vocabulary.set(t, i);
    (t.startsWith('w:') ? words : chars).set(t.slice(2), i);
  });
  const bias = terms.length;
  const transform = (text: string): SparseFeatures => {
    const counts = new Map<number, number>();
    const add = (col: number | undefined) => {
      if (col !== undefined) counts.set(col, (counts.get(col) ?? 0) + 1);
    };
    const lower = text.toLowerCase();
    if (config.wordNgrams) {
      const tokens = lower.match(TOKEN) ?? [];
      const [lo, hi] = config.wordNgrams;
      for (let n = lo; n <= hi; n++)
        for (let i = 0; i + n <= tokens.length; i++) add(words.get(n === 1 ? (tokens[i] as string) : tokens.slice(i, i + n).join(' ')));
    }
    if (config.charNgrams) {
      const [lo, hi] = config.charNgrams;
      for (const w of lower.split(/\s+/)) {
        if (!w) continue;
        const padded = ` ${w} `;
        for (let n = lo; n <= hi; n++) for (let i = 0; i + n <= padded.length; i++) add(chars.get(padded.slice(i, i + n)));
      }
    }
    const cols = [...counts.keys()].sort((a, b) => a - b);
    const values = cols.map((c) => {
      const tf = counts.get(c) as number;
      return (config.sublinearTf ? 1 + Math.log(tf) : tf) * (idf[c] as number);
    });
    const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0)) || 1;
    // The bias column stays 1 after normalization (liblinear's intercept_scaling = 1).
    return {
      indices: Int32Array.from([...cols, bias]),
      values: Float32Array.from([...values.map((v) => v / norm), 1]),
    };
  };
  return { config, vocabulary, idf: Float64Array.from(idf), dimension: terms.length + 1, transform };
}

/** One block of a stacked vectorizer: its own vocabulary and normalization, scaled by `weight`. */
export interface TfidfBlock {
  config: TfidfConfig;
  weight: number;
}

/** Blocks fitted side by side; a row is the blocks' L2-normalized parts (each times its weight) and a bias column. */
export interface StackedTfidf {
  blocks: { block: TfidfBlock; tfidf: Tfidf; offset: number }[];
  dimension: number;
  transform(text: string): SparseFeatures;
}

/** Fits stacked TF-IDF blocks (e.g. word n-grams beside character n-grams) on training texts. */
export function fitStackedTfidf(texts: readonly string[], blocks: readonly TfidfBlock[]): StackedTfidf {
  return stack(blocks.map((block) => ({ block, tfidf: fitTfidf(texts, block.config) })));
}

/** Stacks fitted (or stored) blocks side by side. */
export function stack(parts: readonly { block: TfidfBlock; tfidf: Tfidf }[]): StackedTfidf {
  let offset = 0;
  const fitted = parts.map(({ block, tfidf }) => {
    const part = { block, tfidf, offset };
    offset += tfidf.dimension - 1;
    return part;
  });
  const bias = offset;
  return {
    blocks: fitted,
    dimension: offset + 1,
    transform(text) {
      const indices: number[] = [];
      const values: number[] = [];
      for (const { block, tfidf, offset: at } of fitted) {
        const row = tfidf.transform(text);
        // The block's own bias column (last) is dropped: the stack has one.
        for (let k = 0; k < row.indices.length - 1; k++) {
          indices.push((row.indices[k] as number) + at);
          values.push((row.values[k] as number) * block.weight);
        }
      }
      indices.push(bias);
      values.push(1);
      return { indices: Int32Array.from(indices), values: Float32Array.from(values) };
    },
  };
}
