import { isPantauError } from '@pantau/contracts';

type Command = { run(argv: string[]): Promise<number> };

// Commands load lazily so `pantau eval` does not start a database and `pantau keys` does not load a model.
const COMMANDS: Record<string, { describe: string; load: () => Promise<Command> }> = {
  start: { describe: 'run everything in one process (embedded by default) and serve the API', load: () => import('./commands/start.ts') },
  migrate: { describe: 'apply database migrations', load: () => import('./commands/migrate.ts') },
  ingest: {
    describe: 'import a file (--file F) or collect from a platform (--connector NAME --query Q [--from T --to T])',
    load: () => import('./commands/ingest.ts'),
  },
  poll: { describe: 'poll the queries of INGEST_QUERIES on a schedule until stopped', load: () => import('./commands/poll.ts') },
  analyze: { describe: 'run the analysis consumer (needs KAFKA_BROKERS)', load: () => import('./commands/analyze.ts') },
  serve: { describe: 'serve the REST API only', load: () => import('./commands/serve.ts') },
  keys: { describe: 'create, list or revoke API keys', load: () => import('./commands/keys.ts') },
  train: { describe: 'rebuild the sentiment model from the shared data', load: () => import('./commands/train.ts') },
  'validation-study': {
    describe: 'measure model-only against validated shares on labelled regional-language posts posing as a deployment',
    load: () => import('./commands/validation-study.ts'),
  },
  report: { describe: 'write the daily keyword monitoring report (--date YYYY-MM-DD)', load: () => import('./commands/report.ts') },
  privacy: {
    describe: 'forget an author (--author H --platform P | --pseudonym X), apply retention now (--dry-run), or list the audit',
    load: () => import('./commands/privacy.ts'),
  },
  eval: {
    describe: 'score the active model on labelled fixtures (--fixtures FILE) or on the gold labels of a labelling task (--task ID)',
    load: () => import('./commands/eval.ts'),
  },
  labels: {
    describe: 'export (--task ID [--out FILE]) or import (--task ID --file FILE) the labels of a labelling task as CSV',
    load: () => import('./commands/labels.ts'),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'usage: pantau <command> [options]',
    '',
    ...Object.entries(COMMANDS).map(([c, d]) => `  ${c.padEnd(width)}  ${d.describe}`),
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`pantau: unknown command ${name}\n${usage()}`);
    return 2;
  }
  return (await command.load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isPantauError(error)) {
      process.stderr.write(`pantau: ${error.code}: ${error.message}\n`);
      process.exitCode = error.code === 'INTERNAL' ? 1 : 2;
    } else {
      process.stderr.write(`pantau: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
