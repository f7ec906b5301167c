import type { Answer } from './api.ts';
import type { components } from './api-types.ts';
import type { Band, CsvTable } from './export.ts';

/** The dashboard's tables as CSV: the API's raw values (days, counts, shares 0–1 with their 95% bounds), one row each. */

type Sentiment = Answer<'/v1/sentiment'>['data'];
type Volume = Answer<'/v1/volume'>['data']['series'];
type Keyword = Answer<'/v1/keywords/top'>['data']['keywords'][number];
type Coverage = components['schemas']['Disclosure']['coverage'];

const CLASSES = ['negative', 'neutral', 'positive'] as const;
const shareColumns = CLASSES.flatMap((k) => [`${k}_count`, `${k}_share`, `${k}_low`, `${k}_high`]);

/** The daily sentiment table: posts, uncertain, answered, each class's count and share with its interval, net. */
export function sentimentCsv(sentiment: Sentiment): CsvTable {
  return {
    head: ['day', 'posts', 'abstained', 'answered', ...shareColumns, 'net_sentiment'],
    rows: sentiment.series.map((p) => [
      p.period,
      p.posts,
      p.abstained,
      p.answered,
      ...CLASSES.flatMap((k) => [p.counts[k], p.shares[k].share, p.shares[k].low, p.shares[k].high]),
      p.netSentiment,
    ]),
  };
}

/** The interval bands of the sentiment chart (negative, positive), for its SVG. */
export function sentimentBands(sentiment: Sentiment): Band[] {
  const bound = (k: 'negative' | 'positive', f: 'low' | 'high') => sentiment.series.map((p) => p.shares[k][f]);
  return [
    { low: bound('negative', 'low'), high: bound('negative', 'high'), fill: 'rgba(192,57,43,0.15)' },
    { low: bound('positive', 'low'), high: bound('positive', 'high'), fill: 'rgba(39,174,96,0.15)' },
  ];
}

/** The window's validated shares beside the model-only ones (present only when a labelling task validates it). */
export function validatedCsv(total: Sentiment['total']): CsvTable | null {
  const v = total.validated;
  if (!v) return null;
  return {
    head: ['class', 'validated_share', 'validated_low', 'validated_high', 'model_share', 'model_low', 'model_high', 'task', 'labels'],
    rows: [
      ...CLASSES.map((k) => [
        k,
        v.shares[k].estimate,
        v.shares[k].low,
        v.shares[k].high,
        total.shares[k].share,
        total.shares[k].low,
        total.shares[k].high,
        v.task,
        v.labels,
      ]),
      ...(['not_relevant', 'not_indonesian'] as const).map((k) => [
        k,
        v.outOfScope[k].estimate,
        v.outOfScope[k].low,
        v.outOfScope[k].high,
        null,
        null,
        null,
        v.task,
        v.labels,
      ]),
    ],
  };
}

/** Volume and engagement per day. */
export function volumeCsv(volume: Volume): CsvTable {
  return {
    head: ['day', 'posts', 'unique_authors', 'likes', 'replies', 'shares', 'views'],
    rows: volume.map((p) => [p.period, p.posts, p.uniqueAuthors, p.likes, p.replies, p.shares, p.views]),
  };
}

/** The top keywords with change against the previous window of the same length. */
export function keywordsCsv(keywords: readonly Keyword[]): CsvTable {
  return {
    head: ['term', 'posts', 'previous_posts', 'change', 'coordinated_posts'],
    rows: keywords.map((k) => [k.term, k.posts, k.previousPosts, k.change, k.coordinatedPosts]),
  };
}

/** Collector coverage: one row per connector and query, its gap days listed as `day:status`. */
export function coverageCsv(coverage: Coverage): CsvTable {
  return {
    head: ['connector', 'query', 'platform', 'runs', 'fetched', 'published', 'rejected', 'gap_days'],
    rows: coverage.map((c) => [
      c.connector,
      c.query ?? null,
      c.platform ?? null,
      c.runs,
      c.fetched,
      c.published,
      c.rejected,
      (c.gaps ?? []).map((g) => `${g.day}:${g.status}`).join(' '),
    ]),
  };
}
