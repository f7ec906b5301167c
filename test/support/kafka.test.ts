import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKafka, type TestKafka, uniqueName } from './kafka.ts';

// The broker the other tests stand on: keyed produce, group consumption, and an outage that heals.
let kafka: TestKafka;
const topic = uniqueName('support');

beforeAll(async () => {
  kafka = await startTestKafka({ topics: [{ name: topic, partitions: 3 }] });
});
afterAll(async () => {
  await kafka?.stop();
});

const client = () =>
  new Kafka({ clientId: 'support-test', brokers: kafka.brokers, logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 100 } });

describe('test Kafka', () => {
  it('delivers 2,000 keyed messages exactly once to a consumer group', async () => {
    const producer = client().producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: kafka.supportsIdempotence });
    await producer.connect();
    const sent = Array.from({ length: 2_000 }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));
    for (let i = 0; i < sent.length; i += 500) await producer.send({ topic, messages: sent.slice(i, i + 500) });
    await producer.disconnect();

    const consumer = client().consumer({ groupId: uniqueName('support-group') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Map<string, number>();
    const partitions = new Set<number>();
    await consumer.run({
      eachBatch: async ({ batch }) => {
        partitions.add(batch.partition);
        for (const m of batch.messages) received.set(String(m.key), (received.get(String(m.key)) ?? 0) + 1);
      },
    });
    const deadline = Date.now() + 30_000;
    while (received.size < sent.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await consumer.disconnect();
    expect(received.size).toBe(2_000);
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    expect(partitions.size).toBe(3);
  });

  it.runIf(process.env.KAFKA_BROKERS === undefined)('refuses produce while the broker is down and accepts it once it is back', async () => {
    expect(kafka.kind).toBe('test-broker');
    const producer = new Kafka({
      clientId: 'support-outage',
      brokers: kafka.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 200 },
      connectionTimeout: 500,
      requestTimeout: 1_000,
    }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await kafka.brokerDown();
    await expect(producer.send({ topic, messages: [{ key: 'down', value: 'x' }] })).rejects.toThrow();
    await kafka.brokerUp();
    let sent = false;
    for (let attempt = 0; attempt < 20 && !sent; attempt++) {
      sent = await producer.send({ topic, messages: [{ key: 'up', value: 'y' }] }).then(
        () => true,
        () => false,
      );
      if (!sent) await new Promise((r) => setTimeout(r, 250));
    }
    await producer.disconnect().catch(() => undefined);
    expect(sent).toBe(true);
  });
});
