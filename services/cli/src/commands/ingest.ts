import { loadEnv } from '@pantau/config';
import { assertPostsFile, CONNECTOR_NAMES, type CollectWindow, type FileFormat, type RunResult } from '@pantau/connectors';
import { addDays, isDay, PantauError, TOPICS } from '@pantau/contracts';
import { connectorFor, type IngestSource, ingestOnce } from '@pantau/ingest';
import { isEmbedded, openResources } from '@pantau/runtime';
import { type CountProgress, createCountProgress, createProgress } from '../progress.ts';
import { type CommandSpec, parseCommand } from '../spec.ts';

/** `pantau ingest --help`. */
export const spec = {
  usage: ['ingest --file FILE [--format jsonl|csv|json] [--json]', 'ingest --connector NAME --query Q [--from T --to T] [--json]'],
  description: `Imports a file of posts, or collects from a platform (${CONNECTOR_NAMES.join(', ')}): with --from/--to a resumable back-fill of the range, without them one live poll. With Kafka it publishes to posts.raw; embedded it also analyses the posts here (stop \`pantau start\` first: PGlite has one writer). A file that is not posts in its format fails before anything is published; single bad lines go to the dead-letter topic with their reason.`,
  options: {
    file: { type: 'string', value: 'FILE', description: 'a file of posts: JSON lines, CSV with a header, or a JSON array' },
    format: { type: 'string', value: 'F', description: 'jsonl, csv or json (default: from the extension, else jsonl)' },
    connector: { type: 'string', value: 'NAME', description: CONNECTOR_NAMES.join(', ') },
    query: {
      type: 'string',
      value: 'Q',
      description:
        'what the connector collects: a search, page:, hashtag:, ig-user:, video:, search:, play:, news: or tiktok: query, or a feed URL',
    },
    from: { type: 'string', value: 'T', description: 'start of a back-fill: ISO 8601 with offset, or a Jakarta day YYYY-MM-DD' },
    to: { type: 'string', value: 'T', description: 'end of a back-fill (a day counts whole)' },
    json: { type: 'boolean', description: 'machine-readable summary on stdout' },
  },
  examples: [
    'ingest --file posts.jsonl',
    'ingest --file export.csv --json',
    "ingest --connector x-recent-search --query '(bpjs OR jkn) lang:in' --from 2026-11-20 --to 2026-11-24",
    'ingest --connector rss --query https://example.org/feed.xml',
    "ingest --connector youtube --query 'search:antrean bpjs' --from 2026-11-20 --to 2026-11-24",
    'ingest --connector google-play --query play:app.bpjs.mobile',
    'ingest --connector news --query news:antara',
  ],
} satisfies CommandSpec;

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

/**
 * `pantau ingest --file F [--format jsonl|csv]` imports a file of posts;
 * `pantau ingest --connector NAME --query Q [--from T --to T]` collects from a platform: a back-fill of the range
 * (resumable: run it again after a failure), or without a range one live poll. With Kafka it publishes to
 * `posts.raw`; embedded, it also analyses the posts in this process (stop `pantau start` first: PGlite has one writer).
 */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand('ingest', spec, argv);
  if (!values.file && !values.connector)
    throw new PantauError('INVALID_INPUT', `--file or --connector: one is required (a .jsonl/.csv file, or ${CONNECTOR_NAMES.join(', ')})`);
  if (values.file && values.connector) throw new PantauError('INVALID_INPUT', '--file and --connector: give one of them');
  if (values.format && values.format !== 'jsonl' && values.format !== 'csv' && values.format !== 'json')
    throw new PantauError('INVALID_INPUT', '--format: jsonl, csv or json');
  if (values.connector && !values.query) throw new PantauError('INVALID_INPUT', '--query: required with --connector');
  if (!!values.from !== !!values.to) throw new PantauError('INVALID_INPUT', `--${values.from ? 'to' : 'from'}: give both --from and --to`);
  const window: CollectWindow | null =
    values.from && values.to ? { from: parseInstant('from', values.from), to: parseInstant('to', values.to) } : null;
  if (window && !(window.from < window.to)) throw new PantauError('INVALID_INPUT', '--from: must be before --to');

  // Before any connection: a missing file or one that is not posts (a README, a binary) fails here, exit 2.
  if (values.file) await assertPostsFile(values.file, values.format as FileFormat | undefined);
  const env = loadEnv();
  const source: IngestSource = values.connector
    ? { kind: 'connector', connector: connectorFor(env, values.connector, values.query ?? ''), window }
    : { kind: 'file', file: values.file ?? '', ...(values.format ? { format: values.format as FileFormat } : {}) };
  const resources = await openResources(env);
  const controller = new AbortController();
  const interrupt = () => controller.abort(new Error('interrupted; run the same command again to resume'));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    // Embedded, no analysis service can join the in-process bus: the analysis service runs beside the ingest here.
    // Loaded only then: the model and TensorFlow.js take seconds to import, and Kafka deployments do not need them.
    const analysisService = isEmbedded(env) ? await import('@pantau/analysis') : null;
    const analysis = analysisService ? await analysisService.start(resources, { batchLogLevel: 'debug', schedulers: false }) : null;
    const progress = createProgress(source.kind === 'file' ? `file ${source.file}` : `${source.connector.name} ${source.connector.query}`);
    let pages = 0;
    const done = await ingestOnce(resources, source, {
      signal: controller.signal,
      onPage: (stats, w) => progress.update(stats, w, ++pages),
    });
    progress.done();
    if (analysisService && analysis) {
      const drain = { bar: null as CountProgress | null, total: 0 };
      await analysisService.drain(resources, (left) => {
        if (!drain.bar && left > 0) {
          drain.total = left;
          drain.bar = createCountProgress('analysing', left);
        }
        drain.bar?.update(drain.total - left);
      });
      drain.bar?.done();
      await analysis.stop();
    }
    const summary: Record<string, unknown> =
      'file' in done.source
        ? { file: done.source.file }
        : {
            ...done.source,
            window: done.window && { from: done.window.from.toISOString(), to: done.window.to.toISOString() },
            resumed: done.resumed,
            ...(done.skipped ? { skipped: done.skipped } : {}),
          };
    const result = done.run;
    const report = result
      ? { ...summary, runId: result.runId, ...result.stats, error: result.error, rejections: result.rejections.slice(0, 50) }
      : summary;
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : summaryOf(summary, result));
    return result?.error ? 1 : 0;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await resources.close();
  }
}

const SHOWN_REJECTIONS = 8;

/** The one-screen summary of an ingest run (`--json` prints the whole report instead). */
export function summaryOf(summary: Record<string, unknown>, result: RunResult | null): string {
  const source = summary.file ? `file ${String(summary.file)}` : `${String(summary.connector)} ${JSON.stringify(summary.query)}`;
  const window = summary.window as { from: string; to: string } | null | undefined;
  const lines = [`${source}${window ? `, ${window.from} to ${window.to}` : ''}${summary.resumed ? ' (resumed)' : ''}`];
  if (summary.skipped) lines.push(`nothing to do: ${String(summary.skipped)}`);
  if (result) {
    const { stats } = result;
    const rejected = Object.entries(stats.rejected).sort((a, b) => b[1] - a[1]);
    const total = rejected.reduce((sum, [, n]) => sum + n, 0);
    lines.push(
      `${stats.published} of ${stats.fetched} posts published, ${total} rejected${total ? ` (${rejected.map(([r, n]) => `${r} ${n}`).join(', ')})` : ''}`,
    );
    if (stats.firstPublishedAt && stats.lastPublishedAt)
      lines.push(`posts from ${stats.firstPublishedAt.toISOString()} to ${stats.lastPublishedAt.toISOString()}`);
    if (result.rejections.length > 0) {
      const shown = result.rejections.slice(0, SHOWN_REJECTIONS);
      const width = Math.max(...shown.map((r) => r.ref.length));
      lines.push(
        `first rejections (invalid ones are on the ${TOPICS.postsDlq} topic with their reason${result.rejections.length > shown.length ? `; ${result.rejections.length - shown.length} more with --json` : ''}):`,
        ...shown.map((r) => `  ${r.ref.padEnd(width)}  ${r.reason}: ${r.detail.length > 100 ? `${r.detail.slice(0, 99)}…` : r.detail}`),
      );
    }
    lines.push(`run ${result.runId}`);
    if (result.error) lines.push(`stopped: ${result.error} (run the same command again to resume)`);
  }
  return `${lines.join('\n')}\n`;
}
