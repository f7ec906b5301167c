// Emotion head search, round 3: the best round-2 features (normalized text, word 1-1 + char_wb 2-5, sublinear tf) with
// two-member ensembles, on the dev split carved from EmoT train only.
// Run: nice -n 10 node --import tsx packages/sentiment/scripts/experiment-emotion-3.ts DATA_DIR
import { EMOTION_CLASSES } from '@pantau/contracts';
import { EMOTION_INDEX } from '../src/emotion/data.ts';
import { fitEnsemble, type MemberConfig } from '../src/emotion/fit.ts';
import { macroF1OfIndices } from '../src/emotion/metrics.ts';
import { preprocess } from '../src/emotion/model.ts';
import { scoresOf } from '../src/emotion/svm.ts';
import { fitStackedTfidf } from '../src/emotion/tfidf.ts';
import { EMOTION_HYPERPARAMETERS, emotionDevSplit } from '../src/emotion/train.ts';

const K = EMOTION_CLASSES.length;
const hp = EMOTION_HYPERPARAMETERS;
const { train, dev } = emotionDevSplit(process.argv[2] as string, 7);
const v = fitStackedTfidf(
  train.map((r) => preprocess(r.text, hp.preprocessing)),
  hp.blocks,
);
const xt = train.map((r) => v.transform(preprocess(r.text, hp.preprocessing)));
const xd = dev.map((r) => v.transform(preprocess(r.text, hp.preprocessing)));
const y = train.map((r) => EMOTION_INDEX[r.label]);
const gold = dev.map((r) => EMOTION_INDEX[r.label]);
const argmax = (s: ArrayLike<number>) => {
  let b = 0;
  for (let c = 1; c < s.length; c++) if ((s[c] as number) > (s[b] as number)) b = c;
  return b;
};
const settings: [string, MemberConfig[]][] = [
  ['nbsvm 0.1', [{ kind: 'nbsvm', C: 0.1, weight: 1 }]],
  [
    'nbsvm 0.1 + svm 0.3',
    [
      { kind: 'nbsvm', C: 0.1, weight: 1 },
      { kind: 'svm', C: 0.3, weight: 1 },
    ],
  ],
  [
    'nbsvm 0.1 + nbsvm 0.3',
    [
      { kind: 'nbsvm', C: 0.1, weight: 1 },
      { kind: 'nbsvm', C: 0.3, weight: 1 },
    ],
  ],
];
for (const [name, members] of settings) {
  const w = fitEnsemble(xt, y, v.dimension, members, 7);
  console.log(
    `${name}: dev macro-F1 ${(
      100 *
        macroF1OfIndices(
          gold,
          xd.map((r) => argmax(scoresOf(r, w, K))),
        )
    ).toFixed(1)}`,
  );
}
