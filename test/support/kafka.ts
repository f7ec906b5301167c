import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';

/** A Kafka (or Kafka-protocol) broker for one test file. */
export interface TestKafka {
  kind: 'external' | 'container' | 'test-broker';
  brokers: string[];
  /** Whether kafkajs's idempotent producer works against it (the test broker's metadata defeats it). */
  supportsIdempotence: boolean;
  createTopic(name: string, partitions: number): Promise<void>;
  /** Takes a broker offline (test broker only); ids start at 1. */
  brokerDown(id?: number): Promise<void>;
  brokerUp(id?: number): Promise<void>;
  stop(): Promise<void>;
  /** Process id of the test broker (for CPU accounting in the bench); absent for an external broker or a container. */
  pid?: number;
}

const BROKER_DIR = fileURLToPath(new URL('../../infra/kafka-test-broker/', import.meta.url));
const BROKER_BIN = `${BROKER_DIR}kafka-test-broker`;
const BROKER_SRC = `${BROKER_DIR}broker.c`;

let counter = 0;
/** A topic or group name no other test uses. */
export function uniqueName(prefix: string): string {
  counter++;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

async function createTopicsWithAdmin(brokers: string[], topics: { name: string; partitions: number }[]): Promise<void> {
  if (topics.length === 0) return;
  const admin = new Kafka({ clientId: 'pantau-test-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: topics.map((t) => ({ topic: t.name, numPartitions: t.partitions })), waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

const unsupported = (what: string) => async () => {
  throw new Error(`${what} needs the project's test broker`);
};

/** True when a container runtime answers quickly (no Docker engine: false within about a second). */
async function containerRuntimeAnswers(): Promise<boolean> {
  if (process.env.PANTAU_TEST_CONTAINERS === 'false') return false;
  const socket = process.env.DOCKER_HOST?.replace(/^unix:\/\//, '') ?? '/var/run/docker.sock';
  if (!process.env.DOCKER_HOST && !existsSync(socket)) return false;
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 3_000, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function buildBrokerIfNeeded(): void {
  if (existsSync(BROKER_BIN) && statSync(BROKER_BIN).mtimeMs >= statSync(BROKER_SRC).mtimeMs) return;
  try {
    execFileSync('bash', [`${BROKER_DIR}build.sh`], { stdio: 'pipe' });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`could not build the Kafka test broker (needs gcc and librdkafka-dev): ${stderr}`);
  }
}

async function startTestBroker(topics: { name: string; partitions: number }[]): Promise<TestKafka> {
  buildBrokerIfNeeded();
  const args = topics.flatMap((t) => ['--topic', `${t.name}:${t.partitions}`]);
  const child: ChildProcessWithoutNullStreams = spawn(BROKER_BIN, ['--brokers', '1', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const lines = createInterface({ input: child.stdout });
  const pending: ((line: string) => void)[] = [];
  let bootstrapResolve: (line: string) => void = () => {};
  const bootstrap = new Promise<string>((resolve, reject) => {
    bootstrapResolve = resolve;
    child.once('exit', (code) => reject(new Error(`Kafka test broker exited with ${code}: ${stderr}`)));
    setTimeout(() => reject(new Error(`Kafka test broker printed no address within 10 s: ${stderr}`)), 10_000).unref();
  });
  lines.on('line', (line) => {
    if (line.startsWith('BOOTSTRAP ')) bootstrapResolve(line.slice('BOOTSTRAP '.length).trim());
    else pending.shift()?.(line);
  });
  const command = (text: string) =>
    new Promise<void>((resolve, reject) => {
      pending.push((line) => (line.startsWith('OK') ? resolve() : reject(new Error(`test broker: ${line}`))));
      child.stdin.write(`${text}\n`);
    });
  const brokers = (await bootstrap).split(',');
  return {
    kind: 'test-broker',
    brokers,
    ...(child.pid === undefined ? {} : { pid: child.pid }),
    supportsIdempotence: false,
    createTopic: (name, partitions) => command(`topic ${name} ${partitions}`),
    brokerDown: (id = 1) => command(`down ${id}`),
    brokerUp: (id = 1) => command(`up ${id}`),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * Starts Kafka for a test: KAFKA_BROKERS when set; else a Kafka container when a container runtime answers;
 * else the project's Kafka-protocol test broker (librdkafka's mock cluster), built on first use.
 */
export async function startTestKafka(options: { topics?: { name: string; partitions: number }[] } = {}): Promise<TestKafka> {
  const topics = options.topics ?? [];
  const external = process.env.KAFKA_BROKERS?.split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (external && external.length > 0) {
    const existing = new Set(
      await (async () => {
        const admin = new Kafka({ clientId: 'pantau-test-admin', brokers: external, logLevel: logLevel.NOTHING }).admin();
        await admin.connect();
        try {
          return await admin.listTopics();
        } finally {
          await admin.disconnect();
        }
      })(),
    );
    await createTopicsWithAdmin(
      external,
      topics.filter((t) => !existing.has(t.name)),
    );
    return {
      kind: 'external',
      brokers: external,
      supportsIdempotence: true,
      createTopic: (name, partitions) => createTopicsWithAdmin(external, [{ name, partitions }]),
      brokerDown: unsupported('brokerDown'),
      brokerUp: unsupported('brokerUp'),
      stop: async () => {},
    };
  }
  if (await containerRuntimeAnswers()) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer('confluentinc/cp-kafka:7.5.0').withKraft().start();
    const brokers = [`${container.getHost()}:${container.getMappedPort(9093)}`];
    await createTopicsWithAdmin(brokers, topics);
    return {
      kind: 'container',
      brokers,
      supportsIdempotence: true,
      createTopic: (name, partitions) => createTopicsWithAdmin(brokers, [{ name, partitions }]),
      brokerDown: unsupported('brokerDown'),
      brokerUp: unsupported('brokerUp'),
      stop: async () => {
        await container.stop();
      },
    };
  }
  return startTestBroker(topics);
}
