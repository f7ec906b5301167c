import { loadEnv } from '@pantau/config';
import { pseudonymize } from '@pantau/connectors';
import { PantauError, PLATFORMS, type Platform } from '@pantau/contracts';
import { accessAuthor, applyRetention, forgetAuthor, privacyAuditLog } from '@pantau/db';
import { openDatabaseResources, resolvePepper } from '@pantau/runtime';
import { type CommandSpec, parseCommand } from '../spec.ts';

/** `pantau privacy --help`. */
export const spec = {
  usage: [
    'privacy forget (--author HANDLE --platform P | --pseudonym PSEUDONYM) [--json]',
    'privacy access (--author HANDLE --platform P | --pseudonym PSEUDONYM) [--json]',
    'privacy retention [--days N] [--dry-run] [--json]',
    'privacy audit [--limit N] [--json]',
  ],
  description:
    'access lists every stored post of an author with its label (a data-subject access request; audited); forget deletes every post of an author (the handle is hashed with PANTAU_PEPPER as ingest does, never stored), adjusts the rollups and writes an audit row; retention applies the retention limit now; audit lists the privacy audit table.',
  options: {
    author: { type: 'string', value: 'HANDLE', description: 'forget, access: the author handle as on the platform' },
    platform: { type: 'string', value: 'P', description: `forget, access: the author's platform (${PLATFORMS.join(', ')})` },
    pseudonym: { type: 'string', value: 'X', description: 'forget, access: the pseudonym as the API shows it (16 hex) or whole (64 hex)' },
    days: { type: 'string', value: 'N', description: 'retention: keep N days (default: RETENTION_DAYS)' },
    limit: { type: 'string', value: 'N', default: '50', description: 'audit: rows to list, 1 to 10000' },
    'dry-run': { type: 'boolean', description: 'retention: only count what would be removed' },
    json: { type: 'boolean', description: 'machine-readable output' },
  },
  examples: [
    'privacy access --author @handle --platform x --json',
    'privacy forget --author @handle --platform x',
    'privacy retention --days 365 --dry-run',
    'privacy audit --limit 20',
  ],
} satisfies CommandSpec;

/**
 * `pantau privacy access|forget|retention|audit`: list or delete all posts of an author pseudonym (the handle is hashed with the
 * pepper, as ingest does, and never stored), apply the retention limit now, or list the privacy audit table.
 */
export async function run(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const { values } = parseCommand('privacy', spec, rest);
  if (action !== 'forget' && action !== 'access' && action !== 'retention' && action !== 'audit')
    throw new PantauError(
      'INVALID_INPUT',
      `${action ? `unknown action ${action}` : 'an action is required'}: access, forget, retention or audit; see pantau privacy --help`,
    );
  const env = loadEnv();
  let pseudonym: string | undefined;
  if (action === 'forget' || action === 'access') {
    if (values.author !== undefined && values.pseudonym !== undefined)
      throw new PantauError('INVALID_INPUT', '--author and --pseudonym: give one of them');
    if (values.author !== undefined) {
      if (!values.platform || !(PLATFORMS as readonly string[]).includes(values.platform))
        throw new PantauError('INVALID_INPUT', `--platform: one of ${PLATFORMS.join(', ')} (the author's platform)`);
      if (values.author.trim() === '') throw new PantauError('INVALID_INPUT', '--author: a handle');
      pseudonym = pseudonymize(resolvePepper(env), values.platform as Platform, values.author);
    } else if (values.pseudonym !== undefined) pseudonym = values.pseudonym;
    else throw new PantauError('INVALID_INPUT', '--author with --platform, or --pseudonym: required; see pantau privacy --help');
  }
  const days = values.days === undefined ? env.RETENTION_DAYS : Number(values.days);
  if (action === 'retention' && !(Number.isInteger(days) && days >= 1))
    throw new PantauError('INVALID_INPUT', '--days: a whole number of days ≥ 1 (or set RETENTION_DAYS)');
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= 10_000)) throw new PantauError('INVALID_INPUT', '--limit: 1 to 10000');

  const resources = await openDatabaseResources(env);
  const { database } = resources;
  try {
    const print = (json: unknown, text: string) => process.stdout.write(values.json ? `${JSON.stringify(json)}\n` : `${text}\n`);
    if (action === 'forget') {
      const result = await forgetAuthor(database.db, { pseudonym: pseudonym as string, requestedBy: 'cli' });
      print(
        result,
        `forgot author ${result.pseudonym}: ${result.postsDeleted} posts deleted${result.days.length ? ` (${result.days[0]} to ${result.days[result.days.length - 1]})` : ''}, rollups adjusted, ${result.reportsDeleted} stored reports dropped; audit row ${result.auditId}`,
      );
    } else if (action === 'access') {
      const result = await accessAuthor(database.db, { pseudonym: pseudonym as string, requestedBy: 'cli' });
      print(
        result,
        [
          `author ${result.pseudonym}: ${result.posts.length} stored posts; audit row ${result.auditId}`,
          ...result.posts.map(
            (p) =>
              `${p.publishedAt}\t${p.platform}\t${p.externalId}\t${p.label ?? '–'}\t${p.url ?? '–'}\t${p.text ?? '(text removed by retention)'}`,
          ),
        ].join('\n'),
      );
    } else if (action === 'retention') {
      const result = await applyRetention(database.db, { days, dryRun: values['dry-run'] ?? false, requestedBy: 'cli' });
      print(
        result,
        `${result.dryRun ? 'would remove' : 'removed'} the text, url and author pseudonym of ${result.posts} posts published before ${result.before}${result.oldestDay ? ` (oldest ${result.oldestDay})` : ''}; ${result.reportsScrubbed} stored reports' examples${result.dryRun ? ' would be' : ''} scrubbed${result.auditId ? `; audit row ${result.auditId}` : ''}`,
      );
    } else {
      const rows = await privacyAuditLog(database.db, limit);
      print(
        rows,
        rows
          .map((r) => `${r.id}\t${r.at}\t${r.action}\t${r.authorPseudonym ?? '–'}\t${r.postsAffected} posts\t${r.requestedBy}`)
          .join('\n') || 'no privacy actions recorded',
      );
    }
    return 0;
  } finally {
    await resources.close();
  }
}
