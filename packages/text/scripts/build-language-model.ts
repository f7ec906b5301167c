// Rebuilds packages/text/data/regional-languages.tsv from ../shared/data (next to the repository):
//   nice -n 10 pnpm exec tsx packages/text/scripts/build-language-model.ts [--out FILE]
// Every choice (n-gram length, word features, count cut-off, smoothing, margins, temperature) is made on the seeded
// dev split carved from the train files (see language-corpus.ts); the held-out sets are not read. The model is fitted
// on the train part only. Same data, same file: counts are written in a fixed order.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLanguageIdentifier, type LanguageCode } from '../src/language-id.ts';
import {
  countFeatures,
  type DecisionRule,
  type LanguageCounts,
  languageScorer,
  MODEL_LANGUAGES,
  serializeCounts,
} from '../src/language-model.ts';
import { CORPUS_SEED, codeMixed, type LanguageExample, readLanguageCorpus, regionalOnlyWords, shortSegments } from './language-corpus.ts';

/** The candidate features, smoothing and margins (the dev split picks one). */
export const GRID = {
  maxOrder: [3, 4, 5],
  minCount: [2, 3, 5, 8],
  alpha: [0.02, 0.05, 0.1, 0.25, 0.5],
  margin: [0, 10, 20, 30, 40, 50, 60, 80, 120],
  marginPerFeature: [0, 0.1, 0.2, 0.3, 0.5, 0.75, 1],
  temperature: [1, 2, 4, 8, 16, 32, 64, 128, 256],
  wordCap: [Number.POSITIVE_INFINITY, 80, 40, 20],
} as const;
/** Configurations within this much dev macro-F1 of the best count as equal, and the one with fewest features wins. */
const TIE = 0.002;
/** The regional step may cost Indonesian recall at most this much (0.1 point) on each dev set against the first step alone. */
export const RECALL_TOLERANCE = 0.001;

/** Macro-F1 over the model's classes of predictions that may also be en, ms or other (always wrong here). */
export function macroF1(gold: readonly string[], predicted: readonly string[]): number {
  let sum = 0;
  for (const lang of MODEL_LANGUAGES) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      const p = predicted[i];
      if (g === lang && p === lang) tp++;
      else if (p === lang) fp++;
      else if (g === lang) fn++;
    });
    sum += tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / MODEL_LANGUAGES.length;
}

/** Share of Indonesian texts read as Indonesian. */
export function indonesianRecall(gold: readonly string[], predicted: readonly string[]): number {
  let n = 0;
  let hit = 0;
  gold.forEach((g, i) => {
    if (g !== 'id') return;
    n++;
    if (predicted[i] === 'id') hit++;
  });
  return n === 0 ? 1 : hit / n;
}

interface Selection {
  counts: LanguageCounts;
  report: string[];
}

/** Chooses everything on the dev split and returns the counts to write, with a line per step of the choice. */
export async function buildLanguageModel(dataDir?: string): Promise<Selection> {
  const corpus = readLanguageCorpus(dataDir);
  const sets: { name: string; examples: LanguageExample[] }[] = [
    { name: 'dev', examples: corpus.dev },
    { name: 'dev short', examples: shortSegments(corpus.dev, CORPUS_SEED + 1) },
    { name: 'dev code-mixed', examples: codeMixed(corpus.dev, regionalOnlyWords(corpus.train), CORPUS_SEED + 2) },
  ];
  const report: string[] = [`train ${corpus.train.length} texts, dev ${corpus.dev.length} texts`];

  // The first step (word lists and fastText) is the same for every candidate: run it once, and score it alone.
  const today = await createLanguageIdentifier({ regional: false });
  const base = sets.map((s) => s.examples.map((e) => today.identify(e.text).lang));
  const floors = sets.map((s, i) =>
    indonesianRecall(
      s.examples.map((e) => e.lang),
      base[i] as LanguageCode[],
    ),
  );
  sets.forEach((s, i) => {
    report.push(`without the regional step: ${s.name} Indonesian recall ${(floors[i] as number).toFixed(4)}`);
  });

  // The same gate as the identifier: which texts reach the regional step at all.
  const gated = await gateOf(sets);

  let best: { score: number; features: number; counts: LanguageCounts; line: string } | null = null;
  for (const maxOrder of GRID.maxOrder) {
    for (const minCount of GRID.minCount) {
      const counts = countFeatures(corpus.train, { maxOrder, words: true, minCount }, RULE0);
      for (const [alpha, wordCap] of GRID.alpha.flatMap((a) => GRID.wordCap.map((w) => [a, w] as const))) {
        const scorer = languageScorer(counts, alpha, wordCap);
        // Per text: the best regional class's lead over Indonesian and the known features.
        const leads = sets.map((s) =>
          s.examples.map((e) => {
            const { logLikelihood, features } = scorer.scores(e.text);
            let top = 1;
            for (let c = 2; c < MODEL_LANGUAGES.length; c++) if ((logLikelihood[c] as number) > (logLikelihood[top] as number)) top = c;
            return { top: MODEL_LANGUAGES[top] as string, lead: (logLikelihood[top] as number) - (logLikelihood[0] as number), features };
          }),
        );
        for (const margin of GRID.margin) {
          for (const marginPerFeature of GRID.marginPerFeature) {
            const predictions = sets.map((s, i) =>
              s.examples.map((_, j) => {
                const l = (leads[i] as { top: string; lead: number; features: number }[])[j] as {
                  top: string;
                  lead: number;
                  features: number;
                };
                const b = (base[i] as LanguageCode[])[j] as LanguageCode;
                if (!(gated[i] as boolean[])[j] || l.features === 0) return b;
                return l.lead >= margin && l.lead / l.features >= marginPerFeature ? l.top : b;
              }),
            );
            const golds = sets.map((s) => s.examples.map((e) => e.lang as string));
            const recalls = sets.map((_, i) => indonesianRecall(golds[i] as string[], predictions[i] as string[]));
            if (!recalls.every((r, i) => r >= (floors[i] as number) - RECALL_TOLERANCE)) continue;
            const score =
              (macroF1(golds[0] as string[], predictions[0] as string[]) + macroF1(golds[1] as string[], predictions[1] as string[])) / 2;
            const line = `maxOrder ${maxOrder} minCount ${minCount} alpha ${alpha} wordCap ${wordCap} margin ${margin} marginPerFeature ${marginPerFeature}: dev macro-F1 (full, short) ${score.toFixed(4)}, Indonesian recall ${recalls.map((r) => r.toFixed(4)).join(' / ')}, ${counts.counts.size} features`;
            const better =
              !best || score > best.score + TIE || (score > best.score - TIE && (counts.counts.size < best.features || score > best.score));
            if (process.env.LANGUAGE_MODEL_TRACE) console.log(line);
            if (better) {
              best = {
                score,
                features: counts.counts.size,
                counts: { ...counts, rule: { alpha, margin, marginPerFeature, temperature: 1, wordCap } },
                line,
              };
            }
          }
        }
      }
    }
  }
  if (!best) throw new Error('no candidate keeps Indonesian recall on the dev split');
  report.push(`chosen: ${best.line}`);

  // Temperature: the softmax's negative log-likelihood of the right class on the dev texts.
  const scorer = languageScorer(best.counts);
  let bestTemperature = { nll: Number.POSITIVE_INFINITY, temperature: 1 };
  for (const temperature of GRID.temperature) {
    let nll = 0;
    for (const e of corpus.dev) {
      const { logLikelihood, features } = scorer.scores(e.text);
      if (features === 0) continue;
      const c = MODEL_LANGUAGES.indexOf(e.lang);
      let top = Number.NEGATIVE_INFINITY;
      for (const v of logLikelihood) top = Math.max(top, v);
      let sum = 0;
      for (const v of logLikelihood) sum += Math.exp(((v - top) / features) * temperature);
      nll -= (((logLikelihood[c] as number) - top) / features) * temperature - Math.log(sum);
    }
    if (nll < bestTemperature.nll) bestTemperature = { nll, temperature };
  }
  report.push(`temperature ${bestTemperature.temperature} (dev mean NLL ${(bestTemperature.nll / corpus.dev.length).toFixed(4)})`);
  const counts = { ...best.counts, rule: { ...best.counts.rule, temperature: bestTemperature.temperature } };
  return { counts, report };
}

const RULE0: DecisionRule = { alpha: 1, margin: 0, marginPerFeature: 0, temperature: 1, wordCap: Number.POSITIVE_INFINITY };

/** For each text, whether the identifier's gate lets it reach the regional step (same rule as createLanguageIdentifier). */
async function gateOf(sets: { examples: LanguageExample[] }[]): Promise<boolean[][]> {
  // A scorer that always names Javanese by a wide margin: the identifier then answers `jav` exactly for gated texts.
  const always = languageScorer({ options: { maxOrder: 1, words: false }, minCount: 1, rule: RULE0, counts: new Map(ALWAYS_JAV) }, 1);
  const probe = await createLanguageIdentifier({ regional: always });
  return sets.map((s) => s.examples.map((e) => probe.identify(e.text).lang === 'jav'));
}

/** Every letter a–z seen a million times in Javanese only. */
const ALWAYS_JAV: [string, Uint32Array][] = [...'abcdefghijklmnopqrstuvwxyz'].map((ch) => {
  const row = new Uint32Array(MODEL_LANGUAGES.length);
  row[MODEL_LANGUAGES.indexOf('jav')] = 1_000_000;
  return [ch, row];
});

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, data: { type: 'string' } } });
  const out = values.out ?? fileURLToPath(new URL('../data/regional-languages.tsv', import.meta.url));
  const { counts, report } = await buildLanguageModel(values.data);
  for (const line of report) console.log(line);
  writeFileSync(out, serializeCounts(counts));
  console.log(`wrote ${out}`);
}
