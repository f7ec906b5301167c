import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/**/*.test.ts', 'services/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests start real brokers and databases: two at a time on a 2-core machine.
    maxWorkers: 2,
    // The tests' clock: processes they start date the bundled sample (2026-11-01 to 14) and run retention and the
    // report schedule as on this day, so neither the sample's dates nor RETENTION_DAYS move with the calendar.
    env: { PANTAU_CLOCK: '2026-11-15T06:00:00+07:00' },
  },
});
