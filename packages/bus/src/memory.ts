import { PantauError } from '@pantau/contracts';
import type { BatchHandler, Bus, BusConsumer, BusMessage, BusProducer, ConsumerOptions, OutgoingMessage } from './types.ts';

interface Partition {
  messages: BusMessage[];
  waiters: (() => void)[];
}

/** Stable partition for a key (FNV-1a), so one post key always lands on one partition as in Kafka. */
function partitionFor(key: string | null, partitions: number, roundRobin: number): number {
  if (key === null) return roundRobin % partitions;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % partitions;
}

/**
 * The in-process bus for the embedded mode: partitions, offsets and per-group commits as in Kafka,
 * in memory and for one process. Committed offsets survive consumer restarts within the process.
 */
export function createMemoryBus(options: { defaultPartitions?: number } = {}): Bus {
  const topics = new Map<string, Partition[]>();
  const commits = new Map<string, number>();
  let roundRobin = 0;

  const topic = (name: string): Partition[] => {
    let t = topics.get(name);
    if (!t) {
      t = Array.from({ length: options.defaultPartitions ?? 1 }, () => ({ messages: [], waiters: [] }));
      topics.set(name, t);
    }
    return t;
  };

  const bus: Bus = {
    kind: 'memory',
    async ensureTopics(list) {
      for (const { name, partitions } of list) {
        if (!topics.has(name))
          topics.set(
            name,
            Array.from({ length: partitions }, () => ({ messages: [], waiters: [] })),
          );
      }
    },
    async producer(): Promise<BusProducer> {
      let open = true;
      return {
        async send(name: string, messages: readonly OutgoingMessage[]) {
          if (!open) throw new PantauError('BROKER_UNAVAILABLE', 'producer is closed');
          const parts = topic(name);
          const touched = new Set<Partition>();
          for (const m of messages) {
            const index = partitionFor(m.key, parts.length, roundRobin++);
            const part = parts[index] as Partition;
            part.messages.push({
              topic: name,
              partition: index,
              offset: String(part.messages.length),
              key: m.key,
              value: typeof m.value === 'string' ? Buffer.from(m.value) : m.value,
            });
            touched.add(part);
          }
          for (const part of touched) for (const wake of part.waiters.splice(0)) wake();
        },
        async close() {
          open = false;
        },
      };
    },
    async consumer(opts: ConsumerOptions): Promise<BusConsumer> {
      let running = false;
      let loops: Promise<void>[] = [];
      const wakeAll: (() => void)[] = [];
      const commitKey = (partition: number) => `${opts.groupId}|${opts.topic}|${partition}`;
      return {
        async start(handler: BatchHandler) {
          running = true;
          const parts = topic(opts.topic);
          // The stand-in has one member per group: it holds every partition.
          opts.onAssignment?.(parts.map((_, partition) => partition));
          loops = parts.map(async (part, partition) => {
            while (running) {
              const next = commits.get(commitKey(partition)) ?? 0;
              if (next >= part.messages.length) {
                await new Promise<void>((resolve) => {
                  part.waiters.push(resolve);
                  wakeAll.push(resolve);
                });
                continue;
              }
              const messages = part.messages.slice(next, next + opts.maxBatch);
              try {
                await handler({
                  topic: opts.topic,
                  partition,
                  messages,
                  heartbeat: async () => {},
                  isRunning: () => running,
                });
                commits.set(commitKey(partition), next + messages.length);
              } catch {
                // As with Kafka, an uncommitted batch is delivered again; pause briefly so a failing handler does not spin.
                await new Promise((r) => setTimeout(r, 200));
              }
            }
          });
        },
        async stop() {
          running = false;
          for (const wake of wakeAll.splice(0)) wake();
          await Promise.all(loops);
        },
      };
    },
    async lag(groupId, name) {
      const parts = topics.get(name) ?? [];
      return parts.reduce((sum, part, p) => sum + part.messages.length - (commits.get(`${groupId}|${name}|${p}`) ?? 0), 0);
    },
    async close() {},
  };
  return bus;
}
