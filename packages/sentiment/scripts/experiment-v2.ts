// Directions for a stronger sentiment model, measured on the dev split carved from the training files only: SmSA valid
// and IndoLEM dev0 are held-out sets and are never read here. Each variant is fitted on the train part, its
// temperature (and, where the variant has one, its neutral logit offset) is chosen on the SmSA dev rows, and the line
// prints the dev figures: SmSA macro-F1, neutral recall and ECE, IndoLEM macro-F1 and ECE, and the mean macro-F1 that
// ranks the variants. Texts are featurized once and shared by every variant, so a line costs one or a few fits.
// With --dump FILE it also writes each reported variant's dev logits (SmSA dev rows, then IndoLEM dev rows, in split
// order) as JSON, for the blends of experiment-cnn.ts --blend-with FILE.
// Run from the repo root: pnpm -s tsx packages/sentiment/scripts/experiment-v2.ts [--seed 7] [--only 'name;name'] [--dump FILE]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { normalizeText, tokenize } from '@pantau/text';
import { type FeatureConfig, featurize, type SparseFeatures } from '../src/features.ts';
import { type LabeledRow, readFixtures } from '../src/fixtures.ts';
import { CLASSES, type Example, logitsOf, softmax, trainLinear } from '../src/linear.ts';
import { type EvaluationReport, evaluate } from '../src/metrics.ts';
import { scorePredictions } from '../src/score.ts';
import { chooseAbstainThreshold, DEFAULT_HYPERPARAMETERS, fitTemperature, readTrainingSets, TRAINING_FILES } from '../src/train.ts';

const { values } = parseArgs({
  options: { seed: { type: 'string', default: '7' }, data: { type: 'string' }, only: { type: 'string' }, dump: { type: 'string' } },
});
const dataDir = values.data ?? fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const seed = Number(values.seed);
const only = values.only ? new Set(values.only.split(';')) : null;
const hp = DEFAULT_HYPERPARAMETERS;
const sets = readTrainingSets(dataDir, { seed, lexiconMinAbsWeight: hp.lexiconMinAbsWeight });
const CLASS_INDEX = { negative: 0, neutral: 1, positive: 2 } as const;

/** A row of the experiment: the text's tokens and features under each feature family, its class, its source. */
interface Row {
  label: 0 | 1 | 2;
  binary: boolean;
  /** Training weight from its source (IndoLEM rows and lexicon words weigh as in the shipped model). */
  weight: number;
  source: 'smsa' | 'indolem' | 'lexicon' | 'emot';
  tokens: string[];
  features: Record<string, SparseFeatures>;
}

const FAMILIES: Record<string, FeatureConfig> = {
  both: hp.features,
  word: { ...hp.features, charNgrams: [0, -1] },
  char: { ...hp.features, wordNgrams: [], negationScope: 0, charNgrams: [2, 5] },
};
// Wider feature spaces for the combined line, featurized only when a selected variant names them.
const WIDER: Record<string, FeatureConfig> = {
  'char 2-5': { ...hp.features, charNgrams: [2, 5] },
  'word 1-3': { ...hp.features, wordNgrams: [1, 2, 3] },
  'char 1-5': { ...hp.features, charNgrams: [1, 5] },
  'word 1-3 char 1-5': { ...hp.features, wordNgrams: [1, 2, 3], charNgrams: [1, 5] },
};
for (const [name, config] of Object.entries(WIDER))
  if (!only || [...only].some((n) => n === `combined, ${name}` || n.startsWith(`nb-scaled ${name} +`))) FAMILIES[name] = config;

function rowsOf(rows: readonly LabeledRow[], source: Row['source'], binary: boolean, weight: number): Row[] {
  return rows.map((r) => {
    const tokens = tokenize(normalizeText(r.text));
    return {
      label: CLASS_INDEX[r.label],
      binary,
      weight,
      source,
      tokens,
      features: Object.fromEntries(Object.entries(FAMILIES).map(([name, config]) => [name, featurize(r.text, config)])),
    };
  });
}

const started = performance.now();
const train = [
  ...rowsOf(sets.smsa.train, 'smsa', false, 1),
  ...rowsOf(sets.indolem.train, 'indolem', true, hp.indolemWeight),
  ...rowsOf(sets.lexicon, 'lexicon', true, hp.lexiconWeight),
];
// EmoT train as distant supervision (binary rows): happy and love read as positive, anger, fear and sadness as
// negative. EmoT valid is a held-out set of the emotion task and is never read.
const EMOT_SENTIMENT = { happy: 'positive', love: 'positive', anger: 'negative', fear: 'negative', sadness: 'negative' } as const;
const emot = rowsOf(
  readFixtures(join(dataDir, 'emot/train_preprocess.csv'), { textColumn: 'tweet', labelColumn: 'label', labelMap: EMOT_SENTIMENT }),
  'emot',
  true,
  1,
);
const smsaDev = rowsOf(sets.smsa.dev, 'smsa', false, 1);
const indolemDev = rowsOf(sets.indolem.dev, 'indolem', true, 1);
console.log(
  `seed ${seed}: ${train.length} training rows (SmSA ${sets.smsa.train.length}, IndoLEM ${sets.indolem.train.length}, lexicon ${sets.lexicon.length}); dev SmSA ${smsaDev.length}, IndoLEM ${indolemDev.length}; featurized in ${((performance.now() - started) / 1000).toFixed(0)} s`,
);

// --- InSet lexicon scores as dense features (with negation flipping the sign of the next three words) -------------
const lexicon = new Map<string, number>();
for (const file of [TRAINING_FILES.insetPositive, TRAINING_FILES.insetNegative]) {
  for (const line of readFileSync(join(dataDir, file), 'utf8').split('\n').slice(1)) {
    const [word, weight] = line.split('\t');
    const w = Number(weight);
    if (word && Number.isFinite(w)) lexicon.set(word, (lexicon.get(word) ?? 0) + w);
  }
}
const NEGATIONS = new Set(['tidak', 'bukan', 'belum', 'jangan', 'kurang', 'tanpa']);
const INTENSIFIERS = new Set(['sangat', 'sekali', 'banget', 'amat', 'paling', 'terlalu', 'begitu']);
/** Buckets reserved for the dense features: the top of the hash space, where a collision costs little. */
const DENSE = { positive: hp.features.buckets - 1, negative: hp.features.buckets - 2, none: hp.features.buckets - 3 };

function lexiconFeatures(tokens: readonly string[], base: SparseFeatures, scale: number): SparseFeatures {
  let positive = 0;
  let negative = 0;
  let hits = 0;
  let negatedFor = 0;
  let boost = 1;
  for (const t of tokens) {
    const w = lexicon.get(t);
    if (w !== undefined && w !== 0) {
      const signed = (negatedFor > 0 ? -w : w) * boost;
      if (signed > 0) positive += signed;
      else negative -= signed;
      hits++;
    }
    boost = INTENSIFIERS.has(t) ? 1.5 : 1;
    if (negatedFor > 0) negatedFor--;
    if (NEGATIONS.has(t)) negatedFor = 3;
  }
  const norm = Math.sqrt(Math.max(1, tokens.length));
  const extra = [
    [DENSE.positive, Math.tanh(positive / (5 * norm))],
    [DENSE.negative, Math.tanh(negative / (5 * norm))],
    [DENSE.none, hits === 0 ? 1 : 0],
  ] as const;
  const indices = new Int32Array(base.indices.length + extra.length);
  const vals = new Float32Array(base.values.length + extra.length);
  indices.set(base.indices);
  vals.set(base.values);
  extra.forEach(([i, v], k) => {
    indices[base.indices.length + k] = i;
    vals[base.values.length + k] = v * scale;
  });
  return { indices, values: vals };
}

// --- NB log-count ratios (per bucket, from the training rows only) -----------------------------------------------
function nbRatios(family: string, rows: readonly Row[]): Float32Array[] {
  const buckets = hp.features.buckets;
  const counts = [0, 1, 2].map(() => new Float64Array(buckets));
  for (const r of rows) {
    if (r.source === 'lexicon') continue;
    const f = r.features[family] as SparseFeatures;
    const counted = counts[r.label] as Float64Array;
    for (let k = 0; k < f.indices.length; k++) counted[f.indices[k] as number] += f.values[k] as number;
  }
  const totals = counts.map((c) => c.reduce((a, b) => a + b, 0));
  const alpha = 0.5;
  return [0, 1, 2].map((c) => {
    const r = new Float32Array(buckets);
    const own = counts[c] as Float64Array;
    const rest = (i: number) => ((counts[(c + 1) % 3] as Float64Array)[i] as number) + ((counts[(c + 2) % 3] as Float64Array)[i] as number);
    const ownTotal = (totals[c] as number) + alpha * buckets;
    const restTotal = (totals[(c + 1) % 3] as number) + (totals[(c + 2) % 3] as number) + alpha * buckets;
    for (let i = 0; i < buckets; i++) r[i] = Math.log(((own[i] as number) + alpha) / ownTotal / ((rest(i) + alpha) / restTotal));
    return r;
  });
}

function scaled(f: SparseFeatures, scale: (bucket: number) => number): SparseFeatures {
  const vals = new Float32Array(f.values.length);
  let norm = 0;
  for (let k = 0; k < vals.length; k++) {
    vals[k] = (f.values[k] as number) * scale(f.indices[k] as number);
    norm += (vals[k] as number) ** 2;
  }
  const s = norm > 0 ? 1 / Math.sqrt(norm) : 1;
  for (let k = 0; k < vals.length; k++) vals[k] = (vals[k] as number) * s;
  return { indices: f.indices, values: vals };
}

// --- A variant: how rows become features and examples, and how dev logits come out --------------------------------
interface Fitted {
  /** Logits of a dev row (three classes). */
  logits: (row: Row) => Float64Array;
}

function fitMultinomial(
  featuresOf: (row: Row) => SparseFeatures,
  options: { neutralWeight?: number; emotWeight?: number; epochs?: number; learningRate?: number; l2?: number } = {},
): Fitted {
  const rows = options.emotWeight ? [...train, ...emot.map((r) => ({ ...r, weight: options.emotWeight as number }))] : train;
  const examples: Example[] = rows.map((r) => ({
    features: featuresOf(r),
    label: r.label,
    binary: r.binary,
    weight: r.weight * (r.label === 1 ? (options.neutralWeight ?? 1) : 1),
  }));
  const weights = trainLinear(examples, hp.features.buckets, {
    epochs: options.epochs ?? hp.epochs,
    learningRate: options.learningRate ?? hp.learningRate,
    l2: options.l2 ?? hp.l2,
    seed,
  });
  return { logits: (row) => Float64Array.from(logitsOf(featuresOf(row), weights)) };
}

/** NB-SVM style one-vs-rest: per class, features scaled by that class's log-count ratios, a binary logistic model. */
function fitNbOneVsRest(family: string, ratios: Float32Array[]): Fitted {
  const models = [0, 1, 2].map((c) => {
    const r = ratios[c] as Float32Array;
    const featuresOf = (row: Row) => scaled(row.features[family] as SparseFeatures, (i) => Math.abs(r[i] as number) + 0.1);
    // A binary model over "negative" (rest, class 0) vs "positive" (this class, class 2).
    const examples: Example[] = train.map((row) => ({
      features: featuresOf(row),
      label: row.label === c ? 2 : 0,
      binary: true,
      weight: row.weight,
    }));
    const weights = trainLinear(examples, hp.features.buckets, { epochs: hp.epochs, learningRate: hp.learningRate, l2: hp.l2, seed });
    return (row: Row) => {
      const l = logitsOf(featuresOf(row), weights);
      return (l[2] as number) - (l[0] as number);
    };
  });
  return { logits: (row) => Float64Array.from(models.map((m) => m(row))) };
}

const average = (...fitted: Fitted[]): Fitted => ({
  logits: (row) => {
    const out = new Float64Array(CLASSES);
    for (const f of fitted) {
      const l = f.logits(row);
      for (let c = 0; c < CLASSES; c++) out[c] = (out[c] as number) + (l[c] as number) / fitted.length;
    }
    return out;
  },
});

// --- Scoring on the dev split, with the serving rule (temperature softmax, abstain threshold) ----------------------
const pct = (x: number) => (100 * x).toFixed(1);

function scoreDev(fitted: Fitted, neutralOffset: number) {
  const shift = (l: Float64Array) => Float64Array.from(l, (v, c) => (c === 1 ? v + neutralOffset : v));
  const smsaLogits = smsaDev.map((r) => shift(fitted.logits(r)));
  const gold = smsaDev.map((r) => r.label);
  const temperature = fitTemperature(smsaLogits, gold);
  const threshold = chooseAbstainThreshold(
    smsaLogits.map((l) => Math.max(...softmax(l, temperature))),
    hp.maxAbstainShareOnDev,
  );
  const evaluateRows = (rows: readonly Row[], logits: readonly Float64Array[], binary: boolean): EvaluationReport =>
    evaluate(
      scorePredictions(
        rows.map((r) => ({ label: (['negative', 'neutral', 'positive'] as const)[r.label] })),
        logits.map((l) => {
          const probabilities = softmax(l, temperature, binary);
          const confidence = Math.max(...probabilities);
          return { label: confidence < threshold ? 'uncertain' : 'neutral', probabilities, confidence };
        }),
      ),
      { binary },
    );
  return {
    temperature,
    threshold,
    smsa: evaluateRows(smsaDev, smsaLogits, false),
    indolem: evaluateRows(
      indolemDev,
      indolemDev.map((r) => fitted.logits(r)),
      true,
    ),
  };
}

/** The neutral logit offset (−1 … 2 in 0.1 steps) that maximizes SmSA dev macro-F1 (chosen and scored on dev: optimistic). */
function bestNeutralOffset(fitted: Fitted): number {
  const logits = smsaDev.map((r) => fitted.logits(r));
  let best = 0;
  let bestF1 = -1;
  for (let o = -1; o <= 2.0001; o += 0.1) {
    const tp = [0, 0, 0];
    const fp = [0, 0, 0];
    const fn = [0, 0, 0];
    logits.forEach((l, i) => {
      const scores = [l[0] as number, (l[1] as number) + o, l[2] as number];
      const p = scores.indexOf(Math.max(...scores));
      const g = smsaDev[i]?.label as number;
      if (p === g) tp[p] = (tp[p] as number) + 1;
      else {
        fp[p] = (fp[p] as number) + 1;
        fn[g] = (fn[g] as number) + 1;
      }
    });
    const f1 = [0, 1, 2].reduce((s, c) => {
      const t = tp[c] as number;
      return s + (t > 0 ? (2 * t) / (2 * t + (fp[c] as number) + (fn[c] as number)) : 0);
    }, 0);
    if (f1 > bestF1 + 1e-9) {
      bestF1 = f1;
      best = Math.round(o * 10) / 10;
    }
  }
  return best;
}

console.log(
  '| variant | SmSA dev macro-F1 | neutral recall | SmSA ECE | IndoLEM dev macro-F1 | IndoLEM ECE | mean | T | threshold | neutral offset | s |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');

/** Dev logits of each reported variant, written with --dump. */
const dumped: Record<string, { seed: number; smsa: number[][]; indolem: number[][] }> = {};

function report(name: string, fit: () => Fitted, tuneOffset = false): Fitted | null {
  if (only && !only.has(name)) return null;
  const t0 = performance.now();
  const fitted = fit();
  if (values.dump)
    dumped[name] = {
      seed,
      smsa: smsaDev.map((r) => Array.from(fitted.logits(r))),
      indolem: indolemDev.map((r) => Array.from(fitted.logits(r))),
    };
  const lines: [string, number][] = [[name, 0]];
  if (tuneOffset) lines.push([`${name} + neutral offset`, bestNeutralOffset(fitted)]);
  for (const [label, offset] of lines) {
    const s = scoreDev(fitted, offset);
    console.log(
      `| ${label} | ${pct(s.smsa.macroF1)} | ${pct(s.smsa.perClass.neutral?.recall ?? 0)} | ${s.smsa.ece.toFixed(3)} | ${pct(s.indolem.macroF1)} | ${s.indolem.ece.toFixed(3)} | ${pct((s.smsa.macroF1 + s.indolem.macroF1) / 2)} | ${s.temperature} | ${s.threshold} | ${offset} | ${((performance.now() - t0) / 1000).toFixed(0)} |`,
    );
  }
  return fitted;
}

const both = (r: Row) => r.features.both as SparseFeatures;
const baseline = report('baseline (1.1.0 settings)', () => fitMultinomial(both), true);
report('neutral weight 2', () => fitMultinomial(both, { neutralWeight: 2 }), true);
report('neutral weight 3', () => fitMultinomial(both, { neutralWeight: 3 }), true);
report('lexicon dense features', () => fitMultinomial((r) => lexiconFeatures(r.tokens, both(r), 1)), true);
report('lexicon dense ×0.3', () => fitMultinomial((r) => lexiconFeatures(r.tokens, both(r), 0.3)), true);
const needNb = !only || [...only].some((n) => n.startsWith('nb'));
const ratios = needNb ? nbRatios('both', train) : [];
const informativeness = new Float32Array(needNb ? hp.features.buckets : 0);
for (let i = 0; i < informativeness.length; i++) informativeness[i] = 1 + Math.max(...ratios.map((x) => Math.abs(x[i] as number)));
const nbScale = (r: Row) => scaled(both(r), (i) => informativeness[i] as number);
report('nb-scaled multinomial', () => fitMultinomial(nbScale), true);
report('nb one-vs-rest (NB-SVM style)', () => fitNbOneVsRest('both', ratios), true);
let word: Fitted | null = null;
let char: Fitted | null = null;
word = report('word only', () => fitMultinomial((r) => r.features.word as SparseFeatures));
char = report('char 2-5 only', () => fitMultinomial((r) => r.features.char as SparseFeatures));
if (word && char) report('ensemble word + char', () => average(word as Fitted, char as Fitted), true);
if (word && char && baseline)
  report('ensemble word + char + both', () => average(word as Fitted, char as Fitted, baseline as Fitted), true);
report('EmoT rows weight 0.5', () => fitMultinomial(both, { emotWeight: 0.5 }), true);
report('EmoT rows weight 1', () => fitMultinomial(both, { emotWeight: 1 }), true);
const lexNb = (r: Row) => lexiconFeatures(r.tokens, nbScale(r), 0.3);
report('nb-scaled + lexicon dense ×0.3', () => fitMultinomial(lexNb), true);
report('nb-scaled + lexicon dense ×0.3 + neutral weight 2', () => fitMultinomial(lexNb, { neutralWeight: 2 }), true);
report(
  'nb-scaled + lexicon dense ×0.3 + neutral weight 2 + EmoT 0.5',
  () => fitMultinomial(lexNb, { neutralWeight: 2, emotWeight: 0.5 }),
  true,
);
for (const power of [0.5, 2]) {
  const lexNbPower = (r: Row) =>
    lexiconFeatures(
      r.tokens,
      scaled(both(r), (i) => (informativeness[i] as number) ** power),
      0.3,
    );
  report(`nb-scaled^${power} + lexicon dense ×0.3`, () => fitMultinomial(lexNbPower), true);
}
report(
  'nb-scaled + lexicon dense ×0.3, no lexicon rows',
  () => {
    const saved = train.splice(0, train.length);
    train.push(...saved.filter((r) => r.source !== 'lexicon'));
    const fitted = fitMultinomial(lexNb);
    train.splice(0, train.length, ...saved);
    return fitted;
  },
  true,
);
report('nb-scaled + lexicon dense ×0.3, 15 epochs', () => fitMultinomial(lexNb, { epochs: 15 }), true);

// --- Round 2: around the combined line (nb-scaled + lexicon dense ×0.3 + neutral weight 2 + EmoT 0.5) -------------
const COMBINED = 'combined';
const combinedOptions = { neutralWeight: 2, emotWeight: 0.5 };
report(`${COMBINED}, learning rate 0.25`, () => fitMultinomial(lexNb, { ...combinedOptions, learningRate: 0.25 }));
report(`${COMBINED}, learning rate 1`, () => fitMultinomial(lexNb, { ...combinedOptions, learningRate: 1 }));
report(`${COMBINED}, l2 1e-6`, () => fitMultinomial(lexNb, { ...combinedOptions, l2: 1e-6 }));
report(`${COMBINED}, l2 3e-5`, () => fitMultinomial(lexNb, { ...combinedOptions, l2: 3e-5 }));
report(`${COMBINED}, neutral weight 3`, () => fitMultinomial(lexNb, { ...combinedOptions, neutralWeight: 3 }));
report(`${COMBINED}, EmoT 1`, () => fitMultinomial(lexNb, { ...combinedOptions, emotWeight: 1 }));
report(`${COMBINED}, lexicon dense ×0.6`, () => fitMultinomial((r) => lexiconFeatures(r.tokens, nbScale(r), 0.6), combinedOptions));
for (const family of Object.keys(WIDER)) {
  if (!FAMILIES[family] || (only && !only.has(`${COMBINED}, ${family}`))) continue;
  const familyRatios = nbRatios(family, train);
  const factor = new Float32Array(hp.features.buckets);
  for (let i = 0; i < factor.length; i++) factor[i] = 1 + Math.max(...familyRatios.map((x) => Math.abs(x[i] as number)));
  report(`${COMBINED}, ${family}`, () =>
    fitMultinomial(
      (r) =>
        lexiconFeatures(
          r.tokens,
          scaled(r.features[family] as SparseFeatures, (i) => factor[i] as number),
          0.3,
        ),
      combinedOptions,
    ),
  );
}

/**
 * The neutral offset measured honestly: the dev rows split in two halves (even and odd positions), each half scored
 * with the offset chosen on the other half; temperature and threshold then chosen on all dev rows as usual.
 */
function crossFittedOffsetReport(name: string, fitted: Fitted) {
  const halves = [0, 1].map((h) => smsaDev.filter((_, i) => i % 2 === h));
  const offsets = halves.map((half) => {
    const saved = smsaDev.splice(0, smsaDev.length, ...half);
    const offset = bestNeutralOffset(fitted);
    smsaDev.splice(0, smsaDev.length, ...saved);
    return offset;
  });
  // Row i (in half i % 2) gets the offset chosen on the other half.
  const position = new Map(smsaDev.map((r, i) => [r, i]));
  const shifted: Fitted = {
    logits: (row) => {
      const l = fitted.logits(row);
      const i = position.get(row);
      if (i === undefined || row.source !== 'smsa') return l;
      l[1] = (l[1] as number) + (offsets[1 - (i % 2)] as number);
      return l;
    },
  };
  const s = scoreDev(shifted, 0);
  console.log(
    `| ${name} + cross-fitted neutral offset (${offsets.join(' / ')}) | ${pct(s.smsa.macroF1)} | ${pct(s.smsa.perClass.neutral?.recall ?? 0)} | ${s.smsa.ece.toFixed(3)} | ${pct(s.indolem.macroF1)} | ${s.indolem.ece.toFixed(3)} | ${pct((s.smsa.macroF1 + s.indolem.macroF1) / 2)} | ${s.temperature} | ${s.threshold} | ${offsets.join(' / ')} | |`,
  );
}
const combinedFitted = report(`${COMBINED}, cross-fitted offset`, () => fitMultinomial(lexNb, combinedOptions));
if (combinedFitted) crossFittedOffsetReport(COMBINED, combinedFitted);
const lexNbFitted = report('nb-scaled + lexicon dense ×0.3, cross-fitted offset', () => fitMultinomial(lexNb));
if (lexNbFitted) crossFittedOffsetReport('nb-scaled + lexicon dense ×0.3', lexNbFitted);

if (FAMILIES['word 1-3 char 1-5']) {
  // The wider features with EmoT rows but without the neutral weight, the neutral offset cross-fitted instead.
  const wideRatios = nbRatios('word 1-3 char 1-5', train);
  const wideFactor = new Float32Array(hp.features.buckets);
  for (let i = 0; i < wideFactor.length; i++) wideFactor[i] = 1 + Math.max(...wideRatios.map((x) => Math.abs(x[i] as number)));
  const wide = (r: Row) =>
    lexiconFeatures(
      r.tokens,
      scaled(r.features['word 1-3 char 1-5'] as SparseFeatures, (i) => wideFactor[i] as number),
      0.3,
    );
  const name = 'nb-scaled word 1-3 char 1-5 + lexicon dense ×0.3 + EmoT 0.5';
  const fitted = report(`${name}, cross-fitted offset`, () => fitMultinomial(wide, { emotWeight: 0.5 }));
  if (fitted) crossFittedOffsetReport(name, fitted);
}

if (values.dump) writeFileSync(values.dump, JSON.stringify(dumped));
console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
