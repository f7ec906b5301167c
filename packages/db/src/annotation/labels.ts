import { type AnnotationLabel, PantauError } from '@pantau/contracts';
import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { arrayParam, rowsOf } from '../sql.ts';

type Executor = Pick<Database, 'execute'>;

const n = (v: unknown) => Number(v ?? 0);
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** Prefix of annotators who are not API keys: labels made elsewhere and imported under a name. */
export const EXTERNAL_ANNOTATOR_PREFIX = 'external:';

/** One label as given: by whom, when; `current` is the annotator's latest label of the post. */
export interface StoredLabel {
  postId: string;
  annotator: string;
  label: AnnotationLabel;
  labelledAt: string;
  current: boolean;
}

/** Throws NOT_IN_TASK naming the first post ids that are not in the task's sample. */
async function requireInTask(db: Executor, taskId: number, postIds: readonly number[]): Promise<void> {
  const missing = rowsOf(
    await db.execute(sql`
      select distinct x.id from unnest(${arrayParam(postIds)}::bigint[]) as x(id)
      where not exists (select 1 from annotation_task_items i where i.task_id = ${taskId} and i.post_id = x.id)
      order by x.id`),
  ).map((r) => String(r.id));
  if (missing.length > 0) {
    throw new PantauError(
      'NOT_IN_TASK',
      `postId: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ' …' : ''} not in task ${taskId}`,
      {
        details: { parameter: 'postId', postIds: missing.slice(0, 100) },
      },
    );
  }
}

/**
 * Marks, for each (post, annotator) pair touched, the latest label (by time, then by insertion) as the current one and
 * every earlier one as a revision. Two statements, so the one-current-label index never sees two at once.
 */
async function settleCurrent(db: Executor, taskId: number, pairs: readonly { postId: number; annotator: string }[]): Promise<void> {
  const posts = arrayParam(pairs.map((p) => p.postId));
  const annotators = arrayParam(pairs.map((p) => p.annotator));
  const latest = sql`(select distinct on (l.post_id, l.annotator) l.id from annotation_labels l
      join unnest(${posts}::bigint[], ${annotators}::text[]) as t(post_id, annotator) on t.post_id = l.post_id and t.annotator = l.annotator
      where l.task_id = ${taskId} order by l.post_id, l.annotator, l.labelled_at desc, l.id desc)`;
  const touched = sql`a.task_id = ${taskId} and (a.post_id, a.annotator) in (select * from unnest(${posts}::bigint[], ${annotators}::text[]))`;
  await db.execute(sql`update annotation_labels a set current = false where ${touched} and a.current and a.id not in ${latest}`);
  await db.execute(sql`update annotation_labels a set current = true where ${touched} and not a.current and a.id in ${latest}`);
}

/**
 * Records labels of one annotator (now): each becomes the annotator's current label of its post, the one it replaces is
 * kept as a revision. A post outside the task's sample fails the whole call with NOT_IN_TASK. Returns how many were stored.
 */
export async function recordLabels(
  db: Database,
  input: { taskId: number; annotator: string; labels: readonly { postId: number; label: AnnotationLabel }[] },
): Promise<number> {
  // The last label of a post in one call is the annotator's answer.
  const byPost = new Map(input.labels.map((l) => [l.postId, l.label]));
  const postIds = [...byPost.keys()];
  await requireInTask(db, input.taskId, postIds);
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into annotation_labels (task_id, post_id, annotator, label, current)
      select ${input.taskId}, t.post_id, ${input.annotator}, t.label, false
      from unnest(${arrayParam(postIds)}::bigint[], ${arrayParam([...byPost.values()])}::text[]) as t(post_id, label)`);
    await settleCurrent(
      tx,
      input.taskId,
      postIds.map((postId) => ({ postId, annotator: input.annotator })),
    );
  });
  return postIds.length;
}

/**
 * Imports labels made elsewhere, keeping their times: a row identical to a stored one (post, annotator, label, time) is
 * skipped, so importing a file twice changes nothing; each annotator's latest label of a post becomes the current one.
 */
export async function importLabels(
  db: Database,
  input: { taskId: number; rows: readonly { postId: number; annotator: string; label: AnnotationLabel; labelledAt: string }[] },
): Promise<{ imported: number; skipped: number }> {
  if (input.rows.length === 0) return { imported: 0, skipped: 0 };
  await requireInTask(
    db,
    input.taskId,
    input.rows.map((r) => r.postId),
  );
  return db.transaction(async (tx) => {
    const inserted = rowsOf(
      await tx.execute(sql`
        insert into annotation_labels (task_id, post_id, annotator, label, labelled_at, current)
        select distinct ${input.taskId}::integer, t.post_id, t.annotator, t.label, t.labelled_at, false
        from unnest(${arrayParam(input.rows.map((r) => r.postId))}::bigint[], ${arrayParam(input.rows.map((r) => r.annotator))}::text[],
          ${arrayParam(input.rows.map((r) => r.label))}::text[], ${arrayParam(input.rows.map((r) => r.labelledAt))}::timestamptz[])
          as t(post_id, annotator, label, labelled_at)
        where not exists (select 1 from annotation_labels l where l.task_id = ${input.taskId} and l.post_id = t.post_id
          and l.annotator = t.annotator and l.label = t.label and l.labelled_at = t.labelled_at)
        returning post_id, annotator`),
    );
    const pairs = new Map(
      inserted.map((r) => [`${r.post_id}\u0000${r.annotator}`, { postId: n(r.post_id), annotator: String(r.annotator) }]),
    );
    await settleCurrent(tx, input.taskId, [...pairs.values()]);
    return { imported: inserted.length, skipped: input.rows.length - inserted.length };
  });
}

/** The task's labels in sample order, then annotator and time: current ones only, or every revision. */
export async function listLabels(db: Database, taskId: number, options: { revisions?: boolean } = {}): Promise<StoredLabel[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select l.post_id, l.annotator, l.label, l.labelled_at, l.current
      from annotation_labels l join annotation_task_items i on i.task_id = l.task_id and i.post_id = l.post_id
      where l.task_id = ${taskId} ${options.revisions ? sql`` : sql`and l.current`}
      order by i.position, l.annotator, l.labelled_at, l.id`),
  );
  return rows.map((r) => ({
    postId: String(r.post_id),
    annotator: String(r.annotator),
    label: String(r.label) as AnnotationLabel,
    labelledAt: iso(r.labelled_at),
    current: r.current === true,
  }));
}

/** Sets the gold label of a sampled post (replacing an earlier adjudication); NOT_IN_TASK for a post outside the sample. */
export async function adjudicate(
  db: Database,
  input: { taskId: number; postId: number; label: AnnotationLabel; adjudicator: string },
): Promise<void> {
  await requireInTask(db, input.taskId, [input.postId]);
  await db.execute(sql`
    insert into annotation_adjudications (task_id, post_id, label, adjudicator)
    values (${input.taskId}, ${input.postId}, ${input.label}, ${input.adjudicator})
    on conflict (task_id, post_id) do update set label = excluded.label, adjudicator = excluded.adjudicator, adjudicated_at = now()`);
}

/** A sampled post with its annotators' current labels, its adjudication and the gold label they give. */
export interface ItemLabels {
  postId: string;
  position: number;
  labels: { annotator: string; label: AnnotationLabel; labelledAt: string }[];
  adjudicated: AnnotationLabel | null;
  /** The adjudicated label; else the label all its annotators gave (one annotator counts); else null (none or disputed). */
  gold: AnnotationLabel | null;
}

/** The gold label of an item from its current labels and its adjudication. */
export function goldLabel(labels: readonly { label: AnnotationLabel }[], adjudicated: AnnotationLabel | null): AnnotationLabel | null {
  if (adjudicated) return adjudicated;
  const first = labels[0]?.label;
  return first !== undefined && labels.every((l) => l.label === first) ? first : null;
}

/** Every sampled post of a task with its current labels, adjudication and gold label, in sample order. */
export async function taskItemLabels(db: Database, taskId: number): Promise<ItemLabels[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select i.post_id, i.position, d.label as adjudicated,
        coalesce(json_agg(json_build_object('annotator', l.annotator, 'label', l.label, 'labelledAt', l.labelled_at)
          order by l.annotator) filter (where l.id is not null), '[]'::json) as labels
      from annotation_task_items i
      left join annotation_labels l on l.task_id = i.task_id and l.post_id = i.post_id and l.current
      left join annotation_adjudications d on d.task_id = i.task_id and d.post_id = i.post_id
      where i.task_id = ${taskId}
      group by i.post_id, i.position, d.label order by i.position`),
  );
  return rows.map((r) => {
    const raw = (typeof r.labels === 'string' ? JSON.parse(r.labels) : r.labels) as {
      annotator: string;
      label: string;
      labelledAt: string;
    }[];
    const labels = raw.map((l) => ({ annotator: l.annotator, label: l.label as AnnotationLabel, labelledAt: iso(l.labelledAt) }));
    const adjudicated = (r.adjudicated ?? null) as AnnotationLabel | null;
    return { postId: String(r.post_id), position: n(r.position), labels, adjudicated, gold: goldLabel(labels, adjudicated) };
  });
}

/** Names of the annotators: an API key's name, or the name after `external:`. */
export async function annotatorNames(db: Database, annotators: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const a of annotators) if (a.startsWith(EXTERNAL_ANNOTATOR_PREFIX)) names.set(a, a.slice(EXTERNAL_ANNOTATOR_PREFIX.length));
  const keys = annotators.filter((a) => !names.has(a));
  if (keys.length > 0) {
    const rows = rowsOf(await db.execute(sql`select id, name from api_keys where id = any(${arrayParam(keys)}::text[])`));
    for (const r of rows) names.set(String(r.id), String(r.name));
  }
  return names;
}
