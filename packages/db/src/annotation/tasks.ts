import { PantauError } from '@pantau/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { arrayParam, rowsOf } from '../sql.ts';

/** A labelling task: the window (and topic) it samples, the sample's size and seed, and the population it was drawn from. */
export interface AnnotationTask {
  id: number;
  name: string;
  from: string;
  to: string;
  topic: number | null;
  size: number;
  seed: number;
  /** Posts of the window (and topic) when the sample was drawn. */
  population: number;
  /** Posts in the sample: `size`, or the population when it was smaller. */
  sampled: number;
  /** API key id of the creator; null from the command line. */
  createdBy: string | null;
  createdAt: string;
}

const n = (v: unknown) => Number(v ?? 0);
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

function toTask(r: Record<string, unknown>): AnnotationTask {
  return {
    id: n(r.id),
    name: String(r.name),
    from: String(r.window_from),
    to: String(r.window_to),
    topic: r.topic_id === null || r.topic_id === undefined ? null : n(r.topic_id),
    size: n(r.size),
    seed: n(r.seed),
    population: n(r.population),
    sampled: n(r.sampled),
    createdBy: r.created_by === null || r.created_by === undefined ? null : String(r.created_by),
    createdAt: iso(r.created_at),
  };
}

const TASK_COLUMNS = sql`id, name, to_char(window_from, 'YYYY-MM-DD') as window_from, to_char(window_to, 'YYYY-MM-DD') as window_to,
  topic_id, size, seed, population, sampled, created_by, created_at`;

/** The posts of a window (and topic) as `p`: the population a task samples. */
function populationOf(window: { from: string; to: string; topicId?: number | null | undefined }): SQL {
  return window.topicId === null || window.topicId === undefined
    ? sql`posts p where p.day between ${window.from} and ${window.to}`
    : sql`post_topics pt join posts p on p.id = pt.post_id where pt.topic_id = ${window.topicId} and pt.day between ${window.from} and ${window.to}`;
}

/**
 * The order a task's sample is drawn in: posts sorted by the MD5 of the seed and the post key (`platform:externalId`),
 * id breaking ties. Taking the first `size` is a simple random sample without replacement, and the same seed over the
 * same posts draws the same sample on any database.
 */
const sampleOrder = (seed: number) => sql`md5(${String(seed)} || ':' || p.platform || ':' || p.external_id), p.id`;

/**
 * Creates a task and draws its sample once, in one transaction: a seeded simple random sample of `size` posts of the
 * window (and topic), kept in sample order so estimates from its labels stay design-based.
 */
export async function createAnnotationTask(
  db: Database,
  input: { name: string; from: string; to: string; topicId?: number | null; size: number; seed: number; createdBy?: string | null },
): Promise<AnnotationTask> {
  return db.transaction(async (tx) => {
    const [created] = rowsOf(
      await tx.execute(sql`
        insert into annotation_tasks (name, window_from, window_to, topic_id, size, seed, population, sampled, created_by)
        values (${input.name}, ${input.from}, ${input.to}, ${input.topicId ?? null}, ${input.size}, ${input.seed}, 0, 0, ${input.createdBy ?? null})
        returning id`),
    );
    const id = n(created?.id);
    const population = populationOf({ from: input.from, to: input.to, topicId: input.topicId });
    await tx.execute(sql`
      insert into annotation_task_items (task_id, post_id, position)
      select ${id}, s.id, row_number() over (order by s.rank)
      from (select p.id, row_number() over (order by ${sampleOrder(input.seed)}) as rank from ${population}) s
      where s.rank <= ${input.size}`);
    const [counts] = rowsOf(
      await tx.execute(sql`
        select (select count(*) from ${population}) as population,
          (select count(*) from annotation_task_items where task_id = ${id}) as sampled`),
    );
    if (n(counts?.sampled) === 0) {
      // Thrown inside the transaction: nothing of the empty task is kept.
      throw new PantauError(
        'INVALID_QUERY',
        `from: no posts from ${input.from} to ${input.to}${input.topicId ? ` in topic ${input.topicId}` : ''} to sample`,
        {
          details: { parameter: 'from' },
        },
      );
    }
    const [row] = rowsOf(
      await tx.execute(sql`
        update annotation_tasks set population = ${n(counts?.population)}, sampled = ${n(counts?.sampled)} where id = ${id}
        returning ${TASK_COLUMNS}`),
    );
    return toTask(row as Record<string, unknown>);
  });
}

/** Every task, newest first. */
export async function listAnnotationTasks(db: Database): Promise<AnnotationTask[]> {
  return rowsOf(await db.execute(sql`select ${TASK_COLUMNS} from annotation_tasks order by id desc`)).map(toTask);
}

/** One task, or null. */
export async function getAnnotationTask(db: Database, id: number): Promise<AnnotationTask | null> {
  const [row] = rowsOf(await db.execute(sql`select ${TASK_COLUMNS} from annotation_tasks where id = ${id}`));
  return row ? toTask(row) : null;
}

/**
 * Tasks whose window contains the window `from`–`to`, newest first. A task of one topic covers only that topic's
 * windows; a task of all posts covers any topic (its sample, restricted to the topic, is a random sample of the topic).
 */
export async function coveringAnnotationTasks(
  db: Database,
  window: { from: string; to: string; topicId?: number | undefined },
): Promise<AnnotationTask[]> {
  const topic = window.topicId === undefined ? sql`topic_id is null` : sql`(topic_id is null or topic_id = ${window.topicId})`;
  return rowsOf(
    await db.execute(sql`
      select ${TASK_COLUMNS} from annotation_tasks
      where window_from <= ${window.from} and window_to >= ${window.to} and ${topic}
      order by id desc`),
  ).map(toTask);
}

/** A sampled post as an annotator sees it; the model's verdict only when asked for. */
export interface TaskItem {
  postId: string;
  position: number;
  platform: string;
  publishedAt: string;
  /** Null once retention removed it. */
  text: string | null;
  url: string | null;
  model: { label: string; probabilities: { negative: number; neutral: number; positive: number } } | null;
}

/** The task's posts `annotator` has not labelled yet, in sample order, and how many there are. */
export async function itemsToLabel(
  db: Database,
  query: { taskId: number; annotator: string; limit: number; modelVersion: string },
): Promise<{ remaining: number; items: TaskItem[] }> {
  const open = sql`i.task_id = ${query.taskId} and not exists (select 1 from annotation_labels a
    where a.task_id = i.task_id and a.post_id = i.post_id and a.annotator = ${query.annotator} and a.current)`;
  const [count] = rowsOf(await db.execute(sql`select count(*) as n from annotation_task_items i where ${open}`));
  const rows = rowsOf(
    await db.execute(sql`
      select i.post_id, i.position, p.platform, p.published_at, p.text, p.url, p.text_removed_at,
        l.label, l.p_negative, l.p_neutral, l.p_positive
      from annotation_task_items i join posts p on p.id = i.post_id
      left join sentiment_labels l on l.post_id = p.id
      where ${open} order by i.position limit ${query.limit}`),
  );
  return {
    remaining: n(count?.n),
    items: rows.map((r) => ({
      postId: String(r.post_id),
      position: n(r.position),
      platform: String(r.platform),
      publishedAt: iso(r.published_at),
      text: r.text_removed_at ? null : String(r.text),
      url: r.text_removed_at || r.url === null ? null : String(r.url),
      model:
        r.label === null || r.label === undefined
          ? null
          : {
              label: String(r.label),
              probabilities: { negative: n(r.p_negative), neutral: n(r.p_neutral), positive: n(r.p_positive) },
            },
    })),
  };
}

/** Text, url, platform and time of some sampled posts of a task (for adjudication), by post id. */
export async function sampledPosts(
  db: Database,
  query: { taskId: number; postIds: readonly number[] },
): Promise<Map<string, { platform: string; publishedAt: string; text: string | null; url: string | null }>> {
  if (query.postIds.length === 0) return new Map();
  const rows = rowsOf(
    await db.execute(sql`
      select p.id, p.platform, p.published_at, p.text, p.url, p.text_removed_at
      from annotation_task_items i join posts p on p.id = i.post_id
      where i.task_id = ${query.taskId} and i.post_id = any(${arrayParam(query.postIds)}::bigint[])`),
  );
  return new Map(
    rows.map((r) => [
      String(r.id),
      {
        platform: String(r.platform),
        publishedAt: iso(r.published_at),
        text: r.text_removed_at ? null : String(r.text),
        url: r.text_removed_at || r.url === null ? null : String(r.url),
      },
    ]),
  );
}
