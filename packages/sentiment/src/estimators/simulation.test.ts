import { SENTIMENT_CLASSES, type SentimentPrediction } from '@pantau/contracts';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../linear.ts';
import type { SentimentModel } from '../model.ts';
import { type StudyPost, validationStudy } from './study.ts';
import type { GoldLabel } from './validated-shares.ts';

// A known class mix, exact counts: 2640 in-scope posts of 3000 (negative 25%, neutral 54.5%, positive 20.5%).
const MIX: [GoldLabel, number][] = [
  ['negative', 660],
  ['neutral', 1440],
  ['positive', 540],
  ['not_relevant', 240],
  ['not_indonesian', 120],
];
const ABSTAIN_BELOW = 0.5;

/**
 * A classifier with a known bias, behind the model interface: each text names its gold class, and the model reads it
 * through `confusion[gold]` (the chance of each predicted class), then spreads its probability around that class.
 */
function biasedModel(confusion: Record<GoldLabel, [number, number, number]>, seed: number): Pick<SentimentModel, 'predict'> {
  const random = seededRandom(seed);
  return {
    predict: async (texts) =>
      texts.map((text): SentimentPrediction => {
        const gold = text.split(' ')[0] as GoldLabel;
        const row = confusion[gold];
        let u = random();
        let predicted = 2;
        for (let k = 0; k < 3; k++) {
          if (u < (row[k] as number)) {
            predicted = k;
            break;
          }
          u -= row[k] as number;
        }
        const top = 0.5 + 0.45 * random();
        const split = random();
        const probabilities = [0, 0, 0] as [number, number, number];
        probabilities[predicted] = top;
        probabilities[(predicted + 1) % 3] = (1 - top) * split;
        probabilities[(predicted + 2) % 3] = (1 - top) * (1 - split);
        const confidence = Math.max(...probabilities);
        return {
          label: confidence < ABSTAIN_BELOW ? 'uncertain' : (SENTIMENT_CLASSES[predicted] as (typeof SENTIMENT_CLASSES)[number]),
          probabilities,
          confidence,
        };
      }),
  };
}

// Informative but biased the way an out-of-domain model is: right on most negative and positive posts, while most
// neutral posts read as negative or positive.
const INFORMATIVE: Record<GoldLabel, [number, number, number]> = {
  negative: [0.85, 0.1, 0.05],
  neutral: [0.4, 0.35, 0.25],
  positive: [0.05, 0.1, 0.85],
  not_relevant: [0.3, 0.3, 0.4],
  not_indonesian: [0.5, 0.2, 0.3],
};
// Uninformative and biased: the same skewed guess whatever the post says.
const UNINFORMATIVE: Record<GoldLabel, [number, number, number]> = {
  negative: [0.5, 0.2, 0.3],
  neutral: [0.5, 0.2, 0.3],
  positive: [0.5, 0.2, 0.3],
  not_relevant: [0.5, 0.2, 0.3],
  not_indonesian: [0.5, 0.2, 0.3],
};

async function deploy(model: Pick<SentimentModel, 'predict'>): Promise<StudyPost[]> {
  const golds = MIX.flatMap(([gold, count]) => Array.from({ length: count }, () => gold));
  const random = seededRandom(11);
  for (let i = golds.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [golds[i], golds[j]] = [golds[j] as GoldLabel, golds[i] as GoldLabel];
  }
  const predictions = await model.predict(golds.map((gold, i) => `${gold} post ${i}`));
  return golds.map((gold, i) => ({ gold, prediction: predictions[i] as SentimentPrediction }));
}

describe('validated shares with known truth (seeded simulation, 200 repetitions)', () => {
  it.each([
    ['an informative but biased model', INFORMATIVE, true],
    ['an uninformative biased model', UNINFORMATIVE, false],
  ] as const)('with %s: covers the truth, no wider than labels alone, while the model alone misses', async (_, confusion, informative) => {
    const posts = await deploy(biasedModel(confusion, 5));
    const study = validationStudy(posts, { labels: [100, 300], repetitions: 200, seed: 1000 });
    expect(study.truth.negative).toBeCloseTo(660 / 2640, 12);
    // The shares of the model's labels are off by at least 10 points.
    expect(study.modelOnlyMaxAbsError).toBeGreaterThanOrEqual(0.1);
    for (const arm of study.arms) {
      for (const c of SENTIMENT_CLASSES) {
        expect(arm.coverage[c], `${arm.labels} labels, ${c}: coverage`).toBeGreaterThanOrEqual(0.9);
        if (informative) expect(arm.meanWidth[c], `${arm.labels} labels, ${c}: width`).toBeLessThan(arm.labelsOnlyMeanWidth[c]);
        else expect(arm.meanWidth[c], `${arm.labels} labels, ${c}: width`).toBeLessThanOrEqual(arm.labelsOnlyMeanWidth[c]);
      }
      // Unbiased whatever the model: the validated error is a fraction of the model's.
      expect(arm.meanMaxAbsError).toBeLessThan(study.modelOnlyMaxAbsError / 2);
      const width = SENTIMENT_CLASSES.reduce((s, c) => s + arm.meanWidth[c], 0);
      const labelsOnlyWidth = SENTIMENT_CLASSES.reduce((s, c) => s + arm.labelsOnlyMeanWidth[c], 0);
      // A model right on 58% of in-scope posts narrows the intervals by about a tenth (measured 0.92 with 100 and 300
      // labels); one that says nothing leaves them as wide as the labels alone make them.
      if (informative) expect(width / labelsOnlyWidth, `${arm.labels} labels: width ratio`).toBeLessThan(0.95);
      else expect(width / labelsOnlyWidth).toBeGreaterThan(0.97);
    }
    // More labels, narrower intervals.
    const [few, many] = study.arms;
    expect(many?.meanWidth.neutral).toBeLessThan((few?.meanWidth.neutral as number) * 0.7);
  });
});
