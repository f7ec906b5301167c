import { describe, expect, it } from 'vitest';
import { POST_SCHEMA_VERSION, Post } from './post.ts';
import { commonPost } from './post-check.ts';

const valid = {
  schemaVersion: POST_SCHEMA_VERSION,
  platform: 'x',
  externalId: 'bench:42',
  authorPseudonym: 'b'.repeat(64),
  publishedAt: '2026-11-10T01:00:00.000Z',
  text: 'iuran bpjs naik lagi',
  url: null,
  engagement: { likes: 3, replies: 0, shares: 1, views: 120 },
  langHint: null,
  collectedAt: '2026-11-10T02:00:00.000Z',
  source: { connector: 'bench', runId: 'r1' },
  redactions: { phone: 0, email: 1, nik: 0, bpjs: 0 },
};

/** Held to the schema: what the hand check accepts, the schema accepts and returns identically (key order too). */
function agreesWithSchema(json: { [key: string]: unknown }): boolean {
  const common = commonPost(json);
  const parsed = Post.safeParse(json);
  if (common === null) return false;
  expect(parsed.success, JSON.stringify(json)).toBe(true);
  expect(JSON.stringify(common)).toBe(JSON.stringify(parsed.data));
  expect(common).toStrictEqual(parsed.data);
  return true;
}

const EDGES: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  6,
  2 ** 53,
  '',
  'a',
  'ab',
  'x'.repeat(16),
  'x'.repeat(17),
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(128),
  'x'.repeat(129),
  'a b',
  'f'.repeat(64),
  'F'.repeat(64),
  true,
  [],
  {},
  { likes: 1 },
  { likes: -1 },
  { likes: 1, extra: 1 },
  { phone: 0, email: 0, nik: 0, bpjs: 0 },
  { phone: 0, email: 0, nik: 0 },
  { phone: 100_001, email: 0, nik: 0, bpjs: 0 },
  { connector: 'c', runId: 'r' },
  { connector: 'c', runId: 'r', outlet: 'kompas.com' },
  { connector: 'c', runId: 'r', outlet: '.kompas' },
  { connector: 'c', runId: 'r', extra: 'e' },
  { connector: '', runId: 'r' },
  'https://contoh.id/a',
  '2026-11-10T01:00:00Z',
  '2026-11-10T01:00:00.000+07:00',
  '2026-02-29T00:00:00.000Z',
  '2024-02-29T00:00:00.000Z',
  '2026-11-31T00:00:00.000Z',
  '2026-11-10T24:00:00.000Z',
  '2026-11-10T23:60:00.000Z',
  '2026-13-01T00:00:00.000Z',
  '0000-01-01T00:00:00.000Z',
  '1999-12-31T23:59:59.999Z',
  ' 2026-11-10T01:00:00.000Z',
  'x'.repeat(10_000),
  'x'.repeat(10_001),
  'facebook',
  'app_review',
  'telegram',
];

describe('commonPost', () => {
  it('reads the messages the ingest side writes (redactions, rating, outlet, language hint) as the schema does', () => {
    expect(agreesWithSchema(valid)).toBe(true);
    const { redactions: _, ...older } = valid;
    expect(agreesWithSchema(older)).toBe(true);
    expect(agreesWithSchema({ ...valid, rating: 4, langHint: 'id', source: { connector: 'play', runId: 'r', outlet: 'go.id' } })).toBe(
      true,
    );
    expect(agreesWithSchema({ ...valid, engagement: { views: 5 } })).toBe(true);
    // Key order of the message does not matter; the output's is the schema's.
    expect(agreesWithSchema(Object.fromEntries(Object.entries(valid).reverse()))).toBe(true);
  });

  it('accepts nothing the schema rejects, and returns what the schema returns, field by field over edge values', () => {
    let accepted = 0;
    let checked = 0;
    const fields = [...Object.keys(valid), 'rating', 'extra'];
    for (const field of fields)
      for (const edge of EDGES) {
        const json: { [key: string]: unknown } = { ...valid, [field]: edge };
        if (edge === undefined) delete json[field];
        checked++;
        // Values it leaves to the schema (another date form, a url) are read there: only what it accepts is compared.
        if (agreesWithSchema(json)) accepted++;
      }
    expect(checked).toBeGreaterThan(500);
    expect(accepted).toBeGreaterThan(20);
  });

  it('leaves a url, a __proto__ key and dates in other forms to the schema', () => {
    expect(commonPost({ ...valid, url: 'https://contoh.id/a' })).toBeNull();
    expect(commonPost(JSON.parse(`{"__proto__": 1, ${JSON.stringify(valid).slice(1)}`))).toBeNull();
    expect(commonPost({ ...valid, publishedAt: '2026-11-10T08:00:00.000+07:00' })).toBeNull();
  });

  it('agrees with the schema on dates over ten thousand years', () => {
    let seed = 11;
    for (let n = 0; n < 3_000; n++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const ms = Date.UTC(0, 0, 1) + (seed / 2 ** 32) * (Date.UTC(9999, 11, 31) - Date.UTC(0, 0, 1));
      const iso = new Date(Math.floor(ms)).toISOString();
      expect(agreesWithSchema({ ...valid, publishedAt: iso, collectedAt: iso })).toBe(true);
    }
  });

  it('tells real from impossible dates in the toISOString form exactly as the schema does', () => {
    let seed = 5;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return String(seed % n);
    };
    const pad = (v: string, n: number) => v.padStart(n, '0');
    let real = 0;
    for (let n = 0; n < 5_000; n++) {
      const year = n % 5 === 0 ? ['1900', '2000', '2024', '2100', '0400'][(n % 25) / 5] : pad(next(10_000), 4);
      const iso = `${year}-${pad(next(14), 2)}-${pad(next(33), 2)}T${pad(next(26), 2)}:${pad(next(62), 2)}:${pad(next(62), 2)}.${pad(next(1000), 3)}Z`;
      const json = { ...valid, publishedAt: iso };
      expect(commonPost(json) !== null, iso).toBe(Post.safeParse(json).success);
      if (commonPost(json)) real++;
    }
    expect(real).toBeGreaterThan(1_000);
    expect(real).toBeLessThan(4_500);
  });
});
