import { describe, expect, it } from 'vitest';
import { addDays, formatChange, formatCompact, formatCount, formatDay, formatInstant, formatShare, isDay, monthStart } from './format.ts';

describe('dashboard formats', () => {
  it('writes days as the languages do, from the day text alone', () => {
    expect(formatDay('2026-11-10', 'id')).toBe('10 Nov');
    expect(formatDay('2026-08-01', 'id')).toBe('1 Agu');
    expect(formatDay('2026-12-31', 'id', true)).toBe('31 Des 2026');
    expect(formatDay('2026-05-09', 'en')).toBe('9 May');
    expect(formatDay('not a day', 'id')).toBe('not a day');
  });

  it('counts days on the calendar', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-25', 7)).toBe('2027-01-01');
    expect(monthStart('2026-11-14')).toBe('2026-11-01');
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2028-02-29')).toBe(true);
  });

  it('shows an instant as its Jakarta day and time', () => {
    // 20:05 UTC on 9 November is 03:05 on 10 November in Jakarta (UTC+7).
    expect(formatInstant('2026-11-09T20:05:00Z', 'id')).toBe('10 Nov 2026 03:05');
  });

  it('writes numbers and shares in the Indonesian format', () => {
    // With a no-break space between the number and its unit.
    expect(formatCompact(3_247_474, 'id')).toBe('3,2\u00a0jt');
    expect(formatCompact(12_500, 'id')).toBe('12,5\u00a0rb');
    expect(formatCompact(3_247_474, 'en')).toBe('3.2M');
    expect(formatCount(3_247_474, 'id')).toBe('3.247.474');
    expect(formatShare(0.1234, 'id')).toBe('12,3%');
    expect(formatShare(null, 'id')).toBe('–');
    expect(formatChange(-0.4, 'id')).toBe('−40%');
    expect(formatChange(0.25, 'id')).toBe('+25%');
  });
});
