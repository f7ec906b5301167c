import { PantauError } from '@pantau/contracts';
import { type CommandSpec, failureOf, renderHelp, versionLine, wantsHelp } from './spec.ts';

// Every command module exports its spec (help and argument parsing) beside `run`.
type Command = { spec: CommandSpec; run(argv: string[]): Promise<number> };

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
  coordinate: {
    describe: 'run the coordination stage alone on posts.analyzed (needs KAFKA_BROKERS)',
    load: () => import('./commands/coordinate.ts'),
  },
  serve: { describe: 'serve the REST API only', load: () => import('./commands/serve.ts') },
  keys: { describe: 'create, list or revoke API keys', load: () => import('./commands/keys.ts') },
  users: {
    describe: 'create, list, disable, enable, reset or change the role of the people who sign in',
    load: () => import('./commands/users.ts'),
  },
  train: { describe: 'rebuild the sentiment model from the shared data', load: () => import('./commands/train.ts') },
  model: {
    describe: 'list the model versions, activate one (checked first), or roll back to the one active before',
    load: () => import('./commands/model.ts'),
  },
  'train-language': {
    describe: 'rebuild the regional-language identifier from the shared data (NusaX train, chosen on a dev split)',
    load: () => import('./commands/train-language.ts'),
  },
  'validation-study': {
    describe: 'measure model-only against validated shares on labelled regional-language posts posing as a deployment',
    load: () => import('./commands/validation-study.ts'),
  },
  reanalyze: {
    describe: 'relabel the stored posts of a window (--from D --to D [--topic ID|NAME]) with the active model; resumable',
    load: () => import('./commands/reanalyze.ts'),
  },
  report: { describe: 'write the daily keyword monitoring report (--date YYYY-MM-DD)', load: () => import('./commands/report.ts') },
  privacy: {
    describe: 'forget an author (--author H --platform P | --pseudonym X), apply retention now (--dry-run), or list the audit',
    load: () => import('./commands/privacy.ts'),
  },
  audit: {
    describe: 'verify the audit-log hash chain (audit verify): exit 1 at the first broken link',
    load: () => import('./commands/audit.ts'),
  },
  backup: { describe: 'write a backup of the database (--out FILE)', load: () => import('./commands/backup.ts') },
  restore: {
    describe: 'restore a backup (--from FILE [--replace]) and apply the migrations',
    load: () => import('./commands/restore.ts'),
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
    '       pantau help <command> | pantau <command> --help',
    '       pantau --version',
    '',
    ...Object.entries(COMMANDS).map(([c, d]) => `  ${c.padEnd(width)}  ${d.describe}`),
    '',
  ].join('\n');
}

/** The command of that name, or a one-line error naming the way to the list. */
function commandOf(name: string) {
  const command = COMMANDS[name];
  if (!command) throw new PantauError('INVALID_INPUT', `unknown command ${name}; see pantau --help for the list`);
  return command;
}

let current: string | undefined;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(versionLine());
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || (name === 'help' && !rest[0])) {
    (name ? process.stdout : process.stderr).write(usage());
    return name ? 0 : 2;
  }
  if (name === 'help') {
    const target = rest[0] as string;
    const command = commandOf(target);
    process.stdout.write(renderHelp(command.describe, (await command.load()).spec));
    return 0;
  }
  const command = commandOf(name);
  current = name;
  const module = await command.load();
  // Before the command does anything: `migrate --help` must not migrate, `serve --help` must not listen.
  if (wantsHelp(rest)) {
    process.stdout.write(renderHelp(command.describe, module.spec));
    return 0;
  }
  return module.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const { line, exitCode } = failureOf(error, current);
    process.stderr.write(`${line}\n`);
    // A failed command may hold a pool, a bus or a model open; the user wants the prompt back, not a hang.
    process.exit(exitCode);
  },
);
