import type { Bus, BusMessage } from '@pantau/bus';

/** Reads every message of a topic currently on the bus (a fresh group from the beginning). */
export async function drainTopic(bus: Bus, topic: string, options: { expected?: number; timeoutMs?: number } = {}): Promise<BusMessage[]> {
  const groupId = `drain-${topic}-${Math.random().toString(36).slice(2)}`;
  const seen: BusMessage[] = [];
  const consumer = await bus.consumer({ groupId, topic, maxBatch: 1_000 });
  await consumer.start(async (batch) => {
    seen.push(...batch.messages);
  });
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    if (options.expected !== undefined ? seen.length >= options.expected : (await bus.lag(groupId, topic)) === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await consumer.stop();
  return seen;
}
