// The query strings the api benchmarks ask, in a fixed order, shared by `pnpm bench --only api` (bench/run.ts) and the
// CPU account of the API (bench/api-cpu.ts): varied windows (no answer asked twice) and the mentions filters and sorts.

import { SEED_WORDS } from './seed.ts';

/**
 * Distinct windows in a fixed shuffled order: 1 to 28 days ending on any of the 90 days up to 2026-11-14, any platform
 * or none, by day or week (25,200 queries, more than a run asks, so no answer is asked twice).
 */
export function variedWindows(): string[] {
  const queries: string[] = [];
  for (let end = 0; end < 90; end++)
    for (let length = 1; length <= 28; length++)
      for (const platform of ['', 'x', 'facebook', 'instagram', 'tiktok'])
        for (const granularity of ['day', 'week']) {
          const to = new Date(Date.parse('2026-11-14T00:00:00Z') - end * 86_400_000);
          const from = new Date(to.getTime() - (length - 1) * 86_400_000);
          const day = (d: Date) => d.toISOString().slice(0, 10);
          queries.push(`from=${day(from)}&to=${day(to)}&granularity=${granularity}${platform ? `&platform=${platform}` : ''}`);
        }
  let seed = 7;
  for (let i = queries.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [queries[i], queries[j]] = [queries[j] as string, queries[i] as string];
  }
  return queries;
}

/**
 * The posts behind a number: windows of 1 to 28 days, each filter (none, label, keyword, topic, platform, label and
 * platform) in both orders, 20 posts a page (without cursors: a caller reads the second pages it wants).
 */
export function mentionFilters(windows: readonly string[], count = 4_000): string[] {
  const queries: string[] = [];
  const filters = ['', 'label=negative', 'term=', 'topic=', 'platform=x', 'label=neutral&platform=facebook'];
  let seed = 7;
  for (let i = 0; i < windows.length - 1; i++) seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  for (let i = 0; i < count; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const window = (windows[seed % windows.length] as string).replace(/&granularity=\w+|&platform=\w+/g, '');
    const filter = (filters[i % filters.length] as string)
      .replace('term=', `term=${SEED_WORDS[seed % SEED_WORDS.length]}`)
      .replace('topic=', `topic=${1 + (seed % 50)}`);
    queries.push(`${window}${filter ? `&${filter}` : ''}&sort=${i % 2 === 0 ? 'time' : 'engagement'}&limit=20`);
  }
  return queries;
}

/** The varied query of a path: the coverage ledger and the top keywords have no granularity, mentions their own list. */
export function variedQueryOf(path: string, i: number, windows: readonly string[], mentions: readonly string[]): string {
  if (path.startsWith('/v1/mentions')) return mentions[i % mentions.length] as string;
  const query = windows[i % windows.length] as string;
  return path.startsWith('/v1/coverage') || path.startsWith('/v1/keywords/top') ? query.replace(/&granularity=\w+/, '') : query;
}
