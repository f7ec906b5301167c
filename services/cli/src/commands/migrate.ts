import { loadEnv } from '@pantau/config';
import { createLogger, openMigratedDatabase } from '@pantau/runtime';
import { type CommandSpec, parseCommand } from '../spec.ts';

/** `pantau migrate --help`. */
export const spec = {
  usage: ['migrate'],
  description:
    'Applies the SQL migrations in migrations/ to DATABASE_URL, or to the embedded database in PANTAU_DATA_DIR when it is unset. Safe to run from several services at once (advisory lock); every other command migrates on start too.',
  options: {},
  examples: ['migrate', 'DATABASE_URL=postgres://pantau@db:5432/pantau pantau migrate'],
} satisfies CommandSpec;

/** `pantau migrate`: applies the SQL migrations in `migrations/` to DATABASE_URL (or the embedded database). */
export async function run(argv: string[]): Promise<number> {
  parseCommand('migrate', spec, argv);
  const env = loadEnv();
  const logger = createLogger(env);
  const database = await openMigratedDatabase(env, logger);
  await database.close();
  logger.info({ database: database.kind }, 'migrations applied');
  return 0;
}
