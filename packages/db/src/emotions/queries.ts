import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { notCoordinated } from '../coordination/queries.ts';
import { type DayWindow, type Granularity, rowsOf } from '../sql.ts';

/** Posts per emotion label in one period (day, or Monday of the ISO week). */
export interface EmotionPeriod {
  period: string;
  posts: number;
  anger: number;
  fear: number;
  happy: number;
  love: number;
  sadness: number;
  uncertain: number;
}

const n = (v: unknown) => Number(v ?? 0);
const toPeriod = (r: Record<string, unknown>): EmotionPeriod => ({
  period: String(r.period),
  posts: n(r.posts),
  anger: n(r.anger),
  fear: n(r.fear),
  happy: n(r.happy),
  love: n(r.love),
  sadness: n(r.sadness),
  uncertain: n(r.uncertain),
});

/**
 * Emotion counts per period of one emotion model version. The plain window reads the `daily_emotions` rollup; a
 * topic, or leaving coordinated posts out, counts the stored labels of the matching posts instead (the rollup is kept
 * per day and platform only), with the same filters as the sentiment figures.
 */
export async function emotionSeries(
  db: Database,
  window: DayWindow & { granularity: Granularity; modelVersion: string },
): Promise<EmotionPeriod[]> {
  const platform = (column: string) => (window.platform ? sql`and ${sql.raw(column)} = ${window.platform}` : sql``);
  if (window.topicId === undefined && !window.excludeCoordinated) {
    const period = window.granularity === 'week' ? sql`to_char(date_trunc('week', day), 'YYYY-MM-DD')` : sql`to_char(day, 'YYYY-MM-DD')`;
    const result = await db.execute(sql`
      select ${period} as period, sum(posts) as posts, sum(anger) as anger, sum(fear) as fear, sum(happy) as happy,
        sum(love) as love, sum(sadness) as sadness, sum(uncertain) as uncertain
      from daily_emotions
      where day between ${window.from} and ${window.to} ${platform('platform')}
      group by 1 order by 1`);
    return rowsOf(result).map(toPeriod);
  }
  const period = window.granularity === 'week' ? sql`to_char(date_trunc('week', p.day), 'YYYY-MM-DD')` : sql`to_char(p.day, 'YYYY-MM-DD')`;
  const scope =
    window.topicId !== undefined
      ? sql`from post_topics pt join posts p on p.id = pt.post_id
          where pt.topic_id = ${window.topicId} and pt.day between ${window.from} and ${window.to}`
      : sql`from posts p where p.day between ${window.from} and ${window.to}`;
  const result = await db.execute(sql`
    select ${period} as period, count(*) as posts,
      count(*) filter (where l.label = 'anger') as anger, count(*) filter (where l.label = 'fear') as fear,
      count(*) filter (where l.label = 'happy') as happy, count(*) filter (where l.label = 'love') as love,
      count(*) filter (where l.label = 'sadness') as sadness, count(*) filter (where l.label = 'uncertain') as uncertain
    from (select p.id, p.day ${scope} ${platform('p.platform')} ${notCoordinated(window, sql`p.id`)}) as p
    join emotion_labels l on l.post_id = p.id
    group by 1 order by 1`);
  return rowsOf(result).map(toPeriod);
}
