import { getTableColumns } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { COUNTS, ENGAGEMENT_COUNTS, LABEL_COUNTS, ROLLUP_COUNTS } from './rollup-columns.ts';
import { dailyCoordinatedKeywords, dailyTopicSentiment } from './schema.ts';

const numberColumns = (table: PgTable) =>
  Object.values(getTableColumns(table))
    .filter((c) => c.dataType === 'number')
    .map((c) => c.name);

describe('rollup count columns', () => {
  it('are read from the schema in table order', () => {
    expect(LABEL_COUNTS).toEqual(['posts', 'negative', 'neutral', 'positive', 'uncertain']);
    expect(ENGAGEMENT_COUNTS).toEqual([...LABEL_COUNTS, 'likes', 'replies', 'shares', 'views']);
    expect(COUNTS).toEqual([...ENGAGEMENT_COUNTS, 'redacted_posts', 'redacted_phone', 'redacted_email', 'redacted_nik', 'redacted_bpjs']);
  });

  it('are the same in the tables of the same shape', () => {
    expect(numberColumns(dailyCoordinatedKeywords)).toEqual(LABEL_COUNTS);
    expect(numberColumns(dailyTopicSentiment).filter((name) => name !== 'topic_id')).toEqual(COUNTS);
  });

  it('are the counts the shared rollup expression names, in order', () => {
    const text = ROLLUP_COUNTS.queryChunks.map((c) => (c && 'value' in c ? [c.value].flat().join('') : '')).join('');
    expect([...text.matchAll(/ as (\w+)/g)].map((m) => m[1])).toEqual(COUNTS);
  });
});
