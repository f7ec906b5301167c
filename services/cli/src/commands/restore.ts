import { join } from 'node:path';
import { raiseNextOffsets } from '@pantau/bus';
import { loadEnv } from '@pantau/config';
import { PantauError } from '@pantau/contracts';
import { nextMessageOffsets, restoreDatabase } from '@pantau/db';
import { createLogger, embeddedBusOffsetsFile, isEmbedded, openMigratedDatabase } from '@pantau/runtime';
import { type CommandSpec, parseCommand } from '../spec.ts';

/** `pantau restore --help`. */
export const spec = {
  usage: ['restore --from FILE [--replace]'],
  description:
    'Restores a `pantau backup` file and applies the migrations: pg_restore in one transaction into DATABASE_URL, or a new embedded data folder. A target that already holds a database is refused unless --replace (a PGlite folder is then renamed aside, never deleted).',
  options: {
    from: { type: 'string', value: 'FILE', description: 'the backup file to restore' },
    replace: { type: 'boolean', description: 'restore over an existing database' },
  },
  examples: ['restore --from pantau-2026-12-07.dump', 'restore --from pantau-2026-12-07.dump --replace'],
} satisfies CommandSpec;

/** `pantau restore --from FILE [--replace]`: restores a `pantau backup` file, then applies the migrations. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand('restore', spec, argv);
  if (!values.from) throw new PantauError('INVALID_INPUT', '--from: required (a pantau backup file); see pantau restore --help');
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
