import { join } from 'node:path';
import { loadEnv } from '@pantau/config';
import { PantauError } from '@pantau/contracts';
import { backupDatabase } from '@pantau/db';
import { createLogger } from '@pantau/runtime';
import { type CommandSpec, parseCommand } from '../spec.ts';

/** `pantau backup --help`. */
export const spec = {
  usage: ['backup --out FILE'],
  description:
    "A backup of the whole database: pg_dump in its custom format with DATABASE_URL (needs the PostgreSQL client programs of the server's version), or PGlite's dump of its data folder (a gzipped tar) in the embedded mode (stop `pantau start` first: PGlite has one writer).",
  options: { out: { type: 'string', value: 'FILE', description: 'the backup file to write' } },
  examples: ['backup --out pantau-2026-12-07.dump'],
} satisfies CommandSpec;

/** `pantau backup --out FILE`: pg_dump (custom format) of DATABASE_URL, or PGlite's dump of the embedded database. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand('backup', spec, argv);
  if (!values.out) throw new PantauError('INVALID_INPUT', '--out: required (the backup file to write); see pantau backup --help');
  const env = loadEnv();
  const logger = createLogger(env);
  const result = await backupDatabase({ url: env.DATABASE_URL, dataDir: join(env.PANTAU_DATA_DIR, 'pglite') }, values.out);
  logger.info({ file: values.out, ...result }, 'backup written');
  return 0;
}
