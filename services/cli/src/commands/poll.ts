import { loadEnv } from '@pantau/config';
import { isEmbedded, onShutdown, openResources } from '@pantau/runtime';
import { type CommandSpec, parseCommand } from '../spec.ts';

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
 * where its last poll stopped (checkpoints in Postgres), until SIGTERM or SIGINT. Embedded (no separate analysis
 * service can join the in-process bus) the analysis service runs beside it.
 */
export async function run(argv: string[]): Promise<number> {
  parseCommand('poll', spec, argv);
  const env = loadEnv();
  const ingestService = await import('@pantau/ingest');
  // Every query is checked (credentials, syntax) before anything opens.
  const queries = ingestService.pollQueriesOf(env);
  const resources = await openResources(env);
  const analysisService = isEmbedded(env) ? await import('@pantau/analysis') : null;
  const analysis = analysisService ? await analysisService.start(resources, { batchLogLevel: 'debug', schedulers: false }) : null;
  const ingest = ingestService.start(resources, queries);
  onShutdown(resources.logger, async () => {
    await ingest.stop();
    if (analysisService && analysis) {
      await analysisService.drain(resources);
      await analysis.stop();
    }
    await resources.close();
  });
  return new Promise<number>(() => {});
}
