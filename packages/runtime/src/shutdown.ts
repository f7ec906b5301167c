import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { isPantauError } from '@pantau/contracts';
import type { Logger } from 'pino';

/**
 * Longest the analysis service's shutdown waits for `close` before the process exits anyway (RELIABILITY.md promises
 * 15 s). What is then left undone is safe to abandon: a batch whose offsets were not committed is delivered again and
 * recognized as a redelivery (its transaction either committed or is rolled back when the connection closes), and a
 * member that did not leave its group has its partitions moved after the session timeout.
 */
export const ANALYSIS_SHUTDOWN_DEADLINE_MS = 12_000;

/**
 * Runs `close` once on SIGINT or SIGTERM, then exits: stop consuming, finish the batch, commit, close. With
 * `deadlineMs`, the process exits 0 after that long even if `close` has not finished.
 */
export function onShutdown(logger: Logger, close: () => Promise<void>, options: { deadlineMs?: number } = {}): void {
  const { deadlineMs } = options;
  let closing = false;
  const handler = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    // A batch write slowed by a starved machine, or a consumer caught in a rebalance, must not hold the exit.
    if (deadlineMs !== undefined)
      setTimeout(() => {
        logger.warn({ deadlineMs }, 'shutdown deadline passed; exiting with the work in flight uncommitted (it is delivered again)');
        process.exit(0);
      }, deadlineMs).unref();
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

/** True when the module at `moduleUrl` is the script node was started with (`tsx services/x/src/main.ts`). */
export function isEntryPoint(moduleUrl: string, argv1: string | undefined = process.argv[1]): boolean {
  return !!argv1 && moduleUrl === pathToFileURL(realpathSync(argv1)).href;
}

/**
 * Runs a service's entry point: a failure to start is one line on stderr (the coded message of a PantauError, the
 * stack of anything else) and exit code 2 for a configuration or input error, else 1.
 */
export function runMain(name: string, main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    const coded = isPantauError(error);
    const line = coded
      ? `${error.code}: ${error.message.split('\n')[0] ?? ''}`
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
    process.stderr.write(`${name}: ${line}\n`);
    process.exit(coded && error.code !== 'INTERNAL' ? 2 : 1);
  });
}
