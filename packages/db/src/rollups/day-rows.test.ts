import { describe, expect, it } from 'vitest';
import { byDay, eachOnDays } from './day-rows.ts';

const rows = [
  { day: '2026-11-03', platform: 'x', n: 3 },
  { day: '2026-11-01', platform: 'x', n: 1 },
  { day: '2026-11-02', platform: 'tiktok', n: 2 },
  { day: '2026-11-02', platform: 'x', n: 4 },
  { day: '2026-11-05', platform: 'x', n: 5 },
].sort(byDay);

const daysOf = (from: string, to: string, platform?: string) => {
  const seen: number[] = [];
  eachOnDays(rows, from, to, platform, (r) => seen.push(r.n));
  return seen;
};

describe('day-ordered rollup rows', () => {
  it('visit the rows of a window, both ends included, in day order', () => {
    expect(rows.map((r) => r.n)).toEqual([1, 2, 4, 3, 5]);
    expect(daysOf('2026-11-02', '2026-11-03')).toEqual([2, 4, 3]);
    expect(daysOf('2026-10-01', '2026-12-31')).toEqual([1, 2, 4, 3, 5]);
    expect(daysOf('2026-11-04', '2026-11-04')).toEqual([]);
    expect(daysOf('2026-11-06', '2026-11-30')).toEqual([]);
  });

  it("keep to the window's platform when it names one", () => {
    expect(daysOf('2026-11-01', '2026-11-05', 'x')).toEqual([1, 4, 3, 5]);
    expect(daysOf('2026-11-01', '2026-11-05', 'tiktok')).toEqual([2]);
  });
});
