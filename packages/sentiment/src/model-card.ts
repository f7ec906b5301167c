import type { EvaluationReport } from './metrics.ts';
import type { ModelManifest } from './model.ts';

const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}`);

function reportTable(dataset: string, r: EvaluationReport): string {
  const classes = Object.keys(r.perClass);
  return [
    `### ${dataset}${r.binary ? ' (binary: prediction restricted to negative vs positive)' : ''}`,
    '',
    `n = ${r.n}; accuracy ${pct(r.accuracy)}; **macro-F1 ${pct(r.macroF1)}** (bootstrap 95% CI ${pct(r.macroF1CI[0])}–${pct(r.macroF1CI[1])}); ECE ${r.ece.toFixed(3)}; abstained ${pct(r.abstainRate)}%; accuracy on answered ${pct(r.answeredAccuracy)}`,
    '',
    '| class | precision | recall | F1 | support |',
    '|---|---|---|---|---|',
    ...classes.map((c) => {
      const s = r.perClass[c as keyof EvaluationReport['perClass']];
      return s ? `| ${c} | ${pct(s.precision)} | ${pct(s.recall)} | ${pct(s.f1)} | ${s.support} |` : '';
    }),
    '',
    `Confusion (rows gold, columns predicted): ${classes
      .map((g) => `${g}: [${classes.map((p) => r.confusion[g as keyof EvaluationReport['confusion']]?.[p as 'negative'] ?? 0).join(', ')}]`)
      .join('; ')}`,
    '',
  ].join('\n');
}

/** The model card (after Mitchell et al., "Model Cards for Model Reporting"), written next to the weights. */
export function renderModelCard(
  manifest: ModelManifest,
  reports: { dataset: string; report: EvaluationReport }[],
  calibration: { temperature: number; abstainThreshold: number },
): string {
  return `# Model card: ${manifest.name} ${manifest.version}

## Model details
- ${String(manifest.architecture)}
- Trained ${manifest.trainedAt} with seed ${String(manifest.seed)} by \`pantau train\`; weights sha256 \`${manifest.sha256}\`.
- Output: calibrated probabilities for negative, neutral, positive; label \`uncertain\` when the top probability is below ${calibration.abstainThreshold}.
- Text is normalized first by \`@pantau/text\` (informal spelling to standard Indonesian, emoji to feeling words, repeated letters collapsed), preprocessing version \`${String(manifest.preprocessing)}\`.

## Intended use
Counting the mood of public Indonesian posts about public services **in aggregate** (shares per day, per keyword),
always shown with the number of posts, the abstained share and intervals. Reading single labels as hints that an
analyst checks against the post.

## Out-of-scope use
- Judging, scoring or profiling any person or account; moderating or removing posts; any automated decision about a person.
- Languages other than Indonesian (Pantau excludes them before labelling), and long documents.
- Treating a share as precise beyond its interval, or comparing shares across model versions without re-labelling.

## Training data
- SmSA (IndoNLU) train, 11,000 texts, three classes (comments and reviews).
- IndoLEM sentiment fold-0 train, 3,567 tweets and hotel reviews, binary: the loss ignores the neutral class for these rows.
- InSet lexicon words with |weight| ≥ 2 as one-word binary examples (weight 0.3 each): prior knowledge for words that
  training texts lack. The lexicon itself is not shipped; only the learned weights are.
- Hashes of every file are in \`manifest.json\`.

## Evaluation
Scored by the same code path that serves the model (\`pantau eval\`). SmSA valid also chose the temperature and the
abstain threshold, so its numbers are optimistic; the held-out test sets are not in this repository. NusaX-id is
derived from SmSA and is not an independent test.

${reports.map(({ dataset, report }) => reportTable(dataset, report)).join('\n')}
## Calibration and abstaining
Temperature scaling fitted on SmSA valid (T = ${calibration.temperature}). The abstain threshold ${calibration.abstainThreshold} is the largest
of 0.35, 0.40, … that abstains on at most 8% of SmSA valid. Abstained posts are counted in every population and left
out of class shares.

## Known failure modes
- Sarcasm and irony ("mantap, antre 5 jam") are read by their surface words.
- Domain shift: training texts are reviews and general tweets; complaints about health services use other words.
  The held-out test is less like train than valid is: expect lower scores there.
- Code-mixed Indonesian-English and regional languages (Javanese, Sundanese) are partly unknown to the features.
- Neutral questions that mention a problem ("kenapa antrean lama?") are often read as negative.
- A bag of n-grams sees negation only within three words after it.
`;
}
