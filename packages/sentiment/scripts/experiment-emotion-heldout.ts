// Emotion head, round 2: the one scoring of EmoT valid (held out) for the candidate and the baseline setting chosen by
// experiment-emotion-cv.ts. The head is built as `pantau train --emotions-only` builds it (seed-7 dev split of EmoT
// train: fit on the other rows, temperature and abstain threshold on dev) into a temporary folder; the baseline is fitted
// on the same rows; both are scored by compareEmotionHead, the code path of `pantau eval --emotions`.
// Run: nice -n 10 node --import tsx packages/sentiment/scripts/experiment-emotion-heldout.ts DATA_DIR 'HEAD_JSON' 'BASELINE_JSON'
//   HEAD_JSON: EmotionHyperparameters (or "shipped" for EMOTION_HYPERPARAMETERS); BASELINE_JSON: a BaselineSetting.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMOTION_CLASSES } from '@pantau/contracts';
import type { BaselineSetting } from '../src/emotion/baseline.ts';
import { compareEmotionHead } from '../src/emotion/evaluate.ts';
import type { EmotionEvaluation } from '../src/emotion/metrics.ts';
import { loadEmotionModel } from '../src/emotion/model.ts';
import { EMOTION_HYPERPARAMETERS, type EmotionHyperparameters, trainEmotionHead } from '../src/emotion/train.ts';

const [dataDir, headArg, baselineArg] = process.argv.slice(2) as [string, string, string];
const hp: EmotionHyperparameters = headArg === 'shipped' ? EMOTION_HYPERPARAMETERS : JSON.parse(headArg);
const setting = JSON.parse(baselineArg) as BaselineSetting;
const dir = mkdtempSync(join(tmpdir(), 'emotion-heldout-'));
try {
  await trainEmotionHead({ dataDir, modelDir: dir, seed: 7, hyperparameters: hp, now: () => new Date(0) });
  const model = loadEmotionModel(dir);
  const c = await compareEmotionHead(model, { dataDir, grid: [setting] });
  const pct = (x: number) => (100 * x).toFixed(1);
  const line = (name: string, r: EmotionEvaluation) =>
    `| ${name} | ${r.n} | ${pct(r.macroF1)} (${pct(r.macroF1CI[0])}–${pct(r.macroF1CI[1])}) | ${pct(r.accuracy)} | ${r.ece === null ? 'n/a' : r.ece.toFixed(3)} | ${pct(r.abstainRate)}% | ${EMOTION_CLASSES.map((k) => pct(r.perClass[k].f1)).join(' / ')} |`;
  console.log(`head ${JSON.stringify(hp)}\nbaseline ${JSON.stringify(setting)}\nweights sha256 ${c.head.sha256}`);
  console.log('| scorer, set | n | macro-F1 (95% CI) | accuracy | ECE | abstained | F1 anger / fear / happy / love / sadness |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(line('head, seed-7 dev split', c.head.dev));
  console.log(line('baseline, seed-7 dev split', c.baseline.dev));
  console.log(line('head, EmoT valid (held out)', c.head.heldOut));
  console.log(line('baseline, EmoT valid (held out)', c.baseline.heldOut));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
