import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SENTIMENT_CLASSES, type SentimentClass } from '@pantau/contracts';
import { analyzeText } from '@pantau/text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend.ts';
import { seededRandom } from '../linear.ts';
import { MODELS_DIR, sha256File } from '../model.ts';
import { NUSAX_FILES, REGIONAL_SENTIMENT_CODES, regionalTrainingSet } from './data.ts';
import { loadRegionalModel, type RegionalSentimentModel } from './model.ts';
import { loadReferenceRegionalScorer, type ReferenceRegionalScorer } from './reference.ts';
import { compareOnRegionalRows, regionalHeldOutRows, type TrainRegionalResult, trainRegionalHead } from './train.ts';

// NusaX and SmSA live next to the repository (as `pantau train` reads them); the shipped head is in models/1.1.0.
const SHARED_DATA = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));
const SHIPPED = join(MODELS_DIR, '1.1.0');

/** A model folder with the shipped Indonesian model's files only (the regional head is written into it). */
function indonesianOnlyFolder(root: string, name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const f of ['model.json', 'manifest.json', 'weights.bin']) copyFileSync(join(SHIPPED, f), join(dir, f));
  return dir;
}

describe('the regional head on the shared data', () => {
  let root: string;
  let rebuilt: TrainRegionalResult;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'pantau-regional-'));
    const seed = (JSON.parse(readFileSync(join(SHIPPED, 'regional', 'manifest.json'), 'utf8')) as { seed: number }).seed;
    rebuilt = await trainRegionalHead({ dataDir: SHARED_DATA, modelDir: indonesianOnlyFolder(root, 'm'), seed });
  }, 300_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('rebuilds the shipped weights byte for byte from the same seed and data', () => {
    const shipped = JSON.parse(readFileSync(join(SHIPPED, 'regional', 'manifest.json'), 'utf8')) as { sha256: string };
    expect(rebuilt.manifest.sha256).toBe(shipped.sha256);
    expect(sha256File(join(rebuilt.dir, 'weights.bin'))).toBe(shipped.sha256);
    expect(readFileSync(join(rebuilt.dir, 'model.json'), 'utf8')).toBe(readFileSync(join(SHIPPED, 'regional', 'model.json'), 'utf8'));
  });

  it('beats the Indonesian model on the regional dev split, measured on the dev rows', () => {
    const { head, indonesian } = rebuilt.dev;
    expect(head.all.n).toBe(indonesian.all.n);
    expect(head.all.n).toBeGreaterThan(500);
    expect(head.all.macroF1).toBeGreaterThan(indonesian.all.macroF1);
    expect(head.all.accuracy).toBeGreaterThan(indonesian.all.accuracy);
    expect(Object.keys(head.languages).sort()).toEqual([...REGIONAL_SENTIMENT_CODES].sort());
  });

  it('keeps SmSA valid held out: no training or dev row translates one of its sentences', () => {
    const set = regionalTrainingSet(SHARED_DATA, rebuilt.manifest.seed as number);
    const dropped = new Set(set.dropped.map((d) => d.id));
    expect(dropped.size).toBeGreaterThan(0);
    for (const r of [...set.train, ...set.dev]) expect(dropped.has(r.id)).toBe(false);
    // Translations of one sentence never straddle the split.
    const devIds = new Set(set.dev.map((r) => r.id));
    for (const r of set.train) expect(devIds.has(r.id)).toBe(false);
    expect(set.train.every((r) => (REGIONAL_SENTIMENT_CODES as string[]).includes(r.lang))).toBe(true);
  });

  it('scores NusaX valid after writing, as `pantau eval --regional` does', async () => {
    const again = await compareOnRegionalRows(join(root, 'm'), regionalHeldOutRows(SHARED_DATA));
    expect(again).toEqual(rebuilt.heldOut);
    expect(rebuilt.manifest.evaluation[0]).toMatchObject({ dataset: 'nusax-6-valid', heldOut: true, n: 6 * 96 });
    expect(rebuilt.manifest.evaluation[0]?.role).toContain('translation corpus derived from SmSA');
  });
});

const WORDS: Record<SentimentClass, string[]> = {
  negative: ['ala', 'kuciwa', 'suwe', 'rusak'],
  neutral: ['jadwal', 'kantor', 'sesuk', 'alamat'],
  positive: ['apik', 'seneng', 'ramah', 'enak'],
};

/** A small data folder shaped like the shared one: six languages, NusaX-id, SmSA train and valid. */
function syntheticData(root: string): string {
  const random = seededRandom(3);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  const sentence = (label: SentimentClass) => `${pick(WORDS[label])} wong ${pick(WORDS[label])} omah ${pick(['iki', 'kuwi', 'kae'])}`;
  const rows = Array.from({ length: 60 }, (_, i) => {
    const label = SENTIMENT_CLASSES[i % 3] as SentimentClass;
    return { id: String(i + 1), label, text: sentence(label) };
  });
  const csv = (list: { id: string; text: string; label: string }[]) =>
    `id,text,label\n${list.map((r) => `${r.id},"${r.text}",${r.label}`).join('\n')}\n`;
  for (const lang of REGIONAL_SENTIMENT_CODES) {
    mkdirSync(join(root, NUSAX_FILES.train(lang), '..'), { recursive: true });
    writeFileSync(join(root, NUSAX_FILES.train(lang)), csv(rows.map((r) => ({ ...r, text: `${lang} ${r.text}` }))));
    writeFileSync(
      join(root, NUSAX_FILES.heldOut(lang)),
      csv(rows.slice(0, 12).map((r) => ({ ...r, id: `v${r.id}`, text: `${lang} ${sentence(r.label)}` }))),
    );
  }
  mkdirSync(join(root, 'nusax-id'), { recursive: true });
  writeFileSync(join(root, NUSAX_FILES.indonesianTrain), csv(rows.map((r) => ({ ...r, text: `asli ${r.id} x${r.id} y${r.id}` }))));
  mkdirSync(join(root, 'smsa'), { recursive: true });
  // SmSA valid holds the Indonesian original of NusaX id 5: its translations must not be trained on.
  writeFileSync(join(root, NUSAX_FILES.smsaValid), 'asli 5 x5 y5\tneutral\nhal lain sama sekali\tneutral\n');
  writeFileSync(join(root, NUSAX_FILES.smsaTrain), rows.map((r) => `${sentence(r.label)}\t${r.label}`).join('\n'));
  return root;
}

describe('training the regional head', () => {
  let root: string;
  let first: TrainRegionalResult;
  let second: TrainRegionalResult;
  let other: TrainRegionalResult;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'pantau-regional-synthetic-'));
    const data = syntheticData(join(root, 'data'));
    const train = (name: string, seed: number) => trainRegionalHead({ dataDir: data, modelDir: indonesianOnlyFolder(root, name), seed });
    first = await train('a', 7);
    second = await train('b', 7);
    other = await train('c', 8);
  }, 300_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes the same bytes for the same seed and others for another seed, beside untouched Indonesian files', () => {
    expect(second.manifest.sha256).toBe(first.manifest.sha256);
    for (const f of ['weights.bin', 'model.json', 'MODEL_CARD.md'])
      expect(sha256File(join(root, 'b', 'regional', f)), f).toBe(sha256File(join(root, 'a', 'regional', f)));
    expect(other.manifest.sha256).not.toBe(first.manifest.sha256);
    expect(sha256File(join(root, 'a', 'weights.bin'))).toBe(sha256File(join(SHIPPED, 'weights.bin')));
    expect(first.manifest.files['weights.bin']).toBe(first.manifest.sha256);
  });

  it('drops the ids whose Indonesian original is an SmSA valid sentence', () => {
    expect((first.manifest.choices as { leakage: { droppedIds: { id: string }[] } }).leakage.droppedIds.map((d) => d.id)).toEqual(['5']);
    for (const lang of REGIONAL_SENTIMENT_CODES)
      expect((first.manifest.trainingData as Record<string, { rows?: number }>)[NUSAX_FILES.train(lang)]?.rows).toBe(59);
    expect(first.dev.head.all.n).toBe(6 * Math.round(0.2 * 20) * 2 + 6 * Math.round(0.2 * 19));
  });
});

describe('the serving path', () => {
  let head: RegionalSentimentModel;
  let reference: ReferenceRegionalScorer;
  beforeAll(async () => {
    await selectBackend();
    head = loadRegionalModel(SHIPPED);
    reference = loadReferenceRegionalScorer(SHIPPED);
  });
  afterAll(() => {
    head.dispose();
    reference.dispose();
  });

  it('gives the TF.js reference probabilities and labels, from texts and from analysed tokens', async () => {
    const texts = [
      ...regionalHeldOutRows(SHARED_DATA).map((r) => r.text),
      '',
      '   ',
      'Aku ora seneng karo pelayanane 😭😭 #parah https://contoh.id/x',
      `${'a'.repeat(300)} apik`,
    ];
    const expected = await reference.probabilities(texts);
    const fromTexts = await head.predict(texts);
    const fromTokens = await head.predictTokens(texts.map((t) => analyzeText(t).tokens));
    const threshold = head.manifest.abstainThreshold;
    let largest = 0;
    texts.forEach((_, i) => {
      const ref = Array.from(expected.subarray(i * 3, i * 3 + 3));
      const p = fromTexts[i]?.probabilities ?? [];
      for (let c = 0; c < 3; c++) largest = Math.max(largest, Math.abs((p[c] as number) - (ref[c] as number)));
      const confidence = Math.max(...ref);
      // A label may differ only where the reference sits on the threshold or a tie within float error.
      if (Math.abs(confidence - threshold) > 1e-5) {
        const label = confidence < threshold ? 'uncertain' : SENTIMENT_CLASSES[ref.indexOf(confidence)];
        expect(fromTexts[i]?.label).toBe(label);
      }
      expect(fromTokens[i]).toEqual(fromTexts[i]);
    });
    expect(largest).toBeLessThan(1e-5);
  });
});
