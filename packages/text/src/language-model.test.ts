import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, readLanguageCorpus } from '../scripts/language-corpus.ts';
import {
  countFeatures,
  decideLanguage,
  forEachFeature,
  languageScorer,
  languageTokens,
  MODEL_LANGUAGES,
  parseCounts,
  serializeCounts,
} from './language-model.ts';

const MODEL_FILE = fileURLToPath(new URL('../data/regional-languages.tsv', import.meta.url));
const shipped = readFileSync(MODEL_FILE, 'utf8');
const hasData = existsSync(`${defaultDataDir()}nusax-regional/javanese/train.csv`);

describe('features', () => {
  it('are the n-grams inside word boundaries and the words, with links, mentions and digits left out', () => {
    expect(languageTokens('Cek https://x.co/a @budi #BPJS 123 Ora ngertiii')).toEqual(['cek', 'ora', 'ngertii']);
    const features: string[] = [];
    forEachFeature(['ora'], { maxOrder: 2, words: true }, (f) => features.push(f));
    expect(features).toEqual(['_o', 'o', 'or', 'r', 'ra', 'a', 'a_', ' ora']);
  });

  it('score the same through the hash table as counted as strings', () => {
    const counts = countFeatures(
      [
        { text: 'aku ora ngerti', lang: 'jav' },
        { text: 'saya tidak mengerti', lang: 'id' },
      ],
      { maxOrder: 3, words: true, minCount: 1 },
      { alpha: 1, margin: 0, marginPerFeature: 0, temperature: 1, wordCap: Number.POSITIVE_INFINITY },
    );
    const scorer = languageScorer(counts);
    const { logLikelihood, features } = scorer.scores('ora ngerti');
    // By hand: the sum of smoothed log-probabilities over the text's features, from the counts.
    const totals = MODEL_LANGUAGES.map((_, c) => [...counts.counts.values()].reduce((t, row) => t + (row[c] as number), 0));
    const expected = new Float64Array(MODEL_LANGUAGES.length);
    let n = 0;
    forEachFeature(['ora', 'ngerti'], counts.options, (f) => {
      const row = counts.counts.get(f);
      if (!row) return;
      n++;
      for (let c = 0; c < expected.length; c++)
        expected[c] = (expected[c] as number) + Math.log(((row[c] as number) + 1) / ((totals[c] as number) + counts.counts.size));
    });
    expect(features).toBe(n);
    for (let c = 0; c < expected.length; c++) expect(logLikelihood[c]).toBeCloseTo(expected[c] as number, 9);
  });
});

describe('the model file', () => {
  it('reads back to the same text', () => {
    expect(serializeCounts(parseCounts(shipped))).toBe(shipped);
  });

  it('is small', () => {
    expect(shipped.length).toBeLessThan(2_000_000);
  });

  it.skipIf(!hasData)(
    'is what the train part of the data gives with its options and rule, byte for byte',
    () => {
      const model = parseCounts(shipped);
      const corpus = readLanguageCorpus();
      const rebuilt = serializeCounts(countFeatures(corpus.train, { ...model.options, minCount: model.minCount }, model.rule));
      expect(rebuilt).toBe(shipped);
      // A hang guard only: about 10 s alone, 40 s on a loaded 2-core machine.
    },
    180_000,
  );
});

describe('the decision', () => {
  const scorer = languageScorer(parseCounts(shipped));

  it.each([
    ['Aku ora seneng karo pelayanane, antrine suwe banget lan petugase ora ramah', 'jav'],
    ['Abdi teu resep kana palayanan di rumah sakit, lami pisan ngantosna', 'sun'],
  ])('names the regional language of %s', (text, lang) => {
    expect(decideLanguage(scorer, text).lang).toBe(lang);
  });

  it.each([
    'pelayanan puskesmas lama banget, ora jelas',
    'antrian bpjs kesehatan lama banget gak jelas, sampun capek',
    'dokternya ramah, matur nuwun pelayanannya bagus sekali',
    'obat kosong lagi di apotek rumah sakit, teu aya',
  ])('keeps a mostly Indonesian post with a regional word Indonesian: %s', (text) => {
    expect(decideLanguage(scorer, text).lang).toBe('id');
  });

  it('gives a confidence in [0, 1] and Indonesian to a text without letters', () => {
    const d = decideLanguage(scorer, 'Aku ora seneng karo pelayanane');
    expect(d.confidence).toBeGreaterThan(0);
    expect(d.confidence).toBeLessThanOrEqual(1);
    expect(decideLanguage(scorer, '123 !!!').lang).toBe('id');
  });

  it.skipIf(!hasData)('holds its accuracy on the held-out NusaX regional valid files and keeps Indonesian held-out texts', () => {
    const corpus = readLanguageCorpus();
    let right = 0;
    let total = 0;
    let indonesianKept = 0;
    let indonesian = 0;
    for (const set of corpus.heldOut) {
      for (const e of set.examples) {
        const lang = decideLanguage(scorer, e.text).lang;
        if (e.lang === 'id') {
          indonesian++;
          if (lang === 'id') indonesianKept++;
        } else {
          total++;
          if (lang === e.lang) right++;
        }
      }
    }
    expect(total).toBe(960);
    // Floors under the figures measured when the model was built (see README, language identification).
    expect(right / total).toBeGreaterThan(0.9);
    expect(indonesianKept / indonesian).toBeGreaterThan(0.995);
  });
});
