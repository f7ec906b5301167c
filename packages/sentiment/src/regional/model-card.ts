import type { EvaluationReport } from '../metrics.ts';
import { REGIONAL_SENTIMENT_CODES, REGIONAL_SENTIMENT_NAMES } from './data.ts';
import type { RegionalComparison } from './fit.ts';
import type { RegionalManifest } from './model.ts';

const pct = (x: number | null) => (x === null ? 'n/a' : (100 * x).toFixed(1));
const f1 = (r: EvaluationReport | undefined) => (r ? `${pct(r.macroF1)} (${pct(r.macroF1CI[0])}–${pct(r.macroF1CI[1])})` : 'n/a');

/** Before and after per language as a Markdown table: macro-F1 with its bootstrap 95% CI, accuracy, abstain rate. */
export function regionalComparisonTable(c: RegionalComparison): string {
  const row = (name: string, head: EvaluationReport | undefined, before: EvaluationReport | undefined) =>
    `| ${name} | ${head?.n ?? 0} | ${f1(before)} | ${f1(head)} | ${pct(before?.accuracy ?? null)} → ${pct(head?.accuracy ?? null)} | ${pct(head?.abstainRate ?? null)}% |`;
  return [
    '| language | n | before: Indonesian model, macro-F1 (95% CI) | after: regional head, macro-F1 (95% CI) | accuracy before → after | head abstained |',
    '|---|---|---|---|---|---|',
    ...REGIONAL_SENTIMENT_CODES.map((l) => row(`${REGIONAL_SENTIMENT_NAMES[l]} (${l})`, c.head.languages[l], c.indonesian.languages[l])),
    row('all six', c.head.all, c.indonesian.all),
  ].join('\n');
}

/** The regional head's model card, written beside its weights. */
export function renderRegionalCard(
  manifest: RegionalManifest,
  figures: { dev: RegionalComparison; heldOut: RegionalComparison; trainRows: number; devRows: number },
): string {
  const choices = manifest.choices as { devSplit: { seed: number }; leakage: { droppedIds: { id: string }[]; smsaTrainDropped: number } };
  return [
    `# Regional sentiment head ${manifest.name} ${manifest.version}`,
    '',
    'Sentiment (negative, neutral, positive, or `uncertain`) for posts identified as Javanese (jav), Sundanese (sun),',
    'Minangkabau (min), Banjarese (bjn), Balinese (ban) or Madurese (mad). Acehnese, Buginese, Ngaju and Toba Batak are',
    'not trained on and not labelled: their posts stay `other_language`. The Indonesian model of the folder is unchanged.',
    '',
    '## Data',
    '- NusaX-Senti (Winata et al. 2023, CC BY-SA 4.0), `nusax-regional/<language>/train.csv` of the six languages, and',
    `  SmSA train (weight ${(manifest.hyperparameters as { indonesianWeight: number }).indonesianWeight}) for the Indonesian words the languages share.`,
    `- Leakage: NusaX sentences are translations of SmSA sentences. ${choices.leakage.droppedIds.length} NusaX train ids whose Indonesian original`,
    `  (nusax-id/train.csv) copies an SmSA valid sentence (token Jaccard ≥ 0.45) are dropped in every language (ids ${choices.leakage.droppedIds.map((d) => d.id).join(', ')}),`,
    `  so SmSA valid stays held out; ${choices.leakage.smsaTrainDropped} SmSA train rows that copy the original of a dev sentence are left out of training.`,
    `- Dev split: seed ${choices.devSplit.seed}, 20% of the sentence ids of each class with all their translations (${figures.devRows} rows; ${figures.trainRows} train rows),`,
    '  so no dev sentence has a translation in training. It chose the features, regularization, SmSA weight, temperature and abstain threshold.',
    '- NusaX valid (96 rows per language) is **held out**: scored once the head is written, never used to choose.',
    '',
    '## Model',
    `${manifest.architecture as string}`,
    '',
    '## Abstain rule',
    `\`uncertain\` when the highest probability is below ${manifest.abstainThreshold} (temperature ${manifest.temperature}), both chosen on the dev split by the Indonesian model's rule: the largest threshold of 0.35, 0.40, … 0.90 that abstains on at most 8% of the dev rows.`,
    '',
    '## Figures: before (the Indonesian model on the same regional texts) and after (this head)',
    '',
    '**NusaX is a translation corpus derived from SmSA, not an independent benchmark.** Most of its sentences translate',
    'SmSA train sentences, which the Indonesian model and this head were trained on: both columns are optimistic, the',
    '"before" column most (its training data holds the Indonesian originals of the dev sentences too; the head\'s does not).',
    '',
    '### NusaX valid (held out)',
    '',
    regionalComparisonTable(figures.heldOut),
    '',
    '### Dev split of NusaX train (chose everything; optimistic)',
    '',
    regionalComparisonTable(figures.dev),
    '',
    '## Limits',
    '- 96 to about 400 sentences per language, translated from Indonesian reviews and news comments: real regional posts',
    '  (code-mixed, slang, other spellings) are out of domain. A post misidentified as a regional language gets this head.',
    '- The held-out figures are on translations of SmSA, not on independently written regional text.',
    '',
  ].join('\n');
}
