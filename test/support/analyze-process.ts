import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Starts `pantau analyze` as its own process, as a deployment runs it. */
export function spawnAnalyze(
  env: Record<string, string>,
  command: 'analyze' | 'coordinate' = 'analyze',
  /** Node options before the script (e.g. `--cpu-prof`, which NODE_OPTIONS does not accept). */
  nodeArgs: readonly string[] = [],
): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'services/cli/src/main.ts', command], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      REPORT_SCHEDULER: 'false',
      KAFKA_IDEMPOTENT: 'false',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  });
  child.stderr?.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  });
  return Object.assign(child, { output: () => output });
}

/** Resolves with the exit code (or the signal's name) once the process has ended. */
export function exited(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
}
