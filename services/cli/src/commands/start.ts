import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { buildApp, listen } from '@pantau/api';
import { loadEnv } from '@pantau/config';
import { PantauError, TOPICS } from '@pantau/contracts';
import { createApiKey, hasCoverageRun, verifyApiKey } from '@pantau/db';
import { fileConnector, runConnector, SAMPLE_POSTS_FILE, sampleRunId } from '@pantau/ingest';
import { loadSentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier } from '@pantau/text';
import { assertPortFree } from '../port.ts';
import { type CountProgress, createCountProgress } from '../progress.ts';
import { createLogger, devKeyFile, isEmbedded, openBus, openMigratedDatabase, resolvePepper } from '../runtime.ts';
import { onShutdown } from '../shutdown.ts';
import { type CommandSpec, parseCommand } from '../spec.ts';
import { apiContext, startAnalysisService } from '../wiring.ts';

/** `pantau start --help`. */
export const spec = {
  usage: ['start [--port N] [--no-sample]'],
  description:
    'Migrates, starts the analysis consumer and serves the API and dashboard until SIGTERM. Embedded (PGlite in PANTAU_DATA_DIR, in-process bus) unless DATABASE_URL / KAFKA_BROKERS are set; embedded it prints a development API key.',
  options: {
    port: { type: 'string', value: 'N', description: 'port of the API (overrides PORT; default 8080)' },
    'no-sample': { type: 'boolean', description: 'do not import the bundled sample posts on first start' },
  },
  examples: ['start', 'start --port 9000 --no-sample'],
} satisfies CommandSpec;

/** `pantau start`: the whole pipeline in one process (embedded PGlite + in-process bus by default). */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand('start', spec, argv);
  const env = loadEnv({ ...process.env, ...(values.port ? { PORT: values.port } : {}) });
  const logger = createLogger(env);
  const embedded = isEmbedded(env);
  if (!embedded && env.PANTAU_DEV_API_KEY) {
    throw new PantauError(
      'CONFIG_INVALID',
      'PANTAU_DEV_API_KEY: a fixed development key is for the embedded mode only; create keys with pantau keys',
      {
        details: { variable: 'PANTAU_DEV_API_KEY' },
      },
    );
  }

  await assertPortFree(env.HOST, env.PORT);
  const database = await openMigratedDatabase(env, logger);
  const bus = await openBus(env, logger);
  const [model, languages] = await Promise.all([loadSentimentModel(), createLanguageIdentifier()]);
  const producer = await bus.producer();
  const analysis = await startAnalysisService({ env, logger, database, bus, producer, model, languages, batchLogLevel: 'debug' });
  const pepper = resolvePepper(env);

  const app = await buildApp(
    apiContext(env, logger, database, model, { producer, pepper, readiness: async () => ({ analysis: analysis.analyzer.healthy() }) }),
    { logger },
  );
  const url = await listen(app, { host: env.HOST, port: env.PORT });

  onShutdown(logger, async () => {
    await app.close();
    await analysis.stop();
    await producer.close();
    await bus.close();
    await database.close();
  });

  const key = embedded ? await developmentKey(env, database.db) : null;
  if (!values['no-sample'] && env.PANTAU_LOAD_SAMPLE) {
    const runId = sampleRunId();
    if (!(await hasCoverageRun(database.db, runId))) {
      const result = await runConnector(fileConnector(SAMPLE_POSTS_FILE), { producer, db: database.db, pepper, runId });
      logger.info({ runId, ...result.stats }, 'sample posts published');
    }
  }
  // The first start analyses the sample before it says where to look: a bar (or plain lines) on stderr meanwhile.
  const backlog = { total: 0, bar: null as CountProgress | null };
  for (let left = await bus.lag(env.KAFKA_GROUP_ID, TOPICS.postsRaw); left > 0; left = await bus.lag(env.KAFKA_GROUP_ID, TOPICS.postsRaw)) {
    if (!backlog.bar) {
      backlog.total = left;
      backlog.bar = createCountProgress('analysing', left);
    }
    backlog.bar.update(backlog.total - left);
    await new Promise((r) => setTimeout(r, 200));
  }
  backlog.bar?.update(backlog.total);
  backlog.bar?.done();
  logger.info({ ...analysis.analyzer.totals() }, 'analysis caught up');

  const lines = [
    '',
    `Pantau is listening on ${url} (${embedded ? `embedded: PGlite in ${env.PANTAU_DATA_DIR}, in-process bus` : 'Postgres + Kafka'})`,
    `Model: ${model.manifest.name} ${model.manifest.version} on ${model.backend}${model.placeholder ? ' (PLACEHOLDER)' : ''}`,
    key
      ? `Development API key (read, ingest, admin): ${key}`
      : 'Create an API key with: pnpm -s pantau keys create --name NAME --scopes read',
    `Try: curl -H "Authorization: Bearer ${key ?? '<key>'}" ${url}/v1/keywords/top`,
    `OpenAPI: ${url}/docs`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return new Promise<number>(() => {});
}

/** The embedded development key: reused from the data folder while it is valid, else created. */
async function developmentKey(env: ReturnType<typeof loadEnv>, db: Parameters<typeof verifyApiKey>[0]): Promise<string> {
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
