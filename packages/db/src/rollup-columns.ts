// The count columns of the daily rollup tables and the SQL that adds to and takes away from them, in one place.

import { sql } from 'drizzle-orm';

/**
 * The counts of a daily sentiment rollup row over posts `p` with labels `l`, named as the rollup's columns (COUNTS):
 * one definition for adding to and subtracting from the rollups.
 */
export const ROLLUP_COUNTS = sql`count(*) as posts,
    count(*) filter (where l.label = 'negative') as negative, count(*) filter (where l.label = 'neutral') as neutral,
    count(*) filter (where l.label = 'positive') as positive, count(*) filter (where l.label = 'uncertain') as uncertain,
    sum(p.likes) as likes, sum(p.replies) as replies, sum(p.shares) as shares, sum(p.views) as views,
    count(*) filter (where p.redacted_phone + p.redacted_email + p.redacted_nik + p.redacted_bpjs > 0) as redacted_posts,
    count(*) filter (where p.redacted_phone > 0) as redacted_phone, count(*) filter (where p.redacted_email > 0) as redacted_email,
    count(*) filter (where p.redacted_nik > 0) as redacted_nik, count(*) filter (where p.redacted_bpjs > 0) as redacted_bpjs`;

/** `column = table.column + excluded.column` for each column: an upsert that adds to a rollup row's counts. */
export const addExcluded = (table: string, columns: readonly string[]) =>
  sql.raw(columns.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', '));

/** `column = d.column - a.column` for each column: an update of rollup rows `d` that takes away the counts of rows `a`. */
export const subtractAgg = (columns: readonly string[]) => sql.raw(columns.map((c) => `${c} = d.${c} - a.${c}`).join(', '));

/** The label counts of every rollup row. */
export const LABEL_COUNTS = ['posts', 'negative', 'neutral', 'positive', 'uncertain'] as const;
/** The counts of a daily sentiment rollup row without its redaction counts (the coordinated rollup keeps none). */
export const ENGAGEMENT_COUNTS = [...LABEL_COUNTS, 'likes', 'replies', 'shares', 'views'] as const;

/** Every count of a daily sentiment rollup row (`daily_sentiment`, `daily_topic_sentiment`). */
export const COUNTS = [...ENGAGEMENT_COUNTS, 'redacted_posts', 'redacted_phone', 'redacted_email', 'redacted_nik', 'redacted_bpjs'];
