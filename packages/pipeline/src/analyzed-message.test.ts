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
