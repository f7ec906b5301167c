// A window's volume from kept rows (estimates of one-row periods kept with the row) against the plain computation:
// every period's sketch united afresh from its rows and estimated, asked twice so the kept estimates are read too.
import { addDays, mondayOf } from '@pantau/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allPlatformsPerDay, type VolumeRow, volumeOf } from './queries.ts';
import { emptySketch, estimateDistinct, SKETCH_METHOD, SKETCH_REGISTERS, unionInto } from './sketch.ts';

const FIRST = '2026-10-01';
const PLATFORMS = ['x', 'facebook', 'tiktok'];

function plainVolume(rows: readonly VolumeRow[], w: { from: string; to: string; platform?: string; granularity: 'day' | 'week' }) {
  const periods = new Map<string, VolumeRow[]>();
  for (const r of rows) {
    if (r.day < w.from || r.day > w.to || (w.platform && r.platform !== w.platform)) continue;
    const key = w.granularity === 'week' ? mondayOf(r.day) : r.day;
    periods.set(key, [...(periods.get(key) ?? []), r]);
  }
  const whole = emptySketch();
  const series = [...periods.keys()].sort().flatMap((period) => {
    const of = periods.get(period) as VolumeRow[];
    const sketch = emptySketch();
    for (const r of of) unionInto(sketch, r.authors);
    unionInto(whole, sketch);
    const sum = (f: (r: VolumeRow) => number) => of.reduce((t, r) => t + f(r), 0);
    const posts = sum((r) => r.posts);
    if (posts === 0) return [];
    return [
      {
        period,
        posts,
        uniqueAuthors: estimateDistinct(sketch),
        likes: sum((r) => r.likes),
        replies: sum((r) => r.replies),
        shares: sum((r) => r.shares),
        views: sum((r) => r.views),
      },
    ];
  });
  return { series, uniqueAuthors: estimateDistinct(whole), distinctAuthors: SKETCH_METHOD };
}

describe('volume of a window from kept rows', () => {
  it('equals the plain computation on random rows and windows, asked again and again', () => {
    const row = fc.record({
      day: fc.integer({ min: 0, max: 40 }),
      platform: fc.constantFrom(...PLATFORMS),
      posts: fc.integer({ min: 0, max: 50 }),
      likes: fc.nat(100),
      // Registers 0 to 60 (above 53 only in a damaged sketch), a few set.
      registers: fc.array(fc.tuple(fc.nat(SKETCH_REGISTERS - 1), fc.integer({ min: 1, max: 60 })), { maxLength: 300 }),
    });
    const windows = fc.array(
      fc.record({
        start: fc.integer({ min: -3, max: 40 }),
        length: fc.integer({ min: 1, max: 45 }),
        platform: fc.option(fc.constantFrom(...PLATFORMS), { nil: undefined }),
        granularity: fc.constantFrom('day' as const, 'week' as const),
      }),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(fc.uniqueArray(row, { selector: (r) => `${r.day}|${r.platform}`, maxLength: 60 }), windows, (generated, asked) => {
        const rows: VolumeRow[] = generated.map((g) => {
          const authors = emptySketch();
          for (const [i, v] of g.registers) authors[i] = Math.max(authors[i] as number, v);
          return {
            day: addDays(FIRST, g.day),
            platform: g.platform,
            posts: g.posts,
            likes: g.likes,
            replies: 1,
            shares: 2,
            views: 3,
            authors,
          };
        });
        const allPlatforms = allPlatformsPerDay(rows);
        const copies = rows.map((r) => Uint8Array.from(r.authors));
        for (const a of [...asked, ...asked]) {
          const from = addDays(FIRST, a.start);
          const window = {
            from,
            to: addDays(from, a.length - 1),
            granularity: a.granularity,
            ...(a.platform ? { platform: a.platform } : {}),
          };
          const kept = a.platform ? rows : allPlatforms;
          expect(volumeOf(kept, window)).toEqual(plainVolume(kept, window));
          expect(volumeOf(rows, window)).toEqual(plainVolume(rows, window));
        }
        // The kept rows' sketches are read, never written.
        rows.forEach((r, i) => {
          expect(r.authors).toEqual(copies[i]);
        });
      }),
      { numRuns: 100, seed: 5 },
    );
  });

  it('unites two sketches register by register, whole words and unaligned views alike', () => {
    const register = fc.integer({ min: 0, max: 53 });
    fc.assert(
      fc.property(
        fc.array(register, { minLength: SKETCH_REGISTERS, maxLength: SKETCH_REGISTERS }),
        fc.array(register, { minLength: SKETCH_REGISTERS, maxLength: SKETCH_REGISTERS }),
        (a, b) => {
          const expected = a.map((v, i) => Math.max(v, b[i] as number));
          expect([...unionInto(Uint8Array.from(a), Uint8Array.from(b))]).toEqual(expected);
          // A view one byte into its buffer is united register by register.
          const shifted = new Uint8Array(SKETCH_REGISTERS + 1).subarray(1);
          shifted.set(a);
          expect([...unionInto(shifted, Uint8Array.from(b))]).toEqual(expected);
        },
      ),
      { numRuns: 50, seed: 9 },
    );
  });
});
