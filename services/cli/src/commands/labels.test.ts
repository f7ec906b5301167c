import { describe, expect, it } from 'vitest';
import { labelsCsv, parseLabelsCsv } from './labels.ts';

describe('labels CSV', () => {
  const keyIds = new Set(['a1b2c3d4e5f6']);

  it('reads back what it writes, quoting fields that need it', () => {
    const rows = [
      { postId: '12', annotator: 'a1b2c3d4e5f6', label: 'negative', labelledAt: '2026-11-20T01:00:00.000Z' },
      { postId: '13', annotator: 'external:Sari, tim "B"', label: 'not_relevant', labelledAt: '2026-11-20T02:00:00.000Z' },
    ];
    const csv = labelsCsv(rows);
    expect(csv.split('\n')[0]).toBe('post_id,annotator,label,labelled_at');
    expect(csv).toContain('"external:Sari, tim ""B"""');
    expect(parseLabelsCsv(csv, { keyIds })).toEqual(rows.map((r) => ({ ...r, postId: Number(r.postId) })));
  });

  it('attributes every row to --annotator, else refuses an annotator that is neither a key nor external:', () => {
    const csv = 'post_id,annotator,label,labelled_at\n5,someone,positive,2026-11-20T08:00:00+07:00\n';
    expect(parseLabelsCsv(csv, { annotator: 'external:ana', keyIds })).toEqual([
      { postId: 5, annotator: 'external:ana', label: 'positive', labelledAt: '2026-11-20T01:00:00.000Z' },
    ]);
    expect(() => parseLabelsCsv(csv, { keyIds })).toThrow(/line 2: annotator "someone"/);
  });

  it('names the line and column of a bad row, and a missing column', () => {
    const header = 'post_id,annotator,label,labelled_at\n';
    expect(() => parseLabelsCsv(`${header}5,external:a,angry,2026-11-20T01:00:00Z\n`, { keyIds })).toThrow(/line 2: label/);
    expect(() =>
      parseLabelsCsv(`${header}5,external:a,neutral,2026-11-20T01:00:00Z\nx,external:a,neutral,2026-11-20T01:00:00Z\n`, { keyIds }),
    ).toThrow(/line 3: post_id/);
    expect(() => parseLabelsCsv(`${header}5,external:a,neutral,yesterday\n`, { keyIds })).toThrow(/line 2: labelled_at/);
    expect(() => parseLabelsCsv('post_id,label\n5,neutral\n', { keyIds })).toThrow(/missing column annotator/);
  });
});
