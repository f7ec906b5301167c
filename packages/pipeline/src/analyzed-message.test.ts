import { AnalyzedPostMessage } from '@pantau/contracts';
import { MINHASH_SIZE } from '@pantau/text';
import { describe, expect, it } from 'vitest';
import { decodeAnalyzedPost, encodeAnalyzedPost } from './analyzed-message.ts';

const minhash = Array.from({ length: MINHASH_SIZE }, (_, i) => (i * 2_654_435_761) % 0x7fffffff);
const message = {
  id: 42,
  publishedAt: '2026-03-01T02:03:04.567Z',
  minhash,
  links: ['example.com/a', 'contoh.id/berita/ü'],
  committedAtMs: 1_772_330_584_567,
};
const expected = {
  post: { id: 42, publishedAtMs: Date.parse(message.publishedAt), minhash, links: message.links },
  committedAtMs: message.committedAtMs,
};

describe('posts.analyzed message', () => {
  it('reads back what it writes, compact and smaller than JSON', () => {
    const value = encodeAnalyzedPost(message);
    expect(value[0]).toBe(1);
    expect(value.length).toBeLessThan(Buffer.byteLength(JSON.stringify(message)) / 2);
    expect(decodeAnalyzedPost(value)).toEqual(expected);
    const short = encodeAnalyzedPost({ ...message, minhash: null, links: [] });
    expect(decodeAnalyzedPost(short)).toEqual({ ...expected, post: { ...expected.post, minhash: null, links: [] } });
  });

  it('still reads JSON values', () => {
    expect(decodeAnalyzedPost(Buffer.from(JSON.stringify(message)))).toEqual(expected);
  });

  it('writes JSON when a value does not fit the compact layout', () => {
    const wide = { ...message, minhash: minhash.map((v, i) => (i === 0 ? 2 ** 40 : v)) };
    const value = encodeAnalyzedPost(wide);
    expect(value.toString('utf8')).toBe(JSON.stringify(wide));
  });

  it('rejects invalid compact values as it rejects invalid JSON', () => {
    const value = encodeAnalyzedPost(message);
    expect(decodeAnalyzedPost(value.subarray(0, value.length - 1))).toBeNull();
    expect(decodeAnalyzedPost(Buffer.concat([value, Buffer.from([0])]))).toBeNull();
    expect(decodeAnalyzedPost(encodeAnalyzedPost({ ...message, id: 0 }))).toBeNull();
    expect(decodeAnalyzedPost(encodeAnalyzedPost({ ...message, minhash: minhash.slice(1) }))).toBeNull();
    expect(decodeAnalyzedPost(Buffer.from([1, 2, 3]))).toBeNull();
    expect(decodeAnalyzedPost(Buffer.from('not json'))).toBeNull();
  });
});

const valid = {
  id: 7,
  publishedAt: '2026-11-10T02:00:00.000Z',
  minhash: Array.from({ length: MINHASH_SIZE }, (_, i) => i * 1_000_003 - 2 ** 31),
  links: ['example.org/berita'],
  committedAtMs: 1_794_000_000_000,
};

describe('posts.analyzed messages written as JSON', () => {
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
