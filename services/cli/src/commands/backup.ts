import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEnv } from '@pantau/config';
import { PantauError } from '@pantau/contracts';
import { backupDatabase } from '@pantau/db';
import { createLogger } from '../runtime.ts';

/** `pantau backup --out FILE`: pg_dump (custom format) of DATABASE_URL, or PGlite's dump of the embedded database. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' } } });
  if (!values.out) throw new PantauError('INVALID_INPUT', 'usage: pantau backup --out FILE');
  const env = loadEnv();
  const logger = createLogger(env);
  const result = await backupDatabase({ url: env.DATABASE_URL, dataDir: join(env.PANTAU_DATA_DIR, 'pglite') }, values.out);
  logger.info({ file: values.out, ...result }, 'backup written');
  return 0;
}
