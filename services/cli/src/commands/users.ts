import { randomBytes } from 'node:crypto';
import { loadEnv } from '@pantau/config';
import { PantauError } from '@pantau/contracts';
import {
  CLI_ACTOR,
  createUser,
  findUser,
  listUsers,
  resetPassword,
  setUserDisabled,
  setUserRole,
  USER_ROLES,
  type UserInfo,
} from '@pantau/db';
import { openDatabaseResources } from '@pantau/runtime';
import { type CommandSpec, parseCommand } from '../spec.ts';

const ACTIONS = ['create', 'list', 'disable', 'enable', 'reset', 'role'] as const;
const USAGE =
  'usage: pantau users create --name NAME --role viewer|analyst|admin [--password-stdin] | users list | users disable NAME | users enable NAME | users reset NAME [--password-stdin] | users role NAME ROLE';

/** `pantau users --help`. */
export const spec = {
  usage: [
    'users create --name NAME [--role viewer|analyst|admin] [--password-stdin] [--json]',
    'users list [--json]',
    'users disable NAME',
    'users enable NAME',
    'users reset NAME [--password-stdin]',
    'users role NAME viewer|analyst|admin',
  ],
  description:
    "People who sign in to the dashboard. A password is read from stdin with --password-stdin, else a random one is printed once; only its argon2id hash is stored. Disabling ends the user's sessions and stops their API keys at once; every change is audited.",
  options: {
    name: { type: 'string', value: 'NAME', description: 'create: the user name they sign in with' },
    role: { type: 'string', value: 'ROLE', default: 'viewer', description: `create: one of ${USER_ROLES.join(', ')}` },
    'password-stdin': { type: 'boolean', description: 'create, reset: read the password from standard input' },
    json: { type: 'boolean', description: 'machine-readable output' },
  },
  positionals: true,
  examples: ['users create --name sari --role admin', 'users reset sari --password-stdin', 'users role budi analyst', 'users disable budi'],
} satisfies CommandSpec;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const line = (u: UserInfo) =>
  `${u.id}\t${u.name}\t${u.role}\t${u.disabledAt ? `disabled ${u.disabledAt}` : 'active'}\t${u.sso ? 'sso' : ''}${u.hasPassword ? (u.sso ? '+password' : 'password') : ''}\t${u.createdAt}\n`;

/** `pantau users create|list|disable|enable|reset|role`. */
export async function run(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseCommand('users', spec, rest);
  if (!(ACTIONS as readonly string[]).includes(action ?? '')) {
    throw new PantauError('INVALID_INPUT', `${action ? `unknown action ${action}` : 'an action is required'}; ${USAGE}`);
  }
  const password = async () => {
    if (!values['password-stdin']) return { password: randomBytes(12).toString('base64url'), generated: true };
    return { password: await readStdin(), generated: false };
  };
  const env = loadEnv();
  const resources = await openDatabaseResources(env);
  const { db } = resources.database;
  const named = async () => {
    const name = positionals[0];
    if (!name) throw new PantauError('INVALID_INPUT', `user name: required. ${USAGE}`);
    const user = await findUser(db, name);
    if (!user) throw new PantauError('NOT_FOUND', `no user ${name}`);
    return user;
  };
  const print = (user: UserInfo, extra: Record<string, unknown> = {}) =>
    process.stdout.write(values.json ? `${JSON.stringify({ ...user, ...extra })}\n` : line(user));
  try {
    if (action === 'create') {
      if (!values.name) throw new PantauError('INVALID_INPUT', `--name: required. ${USAGE}`);
      const chosen = await password();
      const user = await createUser(db, { name: values.name, role: values.role ?? 'viewer', password: chosen.password }, CLI_ACTOR);
      print(user, chosen.generated ? { password: chosen.password } : {});
      if (chosen.generated && !values.json) process.stdout.write(`password ${chosen.password}\n(shown once: only its hash is kept)\n`);
    } else if (action === 'list') {
      const users = await listUsers(db);
      if (values.json) process.stdout.write(`${JSON.stringify(users)}\n`);
      else for (const u of users) process.stdout.write(line(u));
    } else if (action === 'disable' || action === 'enable') {
      print(await setUserDisabled(db, (await named()).id, action === 'disable', CLI_ACTOR));
    } else if (action === 'reset') {
      const user = await named();
      const chosen = await password();
      print(await resetPassword(db, user.id, chosen.password, CLI_ACTOR), chosen.generated ? { password: chosen.password } : {});
      if (chosen.generated && !values.json) process.stdout.write(`password ${chosen.password}\n(shown once: only its hash is kept)\n`);
    } else {
      const user = await named();
      const role = positionals[1];
      if (!role) throw new PantauError('INVALID_INPUT', `role: required. ${USAGE}`);
      print(await setUserRole(db, user.id, role, CLI_ACTOR));
    }
    return 0;
  } finally {
    await resources.close();
  }
}
