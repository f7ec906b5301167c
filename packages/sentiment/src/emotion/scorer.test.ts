import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EMOTION_CLASSES } from '@pantau/contracts';
import { analyzeText } from '@pantau/text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend.ts';
import { seededRandom } from '../linear.ts';
import { activeModelDir } from '../model.ts';
import { readEmotionRows } from './data.ts';
import { softmaxK } from './fit.ts';
import { type EmotionModel, loadEmotionModel, vectorizerOf } from './model.ts';
import { loadReferenceEmotionScorer, type ReferenceEmotionScorer } from './reference.ts';
import { emotionScorerOf } from './scorer.ts';
import { scoresOf } from './svm.ts';
import { fitStackedTfidf, type TfidfConfig } from './tfidf.ts';

const K = EMOTION_CLASSES.length;
// EmoT lives next to the repository (as `pantau train` reads it); the bundled sample ships with it.
const EMOT_VALID = fileURLToPath(new URL('../../../../../shared/data/emot/valid_preprocess.csv', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../../../services/ingest/sample/posts.jsonl', import.meta.url));

const sampleTexts = () =>
  readFileSync(SAMPLE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { text: string }).text);

/** Texts at the edges of the tokenizers: empty, white space of every kind, non-ASCII letters, astral characters, repeats. */
const EDGES = [
  '',
  '   \t\n ',
  'a',
  'SEDIH SEDIH SEDIH banget banget 😭😭😭 sedih',
  'kata\u00a0dengan\u2003spasi\u3000lain\ufeffdan\u2028baris',
  'İstanbul ÅNGSTRÖM ǅ ﬁ ＦＵＬＬＷＩＤＴＨ marah',
  '𝒜𝓃𝑔𝓇𝓎 𝕞𝕒𝕣𝕒𝕙 𠀋𠀋 🏳️‍🌈 كلمة 中文字 senang',
  `${'a'.repeat(400)} ${'ab'.repeat(300)} kesal`,
  'kata2 rumah2 @akun https://contoh.id/x #Marah #marah [telepon] benci!!! benci?? benci.',
  'aku_suka ___ __x 12 3 4.5 senang_sekali',
];

/** The label rule of the head, applied to the reference probabilities. */
function labelOf(p: ArrayLike<number>, threshold: number): string {
  const list = Array.from(p);
  const confidence = Math.max(...list);
  return confidence < threshold ? 'uncertain' : (EMOTION_CLASSES[list.indexOf(confidence)] as string);
}

let head: EmotionModel;
let reference: ReferenceEmotionScorer;
beforeAll(async () => {
  await selectBackend();
  head = loadEmotionModel(activeModelDir());
  reference = loadReferenceEmotionScorer(activeModelDir());
});
afterAll(() => {
  head.dispose();
  reference.dispose();
});

/** Serving predictions against the reference path on the same raw texts: probabilities to float32 tolerance, labels equal. */
async function expectSameAsReference(texts: readonly string[]): Promise<void> {
  const want = await reference.probabilities(texts);
  const got = await head.predict(texts);
  expect(got).toHaveLength(texts.length);
  let worst = 0;
  const labelsWanted: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    const p = got[i]?.probabilities ?? [];
    for (let k = 0; k < K; k++) worst = Math.max(worst, Math.abs((p[k] as number) - (want[i * K + k] as number)));
    labelsWanted.push(labelOf(want.subarray(i * K, i * K + K), head.manifest.abstainThreshold));
  }
  expect(worst).toBeLessThan(2e-6);
  expect(got.map((p) => p.label)).toEqual(labelsWanted);
}

describe('emotion scorer in typed arrays', () => {
  it.skipIf(!existsSync(EMOT_VALID))(
    'scores EmoT valid as the TF-IDF + TensorFlow.js path did: same probabilities and labels',
    async () => {
      const texts = readEmotionRows(EMOT_VALID).map((r) => r.text);
      expect(texts).toHaveLength(440);
      await expectSameAsReference(texts);
    },
    60_000,
  );

  it('scores the bundled sample and texts at the tokenizers’ edges as the reference path did', async () => {
    const texts = [...sampleTexts(), ...EDGES];
    expect(texts.length).toBeGreaterThan(1000);
    await expectSameAsReference(texts);
    // The labels are not all one class: the comparison covers more than one decision.
    expect(new Set((await head.predict(texts)).map((p) => p.label)).size).toBeGreaterThan(2);
  }, 60_000);

  it('predicts from the analysis’ normalized text exactly what it predicts from the raw text', async () => {
    const texts = [...sampleTexts().slice(0, 300), ...EDGES];
    const fromRaw = await head.predict(texts);
    const fromNormalized = await head.predictNormalized(texts.map((text) => ({ text, normalized: analyzeText(text).normalized })));
    expect(fromNormalized).toEqual(fromRaw);
  });

  it('matches the stacked vectorizer for other block settings: word bigrams and characters in one block, weights, a pruned vocabulary', () => {
    const random = seededRandom(3);
    const words = ['marah', 'kesal', 'takut', 'senang', 'sayang', 'sedih', 'hari', 'ini', 'aku', 'dia', 'rumah', 'ä', 'ünï'];
    const text = () => Array.from({ length: 3 + Math.floor(random() * 8) }, () => words[Math.floor(random() * words.length)]).join(' ');
    const train = Array.from({ length: 200 }, text);
    const both: TfidfConfig = { wordNgrams: [1, 2], charNgrams: [1, 3], sublinearTf: false, minDf: 2 };
    const chars: TfidfConfig = { wordNgrams: null, charNgrams: [3, 4], sublinearTf: true, minDf: 1 };
    const blocks = [
      { config: both, weight: 0.7 },
      { config: chars, weight: 1.3 },
    ];
    const stacked = fitStackedTfidf(train, blocks);
    const vocabulary = stacked.blocks.map(({ tfidf }) => [...tfidf.vocabulary.entries()].sort((a, b) => a[1] - b[1]).map(([t]) => t));
    const idf = Float32Array.from(stacked.blocks.flatMap(({ tfidf }) => Array.from(tfidf.idf)));
    const weights = Float32Array.from({ length: stacked.dimension * K }, () => random() * 2 - 1);
    const temperature = 0.5;
    const tests = [...Array.from({ length: 100 }, text), 'marah marah sedih', 'zzz qqq', ''];
    const expectSame = (voc: string[][], vectorizer: typeof stacked) => {
      const scorer = emotionScorerOf({ blocks, temperature }, voc, idf, weights, K);
      const got = scorer.probabilities(tests);
      tests.forEach((t, i) => {
        const want = softmaxK(scoresOf(vectorizer.transform(t), weights, K), temperature);
        for (let k = 0; k < K; k++) expect(got[i * K + k]).toBeCloseTo(want[k] as number, 6);
      });
    };
    expectSame(vocabulary, stacked);

    // A vocabulary that is not closed under prefixes (terms taken out, columns kept): a miss must not end the lookups.
    const holes = vocabulary.map((terms) => terms.map((t, i) => (i % 3 === 0 ? `x:removed ${i}` : t)));
    expectSame(holes, vectorizerOf({ blocks }, holes, idf));
  });
});
