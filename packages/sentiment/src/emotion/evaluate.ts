import { join } from 'node:path';
import { type BaselineSetting, EMOTION_BASELINE_SETTING, scoreBaseline, tuneBaseline } from './baseline.ts';
import { EMOT_FILES, readEmotionRows } from './data.ts';
import type { EmotionEvaluation } from './metrics.ts';
import type { EmotionModel } from './model.ts';
import { emotionDevSplit, scoreEmotionModel } from './train.ts';

/** What `pantau eval --emotions` reports: the head and the tuned baseline, each on the dev split and on EmoT valid (held out). */
export interface EmotionComparison {
  devSplit: { seed: number; trainRows: number; devRows: number };
  head: { version: string; sha256: string; dev: EmotionEvaluation; heldOut: EmotionEvaluation };
  baseline: {
    chosen: BaselineSetting;
    grid: { setting: BaselineSetting; devMacroF1: number }[];
    dev: EmotionEvaluation;
    heldOut: EmotionEvaluation;
  };
}

/**
 * Scores the emotion head and the TF-IDF + linear SVM baseline from one run: the baseline (by default the setting the
 * head's cross-validation chose for it; a `grid` is tuned on the dev split instead) is fitted on the rows the head was
 * fitted on (the seeded dev split's other rows; the head's manifest names the seed), then both are scored on dev and on
 * EmoT valid.
 */
export async function compareEmotionHead(
  model: EmotionModel,
  options: { dataDir: string; grid?: readonly BaselineSetting[]; onStep?: (step: string) => void },
): Promise<EmotionComparison> {
  const seed = (model.manifest.choices as { devSplit?: { seed?: number } } | undefined)?.devSplit?.seed ?? 7;
  const split = emotionDevSplit(options.dataDir, seed);
  const heldOutRows = readEmotionRows(join(options.dataDir, EMOT_FILES.heldOut));
  options.onStep?.('fitting the baseline');
  const tuned = tuneBaseline(split.train, split.dev, options.grid ?? [EMOTION_BASELINE_SETTING], seed);
  options.onStep?.('scoring');
  return {
    devSplit: { seed, trainRows: split.train.length, devRows: split.dev.length },
    head: {
      version: model.manifest.version,
      sha256: model.manifest.sha256,
      dev: await scoreEmotionModel(model, split.dev),
      heldOut: await scoreEmotionModel(model, heldOutRows),
    },
    baseline: {
      chosen: tuned.chosen.setting,
      grid: tuned.grid,
      dev: scoreBaseline(tuned.chosen, split.dev),
      heldOut: scoreBaseline(tuned.chosen, heldOutRows),
    },
  };
}
