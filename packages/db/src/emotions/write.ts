import type { EmotionPrediction } from '@pantau/contracts';
import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { dailyEmotions, emotionLabels } from '../schema.ts';
import { arrayParam, unnestRows } from '../sql.ts';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** A newly inserted post's emotion, with what its rollup row is keyed by. */
export interface EmotionRow {
  postId: number;
  day: string;
  platform: string;
  emotion: EmotionPrediction;
}

const LABELS = ['anger', 'fear', 'happy', 'love', 'sadness', 'uncertain'] as const;

/**
 * Writes the emotion labels of a batch's newly inserted posts and adds them to `daily_emotions`, inside the batch's
 * transaction (so labels, rollups and posts commit together). Rollup rows are sorted so concurrent writers lock in one order.
 */
export async function writeEmotions(tx: Tx, modelVersion: string, rows: readonly EmotionRow[]): Promise<void> {
  await writeEmotionLabels(tx, modelVersion, rows);
  await addToEmotionRollup(tx, modelVersion, rows);
}

/** The label rows of `writeEmotions` alone (the batch write inserts them before it takes the rollups' row locks). */
export async function writeEmotionLabels(tx: Tx, modelVersion: string, rows: readonly EmotionRow[]): Promise<void> {
  if (rows.length === 0) return;
  const labels = unnestRows(emotionLabels, {
    postId: rows.map((r) => r.postId),
    modelVersion: sql`${modelVersion}`,
    label: rows.map((r) => r.emotion.label),
    pAnger: rows.map((r) => r.emotion.probabilities[0]),
    pFear: rows.map((r) => r.emotion.probabilities[1]),
    pHappy: rows.map((r) => r.emotion.probabilities[2]),
    pLove: rows.map((r) => r.emotion.probabilities[3]),
    pSadness: rows.map((r) => r.emotion.probabilities[4]),
    confidence: rows.map((r) => r.emotion.confidence),
  });
  await tx.execute(sql`insert into ${labels.into} ${labels.select} on conflict do nothing`);
}

/** The rollup rows of `writeEmotions` alone: the posts' labels added to `daily_emotions`. */
export async function addToEmotionRollup(tx: Tx, modelVersion: string, rows: readonly EmotionRow[]): Promise<void> {
  if (rows.length === 0) return;
  const byDay = new Map<string, { day: string; platform: string; posts: number } & Record<(typeof LABELS)[number], number>>();
  for (const r of rows) {
    const key = `${r.day}|${r.platform}`;
    let row = byDay.get(key);
    if (!row) {
      row = { day: r.day, platform: r.platform, posts: 0, anger: 0, fear: 0, happy: 0, love: 0, sadness: 0, uncertain: 0 };
      byDay.set(key, row);
    }
    row.posts++;
    row[r.emotion.label]++;
  }
  const sorted = [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const rollup = unnestRows(dailyEmotions, {
    day: sorted.map((r) => r.day),
    platform: sorted.map((r) => r.platform),
    modelVersion: sql`${modelVersion}`,
    posts: sorted.map((r) => r.posts),
    ...Object.fromEntries(LABELS.map((l) => [l, sorted.map((r) => r[l])])),
  });
  await tx.execute(sql`
    insert into ${rollup.into} ${rollup.select}
    on conflict (day, platform, model_version) do update set
      posts = daily_emotions.posts + excluded.posts, anger = daily_emotions.anger + excluded.anger,
      fear = daily_emotions.fear + excluded.fear, happy = daily_emotions.happy + excluded.happy,
      love = daily_emotions.love + excluded.love, sadness = daily_emotions.sadness + excluded.sadness,
      uncertain = daily_emotions.uncertain + excluded.uncertain`);
}

/**
 * Subtracts posts (by id, still stored) from `daily_emotions` before they are deleted (forgetting an author), so the
 * rollup equals a recount of the labels left; rows left with no posts are removed.
 */
export async function subtractEmotions(tx: Tx, ids: readonly number[], days: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(sql`
    with agg as (
      select p.day, p.platform, l.model_version, count(*) as posts,
        count(*) filter (where l.label = 'anger') as anger, count(*) filter (where l.label = 'fear') as fear,
        count(*) filter (where l.label = 'happy') as happy, count(*) filter (where l.label = 'love') as love,
        count(*) filter (where l.label = 'sadness') as sadness, count(*) filter (where l.label = 'uncertain') as uncertain
      from posts p join emotion_labels l on l.post_id = p.id
      where p.id = any(${arrayParam(ids)}::bigint[])
      group by p.day, p.platform, l.model_version
      order by p.day, p.platform, l.model_version
    )
    update daily_emotions d set posts = d.posts - a.posts, anger = d.anger - a.anger, fear = d.fear - a.fear,
      happy = d.happy - a.happy, love = d.love - a.love, sadness = d.sadness - a.sadness, uncertain = d.uncertain - a.uncertain
    from agg a where d.day = a.day and d.platform = a.platform and d.model_version = a.model_version`);
  await tx.execute(sql`delete from daily_emotions where day = any(${arrayParam(days)}::date[]) and posts <= 0`);
}
