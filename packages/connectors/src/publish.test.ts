import { createMemoryBus } from '@pantau/bus';
import { DeadLetter, Post, TOPICS } from '@pantau/contracts';
import { drainTopic } from '@pantau/e2e/support/bus.ts';
import { describe, expect, it } from 'vitest';
import type { SourceItem } from './connector.ts';
import { pseudonymize } from './pseudonymize.ts';
import { publishItems } from './publish.ts';

const PEPPER = 'test-pepper-0123456789';
const NOW = () => Date.parse('2026-11-15T00:00:00Z');
const incoming = (over: Record<string, unknown> = {}) => ({
  platform: 'x',
  externalId: '1859',
  author: '@Warga_Bekasi',
  publishedAt: '2026-11-10T08:15:00+07:00',
  text: 'antre di faskes 3 jam, ribet bgt',
  ...over,
});

describe('pseudonymize', () => {
  it('is stable, case- and @-insensitive, per platform and per pepper', () => {
    const a = pseudonymize(PEPPER, 'x', '@Warga_Bekasi');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(pseudonymize(PEPPER, 'x', 'warga_bekasi')).toBe(a);
    expect(pseudonymize(PEPPER, 'facebook', 'warga_bekasi')).not.toBe(a);
    expect(pseudonymize('another-pepper-123456', 'x', 'warga_bekasi')).not.toBe(a);
  });
});

describe('publishItems', () => {
  it('publishes valid posts keyed platform:externalId, dead-letters bad ones, drops non-public ones', async () => {
    const bus = createMemoryBus({ defaultPartitions: 3 });
    const producer = await bus.producer();
    const items = [
      incoming(),
      incoming({ externalId: 1860, engagement: { likes: 4 } }),
      incoming({ externalId: '1861', text: '' }),
      incoming({ externalId: '1862', publishedAt: 'besok' }),
      incoming({ externalId: '1863', isPublic: false, text: 'pesan pribadi' }),
      incoming({ externalId: '1864', unexpected: 'field' }),
      { platform: 'x' },
    ].map((item, i) => ({ ref: `line ${i + 1}`, item }));

    const { stats, rejections } = await publishItems(items, {
      producer,
      pepper: PEPPER,
      source: { connector: 'test', runId: 'run-1' },
      now: NOW,
    });
    expect(stats).toMatchObject({
      fetched: 7,
      published: 2,
      rejected: { empty_text: 1, invalid_date: 1, not_public: 1, schema_invalid: 1, missing_field: 1 },
    });
    expect(rejections.map((r) => r.ref)).toEqual(['line 3', 'line 4', 'line 5', 'line 6', 'line 7']);

    const raw = await drainTopic(bus, TOPICS.postsRaw);
    expect(raw.map((m) => m.key).sort()).toEqual(['x:1859', 'x:1860']);
    const posts = raw.map((m) => Post.parse(JSON.parse(m.value.toString())));
    expect(posts.find((p) => p.externalId === '1860')?.engagement).toEqual({ likes: 4, replies: 0, shares: 0, views: 0 });
    expect(posts[0]?.authorPseudonym).toBe(pseudonymize(PEPPER, 'x', 'warga_bekasi'));
    // The raw handle never leaves ingest, not even in the dead-letter topic.
    const dlq = await drainTopic(bus, TOPICS.postsDlq);
    const all = [...raw, ...dlq].map((m) => m.value.toString()).join('\n');
    expect(all).not.toMatch(/warga_bekasi/i);
    const letters = dlq.map((m) => DeadLetter.parse(JSON.parse(m.value.toString())));
    expect(letters.map((l) => l.reason).sort()).toEqual(['empty_text', 'invalid_date', 'missing_field', 'schema_invalid']);
    expect(all).not.toContain('pesan pribadi');
  });

  it('redacts personal data before producing, counts it per kind, and keeps it out of the dead-letter topic', async () => {
    const bus = createMemoryBus();
    const producer = await bus.producer();
    const items = [
      incoming({ text: 'hubungi 0812-3456-7890 atau siti@gmail.com, NIK 3201010101900001, iuran Rp 150.000' }),
      incoming({ externalId: '1870', text: 'kartu 0001234567890 ditolak', publishedAt: 'kemarin' }),
    ].map((item, i) => ({ ref: `line ${i + 1}`, item }));
    const { stats } = await publishItems(items, { producer, pepper: PEPPER, source: { connector: 'test', runId: 'run-1' }, now: NOW });
    expect(stats).toMatchObject({ published: 1, rejected: { invalid_date: 1 } });
    const [post] = (await drainTopic(bus, TOPICS.postsRaw)).map((m) => Post.parse(JSON.parse(m.value.toString())));
    expect(post?.text).toBe('hubungi [telepon] atau [email], NIK [nik], iuran Rp 150.000');
    expect(post?.redactions).toEqual({ phone: 1, email: 1, nik: 1, bpjs: 0 });
    const letters = (await drainTopic(bus, TOPICS.postsDlq)).map((m) => DeadLetter.parse(JSON.parse(m.value.toString())));
    const raw = Buffer.from(letters[0]?.valueBase64 ?? '', 'base64').toString('utf8');
    expect(raw).toContain('kartu [kartu-bpjs] ditolak');
    expect(raw).not.toContain('0001234567890');
  });

  it('drops items that break the text rule with a counted reason, even one nested too deep to serialize', async () => {
    const bus = createMemoryBus();
    const producer = await bus.producer();
    let deep: unknown = [];
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const items = [
      incoming({ externalId: '1880', text: 'iuran naik \ud800' }),
      incoming({ externalId: '1881', author: 'warga\u0000bekasi' }),
      incoming({ externalId: '1882', lang: 'i\u0000d' }),
      { ...incoming({ externalId: '1883' }), extra: deep },
      deep,
      incoming({ externalId: '1884', text: '\uFEFFiuran naik 😡' }),
    ].map((item, i) => ({ ref: `item ${i}`, item }) as SourceItem);
    // A line a connector could not parse: the parser's message quotes the NUL, the stored detail must not.
    items.push({
      ref: 'line 9',
      invalid: { reason: 'invalid_json', detail: 'Unexpected token \'\u0000\', "\u0000" is not valid JSON', raw: '\u0000' },
    });
    const { stats, rejections } = await publishItems(items, {
      producer,
      pepper: PEPPER,
      source: { connector: 'test', runId: 'run-1' },
      now: NOW,
    });
    expect(stats).toMatchObject({
      fetched: 7,
      published: 1,
      rejected: { invalid_utf8: 1, control_characters: 2, schema_invalid: 2, invalid_json: 1 },
    });
    expect(rejections.map((r) => r.detail)).toEqual([
      'text: contains a lone UTF-16 surrogate (not representable in UTF-8)',
      'author: contains a NUL character (U+0000)',
      'lang: contains a NUL character (U+0000)',
      expect.stringMatching(/^extra(\.0)+: nested deeper than 32 levels$/),
      expect.stringMatching(/^(0\.)+0: nested deeper than 32 levels$/),
      'Unexpected token \'\uFFFD\', "\uFFFD" is not valid JSON',
    ]);
    const [post] = (await drainTopic(bus, TOPICS.postsRaw)).map((m) => Post.parse(JSON.parse(m.value.toString())));
    expect(post?.text).toBe('\uFEFFiuran naik 😡');
    const letters = (await drainTopic(bus, TOPICS.postsDlq)).map((m) => DeadLetter.parse(JSON.parse(m.value.toString())));
    expect(letters).toHaveLength(6);
    expect(letters.map((l) => l.detail).join('\n')).not.toContain('\u0000');
    // The handle stays out of the dead-letter topic; the deep items are counted without their content.
    expect(letters.map((l) => Buffer.from(l.valueBase64, 'base64').toString('utf8')).join('\n')).not.toMatch(/warga/);
    expect(letters.slice(3, 5).map((l) => Buffer.from(l.valueBase64, 'base64').toString('utf8'))).toEqual(['null', 'null']);
  });
});
