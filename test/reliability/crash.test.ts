import { publishItems } from '@pantau/connectors';
import { TOPICS } from '@pantau/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exited, spawnAnalyze } from '../support/analyze-process.ts';
import { uniqueName } from '../support/kafka.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

// SIGKILL the analysis service while it consumes 20,000 posts, restart it: every post exactly once, rollups exact.
const N = 20_000;
const PEPPER = 'crash-test-pepper-0123456789';
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ partitions: 4, clientId: 'reliability' });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});
const count = (query: string) => stack.count(query);
const TEXTS = [
  'antrean di puskesmas lama sekali',
  'iuran bpjs naik lagi, kecewa',
  'pelayanan dokter ramah dan cepat',
  'obat di apotek kosong lagi',
];

describe('crash mid-batch', () => {
  it('stores every post exactly once after a SIGKILL and a restart, with rollups equal to a recount', async () => {
    const producer = await stack.bus.producer();
    const items = Array.from({ length: N }, (_, i) => ({
      ref: String(i),
      item: {
        platform: 'x',
        externalId: `c${i}`,
        author: `@w${i % 500}`,
        publishedAt: new Date(Date.parse('2026-11-01T01:00:00Z') + (i % 10) * 86_400_000).toISOString(),
        text: `${TEXTS[i % TEXTS.length]} nomor ${i}`,
      },
    }));
    await publishItems(items, { producer, pepper: PEPPER, source: { connector: 'crash', runId: 'crash' }, chunkSize: 1000 });
    await producer.close();

    const env = {
      KAFKA_BROKERS: stack.kafka.brokers.join(','),
      DATABASE_URL: stack.testDb.url,
      PANTAU_PEPPER: PEPPER,
      KAFKA_GROUP_ID: uniqueName('crash'),
      ANALYSIS_MAX_BATCH: '250',
    };
    const first = spawnAnalyze(env);
    const deadline = Date.now() + 90_000;
    while ((await count('select count(*) as n from posts')) < 3_000 && Date.now() < deadline) {
      if (first.exitCode !== null) throw new Error(`analyze exited early: ${first.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    first.kill('SIGKILL');
    expect(await exited(first)).toBe('SIGKILL');
    const atCrash = await count('select count(*) as n from posts');
    expect(atCrash).toBeGreaterThanOrEqual(3_000);
    expect(atCrash).toBeLessThan(N);

    const second = spawnAnalyze(env);
    const until = Date.now() + 120_000;
    while ((await count('select count(*) as n from posts')) < N && Date.now() < until) {
      if (second.exitCode !== null) throw new Error(`analyze exited early: ${second.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // Let the last offsets commit, then stop it politely.
    while ((await stack.bus.lag(env.KAFKA_GROUP_ID, TOPICS.postsRaw)) > 0 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 200));
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);

    expect(await count('select count(*) as n from posts')).toBe(N);
    expect(await count('select count(distinct (platform, external_id)) as n from posts')).toBe(N);
    // A redelivered message is not a duplicate: nothing was sent twice, so nothing is excluded.
    expect(await count('select count(*) as n from exclusions')).toBe(0);
    expect(await count('select count(*) as n from sentiment_labels')).toBe(N);
    expect(await count('select coalesce(sum(posts), 0) as n from daily_sentiment')).toBe(N);
    const mismatches = await count(`
      select count(*) as n from (
        select day, platform, k.key, count(*) as c from posts p cross join lateral unnest(p.keywords) as k(key) group by 1, 2, 3
      ) r full join daily_keywords d using (day, platform, key)
      where r.c is distinct from d.posts`);
    expect(mismatches).toBe(0);
  }, 300_000);
});
