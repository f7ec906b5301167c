import { loadEnv } from '@pantau/config';
import { createLogger, openMigratedDatabase } from '../runtime.ts';

/** `pantau migrate`: applies the SQL migrations in `migrations/` to DATABASE_URL (or the embedded database). */
export async function run(_argv: string[]): Promise<number> {
  const env = loadEnv();
  const logger = createLogger(env);
  const database = await openMigratedDatabase(env, logger);
  await database.close();
  logger.info({ database: database.kind }, 'migrations applied');
  return 0;
}
