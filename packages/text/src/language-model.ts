/**
 * A character n-gram naive Bayes model over Indonesian and ten regional languages of Indonesia (the languages of
 * NusaX). Pure: the counts come in as text (data/regional-languages.tsv, rebuilt by scripts/build-language-model.ts)
 * and scores go out; nothing here reads a file.
 */

/** Indonesian, then the ten regional languages in NusaX's order, by their ISO 639-3 codes (Indonesian keeps `id`). */
export const REGIONAL_LANGUAGES = ['jav', 'sun', 'min', 'bjn', 'bug', 'ace', 'ban', 'mad', 'nij', 'bbc'] as const;
/** One regional language code (ISO 639-3). */
export type RegionalLanguage = (typeof REGIONAL_LANGUAGES)[number];
/** The classes of the model: Indonesian first. */
export const MODEL_LANGUAGES = ['id', ...REGIONAL_LANGUAGES] as const;
/** One class of the model. */
export type ModelLanguage = (typeof MODEL_LANGUAGES)[number];

/** English names of the regional languages, for documents and reports. */
export const REGIONAL_LANGUAGE_NAMES: Record<RegionalLanguage, string> = {
  jav: 'Javanese',
  sun: 'Sundanese',
  min: 'Minangkabau',
  bjn: 'Banjarese',
  bug: 'Buginese',
  ace: 'Acehnese',
  ban: 'Balinese',
  mad: 'Madurese',
  nij: 'Ngaju',
  bbc: 'Toba Batak',
};

/** How texts become features and how counts become log-probabilities. */
export interface FeatureOptions {
  /** Longest character n-gram (n-grams of 1..maxOrder letters, inside word boundaries). */
  maxOrder: number;
  /** Whole words as features too. */
  words: boolean;
}

/** Links, mentions and hashtags: skipped (a letter run never holds the start of one, so removing them first is the same). */
const SKIPPED = /\b(?:https?:\/\/|www\.)\S+|[@#]\w+/g;
const LETTERS = /[a-z]+/g;

/** Lower-cased letter tokens of a text, without links, mentions, hashtags and digits; runs of 3+ letters shortened to 2. */
export function languageTokens(text: string): string[] {
  // One array of strings, not one match object per token.
  return (
    text
      .toLowerCase()
      .replace(/(.)\1{2,}/g, '$1$1')
      .replace(SKIPPED, ' ')
      .match(LETTERS) ?? []
  );
}

/** Calls `emit` once per feature occurrence of the tokens (features as strings; the word feature starts with a space). */
export function forEachFeature(tokens: readonly string[], options: FeatureOptions, emit: (feature: string) => void): void {
  for (const token of tokens) {
    const padded = `_${token}_`;
    const last = padded.length;
    for (let i = 0; i < last; i++) {
      const top = Math.min(last, i + options.maxOrder);
      for (let j = i + 1; j <= top; j++) {
        // The lone boundary marker says nothing.
        if (j - i === 1 && (i === 0 || i === last - 1)) continue;
        emit(padded.slice(i, j));
      }
    }
    if (options.words) emit(` ${token}`);
  }
}

/** How a text's scores become a decision (chosen on the dev split by the build script). */
export interface DecisionRule {
  /** Additive smoothing of the feature counts. */
  alpha: number;
  /** A regional language is named only when its log-likelihood beats Indonesian's by at least this many nats... */
  margin: number;
  /** ...and by at least this much per known feature of the text. */
  marginPerFeature: number;
  /** Scale of the per-feature log-likelihoods in the softmax that gives the confidence. */
  temperature: number;
  /**
   * No word counts against a class by more than this many nats below the word's best class, so one regional word
   * cannot outweigh a post's Indonesian words (Infinity: plain naive Bayes).
   */
  wordCap: number;
}

/** Feature counts per class and the decision rule, as the model file stores them. */
export interface LanguageCounts {
  options: FeatureOptions;
  /** Features seen fewer times than this in all were dropped. */
  minCount: number;
  rule: DecisionRule;
  /** Feature → count per class in MODEL_LANGUAGES order. */
  counts: Map<string, Uint32Array>;
}

/** Counts the features of labelled texts; features seen fewer than `minCount` times in all are dropped. */
export function countFeatures(
  examples: readonly { text: string; lang: ModelLanguage }[],
  options: FeatureOptions & { minCount: number },
  rule: DecisionRule,
): LanguageCounts {
  const classOf = new Map<string, number>(MODEL_LANGUAGES.map((l, i) => [l, i]));
  const counts = new Map<string, Uint32Array>();
  for (const example of examples) {
    const c = classOf.get(example.lang) as number;
    forEachFeature(languageTokens(example.text), options, (f) => {
      let row = counts.get(f);
      if (!row) {
        row = new Uint32Array(MODEL_LANGUAGES.length);
        counts.set(f, row);
      }
      row[c] = (row[c] as number) + 1;
    });
  }
  for (const [f, row] of counts) {
    let total = 0;
    for (const v of row) total += v;
    if (total < options.minCount) counts.delete(f);
  }
  return { options: { maxOrder: options.maxOrder, words: options.words }, minCount: options.minCount, rule, counts };
}

const HEADER = '# regional-languages';

/** The counts as text: a header line with the options, then one line per feature in code-unit order (deterministic). */
export function serializeCounts(model: LanguageCounts): string {
  const lines = [
    [
      HEADER,
      `classes=${MODEL_LANGUAGES.join(',')}`,
      `maxOrder=${model.options.maxOrder}`,
      `words=${model.options.words}`,
      `minCount=${model.minCount}`,
      ...(['alpha', 'margin', 'marginPerFeature', 'temperature', 'wordCap'] as const).map((k) => `${k}=${model.rule[k]}`),
    ].join('\t'),
  ];
  const features = [...model.counts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const f of features) {
    const row = model.counts.get(f) as Uint32Array;
    // Sparse: class index:count for the classes that saw the feature.
    const cells: string[] = [];
    row.forEach((v, i) => {
      if (v > 0) cells.push(`${i}:${v}`);
    });
    lines.push(`${f}\t${cells.join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Parses the text written by serializeCounts. */
export function parseCounts(text: string): LanguageCounts {
  const lines = text.split('\n');
  const header = (lines[0] ?? '').split('\t');
  if (header[0] !== HEADER) throw new Error('not a regional-language count file');
  const field = (name: string) => header.find((h) => h.startsWith(`${name}=`))?.slice(name.length + 1);
  if (field('classes') !== MODEL_LANGUAGES.join(',')) throw new Error('the count file names other classes');
  const options: FeatureOptions = { maxOrder: Number(field('maxOrder')), words: field('words') === 'true' };
  const rule: DecisionRule = {
    alpha: Number(field('alpha')),
    margin: Number(field('margin')),
    marginPerFeature: Number(field('marginPerFeature')),
    temperature: Number(field('temperature')),
    wordCap: Number(field('wordCap')),
  };
  const minCount = Number(field('minCount'));
  if (![options.maxOrder, minCount, ...Object.values(rule)].every((v) => !Number.isNaN(v)))
    throw new Error('the count file lacks a setting');
  const counts = new Map<string, Uint32Array>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    const tab = line.indexOf('\t');
    const row = new Uint32Array(MODEL_LANGUAGES.length);
    for (const cell of line.slice(tab + 1).split(' ')) {
      const colon = cell.indexOf(':');
      row[Number(cell.slice(0, colon))] = Number(cell.slice(colon + 1));
    }
    counts.set(line.slice(0, tab), row);
  }
  return { options, minCount, rule, counts };
}

/** Class scores of one text: summed log-probabilities per class and how many features were known to the model. */
export interface LanguageScores {
  /** Log-likelihood per class in MODEL_LANGUAGES order (uniform prior). */
  logLikelihood: Float64Array;
  /** Feature occurrences found in the model. */
  features: number;
}

/** A naive Bayes scorer built from counts. */
export interface LanguageScorer {
  readonly options: FeatureOptions;
  readonly rule: DecisionRule;
  scores(text: string): LanguageScores;
}

const FNV_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const BOUNDARY = 95; // '_'
const SPACE = 32;

/** 32-bit FNV-1a of a feature string: the scorer looks features up by this hash, computed as it scans the text. */
function featureHash(feature: string): number {
  let h = FNV_BASIS;
  for (let i = 0; i < feature.length; i++) h = Math.imul(h ^ feature.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/**
 * Builds the scorer: log P(feature | class) with additive smoothing over the kept features, in an open-addressing
 * table keyed by the features' hashes, so scoring makes no strings (features whose hashes collide share a row).
 */
export function languageScorer(model: LanguageCounts, alpha = model.rule.alpha, wordCap = model.rule.wordCap): LanguageScorer {
  const classes = MODEL_LANGUAGES.length;
  const totals = new Float64Array(classes);
  for (const row of model.counts.values()) for (let c = 0; c < classes; c++) totals[c] = (totals[c] as number) + (row[c] as number);
  const vocabulary = model.counts.size;
  let capacity = 1;
  while (capacity < vocabulary * 2) capacity *= 2;
  const mask = capacity - 1;
  const keys = new Uint32Array(capacity);
  const slots = new Int32Array(capacity).fill(-1);
  const merged: Float64Array[] = [];
  for (const [f, row] of model.counts) {
    const h = featureHash(f);
    let i = h & mask;
    while (slots[i] !== -1 && keys[i] !== h) i = (i + 1) & mask;
    if (slots[i] === -1) {
      keys[i] = h;
      slots[i] = merged.length;
      merged.push(new Float64Array(classes));
    }
    const sum = merged[slots[i] as number] as Float64Array;
    for (let c = 0; c < classes; c++) sum[c] = (sum[c] as number) + (row[c] as number);
  }
  const logProb = new Float64Array(merged.length * classes);
  merged.forEach((sum, r) => {
    for (let c = 0; c < classes; c++)
      logProb[r * classes + c] = Math.log(((sum[c] as number) + alpha) / ((totals[c] as number) + alpha * vocabulary));
  });
  const rowOf = (h: number): number => {
    let i = h & mask;
    for (;;) {
      const slot = slots[i] as number;
      if (slot === -1 || keys[i] === h) return slot;
      i = (i + 1) & mask;
    }
  };
  const { maxOrder, words } = model.options;
  const codes = new Uint16Array(256);
  /** One token's summed log-probabilities per class, then its known feature count in the last cell. */
  const tokenVector = (token: string): Float64Array => {
    const vector = new Float64Array(classes + 1);
    const add = (h: number) => {
      const row = rowOf(h >>> 0);
      if (row === -1) return;
      vector[classes] = (vector[classes] as number) + 1;
      const base = row * classes;
      for (let c = 0; c < classes; c++) vector[c] = (vector[c] as number) + (logProb[base + c] as number);
    };
    // The padded token `_token_` as char codes (long tokens are cut: their n-grams past 254 letters are not looked up).
    const length = Math.min(token.length, codes.length - 2) + 2;
    codes[0] = BOUNDARY;
    for (let k = 0; k < length - 2; k++) codes[k + 1] = token.charCodeAt(k);
    codes[length - 1] = BOUNDARY;
    for (let i = 0; i < length; i++) {
      const top = Math.min(length, i + maxOrder);
      let h = FNV_BASIS;
      for (let j = i; j < top; j++) {
        h = Math.imul(h ^ (codes[j] as number), FNV_PRIME);
        // The lone boundary marker says nothing.
        if (j === i && (i === 0 || i === length - 1)) continue;
        add(h);
      }
    }
    if (words) {
      let h = Math.imul(FNV_BASIS ^ SPACE, FNV_PRIME);
      for (let k = 0; k < token.length; k++) h = Math.imul(h ^ token.charCodeAt(k), FNV_PRIME);
      add(h);
    }
    let top = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) top = Math.max(top, vector[c] as number);
    for (let c = 0; c < classes; c++) vector[c] = Math.max(vector[c] as number, top - wordCap);
    return vector;
  };
  // Words repeat across posts: each word's vector is kept (the same numbers either way, so the cache changes no result).
  const cache = new Map<string, Float64Array>();
  const CACHE_WORDS = 100_000;
  return {
    options: model.options,
    rule: model.rule,
    scores(text: string): LanguageScores {
      const logLikelihood = new Float64Array(classes);
      let features = 0;
      for (const token of languageTokens(text)) {
        let vector = cache.get(token);
        if (!vector) {
          vector = tokenVector(token);
          if (cache.size >= CACHE_WORDS) cache.clear();
          cache.set(token, vector);
        }
        for (let c = 0; c < classes; c++) logLikelihood[c] = (logLikelihood[c] as number) + (vector[c] as number);
        features += vector[classes] as number;
      }
      return { logLikelihood, features };
    },
  };
}

/** The model's verdict on one text. */
export interface ModelDecision {
  lang: ModelLanguage;
  /** Softmax of the per-feature log-likelihoods (scaled by the rule's temperature) for the chosen language. */
  confidence: number;
}

/**
 * Indonesian unless the best regional language beats it by the rule's margins (in all and per feature): a post
 * mostly in Indonesian with a regional word or two stays Indonesian.
 */
export function decideLanguage(scorer: LanguageScorer, text: string, rule: DecisionRule = scorer.rule): ModelDecision {
  const { logLikelihood, features } = scorer.scores(text);
  if (features === 0) return { lang: 'id', confidence: 1 / MODEL_LANGUAGES.length };
  let best = 1;
  for (let c = 2; c < MODEL_LANGUAGES.length; c++) if ((logLikelihood[c] as number) > (logLikelihood[best] as number)) best = c;
  const lead = (logLikelihood[best] as number) - (logLikelihood[0] as number);
  const chosen = lead >= rule.margin && lead / features >= rule.marginPerFeature ? best : 0;
  let top = Number.NEGATIVE_INFINITY;
  for (const v of logLikelihood) top = Math.max(top, v);
  let sum = 0;
  for (const v of logLikelihood) sum += Math.exp(((v - top) / features) * rule.temperature);
  const confidence = Math.exp((((logLikelihood[chosen] as number) - top) / features) * rule.temperature) / sum;
  return { lang: MODEL_LANGUAGES[chosen] as ModelLanguage, confidence };
}
