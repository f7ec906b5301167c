import { loadEnv } from '@pantau/config';
import { PantauError, type SentimentClass } from '@pantau/contracts';
import {
  type EvaluationReport,
  type FixtureFormat,
  loadSentimentModel,
  parseLabelMap,
  readFixtures,
  type SentimentModel,
  scoreModel,
} from '@pantau/sentiment';
import { type CountProgress, createCountProgress } from '../progress.ts';
import { type CommandSpec, parseCommand } from '../spec.ts';

/** `pantau eval --help`. */
export const spec = {
  usage: [
    'eval --task ID [--model DIR] [--json]',
    'eval --emotions [--data DIR] [--model DIR] [--json]',
    'eval --regional [--data DIR] [--model DIR] [--json]',
    'eval --fixtures FILE [--format tsv|csv|jsonl] [--text-column C] [--label-column C] [--label-map 0=negative,1=positive] [--model DIR] [--json]',
  ],
  description:
    'Scores the active model (or --model) on labelled texts: accuracy, macro-F1 with a bootstrap CI, calibration, per-class figures and the confusion matrix. TSV is text<TAB>label without header (as SmSA); CSV and JSONL columns named text, content, sentence or tweet, and label or sentiment, are found without flags. Labels may be negative/neutral/positive or their Indonesian names; a file with no neutral label is scored as binary.',
  options: {
    fixtures: { type: 'string', value: 'FILE', description: 'the labelled file (TSV, CSV or JSONL)' },
    format: { type: 'string', value: 'F', description: 'tsv, csv or jsonl (default: from the extension, else tsv)' },
    'text-column': {
      type: 'string',
      value: 'C',
      description: 'CSV/JSONL: the text column (default: the first of text, content, sentence, tweet)',
    },
    'label-column': { type: 'string', value: 'C', description: 'CSV/JSONL: the label column (default: label or sentiment)' },
    'label-map': { type: 'string', value: 'MAP', description: 'raw label to class, such as 0=negative,1=positive' },
    task: {
      type: 'string',
      value: 'ID',
      description: 'a labelling task: score its in-scope gold labels from the stored predictions instead of a file',
    },
    model: { type: 'string', value: 'DIR', description: 'a model folder instead of the active model' },
    emotions: {
      type: 'boolean',
      description:
        'score the emotion head and a TF-IDF + linear SVM baseline tuned on the same EmoT dev split, both on the dev split and on EmoT valid (held out)',
    },
    regional: {
      type: 'boolean',
      description:
        'score the regional-language head and, as "before", the Indonesian model on NusaX valid of Javanese, Sundanese, Minangkabau, Banjarese, Balinese and Madurese (held out; a translation corpus derived from SmSA, not independent)',
    },
    data: { type: 'string', value: 'DIR', description: 'with --emotions or --regional: the shared data folder (default: ../shared/data/)' },
    json: { type: 'boolean', description: 'machine-readable output' },
  },
  examples: [
    'eval --fixtures test/fixtures/sentiment/hard-cases.tsv',
    'eval --fixtures tweets.csv --label-map 0=negative,1=positive --json',
    'eval --task 3',
    'eval --emotions',
    'eval --regional',
  ],
} satisfies CommandSpec;

const CHUNK = 500;

/** The model, scoring in chunks so that a progress bar can follow; each text is scored on its own, so results are unchanged. */
function withProgress(model: SentimentModel, progress: CountProgress): SentimentModel {
  const chunked =
    (predict: SentimentModel['predict']): SentimentModel['predict'] =>
    async (texts) => {
      const out = [];
      for (let i = 0; i < texts.length; i += CHUNK) {
        out.push(...(await predict(texts.slice(i, i + CHUNK))));
        progress.update(Math.min(texts.length, i + CHUNK));
      }
      return out;
    };
  return Object.assign(Object.create(model) as SentimentModel, {
    predict: chunked((t) => model.predict(t)),
    predictBinary: chunked((t) => model.predictBinary(t)),
  });
}

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
  const { values } = parseCommand('eval', spec, argv);
  if (values.task !== undefined) return (await import('./eval-task.ts')).run(argv);
  if (values.emotions) return (await import('./eval-emotions.ts')).run(values);
  if (values.regional) return (await import('./eval-regional.ts')).run(values);
  if (!values.fixtures) throw new PantauError('INVALID_INPUT', '--fixtures: required (a TSV, CSV or JSONL file of labelled texts)');
  if (values.format && !['tsv', 'csv', 'jsonl'].includes(values.format))
    throw new PantauError('INVALID_INPUT', '--format: tsv, csv or jsonl');
  const rows = readFixtures(values.fixtures, {
    format: values.format as FixtureFormat | undefined,
    textColumn: values['text-column'],
    labelColumn: values['label-column'],
    labelMap: values['label-map'] ? parseLabelMap(values['label-map']) : undefined,
  });
  const model = await loadSentimentModel({ ...(values.model ? { modelDir: values.model } : {}), backend: loadEnv().PANTAU_TF_BACKEND });
  const progress = createCountProgress(`scoring ${rows.length} texts`, rows.length);
  const report = await scoreModel(withProgress(model, progress), rows);
  progress.done();
  const modelInfo = { version: model.manifest.version, sha256: model.manifest.sha256 };
  process.stdout.write(
    values.json
      ? `${JSON.stringify({ ...report, model: modelInfo })}\n`
      : render(report, { ...modelInfo, backend: model.backend }, `fixtures ${values.fixtures}`),
  );
  model.dispose();
  return 0;
}
