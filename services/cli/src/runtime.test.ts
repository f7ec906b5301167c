import { Writable } from 'node:stream';
import { loadEnv } from '@pantau/config';
import { describe, expect, it } from 'vitest';
import { createLogger, limitHeapGrowth, resolvePepper } from './runtime.ts';

describe('secrets and configuration', () => {
  it('refuses real mode without a pepper, and with the documented example pepper', () => {
    expect(() => resolvePepper(loadEnv({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/db' }))).toThrow(/PANTAU_PEPPER: required/);
    expect(() =>
      resolvePepper(loadEnv({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', PANTAU_PEPPER: 'change-me-to-a-long-random-secret' })),
    ).toThrow(/documented example/);
    expect(() => loadEnv({ PANTAU_PEPPER: 'short' })).toThrow(/PANTAU_PEPPER/);
    expect(resolvePepper(loadEnv({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', PANTAU_PEPPER: 'a-real-secret-0123456789' }))).toBe(
      'a-real-secret-0123456789',
    );
  });

  it('never writes secrets to the log', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger(loadEnv({ LOG_LEVEL: 'info' }), sink);
    logger.info(
      {
        req: { method: 'GET', url: '/v1/sentiment', headers: { authorization: 'Bearer pantau_abcdef123456_SECRETVALUE' } },
        pepper: 'pepper-SECRETVALUE',
        env: { PANTAU_PEPPER: 'pepper-SECRETVALUE', DATABASE_URL: 'postgres://user:SECRETVALUE@db/pantau' },
        key: { secret: 'pantau_abcdef123456_SECRETVALUE' },
      },
      'request',
    );
    const out = lines.join('');
    expect(out).toContain('/v1/sentiment');
    expect(out).toContain('[redacted]');
    expect(out).not.toContain('SECRETVALUE');
  });

  it('names the variable of a bad setting', () => {
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(/^PORT:/);
    expect(() => loadEnv({ REPORT_DAILY_AT: '25:00' })).toThrow(/^REPORT_DAILY_AT:/);
  });
});

describe('analysis heap growth', () => {
  it('leaves a heap growing factor given to node alone', () => {
    expect(limitHeapGrowth(['--import', 'tsx', '--heap-growing-percent=80'])).toBe(false);
    expect(limitHeapGrowth(['--heap_growing_percent', '80'])).toBe(false);
    expect(limitHeapGrowth(['--import', 'tsx'])).toBe(true);
  });
});
