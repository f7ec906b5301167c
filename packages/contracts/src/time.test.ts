import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isDay, jakartaDay } from './time.ts';

describe('Asia/Jakarta days', () => {
  it('puts 17:00 UTC and later on the next Jakarta day', () => {
    expect(jakartaDay('2026-11-10T16:59:59Z')).toBe('2026-11-10');
    expect(jakartaDay('2026-11-10T17:00:00Z')).toBe('2026-11-11');
    expect(jakartaDay('2026-11-11T00:30:00+07:00')).toBe('2026-11-11');
  });

  it('does day arithmetic across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-11-01', '2026-11-14')).toBe(13);
  });

  it('accepts only real calendar days', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-13-10')).toBe(false);
    expect(isDay('10-11-2026')).toBe(false);
  });
});
