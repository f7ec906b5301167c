import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  activateModel,
  activationHistory,
  activeVersion,
  checkModelFolder,
  listModels,
  nextPatchVersion,
  rollbackModel,
} from './registry.ts';

const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** A model folder as the trainer writes it, with a tiny weights file (4 buckets × 3 classes). */
function writeModel(modelsDir: string, version: string, options: { manifestVersion?: string } = {}): string {
  const dir = join(modelsDir, version);
  mkdirSync(dir, { recursive: true });
  const weights = Buffer.from(new Float32Array(12).map((_, i) => i / 10 + version.length).buffer);
  writeFileSync(join(dir, 'weights.bin'), weights);
  const spec = `${JSON.stringify({ format: 'pantau-hashed-linear/1', weights: { file: 'weights.bin', shape: [4, 3], dtype: 'float32' } })}\n`;
  writeFileSync(join(dir, 'model.json'), spec);
  writeFileSync(join(dir, 'MODEL_CARD.md'), `# ${version}\n`);
  const manifest = {
    name: 'pantau-sentiment-id',
    version: options.manifestVersion ?? version,
    trainedAt: '2026-12-01T00:00:00.000Z',
    sha256: sha(weights),
    files: { 'weights.bin': sha(weights), 'model.json': sha(spec), 'MODEL_CARD.md': sha(`# ${version}\n`) },
    abstainThreshold: 0.5,
    evaluation: [],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

let root: string;
const clock = (() => {
  let t = Date.parse('2026-12-07T00:00:00Z');
  return () => {
    t += 60_000;
    return new Date(t);
  };
})();
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pantau-registry-'));
  for (const v of ['1.0.0', '1.1.0', '1.2.0']) writeModel(root, v);
  writeFileSync(join(root, 'ACTIVE'), '1.0.0\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('model folders', () => {
  it('accepts a complete folder and names what is wrong with an incomplete one', () => {
    expect(checkModelFolder(root, '1.1.0').version).toBe('1.1.0');
    writeModel(root, '2.0.0', { manifestVersion: '1.9.9' });
    expect(() => checkModelFolder(root, '2.0.0')).toThrow(/names version "1.9.9", not the folder's 2.0.0/);
    writeModel(root, '2.0.1');
    writeFileSync(join(root, '2.0.1', 'weights.bin'), Buffer.alloc(48, 1));
    expect(() => checkModelFolder(root, '2.0.1')).toThrow(/weights.bin has sha256 .* manifest.json records/);
    writeModel(root, '2.0.2');
    writeFileSync(join(root, '2.0.2', 'weights.bin'), Buffer.alloc(40));
    expect(() => checkModelFolder(root, '2.0.2')).toThrow(/40 bytes, model.json's shape needs 48/);
    writeModel(root, '2.0.3');
    rmSync(join(root, '2.0.3', 'model.json'));
    expect(() => checkModelFolder(root, '2.0.3')).toThrow(/model.json is missing/);
    writeModel(root, '2.0.4');
    writeFileSync(join(root, '2.0.4', 'MODEL_CARD.md'), 'edited\n');
    expect(() => checkModelFolder(root, '2.0.4')).toThrow(/MODEL_CARD.md has sha256/);
    expect(() => checkModelFolder(root, '9.9.9')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));

    const listed = listModels(root);
    expect(listed.map((e) => [e.version, e.active, e.problem === null])).toEqual([
      ['1.0.0', true, true],
      ['1.1.0', false, true],
      ['1.2.0', false, true],
      ['2.0.0', false, false],
      ['2.0.1', false, false],
      ['2.0.2', false, false],
      ['2.0.3', false, false],
      ['2.0.4', false, false],
    ]);
  });

  it('numbers the next version after the highest x.y.z, in numeric order', () => {
    writeModel(root, '1.10.0');
    writeModel(root, '1.9.3');
    writeModel(root, 'exp-b');
    expect(nextPatchVersion(root)).toBe('1.10.1');
    expect(listModels(root).map((e) => e.version)).toEqual(['1.0.0', '1.1.0', '1.2.0', '1.9.3', '1.10.0', 'exp-b']);
    expect(nextPatchVersion(join(root, 'none'))).toBe('1.0.0');
  });
});

describe('activation and rollback', () => {
  it('switches ACTIVE, records each switch, and rolls back one step at a time until there is nothing before', async () => {
    await activateModel(root, '1.1.0', { now: clock });
    const second = await activateModel(root, '1.2.0', { now: clock });
    expect(second).toMatchObject({ version: '1.2.0', previous: '1.1.0', changed: true });
    expect(activeVersion(root)).toBe('1.2.0');
    expect(readFileSync(join(root, 'ACTIVE'), 'utf8')).toBe('1.2.0\n');
    expect(activationHistory(root).map((r) => [r.action, r.version, r.from])).toEqual([
      ['activate', '1.1.0', '1.0.0'],
      ['activate', '1.2.0', '1.1.0'],
    ]);
    // Activating the active version writes nothing.
    expect((await activateModel(root, '1.2.0', { now: clock })).changed).toBe(false);
    expect(activationHistory(root)).toHaveLength(2);

    expect((await rollbackModel(root, { now: clock })).version).toBe('1.1.0');
    expect((await rollbackModel(root, { now: clock })).version).toBe('1.0.0');
    expect(activeVersion(root)).toBe('1.0.0');
    await expect(rollbackModel(root, { now: clock })).rejects.toMatchObject({ code: 'CONFLICT', message: /nothing to roll back to/ });
    expect(activeVersion(root)).toBe('1.0.0');
    expect(readFileSync(join(root, 'HISTORY'), 'utf8').trim().split('\n').at(-1)).toMatch(
      /^2026-12-07T00:\d\d:00.000Z rollback 1.0.0 from 1.1.0$/,
    );
  });

  it('after a rollback and a new activation, rolls back to the version active before that activation', async () => {
    await activateModel(root, '1.1.0', { now: clock });
    await rollbackModel(root, { now: clock });
    await activateModel(root, '1.2.0', { now: clock });
    expect((await rollbackModel(root, { now: clock })).version).toBe('1.0.0');
    await expect(rollbackModel(root, { now: clock })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses to activate an incomplete folder or one the verify step rejects, and leaves ACTIVE and HISTORY alone', async () => {
    writeModel(root, '2.0.0', { manifestVersion: '1.1.0' });
    await expect(activateModel(root, '2.0.0', { now: clock })).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE' });
    await expect(
      activateModel(root, '1.1.0', {
        now: clock,
        verify: async () => {
          throw new Error('does not load');
        },
      }),
    ).rejects.toThrow('does not load');
    expect(activeVersion(root)).toBe('1.0.0');
    expect(activationHistory(root)).toEqual([]);
  });

  it('refuses a rollback to a version whose folder has since broken', async () => {
    await activateModel(root, '1.1.0', { now: clock });
    writeFileSync(join(root, '1.0.0', 'weights.bin'), Buffer.alloc(48, 2));
    await expect(rollbackModel(root, { now: clock })).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE' });
    expect(activeVersion(root)).toBe('1.1.0');
  });

  it('counts a hand edit of ACTIVE as an activation: a rollback returns to the version recorded before it', async () => {
    await activateModel(root, '1.1.0', { now: clock });
    writeFileSync(join(root, 'ACTIVE'), '1.2.0\n');
    expect((await rollbackModel(root, { now: clock })).version).toBe('1.1.0');
  });
});
