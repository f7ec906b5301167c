import type { EmotionPrediction, StoredPrediction } from '@pantau/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { subtractEmotions, writeEmotions } from '../emotions/write.ts';
import { subtractFromLanguageRollup } from '../languages/queries.ts';
import { subtractFromRollups } from '../privacy/privacy.ts';
import { addExcluded, COUNTS, ENGAGEMENT_COUNTS, LABEL_COUNTS, ROLLUP_COUNTS } from '../rollup-columns.ts';
import { sentimentLabels } from '../schema.ts';
import { arrayParam, rowsOf, selectRows, unnestRows } from '../sql.ts';
import { subtractFromTopicRollup } from '../topics/rollup.ts';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** What a reanalysis relabels: the posts of a window of Jakarta days (and of one topic), with one model. */
export interface ReanalyzeScope {
  from: string;
  to: string;
  /** Only the posts tagged with this topic; null: every post of the window. */
  topicId: number | null;
  /** The sentiment model's version every relabelled post ends with. */
  modelVersion: string;
  /** The emotion head's version (null: the model has none, emotion labels are left as they are). */
  emotionModelVersion: string | null;
}

/** A reanalysis run as stored in `reanalyze_runs`. */
export interface ReanalyzeRun extends ReanalyzeScope {
  id: number;
  /** The day and id of the last post done (posts are taken in day and id order); null day: none yet. */
  cursorDay: string | null;
  cursorPostId: number;
  /** Posts to relabel when the run started. */
  total: number;
  relabelled: number;
  /** Posts whose text retention removed: they keep their label (and its model version). */
  skippedNoText: number;
  batches: number;
  state: 'running' | 'done';
  /** True when the run was found running (an earlier start stopped before its end) and continues from its cursor. */
  resumed: boolean;
}

/** A stored post to relabel, with its text (empty when retention removed it). */
export interface PostToRelabel {
  id: number;
  day: string;
  platform: string;
  lang: string;
  text: string;
  textRemoved: boolean;
}

/** A post's new labels: the sentiment verdict (`other_language` for a regional-language post) and, when scored, its emotion. */
export interface Relabelled {
  postId: number;
  sentiment: StoredPrediction;
  emotion?: EmotionPrediction;
}

/** One batch of a run: the new labels, the posts left without text, and the cursor after the batch (its last post). */
export interface RelabelledBatch {
  cursorDay: string;
  cursorPostId: number;
  labels: readonly Relabelled[];
  skippedNoText: number;
}

/** Posts of the scope that are not at its versions yet (a post relabelled already is skipped by a run started again). */
const needsRelabel = (scope: ReanalyzeScope): SQL => sql`
  p.day between ${scope.from} and ${scope.to}
  ${scope.topicId === null ? sql`` : sql`and exists (select 1 from post_topics pt where pt.topic_id = ${scope.topicId} and pt.post_id = p.id)`}
  and (l.model_version is distinct from ${scope.modelVersion}
    ${
      scope.emotionModelVersion === null
        ? sql``
        : sql`or (p.lang = 'id' and not exists (
            select 1 from emotion_labels e where e.post_id = p.id and e.model_version = ${scope.emotionModelVersion}))`
    })`;

function runOf(r: Record<string, unknown>, resumed: boolean): ReanalyzeRun {
  return {
    id: Number(r.id),
    from: String(r.window_from),
    to: String(r.window_to),
    topicId: r.topic_id === null ? null : Number(r.topic_id),
    modelVersion: String(r.model_version),
    emotionModelVersion: r.emotion_model_version === null ? null : String(r.emotion_model_version),
    cursorDay: r.cursor_day === null ? null : String(r.cursor_day),
    cursorPostId: Number(r.cursor_post_id),
    total: Number(r.total),
    relabelled: Number(r.relabelled),
    skippedNoText: Number(r.skipped_no_text),
    batches: Number(r.batches),
    state: r.state === 'done' ? 'done' : 'running',
    resumed,
  };
}

const RUN_COLUMNS = sql`id, to_char(window_from, 'YYYY-MM-DD') as window_from, to_char(window_to, 'YYYY-MM-DD') as window_to,
  topic_id, model_version, emotion_model_version, to_char(cursor_day, 'YYYY-MM-DD') as cursor_day, cursor_post_id, total, relabelled, skipped_no_text, batches, state`;

/**
 * The running run of this window, topic and model version, to continue from its cursor; else a new run, with the
 * number of posts it has to relabel.
 */
export async function openReanalyzeRun(db: Database, scope: ReanalyzeScope): Promise<ReanalyzeRun> {
  return db.transaction(async (tx) => {
    const [running] = rowsOf(
      await tx.execute(sql`
        select ${RUN_COLUMNS} from reanalyze_runs
        where state = 'running' and window_from = ${scope.from} and window_to = ${scope.to}
          and coalesce(topic_id, 0) = ${scope.topicId ?? 0}
        for update`),
    );
    if (running) return runOf(running, true);
    const [count] = rowsOf(
      await tx.execute(sql`
        select count(*)::int as n from posts p left join sentiment_labels l on l.post_id = p.id where ${needsRelabel(scope)}`),
    );
    const [created] = rowsOf(
      await tx.execute(sql`
        insert into reanalyze_runs (window_from, window_to, topic_id, model_version, emotion_model_version, total)
        values (${scope.from}, ${scope.to}, ${scope.topicId}, ${scope.modelVersion}, ${scope.emotionModelVersion}, ${Number(count?.n ?? 0)})
        returning ${RUN_COLUMNS}`),
    );
    return runOf(created as Record<string, unknown>, false);
  });
}

/**
 * The next posts of the run after its cursor that still need relabelling, in day and id order (the walk of the posts'
 * (day, id) index over the window), with their stored text.
 */
export async function nextPostsToRelabel(db: Database, run: ReanalyzeRun, limit: number): Promise<PostToRelabel[]> {
  const rows = await selectRows(
    db,
    sql<{ id: string | number; day: string; platform: string; lang: string; text: string; removed: boolean }>`
      select p.id, to_char(p.day, 'YYYY-MM-DD') as day, p.platform, p.lang, p.text, (p.text_removed_at is not null) as removed
      from posts p left join sentiment_labels l on l.post_id = p.id
      where ${run.cursorDay === null ? sql`true` : sql`(p.day, p.id) > (${run.cursorDay}::date, ${run.cursorPostId}::bigint)`}
        and ${needsRelabel(run)}
      order by p.day, p.id limit ${limit}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    day: r.day,
    platform: r.platform,
    lang: r.lang,
    text: r.text,
    textRemoved: r.removed || r.text.trim() === '',
  }));
}

/**
 * Replaces the labels of one batch of a run and moves the posts between the rollup rows of their old and new model
 * versions, in one transaction with the run's cursor: every rollup a label enters (daily, language, keyword, topic,
 * coordinated, emotion) afterwards equals a recount of the stored labels, and a run stopped at any point continues
 * after the last committed batch without counting a post twice.
 */
export async function writeRelabelledBatch(db: Database, run: ReanalyzeRun, batch: RelabelledBatch): Promise<ReanalyzeRun> {
  return db.transaction(async (tx) => {
    const labels = batch.labels;
    const ids = labels.map((r) => r.postId);
    if (ids.length > 0) {
      // The coordination stage adds a newly coordinated post to the coordinated rollups under the label it reads: it waits
      // for this batch (and this batch for it), so a post is never moved under one label and added under the other.
      await tx.execute(sql`lock table coordinated_posts in share mode`);
      const idList = sql`${arrayParam(ids)}::bigint[]`;
      const placed = await selectRows(
        tx,
        sql<{ id: string | number; day: string; platform: string }>`
          select id, to_char(day, 'YYYY-MM-DD') as day, platform from posts where id = any(${idList}) order by id for update`,
      );
      const days = [...new Set(placed.map((r) => r.day))].sort();
      const forms = await keywordForms(tx, idList);
      await subtractFromRollups(tx, ids, days, 'all');
      await subtractFromRollups(tx, ids, days, 'coordinated');
      await subtractFromLanguageRollup(tx, ids, days);
      await subtractFromTopicRollup(tx, ids, days);
      await tx.execute(sql`delete from sentiment_labels where post_id = any(${idList})`);
      const rows = unnestRows(sentimentLabels, {
        postId: ids,
        modelVersion: sql`${run.modelVersion}`,
        label: labels.map((r) => r.sentiment.label),
        pNegative: labels.map((r) => r.sentiment.probabilities[0]),
        pNeutral: labels.map((r) => r.sentiment.probabilities[1]),
        pPositive: labels.map((r) => r.sentiment.probabilities[2]),
        confidence: labels.map((r) => r.sentiment.confidence),
      });
      await tx.execute(sql`insert into ${rows.into} ${rows.select}`);
      await addToRollups(tx, idList, forms);

      const scored = labels.filter((r) => r.emotion !== undefined);
      if (run.emotionModelVersion !== null && scored.length > 0) {
        const where = new Map(placed.map((r) => [Number(r.id), r]));
        const emotionIds = scored.map((r) => r.postId);
        await subtractEmotions(tx, emotionIds, days);
        await tx.execute(sql`delete from emotion_labels where post_id = any(${arrayParam(emotionIds)}::bigint[])`);
        await writeEmotions(
          tx,
          run.emotionModelVersion,
          scored.map((r) => {
            const at = where.get(r.postId);
            return { postId: r.postId, day: at?.day ?? '', platform: at?.platform ?? '', emotion: r.emotion as EmotionPrediction };
          }),
        );
      }
    }
    const [updated] = rowsOf(
      await tx.execute(sql`
        update reanalyze_runs set cursor_day = ${batch.cursorDay}, cursor_post_id = ${batch.cursorPostId},
          relabelled = relabelled + ${ids.length}, skipped_no_text = skipped_no_text + ${batch.skippedNoText},
          batches = batches + 1, updated_at = now()
        where id = ${run.id} returning ${RUN_COLUMNS}`),
    );
    return runOf(updated as Record<string, unknown>, run.resumed);
  });
}

/** Marks a run done (a later start of the same command makes a new run, which finds nothing left to relabel). */
export async function finishReanalyzeRun(db: Database, run: ReanalyzeRun): Promise<ReanalyzeRun> {
  const [updated] = rowsOf(
    await db.execute(sql`
      update reanalyze_runs set state = 'done', finished_at = now(), updated_at = now() where id = ${run.id} returning ${RUN_COLUMNS}`),
  );
  return runOf(updated as Record<string, unknown>, run.resumed);
}

/** The display form and kind of each keyword of the posts, per day and platform, as the keyword rollup holds them. */
async function keywordForms(
  tx: Tx,
  idList: SQL,
): Promise<{ day: string[]; platform: string[]; key: string[]; term: string[]; kind: string[] }> {
  const rows = await selectRows(
    tx,
    sql<{ day: string; platform: string; key: string; term: string; kind: string }>`
      select distinct on (dk.day, dk.platform, dk.key) to_char(dk.day, 'YYYY-MM-DD') as day, dk.platform, dk.key, dk.term, dk.kind
      from daily_keywords dk
      join (select distinct p.day, p.platform, k.key from posts p cross join lateral unnest(p.keywords) as k(key)
        where p.id = any(${idList})) w on w.day = dk.day and w.platform = dk.platform and w.key = dk.key
      order by dk.day, dk.platform, dk.key, dk.posts desc`,
  );
  return {
    day: rows.map((r) => r.day),
    platform: rows.map((r) => r.platform),
    key: rows.map((r) => r.key),
    term: rows.map((r) => r.term),
    kind: rows.map((r) => r.kind),
  };
}

/** Adds the posts, with their current labels, to every label-keyed rollup (rows in key order, as the batch writer locks them). */
async function addToRollups(
  tx: Tx,
  idList: SQL,
  forms: { day: string[]; platform: string[]; key: string[]; term: string[]; kind: string[] },
): Promise<void> {
  const columns = sql.raw(COUNTS.join(', '));
  await tx.execute(sql`
    insert into daily_sentiment (day, platform, model_version, ${columns})
    select p.day, p.platform, l.model_version, ${ROLLUP_COUNTS}
    from posts p join sentiment_labels l on l.post_id = p.id where p.id = any(${idList})
    group by 1, 2, 3 order by 1, 2, 3
    on conflict (day, platform, model_version) do update set ${addExcluded('daily_sentiment', COUNTS)}`);
  await tx.execute(sql`
    insert into daily_language_sentiment (day, platform, model_version, lang, ${columns})
    select p.day, p.platform, l.model_version, p.lang, ${ROLLUP_COUNTS}
    from posts p join sentiment_labels l on l.post_id = p.id where p.id = any(${idList})
    group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (day, platform, model_version, lang) do update set ${addExcluded('daily_language_sentiment', COUNTS)}`);
  await tx.execute(sql`
    insert into daily_topic_sentiment (topic_id, day, platform, model_version, ${columns})
    select pt.topic_id, pt.day, p.platform, l.model_version, ${ROLLUP_COUNTS}
    from post_topics pt join posts p on p.id = pt.post_id join sentiment_labels l on l.post_id = p.id
    where pt.post_id = any(${idList})
    group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (topic_id, day, platform, model_version) do update set ${addExcluded('daily_topic_sentiment', COUNTS)}`);
  const labelCounts = sql`count(*),
    count(*) filter (where l.label = 'negative'), count(*) filter (where l.label = 'neutral'),
    count(*) filter (where l.label = 'positive'), count(*) filter (where l.label = 'uncertain')`;
  await tx.execute(sql`
    insert into daily_keywords (day, platform, model_version, key, term, kind, ${sql.raw(LABEL_COUNTS.join(', '))})
    select p.day, p.platform, l.model_version, k.key, coalesce(min(f.term), k.key), coalesce(min(f.kind), 'unigram'), ${labelCounts}
    from posts p join sentiment_labels l on l.post_id = p.id cross join lateral unnest(p.keywords) as k(key)
    left join unnest(${arrayParam(forms.day)}::date[], ${arrayParam(forms.platform)}::text[], ${arrayParam(forms.key)}::text[],
      ${arrayParam(forms.term)}::text[], ${arrayParam(forms.kind)}::text[]) as f(day, platform, key, term, kind)
      on f.day = p.day and f.platform = p.platform and f.key = k.key
    where p.id = any(${idList})
    group by p.day, p.platform, l.model_version, k.key order by 1, 2, 3, 4
    on conflict (day, platform, model_version, key) do update set ${addExcluded('daily_keywords', LABEL_COUNTS)}`);
  await tx.execute(sql`
    insert into daily_coordinated_sentiment (day, platform, model_version, ${sql.raw(ENGAGEMENT_COUNTS.join(', '))})
    select p.day, p.platform, l.model_version, ${labelCounts}, sum(p.likes), sum(p.replies), sum(p.shares), sum(p.views)
    from coordinated_posts cp join posts p on p.id = cp.post_id join sentiment_labels l on l.post_id = p.id
    where cp.post_id = any(${idList})
    group by 1, 2, 3 order by 1, 2, 3
    on conflict (day, platform, model_version) do update set ${addExcluded('daily_coordinated_sentiment', ENGAGEMENT_COUNTS)}`);
  await tx.execute(sql`
    insert into daily_coordinated_keywords (day, platform, model_version, key, term, kind, ${sql.raw(LABEL_COUNTS.join(', '))})
    select p.day, p.platform, l.model_version, k.key, min(dk.term), min(dk.kind), ${labelCounts}
    from coordinated_posts cp join posts p on p.id = cp.post_id join sentiment_labels l on l.post_id = p.id
    cross join lateral unnest(p.keywords) as k(key)
    join daily_keywords dk on dk.day = p.day and dk.platform = p.platform and dk.model_version = l.model_version and dk.key = k.key
    where cp.post_id = any(${idList})
    group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (day, platform, model_version, key) do update set ${addExcluded('daily_coordinated_keywords', LABEL_COUNTS)}`);
}
