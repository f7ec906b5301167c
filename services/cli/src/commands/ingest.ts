import { parseArgs } from 'node:util';
import type { Bus, BusProducer } from '@pantau/bus';
import { coordinationRuleOf, type Env, loadEnv } from '@pantau/config';
import { addDays, isDay, PantauError, TOPICS } from '@pantau/contracts';
import type { DatabaseHandle } from '@pantau/db';
import {
  type CollectMode,
  type CollectWindow,
  collect,
  connectorFactory,
  type FileFormat,
  fileConnector,
  type RunResult,
  runConnector,
} from '@pantau/ingest';
import { createProgress } from '../progress.ts';
import { connectorSettingsOf, createLogger, isEmbedded, openBus, openMigratedDatabase, resolvePepper } from '../runtime.ts';

/** An instant from `--from`/`--to`: ISO 8601 with an offset, or a day (YYYY-MM-DD, Asia/Jakarta; `--to` takes the whole day). */
export function parseInstant(name: 'from' | 'to', value: string): Date {
  if (isDay(value)) return new Date(`${name === 'to' ? addDays(value, 1) : value}T00:00:00+07:00`);
  const ms = /[T ]\d{2}:\d{2}/.test(value) && /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    throw new PantauError('INVALID_INPUT', `--${name}: an ISO 8601 time with offset (2026-11-24T00:00:00+07:00) or a day (2026-11-24)`, {
      details: { parameter: name },
    });
  return new Date(ms);
}

/** The analysis consumer of the embedded mode, which has no separate analysis service; null with Kafka. */
export async function embeddedAnalysis(env: Env, database: DatabaseHandle, bus: Bus, producer: BusProducer) {
  if (!isEmbedded(env)) return null;
  // Loaded only here: the model and TensorFlow.js take seconds to import, and Kafka deployments do not need them.
  const [{ createAnalyzer, startAnalysisConsumer }, { loadSentimentModel }, { createLanguageIdentifier }] = await Promise.all([
    import('@pantau/analysis'),
    import('@pantau/sentiment'),
    import('@pantau/text'),
  ]);
  const [model, languages] = await Promise.all([loadSentimentModel(), createLanguageIdentifier()]);
  const analyzer = createAnalyzer({ db: database.db, model, languages, dlq: producer, coordination: coordinationRuleOf(env) });
  const consumer = await startAnalysisConsumer(bus, analyzer, { groupId: env.KAFKA_GROUP_ID, maxBatch: env.ANALYSIS_MAX_BATCH });
  return {
    /** Waits until every published post is analysed, then stops. */
    async drainAndStop() {
      while ((await bus.lag(env.KAFKA_GROUP_ID, TOPICS.postsRaw)) > 0) await new Promise((r) => setTimeout(r, 100));
      await consumer.stop();
    },
  };
}

/**
 * `pantau ingest --file F [--format jsonl|csv]` imports a file of posts;
 * `pantau ingest --connector NAME --query Q [--from T --to T]` collects from a platform: a back-fill of the range
 * (resumable: run it again after a failure), or without a range one live poll. With Kafka it publishes to
 * `posts.raw`; embedded, it also analyses the posts in this process (stop `pantau start` first: PGlite has one writer).
 */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      file: { type: 'string' },
      format: { type: 'string' },
      connector: { type: 'string' },
      query: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
  });
  if (!values.file && !values.connector)
    throw new PantauError(
      'INVALID_INPUT',
      '--file or --connector: one is required (a .jsonl/.csv file, or x-recent-search, meta-graph, rss)',
    );
  if (values.file && values.connector) throw new PantauError('INVALID_INPUT', '--file and --connector: give one of them');
  if (values.format && values.format !== 'jsonl' && values.format !== 'csv')
    throw new PantauError('INVALID_INPUT', '--format: jsonl or csv');
  if (values.connector && !values.query) throw new PantauError('INVALID_INPUT', '--query: required with --connector');
  if (!!values.from !== !!values.to) throw new PantauError('INVALID_INPUT', `--${values.from ? 'to' : 'from'}: give both --from and --to`);
  const window: CollectWindow | null =
    values.from && values.to ? { from: parseInstant('from', values.from), to: parseInstant('to', values.to) } : null;
  if (window && !(window.from < window.to)) throw new PantauError('INVALID_INPUT', '--from: must be before --to');

  const env = loadEnv();
  // Built before any connection, so a missing token or a bad query fails fast.
  const connector = values.connector ? connectorFactory(connectorSettingsOf(env))(values.connector, values.query ?? '') : null;
  const logger = createLogger(env);
  const database = await openMigratedDatabase(env, logger);
  const bus = await openBus(env, logger);
  const producer = await bus.producer();
  const pepper = resolvePepper(env);
  const controller = new AbortController();
  const interrupt = () => controller.abort(new Error('interrupted; run the same command again to resume'));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const analysis = await embeddedAnalysis(env, database, bus, producer);
    let result: RunResult | null;
    let summary: Record<string, unknown> = {};
    if (connector) {
      const mode: CollectMode = window
        ? { kind: 'backfill', window }
        : { kind: 'live', firstLookbackMs: env.INGEST_FIRST_LOOKBACK_HOURS * 3_600_000 };
      const progress = createProgress(`${connector.name} ${connector.query}`);
      let pages = 0;
      const collected = await collect(connector, {
        producer,
        db: database.db,
        pepper,
        mode,
        signal: controller.signal,
        onPage: (stats, w) => progress.update(stats, w, ++pages),
      });
      progress.done();
      result = collected.run;
      summary = {
        connector: connector.name,
        query: connector.query,
        window: collected.window && { from: collected.window.from.toISOString(), to: collected.window.to.toISOString() },
        resumed: collected.resumed,
        ...(collected.skipped ? { skipped: collected.skipped } : {}),
      };
    } else {
      result = await runConnector(fileConnector(values.file ?? '', values.format as FileFormat | undefined), {
        producer,
        db: database.db,
        pepper,
      });
    }
    await analysis?.drainAndStop();
    const report = result
      ? { ...summary, runId: result.runId, ...result.stats, error: result.error, rejections: result.rejections.slice(0, 50) }
      : summary;
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return result?.error ? 1 : 0;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await producer.close();
    await bus.close();
    await database.close();
  }
}
