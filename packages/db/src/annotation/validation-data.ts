import type { AnnotationLabel } from '@pantau/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { notCoordinated } from '../coordination/queries.ts';
import { type DayWindow, rowsOf } from '../sql.ts';

const n = (v: unknown) => Number(v ?? 0);

/** The gold label of every sampled post of a task (SQL twin of `goldLabel`): adjudicated, else unanimous, else null. */
function goldOf(taskId: number): SQL {
  return sql`(select i.post_id,
      coalesce(d.label, case when count(l.id) > 0 and min(l.label) = max(l.label) then min(l.label) end) as gold,
      (d.label is null and count(l.id) > 0 and min(l.label) <> max(l.label)) as disputed
    from annotation_task_items i
    left join annotation_labels l on l.task_id = i.task_id and l.post_id = i.post_id and l.current
    left join annotation_adjudications d on d.task_id = i.task_id and d.post_id = i.post_id
    where i.task_id = ${taskId}
    group by i.post_id, d.label)`;
}

/** Posts `p` of a window and its filters (platform, topic, without coordinated posts). */
function inWindow(window: DayWindow): SQL {
  return sql`p.day between ${window.from} and ${window.to}
    ${window.platform ? sql`and p.platform = ${window.platform}` : sql``}
    ${window.topicId !== undefined ? sql`and exists (select 1 from post_topics pt where pt.post_id = p.id and pt.topic_id = ${window.topicId})` : sql``}
    ${notCoordinated(window, sql`p.id`)}`;
}

/** Sufficient statistics of the model's calibrated probabilities over every post of a window. */
export interface WindowMoments {
  posts: number;
  sum: [number, number, number];
  sumSquares: [number, number, number];
  /** Posts analysed after `since` (posts that arrived after a task drew its sample). */
  arrivedAfter: number;
}

/**
 * N, Σp and Σp² per class over the stored calibrated probabilities of every post of the window (and filters), each
 * from the model version that labelled it last: what the prediction-powered estimate needs from the posts nobody labelled.
 */
export async function windowMoments(db: Database, window: DayWindow & { modelVersion: string; since?: Date }): Promise<WindowMoments> {
  const [r] = rowsOf(
    await db.execute(sql`
      select count(*) as posts, sum(l.p_negative::float8) as s0, sum(l.p_neutral::float8) as s1, sum(l.p_positive::float8) as s2,
        sum(l.p_negative::float8 * l.p_negative) as q0, sum(l.p_neutral::float8 * l.p_neutral) as q1,
        sum(l.p_positive::float8 * l.p_positive) as q2,
        ${window.since ? sql`count(*) filter (where p.analyzed_at > ${window.since.toISOString()}::timestamptz)` : sql`0`} as late
      from posts p join sentiment_labels l on l.post_id = p.id
      where ${inWindow(window)}`),
  );
  return {
    posts: n(r?.posts),
    sum: [n(r?.s0), n(r?.s1), n(r?.s2)],
    sumSquares: [n(r?.q0), n(r?.q1), n(r?.q2)],
    arrivedAfter: n(r?.late),
  };
}

/** A sampled post with a gold label and the model's stored probabilities of it. */
export interface GoldWithProbabilities {
  postId: number;
  gold: AnnotationLabel;
  probabilities: [number, number, number];
  /** The stored label of the model (`uncertain` when it abstained). */
  label: string;
  confidence: number;
  /** The model version that gave the post its current label. */
  modelVersion: string;
}

/**
 * The gold labels of a task's sampled posts with the model's stored probabilities, optionally only of posts inside a
 * window (and its filters), and how many of those posts await adjudication (their annotators disagree).
 */
export async function taskGoldLabels(
  db: Database,
  query: { taskId: number; modelVersion: string; window?: DayWindow },
): Promise<{ labelled: GoldWithProbabilities[]; disputed: number }> {
  const rows = rowsOf(
    await db.execute(sql`
      select g.post_id, g.gold, g.disputed, l.label, l.p_negative, l.p_neutral, l.p_positive, l.confidence, l.model_version
      from ${goldOf(query.taskId)} g
      join posts p on p.id = g.post_id
      join sentiment_labels l on l.post_id = p.id
      where (g.gold is not null or g.disputed) ${query.window ? sql`and ${inWindow(query.window)}` : sql``}
      order by g.post_id`),
  );
  const labelled: GoldWithProbabilities[] = [];
  let disputed = 0;
  for (const r of rows) {
    if (r.gold === null || r.gold === undefined) {
      disputed++;
      continue;
    }
    labelled.push({
      postId: n(r.post_id),
      gold: String(r.gold) as AnnotationLabel,
      probabilities: [n(r.p_negative), n(r.p_neutral), n(r.p_positive)],
      label: String(r.label),
      confidence: n(r.confidence),
      modelVersion: String(r.model_version),
    });
  }
  return { labelled, disputed };
}
