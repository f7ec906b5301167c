import { PantauError } from '@pantau/contracts';
import { type Admin, CompressionTypes, type Consumer, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { BatchHandler, Bus, BusConsumer, BusMessage, BusProducer, ConsumerOptions, OutgoingMessage } from './types.ts';

export interface KafkaBusOptions {
  brokers: readonly string[];
  clientId: string;
  /** Idempotent producer; real brokers should keep it on. */
  idempotent: boolean;
  compression: 'gzip' | 'none';
  /** Receives kafkajs's own log lines (libraries do not log; the service decides). */
  onLog?: (entry: { level: 'error' | 'warn' | 'info' | 'debug'; message: string; extra: Record<string, unknown> }) => void;
  /** Consumer group session timeout (ms): how soon a crashed member's partitions move on. */
  sessionTimeoutMs?: number;
  /** Longest a fetch waits at the broker for new messages (ms, kafkajs default 5000). */
  fetchMaxWaitMs?: number;
  /** Producer retries before `send` fails (kafkajs default 5). */
  retries?: number;
  /**
   * How long a stopping consumer waits, once its batch in flight is handled and committed, for kafkajs to leave the
   * group (default: the fetch wait plus 1 s, since an idle member first waits for its fetch to return). A member caught in a rebalance waits in the group protocol until every member has joined
   * again; a stop does not wait for that (nothing is left to commit), and the group moves its partitions after the
   * session timeout instead.
   */
  stopGraceMs?: number;
}

const levelName = (l: number) => (l <= logLevel.ERROR ? 'error' : l === logLevel.WARN ? 'warn' : l === logLevel.INFO ? 'info' : 'debug');

const brokerError = (message: string, cause: unknown) =>
  new PantauError('BROKER_UNAVAILABLE', `${message}: ${cause instanceof Error ? cause.message : String(cause)}`, {
    retryable: true,
    cause,
  });

/** The Kafka bus (kafkajs): keyed produce with compression, group consumers committing after each handled batch. */
export function createKafkaBus(options: KafkaBusOptions): Bus {
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: options.onLog ? logLevel.INFO : logLevel.NOTHING,
    logCreator: () => (entry) => {
      const { message, ...extra } = entry.log;
      options.onLog?.({ level: levelName(entry.level), message, extra: { namespace: entry.namespace, ...extra } });
    },
    retry: { retries: options.retries ?? 5, initialRetryTime: 200, maxRetryTime: 5_000 },
  });
  const opened: { close(): Promise<void> }[] = [];
  let admin: Admin | undefined;
  const getAdmin = async () => {
    if (!admin) {
      admin = kafka.admin();
      await admin.connect();
    }
    return admin;
  };

  return {
    kind: 'kafka',
    async ensureTopics(topics) {
      try {
        const a = await getAdmin();
        const existing = new Set(await a.listTopics());
        const missing = topics.filter((t) => !existing.has(t.name));
        if (missing.length > 0) {
          await a.createTopics({ topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions })), waitForLeaders: true });
        }
      } catch (cause) {
        throw brokerError('could not create topics', cause);
      }
    },
    async producer(producerOptions = {}): Promise<BusProducer> {
      const compression = (producerOptions.compression ?? options.compression) === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
      const producer: Producer = kafka.producer({
        idempotent: options.idempotent,
        ...(options.idempotent ? { maxInFlightRequests: 1 } : {}),
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
      });
      try {
        await producer.connect();
      } catch (cause) {
        throw brokerError('producer could not connect', cause);
      }
      const handle: BusProducer = {
        async send(topic: string, messages: readonly OutgoingMessage[]) {
          if (messages.length === 0) return;
          try {
            await producer.send({
              topic,
              compression,
              acks: -1,
              messages: messages.map((m) => ({ key: m.key, value: m.value })),
            });
          } catch (cause) {
            throw brokerError(`produce to ${topic} failed`, cause);
          }
        },
        close: () => producer.disconnect(),
      };
      opened.push(handle);
      return handle;
    },
    async consumer(opts: ConsumerOptions): Promise<BusConsumer> {
      const consumer: Consumer = kafka.consumer({
        groupId: opts.groupId,
        allowAutoTopicCreation: false,
        sessionTimeout: options.sessionTimeoutMs ?? 30_000,
        heartbeatInterval: Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
        maxWaitTimeInMs: options.fetchMaxWaitMs ?? 5_000,
        // Room for a full analysis batch per partition fetch (kafkajs's default 1 MiB holds about 2,000 short posts).
        maxBytesPerPartition: 4 * 1024 * 1024,
      });
      let stopping = false;
      let stopped: Promise<void> | null = null;
      let restarts = 0;
      /** The batches being handled and committed (one per partition consumed at once): a stop waits for them. */
      const inFlight = new Set<Promise<void>>();
      /** Connects, subscribes and runs the batch loop: the first join and every join after a crash. */
      const join = async (handler: BatchHandler) => {
        try {
          await consumer.connect();
          await consumer.subscribe({ topic: opts.topic, fromBeginning: opts.fromBeginning ?? true });
        } catch (cause) {
          throw brokerError('consumer could not join', cause);
        }
        await consumer.run({
          // Offsets are resolved only after the handler (and its database transaction) succeeded; kafkajs then
          // commits the resolved offsets right away (threshold 1), also while the consumer is stopping.
          autoCommit: true,
          autoCommitThreshold: 1,
          partitionsConsumedConcurrently: opts.concurrency ?? 1,
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset, commitOffsetsIfNecessary }) => {
            const all: BusMessage[] = batch.messages.map((m) => ({
              topic: batch.topic,
              partition: batch.partition,
              offset: m.offset,
              key: m.key ? m.key.toString() : null,
              value: m.value ?? Buffer.alloc(0),
            }));
            for (let i = 0; i < all.length; i += opts.maxBatch) {
              if (!isRunning() || isStale()) return;
              const messages = all.slice(i, i + opts.maxBatch);
              const step = (async () => {
                await handler({ topic: batch.topic, partition: batch.partition, messages, heartbeat, isRunning });
                resolveOffset((messages[messages.length - 1] as BusMessage).offset);
                await commitOffsetsIfNecessary();
              })();
              inFlight.add(step);
              try {
                await step;
              } finally {
                inFlight.delete(step);
              }
              await heartbeat();
            }
          },
        });
      };
      const handle: BusConsumer = {
        async start(handler: BatchHandler) {
          consumer.on(consumer.events.GROUP_JOIN, (event) => {
            restarts = 0;
            opts.onAssignment?.([...(event.payload.memberAssignment[opts.topic] ?? [])].sort((a, b) => a - b));
          });
          // kafkajs restarts a crashed consumer only after a retriable error. After any other (seen when a broker answers
          // a late group join with a protocol error) the member would hold no partitions while the process stays up:
          // it joins again instead, with a growing pause. Offsets are committed only after a batch's transaction, so a
          // new join redelivers at most the uncommitted batch, which the batch write recognizes.
          consumer.on(consumer.events.CRASH, (event) => {
            if (event.payload.restart || stopping) return;
            const waitMs = Math.min(30_000, 1_000 * 2 ** Math.min(restarts++, 5));
            opts.onRestart?.({ error: event.payload.error, waitMs });
            setTimeout(() => {
              if (!stopping) join(handler).catch((error) => opts.onRestart?.({ error, waitMs: -1 }));
            }, waitMs).unref();
          });
          await join(handler);
        },
        stop() {
          stopping = true;
          stopped ??= (async () => {
            const disconnected = consumer.disconnect();
            // Failures surface through the race below; once abandoned, a late one has no one to tell.
            disconnected.catch(() => undefined);
            // kafkajs's disconnect waits for its consume loop, and during a rebalance that loop waits in JoinGroup, which the
            // coordinator holds until every member has joined again (measured: 17 to 25 s). The batch in flight is still
            // finished and committed; after it only leaving the group is left, and that is not waited for beyond the grace.
            const settled = (async () => {
              while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
              await new Promise((r) => setTimeout(r, options.stopGraceMs ?? (options.fetchMaxWaitMs ?? 5_000) + 1_000).unref());
            })();
            await Promise.race([disconnected, settled]);
          })();
          return stopped;
        },
      };
      opened.push({ close: () => handle.stop() });
      return handle;
    },
    async lag(groupId, topic) {
      try {
        const a = await getAdmin();
        const [ends, committed] = await Promise.all([a.fetchTopicOffsets(topic), a.fetchOffsets({ groupId, topics: [topic] })]);
        const committedBy = new Map<number, bigint>();
        for (const p of committed[0]?.partitions ?? []) committedBy.set(p.partition, BigInt(p.offset));
        let lag = 0n;
        for (const e of ends) {
          const c = committedBy.get(e.partition) ?? -1n;
          const start = c < 0n ? BigInt(e.low) : c;
          lag += BigInt(e.high) - start;
        }
        return Number(lag);
      } catch (cause) {
        throw brokerError('could not read consumer lag', cause);
      }
    },
    async close() {
      for (const o of opened.splice(0).reverse()) await o.close().catch(() => undefined);
      await admin?.disconnect();
      admin = undefined;
    },
  };
}
