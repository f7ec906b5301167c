import { createRequire } from 'node:module';

// Only natural's Indonesian stemmer (the same object as `natural.StemmerId`): natural's index loads every module
// it has, storage back-ends (MongoDB, Redis, Postgres clients) included, which costs ~110 MB of memory per process.
const StemmerId = createRequire(import.meta.url)('natural/lib/natural/stemmers/indonesian/stemmer_id.js') as {
  stem(token: string): string;
};

const cache = new Map<string, string>();
const MAX_CACHE = 200_000;

/** Indonesian stem of a lowercase token (natural's StemmerId), memoized: uncached stemming is ~50x slower. */
export function stem(token: string): string {
  const hit = cache.get(token);
  if (hit !== undefined) return hit;
  const out = token.startsWith('#') || /\d/.test(token) ? token : StemmerId.stem(token) || token;
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(token, out);
  return out;
}

/** Entries in the stem cache (for tests and benchmarks). */
export function stemCacheSize(): number {
  return cache.size;
}
