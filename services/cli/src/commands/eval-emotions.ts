import { fileURLToPath } from 'node:url';
import { loadEnv } from '@pantau/config';
import { EMOTION_CLASSES, PantauError } from '@pantau/contracts';
import { type EmotionComparison, type EmotionEvaluation, loadSentimentModel } from '@pantau/sentiment';

const SHARED_DATA = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));

const pct = (x: number | null) => (x === null ? 'n/a' : (100 * x).toFixed(1));

const line = (name: string, r: EmotionEvaluation) =>
  `${name.padEnd(34)} ${String(r.n).padStart(4)}  ${pct(r.macroF1).padStart(5)}  (${pct(r.macroF1CI[0])}–${pct(r.macroF1CI[1])})  ${pct(r.accuracy).padStart(5)}  ${r.ece === null ? '  n/a' : r.ece.toFixed(3)}  ${pct(r.abstainRate).padStart(5)}%  ${EMOTION_CLASSES.map((c) => pct(r.perClass[c].f1)).join(' ')}`;

/** The text `pantau eval --emotions` prints: head and baseline on the dev split and on EmoT valid (held out). */
export function renderComparison(c: EmotionComparison, backend: string): string {
  const b = c.baseline.chosen;
  return `${[
    `emotion head ${c.head.version} (sha256 ${c.head.sha256.slice(0, 16)}…) on ${backend}; dev split of EmoT train: seed ${c.devSplit.seed}, ${c.devSplit.devRows} rows (fit on ${c.devSplit.trainRows})`,
    `baseline: TF-IDF + linear SVM, ${b.name}, C ${b.C} (${c.baseline.grid.length > 1 ? `tuned on the dev split over ${c.baseline.grid.length} settings` : 'chosen by cross-validation on EmoT train'}), fitted on the same ${c.devSplit.trainRows} rows as the head`,
    '',
    `${'scorer on set'.padEnd(34)}    n  macro-F1 (95% CI)   acc.    ECE  abstained  F1 ${EMOTION_CLASSES.join(' ')}`,
    line('head, dev split (T, threshold)', c.head.dev),
    line('baseline, dev split', c.baseline.dev),
    line('head, EmoT valid (held out)', c.head.heldOut),
    line('baseline, EmoT valid (held out)', c.baseline.heldOut),
    '',
    'EmoT valid is held out: it chose nothing for either scorer. The head chose its temperature and abstain threshold on the dev split.',
  ].join('\n')}\n`;
}

/** `pantau eval --emotions [--data DIR] [--model DIR] [--json]`. */
export async function run(values: { model?: string | undefined; data?: string | undefined; json?: boolean | undefined }): Promise<number> {
  const model = await loadSentimentModel({ ...(values.model ? { modelDir: values.model } : {}), backend: loadEnv().PANTAU_TF_BACKEND });
  try {
    if (!model.emotion)
      throw new PantauError('MODEL_UNAVAILABLE', 'this model folder has no emotion head: run `pantau train --emotions-only`');
    const { compareEmotionHead } = await import('@pantau/sentiment');
    const comparison = await compareEmotionHead(model.emotion, {
      dataDir: values.data ?? SHARED_DATA,
      onStep: (step) => process.stderr.write(`${step}…\n`),
    });
    process.stdout.write(values.json ? `${JSON.stringify(comparison)}\n` : renderComparison(comparison, model.backend));
    return 0;
  } finally {
    model.dispose();
  }
}
