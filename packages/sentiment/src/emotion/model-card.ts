import { EMOTION_CLASSES } from '@pantau/contracts';
import type { EmotionEvaluation } from './metrics.ts';
import type { EmotionManifest } from './model.ts';

const pct = (x: number | null) => (x === null ? 'n/a' : (100 * x).toFixed(1));

/** One evaluation as a Markdown block: headline figures, per-class table, confusion. */
export function emotionReportTable(title: string, r: EmotionEvaluation): string {
  return [
    `### ${title}`,
    '',
    `n = ${r.n}; accuracy ${pct(r.accuracy)}; **macro-F1 ${pct(r.macroF1)}** (bootstrap 95% CI ${pct(r.macroF1CI[0])}–${pct(r.macroF1CI[1])}); ECE ${r.ece === null ? 'n/a' : r.ece.toFixed(3)}; abstained ${pct(r.abstainRate)}%; accuracy on answered ${pct(r.answeredAccuracy)}`,
    '',
    '| class | precision | recall | F1 | support |',
    '|---|---|---|---|---|',
    ...EMOTION_CLASSES.map((c) => {
      const s = r.perClass[c];
      return `| ${c} | ${pct(s.precision)} | ${pct(s.recall)} | ${pct(s.f1)} | ${s.support} |`;
    }),
    '',
    `Confusion (rows gold, columns predicted ${EMOTION_CLASSES.join(', ')}): ${EMOTION_CLASSES.map((g) => `${g} [${EMOTION_CLASSES.map((p) => r.confusion[g][p]).join(', ')}]`).join('; ')}`,
    '',
  ].join('\n');
}

interface Selection {
  by: string;
  protocol: string;
  head: { setting: string; candidates: number; meanMacroF1: number; sdMacroF1: number; sadnessF1: number };
  baseline: { setting: string; candidates: number; meanMacroF1: number; sdMacroF1: number; sadnessF1: number };
  pairedDifference: { mean: number; sd: number; foldsAbove: number; folds: number };
}

/** How the setting was chosen, when the manifest records a cross-validation. */
function selectionLines(manifest: EmotionManifest): string[] {
  const s = (manifest.choices as { hyperparameters?: Partial<Selection> } | undefined)?.hyperparameters;
  if (!s?.head || !s.baseline || !s.pairedDifference) return [];
  const row = (name: string, r: Selection['head']) =>
    `| ${name} | ${r.setting} | ${r.candidates} | ${pct(r.meanMacroF1)} ± ${pct(r.sdMacroF1)} | ${pct(r.sadnessF1)} |`;
  const d = s.pairedDifference;
  return [
    '## Choice of the setting',
    `Chosen on EmoT train only, by ${s.protocol} (\`${s.by}\`):`,
    '',
    '| scorer | chosen setting | settings compared | macro-F1, mean ± sd over folds | sadness F1 (mean) |',
    '|---|---|---|---|---|',
    row('head', s.head),
    row('baseline (TF-IDF + linear SVM)', s.baseline),
    '',
    `Head minus baseline, fold by fold: ${pct(d.mean)} ± ${pct(d.sd)} points, the head above in ${d.foldsAbove} of ${d.folds} folds.`,
    '',
  ];
}

/** The emotion section of the model card, written beside the head's weights. */
export function renderEmotionCard(manifest: EmotionManifest, figures: { dev: EmotionEvaluation; heldOut: EmotionEvaluation }): string {
  return [
    `# Emotion head ${manifest.name} ${manifest.version}`,
    '',
    'A second output of the sentiment model folder: probabilities over the five emotions of EmoT (anger, fear, happy, love,',
    'sadness) for each analysed post, with the same kind of abstain rule as sentiment.',
    '',
    '## Data',
    '- EmoT (Saputri, Mahendra & Adriani 2018; IndoNLU), Indonesian tweets, Apache-2.0: `emot/train_preprocess.csv`',
    '  (3,521 rows) fits and chooses everything; `emot/valid_preprocess.csv` (440 rows) is **held out**: scored once the',
    '  head is written, never used to choose. The official EmoT test split is not used here.',
    `- Dev split: seed ${(manifest.choices as { devSplit: { seed: number } }).devSplit.seed}, 15% of each class of EmoT train, stratified; the head is fitted on the other rows.`,
    '- The data is used to build the model only; it is not redistributed with Pantau.',
    '',
    '## Model',
    `${manifest.architecture as string}`,
    '',
    ...selectionLines(manifest),
    '## Abstain rule',
    `A post is labelled \`uncertain\` when its highest emotion probability is below ${manifest.abstainThreshold} (temperature ${manifest.temperature}), both chosen on the dev split: the largest threshold of 0.20, 0.25, … 0.90 that abstains on at most 8% of the dev rows. Abstained posts are counted and reported, not dropped.`,
    '',
    '## Figures',
    emotionReportTable('EmoT valid (held-out benchmark)', figures.heldOut),
    emotionReportTable('EmoT train dev split (chose temperature and threshold; optimistic for them)', figures.dev),
    '## Baseline',
    'A TF-IDF + linear SVM baseline, its setting chosen by the same cross-validation (above), is fitted on the same rows as',
    'the head and scored beside it by `pantau eval --emotions`; the README has both on the dev split and on EmoT valid.',
    '',
    '## Limits',
    '- Tweets from 2018 about everyday topics; news comments or regional languages are out of domain, where class shares',
    '  can be biased by tens of points. Emotion shares are model-only figures (no validated estimator yet).',
    '- Five classes only: a post with no emotion is still given the most likely one (or `uncertain`).',
    '',
  ].join('\n');
}
