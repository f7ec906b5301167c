/** A message as consumed from a topic. */
export interface BusMessage {
  topic: string;
  partition: number;
  /** Offset as a decimal string (Kafka offsets exceed 2^53 in principle). */
  offset: string;
  key: string | null;
  value: Buffer;
}

/** A message to produce. */
export interface OutgoingMessage {
  key: string | null;
  value: Buffer | string;
}

/** Produces to topics; `send` resolves once the bus has the messages. */
export interface BusProducer {
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

/** One slice of consumed messages from one partition, in offset order. */
export interface ConsumedBatch {
  topic: string;
  partition: number;
  messages: readonly BusMessage[];
  /** Tells the group this member is alive; call it while waiting (e.g. retrying a database write). */
  heartbeat(): Promise<void>;
  /** False once `stop()` was called: finish or abandon the batch. */
  isRunning(): boolean;
}

/**
 * Handles one batch. When it resolves, offsets up to the batch's last message are committed;
 * when it throws, nothing of the batch is committed and it is delivered again.
 */
export type BatchHandler = (batch: ConsumedBatch) => Promise<void>;

/** A member of a consumer group on one topic. */
export interface BusConsumer {
  /** Joins the group and starts delivering batches to the handler. */
  start(handler: BatchHandler): Promise<void>;
  /** Stops fetching, lets the current batch finish, commits, leaves the group. */
  stop(): Promise<void>;
}

export interface ConsumerOptions {
  groupId: string;
  topic: string;
  /** Largest slice handed to the handler at once. */
  maxBatch: number;
  /** Partitions handled at once by this member (default 1): overlaps one batch's database write with the next's work. */
  concurrency?: number;
  /** Start from the earliest offset when the group has none (default true). */
  fromBeginning?: boolean;
  /** Told the partitions of `topic` this member holds after each join of the group (a rebalance). */
  onAssignment?: (partitions: number[]) => void;
  /** Told when the member crashed and will join again after `waitMs` (-1: the new join failed too; a crash follows). */
  onRestart?: (info: { error: unknown; waitMs: number }) => void;
}

/** The bus: Kafka, or the in-process stand-in with the same semantics. */
export interface Bus {
  readonly kind: 'kafka' | 'memory';
  /** Creates the topics if missing (no-op for topics that exist). */
  ensureTopics(topics: readonly { name: string; partitions: number }[]): Promise<void>;
  /** A producer; `compression` overrides the bus's for its messages (the in-process bus never compresses). */
  producer(options?: { compression?: 'gzip' | 'none' }): Promise<BusProducer>;
  consumer(options: ConsumerOptions): Promise<BusConsumer>;
  /** Messages of the topic the group has not committed yet. */
  lag(groupId: string, topic: string): Promise<number>;
  close(): Promise<void>;
}
