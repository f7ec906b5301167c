import { readFileSync } from 'node:fs';
import { jakartaDay } from '@pantau/contracts';
import { describe, expect, it } from 'vitest';
import { datedSample, SAMPLE_POSTS_FILE } from './sample.ts';

interface Post {
  externalId: string;
  publishedAt: string;
  text: string;
}

const parse = (jsonl: string) =>
  jsonl
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Post);

describe('datedSample', () => {
  const original = parse(readFileSync(SAMPLE_POSTS_FILE, 'utf8'));

  it('leaves the sample as written when loaded the day after its last day', () => {
    const sample = datedSample('2026-11-15');
    expect(sample).toMatchObject({ shiftDays: 0, from: '2026-11-01', to: '2026-11-14' });
    expect(parse(sample.jsonl).map((p) => Date.parse(p.publishedAt))).toEqual(original.map((p) => Date.parse(p.publishedAt)));
  });

  it('moves every post by whole days so that the last day is the day before the load day, times of day kept', () => {
    const sample = datedSample('2027-09-01');
    expect(sample).toMatchObject({ from: '2027-08-18', to: '2027-08-31' });
    const moved = parse(sample.jsonl);
    expect(moved).toHaveLength(original.length);
    moved.forEach((post, i) => {
      const before = original[i] as Post;
      expect(post.externalId).toBe(before.externalId);
      expect(post.text).toBe(before.text);
      expect(post.publishedAt.slice(10)).toBe(before.publishedAt.slice(10));
      expect(Date.parse(post.publishedAt) - Date.parse(before.publishedAt)).toBe(sample.shiftDays * 86_400_000);
    });
    expect(
      moved
        .map((p) => jakartaDay(p.publishedAt))
        .sort()
        .at(-1),
    ).toBe('2027-08-31');
  });
});
