import { publishItems } from '@pantau/connectors';
import { TOPICS } from '@pantau/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exited, spawnAnalyze } from '../support/analyze-process.ts';
import { uniqueName } from '../support/kafka.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

// SIGTERM `pantau analyze` while its group rebalances (a second member has just joined): the member is then waiting in
// the group protocol, which the coordinator holds until every member has rejoined. It must still exit 0 promptly, and
// nothing may be lost or counted twice. A hang guard only: the measured durations are in RELIABILITY.md.
const N = 3_000;
const PEPPER = 'rebalance-test-pepper-0123456789';
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ partitions: 4, clientId: 'reliability' });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});
const count = (query: string) => stack.count(query);

describe('shutdown during a rebalance', () => {
  it('exits cleanly on SIGTERM while the group rebalances, and the other member finishes the stream exactly', async () => {
    const producer = await stack.bus.producer();
    const items = Array.from({ length: N }, (_, i) => ({
      ref: String(i),
      item: {
        platform: 'x',
        externalId: `r${i}`,
        author: `@w${i % 200}`,
        publishedAt: '2026-11-05T03:00:00Z',
        text: `antrean di puskesmas lama sekali ke-${i}`,
      },
    }));
    await publishItems(items, { producer, pepper: PEPPER, source: { connector: 'rebalance', runId: 'rebalance' }, chunkSize: 1000 });
    await producer.close();
    const env = {
      KAFKA_BROKERS: stack.kafka.brokers.join(','),
      DATABASE_URL: stack.testDb.url,
      PANTAU_PEPPER: PEPPER,
      KAFKA_GROUP_ID: uniqueName('rebalance'),
      ANALYSIS_MAX_BATCH: '100',
      // The production default: the coordinator's patience with a member is what a shutdown must not wait for.
      KAFKA_SESSION_TIMEOUT_MS: '30000',
    };

    const first = spawnAnalyze(env);
    const deadline = Date.now() + 120_000;
    while ((await count('select count(*) as n from posts')) < 300) {
      if (first.exitCode !== null) throw new Error(`analyze exited early: ${first.output()}`);
      if (Date.now() > deadline) throw new Error('the first member stored nothing within 120 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    const second = spawnAnalyze(env);
    // kafkajs logs this (warn) when a heartbeat tells the member that the group rebalances and it joins again.
    while (!/rebalancing/.test(first.output())) {
      if (first.exitCode !== null || second.exitCode !== null) throw new Error(`analyze exited early: ${first.output()}`);
      if (Date.now() > deadline + 60_000) throw new Error(`no rebalance seen: ${first.output()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const stopAsked = Date.now();
    first.kill('SIGTERM');
    const code = await Promise.race([exited(first), new Promise((r) => setTimeout(() => r('hang'), 90_000))]);
    console.info(`analyze exited ${code} ${Date.now() - stopAsked} ms after SIGTERM during a rebalance`);
    expect(code).toBe(0);

    const until = Date.now() + 240_000;
    while ((await stack.bus.lag(env.KAFKA_GROUP_ID, TOPICS.postsRaw)) > 0) {
      if (second.exitCode !== null) throw new Error(`analyze exited early: ${second.output()}`);
      if (Date.now() > until) throw new Error(`the second member did not finish within 240 s: ${second.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
    expect(await count('select count(*) as n from posts')).toBe(N);
    expect(await count('select count(*) as n from exclusions')).toBe(0);
    expect(await count('select coalesce(sum(posts), 0) as n from daily_sentiment')).toBe(N);
  }, 540_000);
});
