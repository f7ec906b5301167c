import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { PantauError } from '@pantau/contracts';
import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { rowsOf } from '../sql.ts';

const run = promisify(execFile);

/** Where a backup comes from or goes to: Postgres (`url`) or the embedded PGlite data folder (`dataDir`). */
export interface BackupTarget {
  url?: string | undefined;
  dataDir?: string | undefined;
}

/** What a backup file holds: a `pg_dump` custom-format archive or PGlite's dump of its data folder (a gzipped tar). */
export type BackupFormat = 'pg_dump' | 'pglite';

/** The format of a backup file, from its first bytes. */
export function backupFormatOf(file: string): BackupFormat {
  const head = readFileSync(file).subarray(0, 5);
  if (head.toString('latin1') === 'PGDMP') return 'pg_dump';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
  throw new PantauError('INVALID_INPUT', `${file}: neither a pg_dump custom-format archive nor a PGlite dump`);
}

/** The client programs take the password from the environment, so it never shows in the process list. */
function clientArgs(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function client(program: 'pg_dump' | 'pg_restore' | 'psql', args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    return (await run(program, args, { env, maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (cause) {
    const error = cause as NodeJS.ErrnoException & { stderr?: string };
    if (error.code === 'ENOENT')
      throw new PantauError('CONFIG_INVALID', `${program} not found: install the PostgreSQL client matching the server`, { cause });
    throw new PantauError('UPSTREAM_ERROR', `${program} failed: ${(error.stderr ?? error.message).trim().slice(0, 2000)}`, { cause });
  }
}

/** A PGlite data folder that already holds a database. */
const holdsDatabase = (dir: string) => existsSync(dir) && statSync(dir).isDirectory() && readdirSync(dir).length > 0;

/**
 * Writes a backup of the whole database to `outFile`: `pg_dump` in its custom format for Postgres, PGlite's own dump
 * of its data folder for the embedded mode (no other process may have that folder open).
 */
export async function backupDatabase(target: BackupTarget, outFile: string): Promise<{ format: BackupFormat; bytes: number }> {
  if (target.url) {
    const { dbname, env } = clientArgs(target.url);
    await client('pg_dump', ['--format=custom', '--no-owner', '--file', outFile, '--dbname', dbname], env);
    return { format: 'pg_dump', bytes: statSync(outFile).size };
  }
  if (!target.dataDir || !holdsDatabase(target.dataDir))
    throw new PantauError('NOT_FOUND', `no embedded database in ${target.dataDir ?? '(no data folder)'}`);
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create(target.dataDir);
  try {
    const dump = await pglite.dumpDataDir('gzip');
    writeFileSync(outFile, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await pglite.close();
  }
  return { format: 'pglite', bytes: statSync(outFile).size };
}

/**
 * Restores a backup written by `backupDatabase` into the target (apply the migrations afterwards: a backup of an older
 * version is brought up to date like any database). A target that already holds a database is replaced only with
 * `replace`: Postgres objects are dropped and recreated from the archive in one transaction; a PGlite data folder is
 * renamed aside (returned as `keptAside`), never deleted.
 */
export async function restoreDatabase(
  target: BackupTarget,
  fromFile: string,
  options: { replace?: boolean } = {},
): Promise<{ format: BackupFormat; keptAside: string | null }> {
  const format = backupFormatOf(fromFile);
  if (target.url) {
    if (format !== 'pg_dump')
      throw new PantauError('INVALID_INPUT', `${fromFile} is a PGlite dump: restore it in the embedded mode (without DATABASE_URL)`);
    const { dbname, env } = clientArgs(target.url);
    const tables = await client(
      'psql',
      ['--no-psqlrc', '-qAt', '--dbname', dbname, '-c', "select count(*) from pg_tables where schemaname = 'public'"],
      env,
    );
    if (Number(tables.trim()) > 0 && !options.replace)
      throw new PantauError('INVALID_INPUT', 'the database already holds tables: pass --replace to replace them with the backup');
    await client(
      'pg_restore',
      ['--clean', '--if-exists', '--no-owner', '--exit-on-error', '--single-transaction', '--dbname', dbname, fromFile],
      env,
    );
    return { format, keptAside: null };
  }
  if (format !== 'pglite')
    throw new PantauError('INVALID_INPUT', `${fromFile} is a pg_dump archive: restore it into Postgres (with DATABASE_URL)`);
  const dataDir = target.dataDir;
  if (!dataDir) throw new PantauError('CONFIG_INVALID', 'no embedded data folder to restore into');
  let keptAside: string | null = null;
  if (holdsDatabase(dataDir)) {
    if (!options.replace)
      throw new PantauError('INVALID_INPUT', `${dataDir} already holds a database: pass --replace to set it aside and restore`);
    keptAside = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dataDir, keptAside);
  }
  mkdirSync(dirname(dataDir), { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create({ dataDir, loadDataDir: new Blob([readFileSync(fromFile)]) });
  await pglite.close();
  return { format, keptAside };
}

/**
 * The next offset per partition of each topic after every message position the database names (posts and the
 * exclusions of consumed messages), for a bus whose offsets must continue after them (the embedded mode's).
 */
export async function nextMessageOffsets(db: Database): Promise<Record<string, number[]>> {
  const rows = rowsOf(
    await db.execute(sql`
      select split_part(ref, '/', 1) as topic, split_part(ref, '/', 2)::int as partition, max(split_part(ref, '/', 3)::bigint) + 1 as next
      from (select message_ref as ref from posts
            union all select substr(ref, strpos(ref, ':') + 1) from exclusions) as refs
      where ref ~ '^[^/:]+/[0-9]{1,9}/[0-9]{1,15}$'
      group by 1, 2`),
  );
  const out: Record<string, number[]> = {};
  for (const r of rows) {
    const list = out[String(r.topic)] ?? [];
    list[Number(r.partition)] = Number(r.next);
    out[String(r.topic)] = list;
  }
  for (const list of Object.values(out)) for (let p = 0; p < list.length; p++) list[p] ??= 0;
  return out;
}
