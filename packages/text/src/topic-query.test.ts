import { describe, expect, it } from 'vitest';
import { analyzeText } from './keywords.ts';
import { matchableText, matchesTopic, parseTopicQuery, TopicQueryError } from './topic-query.ts';

const matches = (query: string, post: string) => matchesTopic(parseTopicQuery(query), matchableText(analyzeText(post).tokens));

describe('topic queries', () => {
  const q = '"bpjs kesehatan" AND (iuran OR tunggakan) NOT promo';

  it('matches phrases, alternatives and exclusions after the same normalization as posts', () => {
    expect(matches(q, 'Iuran BPJS Kesehatan naik lagi')).toBe(true);
    expect(matches(q, 'tunggakan bpjs kesehatan bikin kartu nonaktif')).toBe(true);
    expect(matches(q, 'promo iuran bpjs kesehatan')).toBe(false);
    expect(matches(q, 'kesehatan bpjs iuran')).toBe(false); // the phrase needs its words in order
    expect(matches(q, 'iuran naik')).toBe(false);
  });

  it('finds informal spellings and inflected forms through normalization and stems', () => {
    expect(matches('antre', 'antri di faskes lama banget')).toBe(true);
    expect(matches('layanan', 'pelayanannya buruk')).toBe(true);
    expect(matches('"tidak jelas"', 'info nya gak jelas')).toBe(true);
  });

  it('matches hashtags exactly and case-insensitively', () => {
    expect(matches('#MobileJKN', 'error lagi #mobilejkn')).toBe(true);
    expect(matches('#MobileJKN', 'mobile jkn error')).toBe(false);
  });

  it('joins adjacent terms with AND and gives NOT the tightest binding', () => {
    expect(matches('obat kosong', 'obat di apotek kosong')).toBe(true);
    expect(matches('obat kosong', 'obat tersedia')).toBe(false);
    expect(matches('iuran NOT promo OR denda', 'iuran promo')).toBe(false);
    expect(matches('iuran NOT promo OR denda', 'denda promo')).toBe(true);
  });

  it.each([
    ['"bpjs kesehatan', 0, 'unclosed quote'],
    ['iuran AND', 9, 'expected a term'],
    ['(iuran OR denda', 15, 'expected )'],
    ['iuran) denda', 5, 'unexpected )'],
    ['NOT promo', 0, 'not negated'],
    ['NOT promo OR iuran', 0, 'not negated'],
    ['', 0, 'empty query'],
    ['#', 0, 'invalid hashtag'],
  ])('rejects %j at position %i', (query, position, message) => {
    try {
      parseTopicQuery(query);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TopicQueryError);
      expect((error as TopicQueryError).position).toBe(position);
      expect((error as Error).message).toContain(message);
    }
  });
});
