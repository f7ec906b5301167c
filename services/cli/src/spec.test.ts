import { PantauError } from '@pantau/contracts';
import { describe, expect, it } from 'vitest';
import { type CommandSpec, failureOf, parseCommand, renderHelp, wantsHelp, wrap } from './spec.ts';

const spec = {
  usage: ['demo --file FILE [--dry-run]'],
  description: 'A command for the test.',
  options: {
    file: { type: 'string', value: 'FILE', description: 'the file' },
    limit: { type: 'string', value: 'N', default: '50', description: 'how many' },
    'dry-run': { type: 'boolean', description: 'only count' },
  },
  examples: ['demo --file a.jsonl', 'PORT=1 pantau demo'],
} satisfies CommandSpec;

describe('command specs', () => {
  it('parse strictly, with the defaults of the spec', () => {
    expect(parseCommand('demo', spec, ['--file', 'a']).values).toEqual({ file: 'a', limit: '50' });
    const message = (args: string[]) => {
      try {
        parseCommand('demo', spec, args);
        return null;
      } catch (error) {
        return error instanceof PantauError ? `${error.code}: ${error.message}` : String(error);
      }
    };
    expect(message(['--nope'])).toBe('INVALID_INPUT: unknown option --nope; see pantau demo --help');
    expect(message(['--file'])).toBe('INVALID_INPUT: --file: a value is required; see pantau demo --help');
    expect(message(['--dry-run=yes'])).toBe('INVALID_INPUT: --dry-run: takes no value; see pantau demo --help');
    expect(message(['stray'])).toBe('INVALID_INPUT: unexpected argument stray; see pantau demo --help');
  });

  it('render usage, options with defaults, and examples', () => {
    expect(renderHelp('a demo', spec)).toBe(
      [
        'usage: pantau demo --file FILE [--dry-run]',
        '',
        'a demo',
        '',
        'A command for the test.',
        '',
        'options:',
        '  --file FILE  the file',
        '  --limit N    how many (default: 50)',
        '  --dry-run    only count',
        '  -h, --help   show this help',
        '',
        'examples:',
        '  pantau demo --file a.jsonl',
        '  PORT=1 pantau demo',
        '',
      ].join('\n'),
    );
    expect(wrap('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wantsHelp(['--file', 'x', '-h'])).toBe(true);
    expect(wantsHelp(['--', '--help'])).toBe(false);
  });

  it('turn what a user can fix into one line and exit 2, and anything else into the stack and exit 1', () => {
    const busy = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', port: 8080, address: '127.0.0.1' });
    expect(failureOf(busy)).toEqual({
      line: 'pantau: port 8080 on 127.0.0.1 is already in use: stop the process listening there, or choose another port (PORT=N, or pantau start --port N)',
      exitCode: 2,
    });
    const missing = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', path: 'posts.jsonl' });
    expect(failureOf(missing)).toEqual({ line: 'pantau: no such file or directory: posts.jsonl (check the path)', exitCode: 2 });
    expect(failureOf(new PantauError('NOT_FOUND', 'no key 3\nsecond line'))).toEqual({ line: 'pantau: NOT_FOUND: no key 3', exitCode: 2 });
    expect(failureOf(new PantauError('INTERNAL', 'bug')).exitCode).toBe(1);
    const parse = Object.assign(new TypeError("Unknown option '--x'"), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
    expect(failureOf(parse, 'labels')).toEqual({
      line: 'pantau: INVALID_INPUT: unknown option --x; see pantau labels --help',
      exitCode: 2,
    });
    const bug = failureOf(new TypeError('x is undefined'));
    expect(bug.exitCode).toBe(1);
    expect(bug.line).toMatch(/^pantau: TypeError: x is undefined\n\s+at /);
  });
});
