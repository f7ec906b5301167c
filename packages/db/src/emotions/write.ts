import type { EmotionPrediction } from '@pantau/contracts';
import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { dailyEmotions, emotionLabels } from '../schema.ts';
import { unnestRows } from '../sql.ts';

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
