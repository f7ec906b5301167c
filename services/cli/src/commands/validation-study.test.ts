import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activeModelDir } from '@pantau/sentiment';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run } from './validation-study.ts';

const dir = mkdtempSync(join(tmpdir(), 'pantau-validation-study-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A small labelled corpus in the NusaX layout: 30 negative, 20 neutral, 30 positive posts over train and valid.
const TEXTS = {
  negative: 'pelayanan buruk sekali, saya kecewa dan marah',
  neutral: 'rapat warga diadakan di balai desa hari kamis',
  positive: 'makanannya enak dan pelayanannya ramah, saya senang',
};
function writeCorpus(language: string): void {
  mkdirSync(join(dir, 'data', language), { recursive: true });
  const rows = (from: number, counts: [number, number, number]) =>
    (['negative', 'neutral', 'positive'] as const)
      .flatMap((label, k) => Array.from({ length: counts[k] as number }, (_, i) => `${from + k * 100 + i},"${TEXTS[label]} ${i}",${label}`))
      .join('\n');
  writeFileSync(join(dir, 'data', language, 'train.csv'), `id,text,label\n${rows(0, [24, 16, 24])}\n`);
  writeFileSync(join(dir, 'data', language, 'valid.csv'), `id,text,label\n${rows(1000, [6, 4, 6])}\n`);
}

async function capture(argv: string[]): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    expect(await run(argv)).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe('pantau validation-study', () => {
  it('measures the active model against validated and labels-only shares on every post of train and valid', async () => {
    writeCorpus('acehnese');
    const out = JSON.parse(
      await capture(['--languages', 'acehnese', '--data', join(dir, 'data'), '--labels', '20,40', '--repetitions', '10', '--json']),
    );
    expect(out.model.version).toMatch(/\S/);
    expect(out.repetitions).toBe(10);
    const study = out.languages[0].study;
    expect(out.languages[0].language).toBe('acehnese');
    expect(study.posts).toBe(80);
    expect(study.truth).toEqual({ negative: 30 / 80, neutral: 20 / 80, positive: 30 / 80 });
    expect(study.arms.map((a: { labels: number }) => a.labels)).toEqual([20, 40]);
    for (const arm of study.arms) {
      for (const c of ['negative', 'neutral', 'positive']) {
        expect(arm.coverage[c]).toBeGreaterThanOrEqual(0);
        expect(arm.coverage[c]).toBeLessThanOrEqual(1);
        expect(arm.meanWidth[c]).toBeLessThanOrEqual(arm.labelsOnlyMeanWidth[c] + 1e-12);
      }
    }
    const table = await capture(['--languages', 'acehnese', '--data', join(dir, 'data'), '--labels', '20', '--repetitions', '5']);
    expect(table).toContain('model-only shares');
    expect(table).toMatch(/acehnese\s+80\s+37\.5\s+25\.0\s+37\.5/);
  });

  it('refuses a language the model was trained on', async () => {
    writeCorpus('javanese');
    const modelDir = join(dir, 'model');
    cpSync(activeModelDir(), modelDir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(modelDir, 'manifest.json'), 'utf8'));
    manifest.trainingData = { ...manifest.trainingData, 'nusax-regional/javanese/train.csv': { use: 'train' } };
    writeFileSync(join(modelDir, 'manifest.json'), JSON.stringify(manifest));
    await expect(run(['--languages', 'javanese', '--data', join(dir, 'data'), '--model', modelDir])).rejects.toThrow(/trained on it/);
  });
});
