// Coverage of validated shares over a grid of class mixes, models and sizes, with known truth (not shipped as a
// command): `pnpm exec tsx packages/sentiment/scripts/validation-coverage.ts [repetitions, default 1000]`.
import { SENTIMENT_CLASSES } from '@pantau/contracts';
import { type GoldLabel, type StudyPost, validationStudy } from '../src/estimators/index.ts';
import { seededRandom } from '../src/linear.ts';

const repetitions = Number(process.argv[2] ?? 1000);

const MIXES: Record<string, [GoldLabel, number][]> = {
  balanced: [
    ['negative', 0.3],
    ['neutral', 0.35],
    ['positive', 0.3],
    ['not_relevant', 0.05],
  ],
  'rare positive': [
    ['negative', 0.3],
    ['neutral', 0.6],
    ['positive', 0.04],
    ['not_relevant', 0.06],
  ],
  'neutral 85%': [
    ['negative', 0.06],
    ['neutral', 0.85],
    ['positive', 0.05],
    ['not_relevant', 0.04],
  ],
  '40% out of scope': [
    ['negative', 0.2],
    ['neutral', 0.3],
    ['positive', 0.1],
    ['not_relevant', 0.3],
    ['not_indonesian', 0.1],
  ],
};

const classIndex = (g: GoldLabel, random: () => number): number =>
  g === 'negative' ? 0 : g === 'neutral' ? 1 : g === 'positive' ? 2 : Math.floor(random() * 3);

// Three kinds of model: right 85% of the time; certain and biased (60% of neutral posts read as negative, positive
// perfectly recognized); and noise that knows nothing.
const MODELS: Record<string, (g: GoldLabel, random: () => number) => [number, number, number]> = {
  'good (85%)': (g, random) => {
    const k = classIndex(g, random);
    const p: [number, number, number] = [0.05, 0.05, 0.05];
    p[random() < 0.85 ? k : (k + 1 + Math.floor(random() * 2)) % 3] = 0.9;
    return p;
  },
  'certain, biased': (g, random) => {
    const p: [number, number, number] = [0, 0, 0];
    p[g === 'neutral' ? (random() < 0.6 ? 0 : 1) : g === 'positive' ? 2 : 0] = 1;
    return p;
  },
  noise: (_g, random) => {
    const [a, b, c] = [random(), random(), random()];
    return [a / (a + b + c), b / (a + b + c), c / (a + b + c)];
  },
};

const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
console.log(`${repetitions} repetitions per row; coverage of the 95% intervals (negative neutral positive), width validated / labels only`);
console.log(
  `${'mix'.padEnd(17)} ${'model'.padEnd(16)} ${'N'.padStart(6)} ${'n'.padStart(4)}   validated           labels only         width ratio`,
);
let lowest = 1;
for (const [mixName, mix] of Object.entries(MIXES)) {
  for (const [modelName, model] of Object.entries(MODELS)) {
    for (const N of [1000, 20_000]) {
      const random = seededRandom(7);
      const posts: StudyPost[] = Array.from({ length: N }, () => {
        let u = random();
        let gold: GoldLabel = mix[0]?.[0] as GoldLabel;
        for (const [label, weight] of mix) {
          if (u < weight) {
            gold = label;
            break;
          }
          u -= weight;
        }
        const probabilities = model(gold, random);
        const label = SENTIMENT_CLASSES[probabilities.indexOf(Math.max(...probabilities))] as (typeof SENTIMENT_CLASSES)[number];
        return { gold, prediction: { label, probabilities } };
      });
      const study = validationStudy(posts, { labels: [100, 300], repetitions, seed: 5 });
      for (const arm of study.arms) {
        const coverage = SENTIMENT_CLASSES.map((c) => arm.coverage[c]);
        lowest = Math.min(lowest, ...coverage);
        const ratio =
          SENTIMENT_CLASSES.reduce((s, c) => s + arm.meanWidth[c], 0) /
          SENTIMENT_CLASSES.reduce((s, c) => s + arm.labelsOnlyMeanWidth[c], 0);
        console.log(
          `${mixName.padEnd(17)} ${modelName.padEnd(16)} ${String(N).padStart(6)} ${String(arm.labels).padStart(4)}   ${coverage.map(pct).join(' ')}   ${SENTIMENT_CLASSES.map((c) => pct(arm.labelsOnlyCoverage[c])).join(' ')}   ${ratio.toFixed(2).padStart(6)}`,
        );
      }
    }
  }
}
console.log(`lowest coverage of the validated intervals: ${pct(lowest)}%`);
