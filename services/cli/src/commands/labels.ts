import { readFileSync, writeFileSync } from 'node:fs';
import { loadEnv } from '@pantau/config';
import { ANNOTATION_LABELS, type AnnotationLabel, isAnnotationLabel, PantauError } from '@pantau/contracts';
import { appendAudit, CLI_ACTOR, EXTERNAL_ANNOTATOR_PREFIX, getAnnotationTask, importLabels, listApiKeys, listLabels } from '@pantau/db';
import { openDatabaseResources } from '@pantau/runtime';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { type CommandSpec, parseCommand } from '../spec.ts';

const USAGE =
  'usage: pantau labels export --task ID [--out FILE] [--revisions] | labels import --task ID --file FILE [--annotator NAME | --key KEY_ID]';

/** `pantau labels --help`. */
export const spec = {
  usage: ['labels export --task ID [--out FILE] [--revisions]', 'labels import --task ID --file FILE [--annotator NAME | --key KEY_ID]'],
  description:
    "A labelling task's labels as CSV (post_id,annotator,label,labelled_at): export writes the current labels (every revision with --revisions); import brings in labels made elsewhere, attributed to external:NAME, to an API key, or to each row's own annotator column.",
  options: {
    task: { type: 'string', value: 'ID', description: 'the labelling task' },
    out: { type: 'string', value: 'FILE', description: 'export: the CSV file to write (default: stdout)' },
    file: { type: 'string', value: 'FILE', description: 'import: the CSV file to read' },
    annotator: { type: 'string', value: 'NAME', description: 'import: record every row as external:NAME' },
    key: { type: 'string', value: 'KEY_ID', description: 'import: record every row as this API key' },
    revisions: { type: 'boolean', default: false, description: 'export: every revision, not only the current labels' },
    json: { type: 'boolean', default: false, description: 'machine-readable output' },
  },
  examples: ['labels export --task 3 --out labels.csv', 'labels import --task 3 --file labels.csv --annotator tim-a'],
} satisfies CommandSpec;

/** The columns of a labels CSV file, in order. */
export const LABEL_COLUMNS = ['post_id', 'annotator', 'label', 'labelled_at'] as const;

/** One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The labels of a task as CSV text with a header. */
export function labelsCsv(rows: readonly { postId: string; annotator: string; label: string; labelledAt: string }[]): string {
  const lines = [LABEL_COLUMNS.join(','), ...rows.map((r) => [r.postId, r.annotator, r.label, r.labelledAt].map(field).join(','))];
  return `${lines.join('\n')}\n`;
}

const Row = z.object({
  post_id: z.string().regex(/^[1-9][0-9]{0,17}$/, 'a post id (digits)'),
  annotator: z.string().optional(),
  label: z.string().refine(isAnnotationLabel, `one of ${ANNOTATION_LABELS.join(', ')}`),
  labelled_at: z
    .string()
    .refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)), 'an ISO 8601 time such as 2026-11-20T08:00:00Z'),
});

/**
 * Reads a labels CSV. Each row's annotator is `annotator` when given (every row is attributed to it), else the file's
 * own column, which must then be an existing API key id or `external:<name>`. A bad row is an error naming its line.
 */
export function parseLabelsCsv(
  text: string,
  options: { annotator?: string; keyIds: ReadonlySet<string> },
): { postId: number; annotator: string; label: AnnotationLabel; labelledAt: string }[] {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  const header = records[0] ? Object.keys(records[0]) : [];
  for (const column of LABEL_COLUMNS) {
    if (records.length > 0 && !header.includes(column) && !(column === 'annotator' && options.annotator)) {
      throw new PantauError('INVALID_INPUT', `--file: missing column ${column} (columns: ${LABEL_COLUMNS.join(', ')})`);
    }
  }
  return records.map((record, i) => {
    const line = i + 2;
    const parsed = Row.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PantauError('INVALID_INPUT', `line ${line}: ${String(issue?.path[0] ?? 'row')}: ${issue?.message ?? 'invalid'}`);
    }
    const annotator = options.annotator ?? parsed.data.annotator ?? '';
    if (!options.annotator && !annotator.startsWith(EXTERNAL_ANNOTATOR_PREFIX) && !options.keyIds.has(annotator)) {
      throw new PantauError(
        'INVALID_INPUT',
        `line ${line}: annotator ${JSON.stringify(annotator)} is neither an API key id nor ${EXTERNAL_ANNOTATOR_PREFIX}<name>; pass --annotator NAME to record the file as one external annotator`,
      );
    }
    return {
      postId: Number(parsed.data.post_id),
      annotator,
      label: parsed.data.label as AnnotationLabel,
      labelledAt: new Date(parsed.data.labelled_at).toISOString(),
    };
  });
}

/**
 * `pantau labels export --task ID [--out FILE] [--revisions]` writes a task's current labels (every revision with
 * `--revisions`) as CSV; `pantau labels import --task ID --file FILE [--annotator NAME | --key KEY_ID]` brings in labels
 * made elsewhere, attributed to `external:NAME`, to an API key, or to each row's own annotator column.
 */
export async function run(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const { values } = parseCommand('labels', spec, rest);
  if (action !== 'export' && action !== 'import') throw new PantauError('INVALID_INPUT', USAGE);
  const taskId = Number(values.task);
  if (!(Number.isSafeInteger(taskId) && taskId > 0)) throw new PantauError('INVALID_INPUT', `--task: a task id. ${USAGE}`);
  if (values.annotator !== undefined && values.key !== undefined) throw new PantauError('INVALID_INPUT', '--annotator and --key: give one');
  if (values.annotator !== undefined && !/^[\p{L}\p{N}._@-]{1,64}$/u.test(values.annotator)) {
    throw new PantauError('INVALID_INPUT', '--annotator: a name of 1 to 64 letters, digits, dots, dashes, underscores or @');
  }
  if (action === 'import' && !values.file) throw new PantauError('INVALID_INPUT', `--file: required. ${USAGE}`);
  const env = loadEnv();
  const resources = await openDatabaseResources(env);
  const { database } = resources;
  try {
    const task = await getAnnotationTask(database.db, taskId);
    if (!task) throw new PantauError('NOT_FOUND', `--task: no annotation task ${taskId}`);
    if (action === 'export') {
      const labels = await listLabels(database.db, taskId, { revisions: values.revisions });
      const csv = labelsCsv(labels);
      // Exports leave the system: each is audited, with who ran it (API exports are audited per request with their user).
      await appendAudit(database.db, [
        {
          keyId: null,
          action: 'export',
          detail: { by: CLI_ACTOR.by, what: 'labels', task: taskId, rows: labels.length, revisions: values.revisions },
        },
      ]);
      if (values.out) {
        writeFileSync(values.out, csv);
        process.stderr.write(`${labels.length} labels of task ${taskId} written to ${values.out}\n`);
      } else process.stdout.write(csv);
      return 0;
    }
    const keyIds = new Set((await listApiKeys(database.db)).map((k) => k.id));
    if (values.key !== undefined && !keyIds.has(values.key)) throw new PantauError('NOT_FOUND', `--key: no API key ${values.key}`);
    const annotator = values.key ?? (values.annotator !== undefined ? `${EXTERNAL_ANNOTATOR_PREFIX}${values.annotator}` : undefined);
    const rows = parseLabelsCsv(readFileSync(values.file as string, 'utf8'), { ...(annotator ? { annotator } : {}), keyIds });
    const result = await importLabels(database.db, { taskId, rows });
    process.stdout.write(
      values.json
        ? `${JSON.stringify({ task: taskId, ...result })}\n`
        : `task ${taskId}: ${result.imported} labels imported, ${result.skipped} already stored\n`,
    );
    return 0;
  } finally {
    await resources.close();
  }
}
