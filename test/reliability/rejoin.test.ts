import { type Bus, type BusConsumer, createKafkaBus } from '@pantau/bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKafka, type TestKafka, uniqueName } from '../support/kafka.ts';

// A second member joins a group that is already consuming: both must end up holding partitions, each partition once,
// and every message must be handled. With `pantau analyze` processes the test broker has answered such a late join with
// a protocol error that kafkajs does not retry (the bench's two-instance run); the bus then joins again (`onRestart`).
// In this process the broker usually lets the join through; the test reports how often a member had to join again.
const TOPIC = 'rejoin.events';
const PARTITIONS = 4;
let kafka: TestKafka;
const buses: Bus[] = [];
const consumers: BusConsumer[] = [];

const until = async (what: string, done: () => boolean, ms = 120_000) => {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > ms) throw new Error(`${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

beforeAll(async () => {
  kafka = await startTestKafka({ topics: [{ name: TOPIC, partitions: PARTITIONS }] });
}, 60_000);

afterAll(async () => {
  for (const c of consumers) await c.stop().catch(() => undefined);
  for (const b of buses) await b.close().catch(() => undefined);
  await kafka?.stop();
});

describe('a member joining a running group', () => {
  it('ends up holding partitions beside the first, and every message is handled', async () => {
    const groupId = uniqueName('rejoin');
    const handled = new Set<string>();
    const held: (number[] | null)[] = [null, null];
    const restarts: number[] = [];
    const member = async (i: number) => {
      const bus = createKafkaBus({
        brokers: kafka.brokers,
        clientId: `rejoin-${i}`,
        idempotent: false,
        compression: 'none',
        sessionTimeoutMs: 10_000,
      });
      buses.push(bus);
      const consumer = await bus.consumer({
        groupId,
        topic: TOPIC,
        maxBatch: 100,
        onAssignment: (partitions) => {
          held[i] = partitions;
        },
        onRestart: ({ waitMs }) => restarts.push(waitMs),
      });
      consumers.push(consumer);
      await consumer.start(async (batch) => {
        for (const m of batch.messages) handled.add(m.key ?? '');
      });
    };
    const producerBus = createKafkaBus({ brokers: kafka.brokers, clientId: 'rejoin-producer', idempotent: false, compression: 'none' });
    buses.push(producerBus);
    const producer = await producerBus.producer();
    const send = (from: number, to: number) =>
      producer.send(
        TOPIC,
        Array.from({ length: to - from }, (_, k) => ({ key: `m${from + k}`, value: JSON.stringify({ n: from + k }) })),
      );

    await member(0);
    await until('the first member holds every partition', () => held[0]?.length === PARTITIONS);
    await send(0, 200);
    await until('the first member handles the first messages', () => handled.size === 200);

    await member(1);
    await until('both members hold partitions, each partition once', () => {
      const a = held[0] ?? [];
      const b = held[1] ?? [];
      return a.length > 0 && b.length > 0 && new Set([...a, ...b]).size === PARTITIONS && a.length + b.length === PARTITIONS;
    });
    await send(200, 400);
    await until('every message is handled', () => handled.size === 400);
    expect(handled.size).toBe(400);
    // Informational: how often a member had to join again (0 when the broker let the late join through).
    console.log(`members joined again after a crash ${restarts.filter((w) => w >= 0).length} time(s)`);
  }, 180_000);
});
