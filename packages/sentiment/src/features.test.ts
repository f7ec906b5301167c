import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalizeText, tokenize } from '@pantau/text';
import { describe, expect, it } from 'vitest';
import { type FeatureConfig, featurizeTokens, type SparseFeatures } from './features.ts';
import { readFixtures } from './fixtures.ts';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/sentiment/', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../../services/ingest/sample/posts.jsonl', import.meta.url));
const CONFIG: FeatureConfig = { buckets: 2 ** 19, wordNgrams: [1, 2], charNgrams: [2, 4], negationScope: 3, preprocessing: 'text-1' };

// The features as first specified: every feature hashed from the string it names, counts in a buckets-long array.
// The served features must equal these exactly, or the shipped weights would be read with the wrong buckets.
function referenceHash(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function referenceFeatures(normalizedTokens: readonly string[], config: FeatureConfig): SparseFeatures {
  const tokens = normalizedTokens.map((t) => (t.startsWith('#') ? t.slice(1) : t));
  const mask = config.buckets - 1;
  const sums = new Map<number, number>();
  const add = (index: number, weight: number) => sums.set(index, (sums.get(index) ?? 0) + weight);
  add(referenceHash('<bias>', 0) & mask, 1);
  let negatedFor = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (config.wordNgrams.includes(1)) add(referenceHash(t, 1) & mask, 1);
    if (negatedFor > 0) {
      add(referenceHash(`neg:${t}`, 2) & mask, 1);
      negatedFor--;
    }
    if (['tidak', 'bukan', 'belum', 'jangan', 'kurang', 'tanpa'].includes(t)) negatedFor = config.negationScope;
    else if (['tapi', 'tetapi', 'namun', 'padahal', 'sedangkan'].includes(t)) negatedFor = 0;
    for (const n of config.wordNgrams.filter((x) => x >= 2)) {
      if (i + n <= tokens.length) add(referenceHash(tokens.slice(i, i + n).join(' '), 3 + n) & mask, 1);
    }
    if (t.length <= 30) {
      const padded = ` ${t} `;
      for (let n = config.charNgrams[0]; n <= config.charNgrams[1]; n++)
        for (let j = 0; j + n <= padded.length; j++) add(referenceHash(padded.slice(j, j + n), 10 + n) & mask, 0.5);
    }
  }
  const values = [...sums.values()].map((c) => (c <= 1 ? c : 1 + Math.log(c)));
  const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0));
  const stored = Float32Array.from(values);
  return {
    indices: Int32Array.from(sums.keys()),
    values: stored.map((v) => v * (norm > 0 ? 1 / norm : 1)),
  };
}

const tokensOf = (text: string) => tokenize(normalizeText(text));

describe('featurizeTokens', () => {
  const texts = [
    ...readFixtures(`${FIXTURES}hard-cases.tsv`).map((r) => r.text),
    ...readFileSync(SAMPLE, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { text: string }).text),
    '',
    'tidak tidak tidak bagus tapi tidak jelek',
    '#bpjs #BPJS antrean antrean antrean antrean lama',
    `kata${'x'.repeat(40)} panjang sekali`,
    'a b c d e f g h i j k l m n o p q r s t u v w x y z',
  ];

  it('gives exactly the reference features, in first-seen order, on fixtures, the sample and edge cases', () => {
    expect(texts.length).toBeGreaterThan(100);
    for (const text of texts) {
      const got = featurizeTokens(tokensOf(text), CONFIG);
      const want = referenceFeatures(tokensOf(text), CONFIG);
      expect(Array.from(got.indices), text).toEqual(Array.from(want.indices));
      expect(Array.from(got.values), text).toEqual(Array.from(want.values));
    }
  });

  it('does not carry one text into the next (the table is reused)', () => {
    const long = featurizeTokens(tokensOf(texts.join(' ')), CONFIG);
    const short = featurizeTokens(tokensOf('antrean lama'), CONFIG);
    expect(long.indices.length).toBeGreaterThan(1000);
    expect(Array.from(short.indices)).toEqual(Array.from(referenceFeatures(tokensOf('antrean lama'), CONFIG).indices));
  });
});
