import * as analysisService from '@pantau/analysis';
import * as apiService from '@pantau/api/service';
import { loadEnv } from '@pantau/config';
import { addDays, PantauError } from '@pantau/contracts';
import { dropReports } from '@pantau/db';
import * as ingestService from '@pantau/ingest';
import { assertPortFree, developmentKey, firstAdmin, isEmbedded, onShutdown, openResources } from '@pantau/runtime';
import { type CountProgress, createCountProgress } from '../progress.ts';
import { type CommandSpec, parseCommand } from '../spec.ts';

/** `pantau start --help`. */
export const spec = {
  usage: ['start [--port N] [--no-sample]'],
  description:
    'Migrates, starts the analysis consumer (and the ingest poller when INGEST_QUERIES is set) and serves the API and dashboard until SIGTERM. Embedded (PGlite in PANTAU_DATA_DIR, in-process bus) unless DATABASE_URL / KAFKA_BROKERS are set; embedded it prints a development API key, and on first start the password of the first admin.',
  options: {
    port: { type: 'string', value: 'N', description: 'port of the API (overrides PORT; default 8080)' },
    'no-sample': { type: 'boolean', description: 'do not import the bundled sample posts on first start' },
  },
  examples: ['start', 'start --port 9000 --no-sample'],
} satisfies CommandSpec;

/**
 * `pantau start`: the services in one process on shared resources (embedded PGlite + in-process bus by default):
 * analysis, the API, and the ingest service when INGEST_QUERIES is set.
 */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand('start', spec, argv);
  const env = loadEnv({ ...process.env, ...(values.port ? { PORT: values.port } : {}) });
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
  const queries = env.INGEST_QUERIES ? ingestService.pollQueriesOf(env) : null;

  await assertPortFree(env.HOST, env.PORT);
  const resources = await openResources(env);
  const { logger } = resources;
  const model = await resources.model();
  const analysis = await analysisService.start(resources, { batchLogLevel: 'debug' });
  const api = await apiService.start(resources, { readiness: async () => ({ analysis: analysis.analyzer.healthy() }) });
  const url = api.url;
  const ingest = queries ? ingestService.start(resources, queries) : null;

  onShutdown(logger, async () => {
    await ingest?.stop();
    await api.stop();
    await analysis.stop();
    await resources.close();
  });

  const key = embedded ? await developmentKey(resources) : null;
  const admin = embedded ? await firstAdmin(resources) : null;
  const sample = !values['no-sample'] && env.PANTAU_LOAD_SAMPLE ? await ingestService.publishSample(resources) : null;
  // The first start analyses the sample before it says where to look: a bar (or plain lines) on stderr meanwhile.
  const backlog = { total: 0, bar: null as CountProgress | null };
  await analysisService.drain(
    resources,
    (left) => {
      if (left <= 0) return;
      if (!backlog.bar) {
        backlog.total = left;
        backlog.bar = createCountProgress('analysing', left);
      }
      backlog.bar.update(backlog.total - left);
    },
    200,
  );
  backlog.bar?.update(backlog.total);
  backlog.bar?.done();
  logger.info({ ...analysis.analyzer.totals() }, 'analysis caught up');
  // A report the scheduler wrote for the sample's days before their posts arrived is built again (it quotes 14 days).
  if (sample) await dropReports(resources.database.db, { from: sample.from, to: addDays(sample.to, 14) });

  const lines = [
    '',
    `Pantau is listening on ${url} (${embedded ? `embedded: PGlite in ${env.PANTAU_DATA_DIR}, in-process bus` : 'Postgres + Kafka'})`,
    `Model: ${model.manifest.name} ${model.manifest.version} on ${model.backend}${model.placeholder ? ' (PLACEHOLDER)' : ''}`,
    key
      ? `Development API key (read, ingest, admin): ${key}`
      : 'Create an API key with: pnpm -s pantau keys create --name NAME --scopes read',
    ...(admin
      ? [
          `Sign in to the dashboard as ${admin.name} with password ${admin.password} (shown once; change it: pnpm -s pantau users reset ${admin.name})`,
        ]
      : []),
    `Try: curl -H "Authorization: Bearer ${key ?? '<key>'}" ${url}/v1/keywords/top`,
    `OpenAPI: ${url}/docs`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return new Promise<number>(() => {});
}
