import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { type Bus, type BusProducer, createKafkaBus, createMemoryBus } from '@pantau/bus';
import type { Env } from '@pantau/config';
import { PantauError, TOPICS } from '@pantau/contracts';
import { CLI_ACTOR, createApiKey, createUser, type DatabaseHandle, listUsers, migrate, openDatabase, verifyApiKey } from '@pantau/db';
import type { SentimentModel } from '@pantau/sentiment';
import type { LanguageIdentifier } from '@pantau/text';
import pino, { type Logger } from 'pino';

/** Package version of the running software. */
export const SOFTWARE_VERSION = '0.1.0';

/** Creates the process logger (services log; packages return or throw). */
export function createLogger(env: Env, destination?: pino.DestinationStream): Logger {
  return pino({ level: env.LOG_LEVEL, base: { service: 'pantau' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}

/** Log fields that may carry a secret; pino replaces them before a line is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'secret',
  'key',
  'apiKey',
  'pepper',
  'PANTAU_PEPPER',
  'PANTAU_DEV_API_KEY',
  'DATABASE_URL',
  'env.PANTAU_PEPPER',
  'env.DATABASE_URL',
  '*.secret',
  '*.pepper',
  'err.config.connectionString',
  'X_BEARER_TOKEN',
  'META_ACCESS_TOKEN',
  'env.X_BEARER_TOKEN',
  'env.META_ACCESS_TOKEN',
];

/** Placeholder secrets from the documentation that must never run a real deployment. */
const DOCUMENTED_PLACEHOLDERS = new Set(['change-me-to-a-long-random-secret']);

/** True when neither a Postgres URL nor Kafka brokers are configured. */
export const isEmbedded = (env: Env) => !env.DATABASE_URL && !env.KAFKA_BROKERS;

/** Opens Postgres (DATABASE_URL) or the embedded PGlite in PANTAU_DATA_DIR, and applies migrations. */
export async function openMigratedDatabase(env: Env, logger: Logger): Promise<DatabaseHandle> {
  if (!env.DATABASE_URL) mkdirSync(env.PANTAU_DATA_DIR, { recursive: true });
  const handle = await openDatabase({
    url: env.DATABASE_URL,
    dataDir: env.DATABASE_URL ? undefined : join(env.PANTAU_DATA_DIR, 'pglite'),
    onPoolError: (err) => logger.warn({ err }, 'idle database connection failed'),
  });
  await migrate(handle);
  return handle;
}

/** Kafka when KAFKA_BROKERS is set, else the in-process bus; topics are created if missing. */
export async function openBus(env: Env, logger: Logger): Promise<Bus> {
  const bus = env.KAFKA_BROKERS
    ? createKafkaBus({
        brokers: env.KAFKA_BROKERS,
        clientId: env.KAFKA_CLIENT_ID,
        idempotent: env.KAFKA_IDEMPOTENT,
        compression: env.KAFKA_COMPRESSION,
        sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
        fetchMaxWaitMs: env.KAFKA_FETCH_MAX_WAIT_MS,
        onLog: ({ level, message, extra }) => logger[level === 'debug' ? 'debug' : level]({ kafka: extra }, message),
      })
    : embeddedBus(env);
  await bus.ensureTopics([
    { name: TOPICS.postsRaw, partitions: env.KAFKA_PARTITIONS },
    { name: TOPICS.postsDlq, partitions: 1 },
    // One partition: the coordination stage's single active member sees every instance's posts (see the README).
    { name: TOPICS.postsAnalyzed, partitions: 1 },
  ]);
  return bus;
}

/** The file of the embedded data folder keeping the in-process bus's next offsets. */
export const embeddedBusOffsetsFile = (env: Env) => join(env.PANTAU_DATA_DIR, 'bus-offsets.json');

/** The in-process bus, its offsets continued across restarts from a file of the embedded data folder. */
function embeddedBus(env: Env): Bus {
  mkdirSync(env.PANTAU_DATA_DIR, { recursive: true });
  return createMemoryBus({ offsetsFile: embeddedBusOffsetsFile(env) });
}

/** A secret kept in a file of the embedded data folder, created on first use. */
function embeddedSecret(env: Env, name: string, make: () => string): string {
  mkdirSync(env.PANTAU_DATA_DIR, { recursive: true });
  const path = join(env.PANTAU_DATA_DIR, name);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const value = make();
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return value;
}

/** The pseudonym pepper: PANTAU_PEPPER, or (embedded only) a random one kept in the data folder. */
export function resolvePepper(env: Env): string {
  if (env.PANTAU_PEPPER && DOCUMENTED_PLACEHOLDERS.has(env.PANTAU_PEPPER)) {
    throw new PantauError('CONFIG_INVALID', 'PANTAU_PEPPER: still the documented example; set a long random secret', {
      details: { variable: 'PANTAU_PEPPER' },
    });
  }
  if (env.PANTAU_PEPPER) return env.PANTAU_PEPPER;
  if (env.DATABASE_URL) {
    throw new PantauError('CONFIG_INVALID', 'PANTAU_PEPPER: required with DATABASE_URL (a secret of at least 16 characters)', {
      details: { variable: 'PANTAU_PEPPER' },
    });
  }
  return embeddedSecret(env, 'pepper', () => randomBytes(32).toString('hex'));
}

/** Reads and writes the embedded development key's secret (only its hash is in the database). */
export const devKeyFile = (env: Env) => join(env.PANTAU_DATA_DIR, 'dev-api-key');

/** The software commit for disclosures: PANTAU_COMMIT, else git, else `unknown`. */
export function softwareCommit(env: Env): string {
  if (env.PANTAU_COMMIT) return env.PANTAU_COMMIT;
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * How far V8 lets the old generation grow past what survived the last full collection before collecting again
 * (`--heap-growing-percent`). V8's own factor goes up to 4x for a fast allocator: the analysis service keeps about
 * 45 MB alive but each batch it holds across its database write is promoted, so its heap swelled to about 150 MB,
 * mostly garbage, between full collections. 50% bounds that at the cost of more (short, mostly concurrent) collections.
 */
export const ANALYSIS_HEAP_GROWING_PERCENT = 50;

/**
 * Sets the analysis service's heap growing factor, unless node was started with one. The flag is read at every
 * collection, so setting it while the process runs takes effect from the next one. Returns whether it was set.
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return false;
  setFlagsFromString(`--heap-growing-percent=${ANALYSIS_HEAP_GROWING_PERCENT}`);
  return true;
}

/** The shared resources of a process that needs the database only (keys, migrate, report, labels). */
export interface DatabaseResources {
  env: Env;
  logger: Logger;
  database: DatabaseHandle;
  /** The sentiment model on PANTAU_TF_BACKEND, loaded on first use and shared. */
  model(): Promise<SentimentModel>;
  /** The language identifier, loaded on first use and shared. */
  languages(): Promise<LanguageIdentifier>;
  /** The pseudonym pepper (see resolvePepper). */
  pepper(): string;
  /** Closes what was opened, the last opened first. */
  close(): Promise<void>;
}

/** The shared resources of a service on the bus: the database, the bus and one producer. */
export interface Resources extends DatabaseResources {
  bus: Bus;
  producer: BusProducer;
}

/** Loads the sentiment model on the configured TensorFlow.js backend. */
export async function loadModel(env: Env): Promise<SentimentModel> {
  // Imported here: TensorFlow.js takes seconds to load and most commands never need it.
  const { loadSentimentModel } = await import('@pantau/sentiment');
  return loadSentimentModel({ backend: env.PANTAU_TF_BACKEND });
}

/** Opens the (migrated) database; model and language identifier load on first use. */
export async function openDatabaseResources(env: Env, options: { logger?: Logger } = {}): Promise<DatabaseResources> {
  const logger = options.logger ?? createLogger(env);
  const database = await openMigratedDatabase(env, logger);
  return databaseResources(env, logger, database, () => database.close());
}

/** Opens the database, the bus (Kafka or in-process) and a producer, in that order; `close()` closes them in reverse. */
export async function openResources(env: Env, options: { logger?: Logger } = {}): Promise<Resources> {
  const logger = options.logger ?? createLogger(env);
  const database = await openMigratedDatabase(env, logger);
  let bus: Bus | null = null;
  try {
    bus = await openBus(env, logger);
    const producer = await bus.producer();
    const opened = bus;
    return {
      ...databaseResources(env, logger, database, async () => {
        await producer.close();
        await opened.close();
        await database.close();
      }),
      bus: opened,
      producer,
    };
  } catch (error) {
    await bus?.close();
    await database.close();
    throw error;
  }
}

/** Runs `work` with the database resources and closes them after, whether it succeeded or failed. */
export async function withDatabase<T>(env: Env, work: (resources: DatabaseResources) => Promise<T>): Promise<T> {
  const resources = await openDatabaseResources(env);
  try {
    return await work(resources);
  } finally {
    await resources.close();
  }
}

function databaseResources(env: Env, logger: Logger, database: DatabaseHandle, close: () => Promise<void>): DatabaseResources {
  let model: Promise<SentimentModel> | null = null;
  let languages: Promise<LanguageIdentifier> | null = null;
  let pepper: string | null = null;
  return {
    env,
    logger,
    database,
    model: () => {
      model ??= loadModel(env);
      return model;
    },
    languages: () => {
      languages ??= import('@pantau/text').then(({ createLanguageIdentifier }) => createLanguageIdentifier());
      return languages;
    },
    pepper: () => {
      pepper ??= resolvePepper(env);
      return pepper;
    },
    close,
  };
}

/** The embedded development key: reused from the data folder while it is valid, else created. */
export async function developmentKey(resources: Pick<DatabaseResources, 'env' | 'database'>): Promise<string> {
  const { env } = resources;
  const { db } = resources.database;
  if (env.PANTAU_DEV_API_KEY) {
    if (!(await verifyApiKey(db, env.PANTAU_DEV_API_KEY)))
      await createApiKey(db, 'development', ['read', 'ingest', 'admin'], env.PANTAU_DEV_API_KEY);
    return env.PANTAU_DEV_API_KEY;
  }
  const file = devKeyFile(env);
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (await verifyApiKey(db, secret)) return secret;
  }
  const { secret } = await createApiKey(db, 'development', ['read', 'ingest', 'admin']);
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * The first admin of an embedded database: when it has no users yet, a user `admin` with a random password, returned
 * once to be printed (only its argon2id hash is stored). Null when users exist.
 */
export async function firstAdmin(resources: Pick<DatabaseResources, 'database'>): Promise<{ name: string; password: string } | null> {
  const { db } = resources.database;
  if ((await listUsers(db)).length > 0) return null;
  const password = randomBytes(12).toString('base64url');
  await createUser(db, { name: 'admin', role: 'admin', password }, CLI_ACTOR);
  return { name: 'admin', password };
}
