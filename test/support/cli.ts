import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: the CLI resolves its sample, models and migrations from there. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What a finished `pantau` process printed and how it exited; `output` is stdout and stderr in arrival order. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  output: string;
}

/** Runs `pantau ARGS` as its own process with only PATH, HOME and `env` in its environment; resolves when it has exited. */
export function runPantau(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'services/cli/src/main.ts', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: CliRun = { code: null, stdout: '', stderr: '', output: '' };
    child.stdout.on('data', (d: Buffer) => {
      run.stdout += d.toString();
      run.output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      run.stderr += d.toString();
      run.output += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ ...run, code }));
  });
}
