import { loadEnv } from '@pantau/config';
import { PantauError } from '@pantau/contracts';
import { verifyAuditChain } from '@pantau/db';
import { openDatabaseResources } from '@pantau/runtime';
import { type CommandSpec, parseCommand } from '../spec.ts';

/** `pantau audit --help`. */
export const spec = {
  usage: ['audit verify [--json]'],
  description:
    'Walks the audit log\'s hash chain: "N rows, chain intact" and the head to record elsewhere (exit 0), or the first deleted, edited or reordered row (exit 1).',
  options: { json: { type: 'boolean', description: 'machine-readable output' } },
  examples: ['audit verify', 'audit verify --json'],
} satisfies CommandSpec;

/**
 * `pantau audit verify`: walks the audit-log hash chain and reports the first broken link (exit 1) or that the chain
 * is intact (exit 0). The head it prints can be recorded elsewhere to notice rows removed from the end later.
 */
export async function run(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const { values } = parseCommand('audit', spec, rest);
  if (action !== 'verify')
    throw new PantauError(
      'INVALID_INPUT',
      `${action ? `unknown action ${action}` : 'an action is required'}: verify; see pantau audit --help`,
    );
  const env = loadEnv();
  const resources = await openDatabaseResources(env);
  const { database } = resources;
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
    await resources.close();
  }
}
