import { loadEnv } from '@pantau/config';
import { PantauError } from '@pantau/contracts';
import { connectorFactory, parsePollQueries, startPoller } from '@pantau/ingest';
import { connectorSettingsOf, createLogger, openBus, openMigratedDatabase, resolvePepper } from '../runtime.ts';
import { onShutdown } from '../shutdown.ts';
import { type CommandSpec, parseCommand } from '../spec.ts';
import { embeddedAnalysis } from './ingest.ts';

/** `pantau poll --help`. */
export const spec = {
  usage: ['poll'],
  description:
    'The ingest service: polls every query of INGEST_QUERIES (a JSON array of {connector, query, everyMinutes?}, or a file holding one) on its schedule, each from its checkpoint, until SIGTERM. Embedded it also analyses the posts (use it instead of `pantau start`).',
  options: {},
  examples: [`poll`, `INGEST_QUERIES='[{"connector":"rss","query":"https://example.org/feed.xml"}]' pantau poll`],
} satisfies CommandSpec;

/**
 * `pantau poll`: the long-running ingest service. Polls every query of INGEST_QUERIES on its schedule, each from
 * where its last poll stopped (checkpoints in Postgres), until SIGTERM or SIGINT.
 */
export async function run(argv: string[]): Promise<number> {
  parseCommand('poll', spec, argv);
  const env = loadEnv();
  if (!env.INGEST_QUERIES)
    throw new PantauError('CONFIG_INVALID', 'INGEST_QUERIES: required (a JSON array of {connector, query}, or a file holding one)', {
      details: { variable: 'INGEST_QUERIES' },
    });
  const queries = parsePollQueries(env.INGEST_QUERIES);
  const connectorOf = connectorFactory(connectorSettingsOf(env));
  // Every query is checked (credentials, syntax) before the service starts.
  for (const q of queries) connectorOf(q.connector, q.query);
  const logger = createLogger(env);
  const database = await openMigratedDatabase(env, logger);
  const bus = await openBus(env, logger);
  const producer = await bus.producer();
  const analysis = await embeddedAnalysis(env, logger, database, bus, producer);
  const poller = startPoller({
    queries,
    connectorOf,
    producer,
    db: database.db,
    pepper: resolvePepper(env),
    everyMinutes: env.INGEST_POLL_MINUTES,
    firstLookbackMs: env.INGEST_FIRST_LOOKBACK_HOURS * 3_600_000,
    onRun: (q, result) => {
      const fields = {
        connector: q.connector,
        query: q.query,
        runId: result.run?.runId,
        from: result.window?.from.toISOString(),
        to: result.window?.to.toISOString(),
        resumed: result.resumed,
        fetched: result.run?.stats.fetched ?? 0,
        published: result.run?.stats.published ?? 0,
        rejected: result.run?.stats.rejected ?? {},
      };
      if (result.run?.error) logger.warn({ ...fields, error: result.run.error }, 'poll failed; the next poll resumes from the checkpoint');
      else logger.info({ ...fields, skipped: result.skipped ?? undefined }, 'poll finished');
    },
    onError: (q, err) => logger.error({ connector: q.connector, query: q.query, err }, 'poll could not run'),
  });
  logger.info({ queries: queries.map((q) => `${q.connector} ${q.query}`), everyMinutes: env.INGEST_POLL_MINUTES }, 'polling');
  onShutdown(logger, async () => {
    await poller.stop();
    await analysis?.drainAndStop();
    await producer.close();
    await bus.close();
    await database.close();
  });
  return new Promise<number>(() => {});
}
