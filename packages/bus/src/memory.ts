import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { PantauError } from '@pantau/contracts';
import type { BatchHandler, Bus, BusConsumer, BusMessage, BusProducer, ConsumerOptions, OutgoingMessage } from './types.ts';

interface Partition {
  /** Offset of `messages[0]`: where this process began the partition (offsets are never handed out twice). */
  base: number;
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

/** Next offset per partition of each topic, as kept in the offsets file. */
type NextOffsets = Record<string, number[]>;

function readNextOffsets(file: string | undefined): NextOffsets {
  if (!file || !existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new PantauError('CONFIG_INVALID', `the in-process bus offsets file is not valid JSON: ${file}`, { cause });
  }
  const out: NextOffsets = {};
  if (parsed && typeof parsed === 'object')
    for (const [name, list] of Object.entries(parsed))
      if (Array.isArray(list)) out[name] = list.map((n) => (Number.isSafeInteger(n) && n >= 0 ? (n as number) : 0));
  return out;
}

/**
 * Raises the next offsets kept in an offsets file to at least `floors` (per topic, per partition): after a restore,
 * positions the restored database already names are never handed out again, whatever the file held.
 */
export function raiseNextOffsets(file: string, floors: Record<string, readonly number[]>): void {
  const out = readNextOffsets(file);
  for (const [name, list] of Object.entries(floors)) {
    const current = out[name] ?? [];
    out[name] = Array.from({ length: Math.max(current.length, list.length) }, (_, p) => Math.max(current[p] ?? 0, list[p] ?? 0));
  }
  writeFileSync(`${file}.tmp`, JSON.stringify(out));
  renameSync(`${file}.tmp`, file);
}

/** Options of the in-process bus. */
export interface MemoryBusOptions {
  defaultPartitions?: number;
  /**
   * File keeping each partition's next offset across restarts (the embedded data folder). Messages are
   * identified by topic, partition and offset (a redelivery is recognised by them), so a restarted process must
   * not hand out an offset again; without the file offsets restart at 0 (tests, one-process runs).
   */
  offsetsFile?: string;
}

/**
 * The in-process bus for the embedded mode: partitions, offsets and per-group commits as in Kafka,
 * in memory and for one process. Committed offsets survive consumer restarts within the process; with
 * `offsetsFile`, offsets continue after a restart of the process (the messages themselves do not survive it).
 */
export function createMemoryBus(options: MemoryBusOptions = {}): Bus {
  const topics = new Map<string, Partition[]>();
  const commits = new Map<string, number>();
  const persisted = readNextOffsets(options.offsetsFile);
  let roundRobin = 0;

  const partitionsOf = (name: string, count: number): Partition[] =>
    Array.from({ length: count }, (_, p) => ({ base: persisted[name]?.[p] ?? 0, messages: [], waiters: [] }));
  const nextOffset = (part: Partition) => part.base + part.messages.length;

  /** Writes every partition's next offset (after `extra` more messages) before the messages become visible. */
  const saveNextOffsets = (extra: Map<Partition, number>) => {
    const file = options.offsetsFile;
    if (!file) return;
    const out: NextOffsets = { ...persisted };
    for (const [name, parts] of topics) out[name] = parts.map((part) => nextOffset(part) + (extra.get(part) ?? 0));
    // Written whole and renamed, so a crash mid-write leaves the previous file, never a truncated one.
    writeFileSync(`${file}.tmp`, JSON.stringify(out));
    renameSync(`${file}.tmp`, file);
  };

  const topic = (name: string): Partition[] => {
    let t = topics.get(name);
    if (!t) {
      t = partitionsOf(name, options.defaultPartitions ?? 1);
      topics.set(name, t);
    }
    return t;
  };

  const bus: Bus = {
    kind: 'memory',
    async ensureTopics(list) {
      for (const { name, partitions } of list) {
        if (!topics.has(name)) topics.set(name, partitionsOf(name, partitions));
      }
    },
    async producer(): Promise<BusProducer> {
      let open = true;
      return {
        async send(name: string, messages: readonly OutgoingMessage[]) {
          if (!open) throw new PantauError('BROKER_UNAVAILABLE', 'producer is closed');
          const parts = topic(name);
          const placed = messages.map((m) => ({ m, index: partitionFor(m.key, parts.length, roundRobin++) }));
          const added = new Map<Partition, number>();
          for (const { index } of placed) {
            const part = parts[index] as Partition;
            added.set(part, (added.get(part) ?? 0) + 1);
          }
          // The offsets are on disk before any consumer can see them, so no restart hands them out again.
          saveNextOffsets(added);
          for (const { m, index } of placed) {
            const part = parts[index] as Partition;
            part.messages.push({
              topic: name,
              partition: index,
              offset: String(nextOffset(part)),
              key: m.key,
              value: typeof m.value === 'string' ? Buffer.from(m.value) : m.value,
            });
          }
          for (const part of added.keys()) for (const wake of part.waiters.splice(0)) wake();
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
              const next = commits.get(commitKey(partition)) ?? part.base;
              if (next >= nextOffset(part)) {
                await new Promise<void>((resolve) => {
                  part.waiters.push(resolve);
                  wakeAll.push(resolve);
                });
                continue;
              }
              const messages = part.messages.slice(next - part.base, next - part.base + opts.maxBatch);
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
      return parts.reduce((sum, part, p) => sum + nextOffset(part) - (commits.get(`${groupId}|${name}|${p}`) ?? part.base), 0);
    },
    async close() {},
  };
  return bus;
}
