import { fileURLToPath } from 'node:url';
import { analyzeText } from '@pantau/text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixtures } from './fixtures.ts';
import { loadSentimentModel, type SentimentModel } from './model.ts';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/sentiment/', import.meta.url));
let model: SentimentModel;
beforeAll(async () => {
  model = await loadSentimentModel();
});
afterAll(() => model?.dispose());

describe('the shipped model', () => {
  it('names its version, weights hash and backend, and is not a placeholder', () => {
    expect(model.placeholder).toBe(false);
    expect(model.manifest.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(['tensorflow', 'wasm', 'cpu']).toContain(model.backend);
    expect(model.disclosure().evaluation.map((e) => [e.dataset, e.heldOut])).toEqual([
      ['smsa-valid', true],
      ['indolem-dev0', true],
    ]);
  });

  it('labels clear cases and gives probabilities that sum to 1', async () => {
    const [neg, pos] = await model.predict([
      'pelayanan sangat buruk, petugas kasar dan antrean lama sekali',
      'terima kasih, pelayanannya sangat memuaskan dan cepat',
    ]);
    expect(neg?.label).toBe('negative');
    expect(pos?.label).toBe('positive');
    for (const p of [neg, pos]) expect((p?.probabilities ?? []).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('abstains below its stated threshold and restricts binary predictions to negative and positive', async () => {
    const texts = readFixtures(`${FIXTURES}hard-cases.tsv`).map((r) => r.text);
    const predictions = await model.predict(texts);
    for (const p of predictions) expect(p.label === 'uncertain').toBe(p.confidence < model.manifest.abstainThreshold);
    const binary = await model.predictBinary(texts);
    for (const p of binary) expect(p.probabilities[1]).toBe(0);
  });

  it('gets most of the hand-written hard cases right', async () => {
    const rows = readFixtures(`${FIXTURES}hard-cases.tsv`);
    const predictions = await model.predict(rows.map((r) => r.text));
    const right = rows.filter((r, i) => {
      const p = predictions[i]?.probabilities ?? [0, 0, 0];
      return ['negative', 'neutral', 'positive'][p.indexOf(Math.max(...p))] === r.label;
    }).length;
    // A floor, not a target: sarcasm rows are expected misses (see the model card).
    expect(right / rows.length).toBeGreaterThanOrEqual(0.6);
  });

  it('predicts the same from shared tokens as from raw texts, across chunk boundaries', async () => {
    const rows = readFixtures(`${FIXTURES}hard-cases.tsv`).map((r) => r.text);
    // More rows than one tensor chunk, with hashtags, emoji and punctuation from the fixtures.
    const texts = Array.from({ length: 600 }, (_, i) => `${rows[i % rows.length]}${i % 3 === 0 ? ' #BPJS 😡' : ''}`);
    const fromTexts = await model.predict(texts);
    const fromTokens = await model.predictTokens(texts.map((t) => analyzeText(t).tokens));
    expect(fromTokens).toEqual(fromTexts);
    expect(new Set(fromTexts.map((p) => p.label)).size).toBeGreaterThan(1);
  });
});
