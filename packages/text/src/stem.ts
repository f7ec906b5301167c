import './quiet-dotenv.ts';
import natural from 'natural';

const cache = new Map<string, string>();
const MAX_CACHE = 200_000;

/** Indonesian stem of a lowercase token (natural's StemmerId), memoized: uncached stemming is ~50x slower. */
export function stem(token: string): string {
  const hit = cache.get(token);
  if (hit !== undefined) return hit;
  const out = token.startsWith('#') || /\d/.test(token) ? token : natural.StemmerId.stem(token) || token;
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(token, out);
  return out;
}

/** Entries in the stem cache (for tests and benchmarks). */
export function stemCacheSize(): number {
  return cache.size;
}
