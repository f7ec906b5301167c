import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addDays, daysBetween, jakartaDay } from '@pantau/contracts';

/** The bundled synthetic sample (fake authors, see sample/README.md), loaded by `pantau start`. */
export const SAMPLE_POSTS_FILE = fileURLToPath(new URL('../sample/posts.jsonl', import.meta.url));

/** A run id naming the sample's content, so the same sample is loaded once per database. */
export function sampleRunId(path = SAMPLE_POSTS_FILE): string {
  return `sample-${createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16)}`;
}

const DAY_MS = 86_400_000;
const JAKARTA_OFFSET_MS = 7 * 3_600_000;

/**
 * The sample's posts as JSON lines, moved by whole days so that its last day is the day before `today` (Asia/Jakarta):
 * loaded on any day, it reads as the last two weeks and stays inside RETENTION_DAYS. Times of day are kept.
 */
export function datedSample(today: string, path = SAMPLE_POSTS_FILE): { jsonl: string; shiftDays: number; from: string; to: string } {
  const posts = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { publishedAt: string } & Record<string, unknown>);
  const days = posts.map((p) => jakartaDay(p.publishedAt)).sort();
  const first = days[0];
  const last = days[days.length - 1];
  if (first === undefined || last === undefined) throw new Error(`${path}: no posts`);
  const shiftDays = daysBetween(last, addDays(today, -1));
  const moved = posts.map((p) => {
    const at = Date.parse(p.publishedAt) + shiftDays * DAY_MS;
    // Written in Jakarta time, as the sample is (no daylight saving: whole days keep the time of day).
    const local = new Date(at + JAKARTA_OFFSET_MS).toISOString().slice(0, 19);
    return JSON.stringify({ ...p, publishedAt: `${local}+07:00` });
  });
  return { jsonl: `${moved.join('\n')}\n`, shiftDays, from: addDays(first, shiftDays), to: addDays(last, shiftDays) };
}
