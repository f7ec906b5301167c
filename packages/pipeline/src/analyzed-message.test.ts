import { AnalyzedPostMessage } from '@pantau/contracts';
import { MINHASH_SIZE } from '@pantau/text';
import { describe, expect, it } from 'vitest';
import { decodeAnalyzedPost } from './analyzed-message.ts';

const valid = {
  id: 7,
  publishedAt: '2026-11-10T02:00:00.000Z',
  minhash: Array.from({ length: MINHASH_SIZE }, (_, i) => i * 1_000_003 - 2 ** 31),
  links: ['example.org/berita'],
  committedAtMs: 1_794_000_000_000,
};

describe('posts.analyzed messages', () => {
  it('reads what the schema accepts and refuses what it refuses', () => {
    const cases: unknown[] = [
      valid,
      { ...valid, minhash: null, links: [] },
      { ...valid, id: 0 },
      { ...valid, id: 1.5 },
      { ...valid, id: '7' },
      { ...valid, publishedAt: 'yesterday' },
      { ...valid, minhash: [1, 2, 3] },
      { ...valid, minhash: [...valid.minhash.slice(1), 0.5] },
      { ...valid, links: [3] },
      { ...valid, links: undefined },
      { ...valid, committedAtMs: '1' },
      null,
      [],
    ];
    for (const c of cases) {
      const decoded = decodeAnalyzedPost(Buffer.from(JSON.stringify(c)));
      const schema = AnalyzedPostMessage.safeParse(c);
      const accepted = schema.success && (schema.data.minhash === null || schema.data.minhash.length === MINHASH_SIZE);
      expect(decoded !== null, JSON.stringify(c).slice(0, 80)).toBe(accepted);
    }
    expect(decodeAnalyzedPost(Buffer.from('{not json'))).toBeNull();
    expect(decodeAnalyzedPost(Buffer.from(JSON.stringify(valid)))).toEqual({
      post: { id: 7, publishedAtMs: Date.parse(valid.publishedAt), minhash: valid.minhash, links: valid.links },
      committedAtMs: valid.committedAtMs,
    });
  });
});
