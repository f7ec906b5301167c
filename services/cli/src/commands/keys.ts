import { loadEnv } from '@pantau/config';
import { PantauError } from '@pantau/contracts';
import { API_SCOPES, type ApiScope, createApiKey, findUser, listApiKeys, revokeApiKey } from '@pantau/db';
import { openDatabaseResources } from '@pantau/runtime';
import { type CommandSpec, parseCommand } from '../spec.ts';

const USAGE =
  'usage: pantau keys create --name NAME --scopes read[,ingest,admin,annotate,topics] [--user USER] | keys list | keys revoke ID';

/** `pantau keys --help`. */
export const spec = {
  usage: [
    'keys create --name NAME [--scopes read,ingest,admin,annotate,topics] [--user USER] [--json]',
    'keys list [--json]',
    'keys revoke ID',
  ],
  description: "API keys: a new key's secret is printed once and only its SHA-256 is stored.",
  options: {
    name: { type: 'string', value: 'NAME', description: 'create: who or what the key is for' },
    scopes: {
      type: 'string',
      value: 'LIST',
      default: 'read',
      description: `create: comma-separated scopes among ${API_SCOPES.join(', ')}`,
    },
    user: {
      type: 'string',
      value: 'USER',
      description: "create: the user the key belongs to (it stops when they are disabled and never exceeds their role's scopes)",
    },
    json: { type: 'boolean', description: 'machine-readable output' },
  },
  positionals: true,
  examples: [
    'keys create --name collector --scopes ingest --user sari',
    'keys create --name dashboard --scopes read',
    'keys list',
    'keys revoke 3f2a…',
  ],
} satisfies CommandSpec;

/** `pantau keys create|list|revoke`: API keys; a new key's secret is printed once and stored only as a hash. */
export async function run(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseCommand('keys', spec, rest);
  if (action !== 'create' && action !== 'list' && action !== 'revoke')
    throw new PantauError('INVALID_INPUT', `${action ? `unknown action ${action}` : 'an action is required'}; ${USAGE}`);
  const env = loadEnv();
  const resources = await openDatabaseResources(env);
  const { database } = resources;
  try {
    if (action === 'create') {
      if (!values.name) throw new PantauError('INVALID_INPUT', `--name: required. ${USAGE}`);
      const scopes = (values.scopes ?? 'read').split(',').map((s) => s.trim());
      const unknown = scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
      if (unknown.length > 0)
        throw new PantauError('INVALID_INPUT', `--scopes: unknown scope ${unknown.join(', ')} (use ${API_SCOPES.join(', ')})`);
      const owner = values.user ? await findUser(database.db, values.user) : null;
      if (values.user && !owner) throw new PantauError('NOT_FOUND', `--user: no user ${values.user}`);
      const { key, secret } = await createApiKey(
        database.db,
        values.name,
        scopes as ApiScope[],
        undefined,
        owner ? { userId: owner.id } : {},
      );
      process.stdout.write(
        values.json
          ? `${JSON.stringify({ ...key, secret })}\n`
          : `id ${key.id}\nscopes ${key.scopes.join(',')}\nkey ${secret}\n(store it now: only its hash is kept)\n`,
      );
      return 0;
    }
    if (action === 'list') {
      const keys = await listApiKeys(database.db);
      if (values.json) process.stdout.write(`${JSON.stringify(keys)}\n`);
      else
        for (const k of keys)
          process.stdout.write(
            `${k.id}\t${k.name}\t${k.scopes.join(',')}\t${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}\t${k.user ? `user ${k.user.name}` : 'no user'}\t${k.createdAt}\n`,
          );
      return 0;
    }
    if (action === 'revoke') {
      const id = positionals[0];
      if (!id) throw new PantauError('INVALID_INPUT', `key id: required. ${USAGE}`);
      if (!(await revokeApiKey(database.db, id))) throw new PantauError('NOT_FOUND', `no key with id ${id}`);
      process.stdout.write(`revoked ${id}\n`);
      return 0;
    }
    throw new PantauError('INVALID_INPUT', USAGE);
  } finally {
    await resources.close();
  }
}
