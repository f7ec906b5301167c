import { parseArgs } from 'node:util';
import { PantauError, SENTIMENT_CLASSES, type SentimentClass } from '@pantau/contracts';
import { type EvaluationReport, evaluate, type FixtureFormat, loadSentimentModel, parseLabelMap, readFixtures } from '@pantau/sentiment';

const pct = (x: number | null) => (x === null ? 'n/a' : (100 * x).toFixed(1));

/** The report `pantau eval` prints: `source` names what was scored (fixtures, or a task's gold labels). */
export function render(report: EvaluationReport, model: { version: string; sha256: string; backend: string }, source: string): string {
  const classes = Object.keys(report.perClass) as SentimentClass[];
  const lines = [
    `${source}: n ${report.n}${report.binary ? ' (binary: only negative and positive labels, so predictions are restricted to those two classes)' : ''}`,
    `model ${model.version} (sha256 ${model.sha256.slice(0, 16)}…) on ${model.backend}`,
    `accuracy          ${pct(report.accuracy)}`,
    `macro-F1          ${pct(report.macroF1)}  (bootstrap 95% CI ${pct(report.macroF1CI[0])}–${pct(report.macroF1CI[1])})`,
    `ECE (15 bins)     ${report.ece.toFixed(3)}`,
    `abstained         ${pct(report.abstainRate)}%   accuracy on answered ${pct(report.answeredAccuracy)}`,
    '',
    'class        precision  recall     F1  support',
    ...classes.map((c) => {
      const s = report.perClass[c];
      return s
        ? `${c.padEnd(12)} ${pct(s.precision).padStart(9)} ${pct(s.recall).padStart(7)} ${pct(s.f1).padStart(6)} ${String(s.support).padStart(8)}`
        : '';
    }),
    '',
    `confusion (rows gold, columns predicted: ${classes.join(', ')})`,
    ...classes.map((g) => `${g.padEnd(12)} ${classes.map((p) => String(report.confusion[g]?.[p] ?? 0).padStart(7)).join(' ')}`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * `pantau eval --fixtures FILE [--format tsv|csv|jsonl] [--text-column C] [--label-column C]
 * [--label-map 0=negative,1=positive] [--json] [--model DIR]`: scores the model on labelled fixtures.
 */
export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--task') || argv.some((a) => a.startsWith('--task='))) return (await import('./eval-task.ts')).run(argv);
  const { values } = parseArgs({
    args: argv,
    options: {
      fixtures: { type: 'string' },
      format: { type: 'string' },
      'text-column': { type: 'string' },
      'label-column': { type: 'string' },
      'label-map': { type: 'string' },
      json: { type: 'boolean' },
      model: { type: 'string' },
    },
  });
  if (!values.fixtures) throw new PantauError('INVALID_INPUT', '--fixtures: required (a TSV, CSV or JSONL file of labelled texts)');
  if (values.format && !['tsv', 'csv', 'jsonl'].includes(values.format))
    throw new PantauError('INVALID_INPUT', '--format: tsv, csv or jsonl');
  const rows = readFixtures(values.fixtures, {
    format: values.format as FixtureFormat | undefined,
    textColumn: values['text-column'],
    labelColumn: values['label-column'],
    labelMap: values['label-map'] ? parseLabelMap(values['label-map']) : undefined,
  });
  const binary = rows.every((r) => r.label !== 'neutral');
  const model = await loadSentimentModel(values.model ? { modelDir: values.model } : {});
  const texts = rows.map((r) => r.text);
  const predictions = binary ? await model.predictBinary(texts) : await model.predict(texts);
  const scored = rows.map((r, i) => {
    const p = predictions[i] as (typeof predictions)[number];
    const predicted = SENTIMENT_CLASSES[p.probabilities.indexOf(Math.max(...p.probabilities))] as SentimentClass;
    return { gold: r.label, predicted, confidence: p.confidence, abstained: p.label === 'uncertain' };
  });
  const report = evaluate(scored, { binary });
  const modelInfo = { version: model.manifest.version, sha256: model.manifest.sha256 };
  process.stdout.write(
    values.json
      ? `${JSON.stringify({ ...report, model: modelInfo })}\n`
      : render(report, { ...modelInfo, backend: model.backend }, `fixtures ${values.fixtures}`),
  );
  model.dispose();
  return 0;
}
