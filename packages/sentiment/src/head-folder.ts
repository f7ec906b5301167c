import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PantauError } from '@pantau/contracts';

/** sha256 of a file's bytes, hex. */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A float32 file's values. */
export function float32File(path: string): Float32Array {
  const bytes = readFileSync(path);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/**
 * Reads a head folder inside a model folder (`emotion/`, `regional/`): its model.json and manifest.json, with the
 * weights checked against the manifest's sha256. Every problem is MODEL_UNAVAILABLE, naming the head (`what`).
 */
export function readHeadFolder<S extends { weights: { file: string } }, M extends { version: string; sha256: string }>(
  dir: string,
  what: string,
): { spec: S; manifest: M; weightsPath: string; read: <T>(file: string) => T } {
  const read = <T>(file: string): T => {
    try {
      return JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
    } catch (cause) {
      throw new PantauError('MODEL_UNAVAILABLE', `cannot read ${join(dir, file)}`, { cause });
    }
  };
  const spec = read<S>('model.json');
  const manifest = read<M>('manifest.json');
  const weightsPath = join(dir, spec.weights.file);
  const actual = sha256File(weightsPath);
  if (actual !== manifest.sha256) {
    throw new PantauError('MODEL_UNAVAILABLE', `${what} weights of ${manifest.version} do not match the manifest sha256 (${actual})`);
  }
  return { spec, manifest, weightsPath, read };
}
