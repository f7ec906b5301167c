import { and, count, eq, gte, isNotNull, lte } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { posts, sentimentLabels } from '../schema.ts';
import type { DayWindow } from '../sql.ts';

/** The sentiment a star rating expresses: 1–2 stars negative, 3 neutral, 4–5 positive. */
export function starSentiment(stars: number): 'negative' | 'neutral' | 'positive' {
  return stars <= 2 ? 'negative' : stars === 3 ? 'neutral' : 'positive';
}

/** Model labels per star count: how the model read the reviews that gave those stars. */
export type LabelsByStars = Record<'1' | '2' | '3' | '4' | '5', { negative: number; neutral: number; positive: number; uncertain: number }>;

/** How far one app's star ratings and the model's labels of the same reviews agree. */
export interface RatingAgreement {
  /** The app's package (null for reviews stored without one). */
  app: string | null;
  /** Rated reviews labelled by the model version in the window. */
  reviews: number;
  /** Of those, the reviews the model left uncertain (not counted in the share). */
  uncertain: number;
  /** Confident labels matching the stars' sentiment. */
  agree: number;
  /** agree / (reviews − uncertain), with its Wilson 95% interval; null without a confident label. */
  share: number | null;
  low: number | null;
  high: number | null;
  byStars: LabelsByStars;
}

/** Wilson score interval at 95%. */
function wilson(successes: number, trials: number): { share: number | null; low: number | null; high: number | null } {
  if (trials === 0) return { share: null, low: null, high: null };
  const z = 1.959963984540054;
  const p = successes / trials;
  const denominator = 1 + (z * z) / trials;
  const centre = (p + (z * z) / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) / denominator;
  return { share: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

const emptyByStars = (): LabelsByStars => ({
  '1': { negative: 0, neutral: 0, positive: 0, uncertain: 0 },
  '2': { negative: 0, neutral: 0, positive: 0, uncertain: 0 },
  '3': { negative: 0, neutral: 0, positive: 0, uncertain: 0 },
  '4': { negative: 0, neutral: 0, positive: 0, uncertain: 0 },
  '5': { negative: 0, neutral: 0, positive: 0, uncertain: 0 },
});

/**
 * Per app, the agreement between reviewers' stars and the model's labels of their reviews in a window of Jakarta days:
 * a weak in-domain check (stars rate the app, the text may be about something else), beside the annotation tasks.
 */
export async function ratingAgreement(db: Database, window: DayWindow & { modelVersion: string }): Promise<RatingAgreement[]> {
  const rows = await db
    .select({ app: posts.sourceOutlet, rating: posts.rating, label: sentimentLabels.label, n: count() })
    .from(posts)
    .innerJoin(sentimentLabels, eq(sentimentLabels.postId, posts.id))
    .where(and(eq(posts.platform, 'app_review'), isNotNull(posts.rating), gte(posts.day, window.from), lte(posts.day, window.to)))
    .groupBy(posts.sourceOutlet, posts.rating, sentimentLabels.label);
  const apps = new Map<string | null, { byStars: LabelsByStars; reviews: number; uncertain: number; agree: number }>();
  for (const r of rows) {
    const stars = String(r.rating) as keyof LabelsByStars;
    let app = apps.get(r.app);
    if (!app) {
      app = { byStars: emptyByStars(), reviews: 0, uncertain: 0, agree: 0 };
      apps.set(r.app, app);
    }
    const cell = app.byStars[stars];
    if (!cell) continue;
    const label = r.label as keyof typeof cell;
    if (!(label in cell)) continue;
    cell[label] += r.n;
    app.reviews += r.n;
    if (label === 'uncertain') app.uncertain += r.n;
    else if (label === starSentiment(Number(r.rating))) app.agree += r.n;
  }
  return [...apps]
    .sort(([a], [b]) => String(a).localeCompare(String(b)))
    .map(([app, a]) => ({
      app,
      reviews: a.reviews,
      uncertain: a.uncertain,
      agree: a.agree,
      ...wilson(a.agree, a.reviews - a.uncertain),
      byStars: a.byStars,
    }));
}
