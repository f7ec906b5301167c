import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { raiseNextOffsets } from '@pantau/bus';
import { loadEnv } from '@pantau/config';
import { PantauError } from '@pantau/contracts';
import { nextMessageOffsets, restoreDatabase } from '@pantau/db';
import { createLogger, embeddedBusOffsetsFile, isEmbedded, openMigratedDatabase } from '../runtime.ts';

/** `pantau restore --from FILE [--replace]`: restores a `pantau backup` file, then applies the migrations. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { from: { type: 'string' }, replace: { type: 'boolean' } } });
  if (!values.from) throw new PantauError('INVALID_INPUT', 'usage: pantau restore --from FILE [--replace]');
  const env = loadEnv();
  const logger = createLogger(env);
  const result = await restoreDatabase({ url: env.DATABASE_URL, dataDir: join(env.PANTAU_DATA_DIR, 'pglite') }, values.from, {
    replace: values.replace ?? false,
  });
  const database = await openMigratedDatabase(env, logger);
  try {
    // The in-process bus must not hand out a message position the restored database already names (a fresh data
    // folder has no offsets file yet).
    if (isEmbedded(env)) raiseNextOffsets(embeddedBusOffsetsFile(env), await nextMessageOffsets(database.db));
  } finally {
    await database.close();
  }
  logger.info({ file: values.from, ...result }, 'backup restored');
  return 0;
}
