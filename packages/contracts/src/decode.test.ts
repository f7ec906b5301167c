import { describe, expect, it } from 'vitest';
import { decodePostMessage } from './decode.ts';
import { POST_SCHEMA_VERSION } from './post.ts';

const NOW = Date.parse('2026-11-15T00:00:00Z');
const valid = {
  schemaVersion: POST_SCHEMA_VERSION,
  platform: 'x',
  externalId: '42',
  authorPseudonym: 'b'.repeat(64),
  publishedAt: '2026-11-10T01:00:00.000Z',
  text: 'iuran bpjs naik lagi',
  url: null,
  engagement: { likes: 0, replies: 0, shares: 0, views: 0 },
  langHint: null,
  collectedAt: '2026-11-10T02:00:00.000Z',
  source: { connector: 'file', runId: 'r1' },
};
const encode = (v: unknown) => Buffer.from(JSON.stringify(v));
const reasonOf = (key: string | null, value: Buffer) => {
  const r = decodePostMessage(key, value, NOW);
  return r.ok ? 'ok' : r.reason;
};

describe('decodePostMessage', () => {
  it('accepts a valid post under its key', () => {
    const r = decodePostMessage('x:42', encode(valid), NOW);
    expect(r.ok && r.value.text).toBe('iuran bpjs naik lagi');
  });

  it.each([
    ['invalid_utf8', 'x:42', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
    ['invalid_json', 'x:42', Buffer.from('{"platform": ')],
    ['not_an_object', 'x:42', encode([valid])],
    ['schema_version', 'x:42', encode({ ...valid, schemaVersion: 2 })],
    ['missing_field', 'x:42', encode({ ...valid, text: undefined })],
    ['wrong_type', 'x:42', encode({ ...valid, engagement: { ...valid.engagement, likes: 'many' } })],
    ['empty_text', 'x:42', encode({ ...valid, text: '   ' })],
    ['text_too_long', 'x:42', encode({ ...valid, text: 'a'.repeat(1_000_001) })],
    ['control_characters', 'x:42', encode({ ...valid, text: 'ada\u0000nol' })],
    ['html_markup', 'x:42', encode({ ...valid, text: 'iuran naik <script>alert(1)</script>' })],
    ['invalid_date', 'x:42', encode({ ...valid, publishedAt: 'kemarin' })],
    ['invalid_date', 'x:42', encode({ ...valid, publishedAt: '1970-01-01T00:00:00Z' })],
    ['future_date', 'x:42', encode({ ...valid, publishedAt: '2027-01-01T00:00:00Z' })],
    ['schema_invalid', 'x:42', encode({ ...valid, platform: 'myspace' })],
    ['schema_invalid', 'x:42', encode({ ...valid, extra: true })],
    ['schema_invalid', 'x:42', encode({ ...valid, url: 'javascript:alert(1)' })],
    ['key_mismatch', 'x:43', encode(valid)],
    ['key_mismatch', null, encode(valid)],
    // The text rule: a lone surrogate (JSON-escaped) cannot be stored as UTF-8, a NUL in any field cannot be stored.
    ['invalid_utf8', 'x:42', encode({ ...valid, text: 'iuran naik \ud800' })],
    ['control_characters', 'x:42', encode({ ...valid, langHint: 'i\u0000d' })],
    ['schema_invalid', 'x:42', Buffer.from(`{"schemaVersion":1,"text":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)],
  ])('dead-letters %s', (reason, key, value) => {
    expect(reasonOf(key, value)).toBe(reason);
  });

  it('never quotes a NUL or a lone surrogate of the input in a detail (details are stored)', () => {
    for (const value of ['\u0000', '{"a":\u0000}', '{"a":\ud800}', '\udc00']) {
      const r = decodePostMessage('x:42', Buffer.from(value, 'utf8'), NOW);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.detail).not.toMatch(/\u0000|[\ud800-\udfff]/);
    }
    const r = decodePostMessage('x:42', Buffer.from('{"a":\u0000}', 'utf8'), NOW);
    expect(r.ok ? null : r.reason).toBe('invalid_json');
  });
});
