import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnv } from '@pantau/config';
import { PantauError, SENTIMENT_CLASSES } from '@pantau/contracts';
import { loadSentimentModel, readFixtures, type StudyPost, type ValidationStudy, validationStudy } from '@pantau/sentiment';
import { type CommandSpec, parseCommand } from '../spec.ts';

const NUSAX_REGIONAL = fileURLToPath(new URL('../../../../../shared/data/nusax-regional/', import.meta.url));
// Regional languages of NusaX that the sentiment model is not trained on: a labelled corpus unlike its training data.
const DEFAULT_LANGUAGES = ['acehnese', 'buginese', 'ngaju', 'toba_batak'];
// Only these splits are read: the corpus has no test split here, and held-out sets (SmSA valid, IndoLEM dev0, EmoT
// valid) live in other folders this command never opens.
const SPLITS = ['train.csv', 'valid.csv'];

/** `pantau validation-study --help`. */
export const spec = {
  usage: ['validation-study [--languages LIST] [--labels 100,300] [--repetitions 200] [--seed 1] [--data DIR] [--model DIR] [--json]'],
  description:
    'Poses NusaX regional-language posts (languages the model was not trained on) as a deployment of the active model and measures model-only shares against validated (PPI++) shares, whose truth is known.',
  options: {
    languages: { type: 'string', value: 'LIST', default: DEFAULT_LANGUAGES.join(','), description: 'NusaX languages to study' },
    labels: { type: 'string', value: 'LIST', default: '100,300', description: 'numbers of human labels to simulate' },
    repetitions: { type: 'string', value: 'N', default: '200', description: 'seeded repetitions per number of labels' },
    seed: { type: 'string', value: 'N', default: '1', description: 'random seed' },
    data: { type: 'string', value: 'DIR', description: 'NusaX regional folder (default: ../shared/data/nusax-regional/)' },
    model: { type: 'string', value: 'DIR', description: 'a model folder instead of the active model' },
    json: { type: 'boolean', description: 'machine-readable output' },
  },
  examples: ['validation-study', 'validation-study --languages acehnese --labels 50,100,300 --repetitions 500'],
} satisfies CommandSpec;

const pct = (x: number) => (100 * x).toFixed(1);
const shares = (s: Record<string, number>) => SENTIMENT_CLASSES.map((c) => pct(s[c] as number).padStart(5)).join(' ');
const meanOf = (s: Record<string, number>) => SENTIMENT_CLASSES.reduce((sum, c) => sum + (s[c] as number), 0) / SENTIMENT_CLASSES.length;

function render(
  results: { language: string; study: ValidationStudy }[],
  model: { version: string; sha256: string },
  repetitions: number,
): string {
  const lines = [
    `model ${model.version} (sha256 ${model.sha256.slice(0, 16)}…) posing as deployed on NusaX regional-language posts (train + valid); shares in %, negative neutral positive`,
    '',
    `${'language'.padEnd(11)} ${'posts'.padStart(5)}   ${'true shares'.padEnd(17)}   ${'model-only shares'.padEnd(17)}  max|err|`,
    ...results.map(
      ({ language, study }) =>
        `${language.padEnd(11)} ${String(study.posts).padStart(5)}   ${shares(study.truth)}   ${shares(study.modelOnly)}  ${pct(study.modelOnlyMaxAbsError).padStart(8)}`,
    ),
    '',
    `validated (PPI++) against labels only; one seeded sample of L labels, then ${repetitions} seeded repetitions`,
    `${'language'.padEnd(11)} ${'L'.padStart(4)}   ${'validated (1st sample)'.padEnd(17)} max|err|  mean max|err| val/lab   mean width val/lab   coverage val (neg neu pos)   coverage lab`,
    ...results.flatMap(({ language, study }) =>
      study.arms.map(
        (arm) =>
          `${language.padEnd(11)} ${String(arm.labels).padStart(4)}   ${shares({
            negative: arm.example.shares.negative.estimate,
            neutral: arm.example.shares.neutral.estimate,
            positive: arm.example.shares.positive.estimate,
          })}  ${pct(arm.example.maxAbsError).padStart(7)}  ${`${pct(arm.meanMaxAbsError)} / ${pct(arm.labelsOnlyMeanMaxAbsError)}`.padStart(19)}   ${`${pct(meanOf(arm.meanWidth))} / ${pct(meanOf(arm.labelsOnlyMeanWidth))}`.padStart(18)}   ${shares(arm.coverage).padStart(26)}   ${shares(arm.labelsOnlyCoverage)}`,
      ),
    ),
    '',
    'max|err|: largest absolute error of the three shares, in points. Width: mean over the three classes of the 95% interval width. Coverage: share of',
    'repetitions whose 95% interval held the true share. Model-only: shares of the model’s labels among answered (not abstained) posts.',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * `pantau validation-study [--languages acehnese,buginese,ngaju,toba_batak] [--labels 100,300] [--repetitions 200]
 * [--seed 1] [--data DIR] [--model DIR] [--json]`: poses the NusaX regional-language posts as a deployment of the
 * active model and measures model-only against validated shares with known truth.
 */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand('validation-study', spec, argv);
  const wholeNumbers = (raw: string, name: string): number[] =>
    raw.split(',').map((s) => {
      const n = Number(s.trim());
      if (!Number.isInteger(n) || n < 1) throw new PantauError('INVALID_INPUT', `--${name}: whole numbers ≥ 1, got "${raw}"`);
      return n;
    });
  const languages = values.languages ? values.languages.split(',').map((l) => l.trim()) : DEFAULT_LANGUAGES;
  const labels = wholeNumbers(values.labels ?? '100,300', 'labels');
  const [repetitions] = wholeNumbers(values.repetitions ?? '200', 'repetitions') as [number];
  const seed = Number(values.seed ?? '1');
  if (!Number.isInteger(seed)) throw new PantauError('INVALID_INPUT', '--seed: a whole number');
  const dataDir = values.data ?? NUSAX_REGIONAL;

  const model = await loadSentimentModel({ ...(values.model ? { modelDir: values.model } : {}), backend: loadEnv().PANTAU_TF_BACKEND });
  try {
    const trainedOn = Object.keys((model.manifest.trainingData as Record<string, unknown> | undefined) ?? {});
    const results: { language: string; study: ValidationStudy }[] = [];
    for (const language of languages) {
      // A language the model learnt from is no deployment unlike its training data.
      if (trainedOn.some((file) => file.includes(`nusax-regional/${language}`))) {
        throw new PantauError(
          'INVALID_INPUT',
          `${language}: model ${model.manifest.version} was trained on it; choose languages it has not seen`,
        );
      }
      const files = SPLITS.map((split) => join(dataDir, language, split));
      const missing = files.find((f) => !existsSync(f));
      if (missing) throw new PantauError('INVALID_INPUT', `${language}: no ${missing}`);
      const rows = files.flatMap((file) => readFixtures(file, { format: 'csv', textColumn: 'text', labelColumn: 'label' }));
      const predictions = await model.predict(rows.map((r) => r.text));
      const posts: StudyPost[] = rows.map((r, i) => ({ gold: r.label, prediction: predictions[i] as StudyPost['prediction'] }));
      results.push({ language, study: validationStudy(posts, { labels, repetitions, seed }) });
    }
    const modelInfo = { version: model.manifest.version, sha256: model.manifest.sha256 };
    process.stdout.write(
      values.json
        ? `${JSON.stringify({ model: modelInfo, seed, repetitions, languages: results })}\n`
        : render(results, modelInfo, repetitions),
    );
    return 0;
  } finally {
    model.dispose();
  }
}
