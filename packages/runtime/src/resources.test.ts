import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadEnv } from '@pantau/config';
import { TOPICS } from '@pantau/contracts';
import { describe, expect, it } from 'vitest';
import { createLogger, limitHeapGrowth, openBus, resolvePepper } from './resources.ts';

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

describe('embedded bus', () => {
  it('continues offsets after a restart, so a message position is never handed out twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pantau-bus-'));
    try {
      const env = loadEnv({ PANTAU_DATA_DIR: dir, KAFKA_PARTITIONS: '1' });
      const logger = createLogger(loadEnv({ LOG_LEVEL: 'silent' }));
      const offsets: string[] = [];
      for (let run = 0; run < 2; run++) {
        const bus = await openBus(env, logger);
        const producer = await bus.producer();
        await producer.send(TOPICS.postsRaw, [
          { key: 'x:1', value: 'a' },
          { key: 'x:2', value: 'b' },
        ]);
        const consumer = await bus.consumer({ groupId: `g${run}`, topic: TOPICS.postsRaw, maxBatch: 10 });
        await consumer.start(async (batch) => {
          offsets.push(...batch.messages.map((m) => m.offset));
        });
        while ((await bus.lag(`g${run}`, TOPICS.postsRaw)) > 0) await new Promise((r) => setTimeout(r, 10));
        await consumer.stop();
        await producer.close();
        await bus.close();
      }
      expect(offsets).toEqual(['0', '1', '2', '3']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
