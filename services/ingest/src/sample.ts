import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The bundled synthetic sample (fake authors, see sample/README.md), loaded by `pantau start`. */
export const SAMPLE_POSTS_FILE = fileURLToPath(new URL('../sample/posts.jsonl', import.meta.url));

/** A run id naming the sample's content, so the same sample is loaded once per database. */
export function sampleRunId(path = SAMPLE_POSTS_FILE): string {
  return `sample-${createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16)}`;
}
