import { parseArgs } from 'node:util';
import { loadEnv } from '@pantau/config';
import { PantauError } from '@pantau/contracts';
import { verifyAuditChain } from '@pantau/db';
import { createLogger, openMigratedDatabase } from '../runtime.ts';

const USAGE = 'usage: pantau audit verify [--json]';

/**
 * `pantau audit verify`: walks the audit-log hash chain and reports the first broken link (exit 1) or that the chain
 * is intact (exit 0). The head it prints can be recorded elsewhere to notice rows removed from the end later.
 */
export async function run(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
  if (action !== 'verify') throw new PantauError('INVALID_INPUT', USAGE);
  const env = loadEnv();
  const database = await openMigratedDatabase(env, createLogger(env));
  try {
    const report = await verifyAuditChain(database.db);
    if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else if (report.broken) process.stdout.write(`chain broken: ${report.broken.message} (${report.rows} rows intact before it)\n`);
    else
      process.stdout.write(
        `${report.rows} rows, chain intact${report.head ? ` (head seq ${report.head.seq}, sha256 ${report.head.hash})` : ''}\n`,
      );
    return report.intact ? 0 : 1;
  } finally {
    await database.close();
  }
}
