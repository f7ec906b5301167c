import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isPantauError, PantauError } from '@pantau/contracts';

/** One option of a command: what parseArgs needs, plus what `--help` shows. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** A literal default, passed to parseArgs and shown in the help. */
  default?: string | boolean;
  /** The placeholder of the value in the help (`--file FILE`). */
  value?: string;
  description: string;
}

/** A command as `--help` shows it and as its arguments are parsed: one declaration for both. */
export interface CommandSpec {
  /** Usage lines after `pantau ` (the first one is the main form). */
  usage: string[];
  /** What the command does, beyond the one-line summary of the command list. */
  description?: string;
  options: Record<string, OptionSpec>;
  /** Whether bare arguments (an action, an id) are accepted after the command. */
  positionals?: boolean;
  examples: string[];
}

type Parsed<S extends CommandSpec> = ReturnType<
  typeof parseArgs<{ args: string[]; options: S['options']; strict: true; allowPositionals: boolean }>
>;

/**
 * Parses a command's arguments from its spec, strictly: an unknown option, a missing value or an unexpected argument
 * is an INVALID_INPUT error of one line that points at `--help`.
 */
export function parseCommand<S extends CommandSpec>(command: string, spec: S, args: string[]): Parsed<S> {
  try {
    return parseArgs({ args, options: spec.options, strict: true, allowPositionals: spec.positionals === true }) as Parsed<S>;
  } catch (error) {
    throw argumentError(command, error);
  }
}

/** Turns a node:util parseArgs error into one line saying what is wrong and where to look. */
export function argumentError(command: string | undefined, error: unknown): unknown {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return error;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^']*)'/.exec(message)?.[1]?.split(' ')[0];
  const what =
    code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
      ? `unknown option ${option}`
      : code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
        ? `unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ''}`.trim()
        : /argument missing/.test(message)
          ? `${option}: a value is required`
          : `${option}: ${/does not take an argument/.test(message) ? 'takes no value' : 'invalid value'}`;
  return new PantauError('INVALID_INPUT', `${what}; see pantau ${command ? `${command} ` : ''}--help`, { cause: error });
}

/** Whether the arguments ask for help (`--help` or `-h` before any `--`). */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** Words of `text` in lines of at most `width` characters (a help screen stays readable at 100 columns). */
export function wrap(text: string, width = 100, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else line = line ? `${line} ${word}` : indent + word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The help text of a command, from its spec. */
export function renderHelp(summary: string, spec: CommandSpec): string {
  const flag = (name: string, o: OptionSpec) =>
    `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
  const rows = [
    ...Object.entries(spec.options).map(([name, o]) => ({
      flag: flag(name, o),
      text: `${o.description}${o.default !== undefined && o.default !== false ? ` (default: ${o.default})` : ''}`,
    })),
    { flag: '-h, --help', text: 'show this help' },
  ];
  const width = Math.max(...rows.map((r) => r.flag.length));
  const lines = [
    ...spec.usage.map((u, i) => `${i === 0 ? 'usage: ' : '       '}pantau ${u}`),
    '',
    summary,
    ...(spec.description ? ['', ...wrap(spec.description)] : []),
    '',
    'options:',
    ...rows.map((r) => `  ${r.flag.padEnd(width)}  ${r.text}`),
    // An example that starts with an environment assignment (PORT=9000 pantau serve) is shown as written.
    ...(spec.examples.length ? ['', 'examples:', ...spec.examples.map((e) => (/^[A-Z_]+=/.test(e) ? `  ${e}` : `  pantau ${e}`))] : []),
  ];
  return `${lines.join('\n')}\n`;
}

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** `pantau --version`: the package version, and the git commit when PANTAU_COMMIT or a checkout tells it. */
export function versionLine(): string {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  let commit = process.env.PANTAU_COMMIT;
  if (!commit) {
    try {
      const out = execFileSync('git', ['-C', REPO_ROOT, 'rev-parse', '--short=12', 'HEAD'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      commit = out.trim();
    } catch {
      // An installed copy without .git: the version alone.
    }
  }
  return `pantau ${version}${commit ? ` (commit ${commit})` : ''}\n`;
}

/**
 * What a failed command prints (one line on stderr) and its exit code: 2 for what the user can fix (a coded error
 * other than INTERNAL, a bad argument, a missing file, a busy port), 1 with the stack for anything else.
 */
export function failureOf(error: unknown, command?: string): { line: string; exitCode: number } {
  if (isPantauError(error)) {
    const message = error.message.split('\n')[0] ?? '';
    return { line: `pantau: ${error.code}: ${message}`, exitCode: error.code === 'INTERNAL' ? 1 : 2 };
  }
  const e = error as { code?: unknown; path?: unknown; port?: unknown; address?: unknown; syscall?: unknown } | null;
  if (e?.code === 'ENOENT' && typeof e.path === 'string')
    return { line: `pantau: no such file or directory: ${e.path} (check the path)`, exitCode: 2 };
  if (e?.code === 'EADDRINUSE') {
    const where = e.port !== undefined ? `port ${e.port}${e.address ? ` on ${e.address}` : ''}` : 'the port';
    return {
      line: `pantau: ${where} is already in use: stop the process listening there, or choose another port (PORT=N, or pantau start --port N)`,
      exitCode: 2,
    };
  }
  const argument = argumentError(command, error);
  if (isPantauError(argument)) return { line: `pantau: ${argument.code}: ${argument.message}`, exitCode: 2 };
  return { line: `pantau: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, exitCode: 1 };
}
