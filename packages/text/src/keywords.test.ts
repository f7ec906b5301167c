import { describe, expect, it } from 'vitest';
import { analyzeText, extractKeywords } from './keywords.ts';

const terms = (raw: string) => extractKeywords(raw).map((k) => `${k.kind}:${k.term}`);

describe('extractKeywords', () => {
  it('finds unigrams, bigrams and hashtags without stop words', () => {
    expect(terms('Iuran BPJS naik lagi #IuranBPJS')).toEqual([
      'unigram:iuran',
      'bigram:iuran bpjs',
      'unigram:bpjs',
      'bigram:bpjs naik',
      'unigram:naik',
      'hashtag:#iuranbpjs',
    ]);
  });

  it('keeps negated bigrams but no lone negation or intensifier', () => {
    const t = terms('antrean gak jelas banget');
    expect(t).toContain('bigram:tidak jelas');
    expect(t).not.toContain('unigram:tidak');
    expect(t).not.toContain('unigram:banget');
  });

  it('counts a keyword once per post, under its stem, with the unstemmed display form', () => {
    const k = extractKeywords('pelayanannya buruk, pelayanannya lambat');
    expect(k.filter((x) => x.key === 'layan')).toEqual([{ term: 'pelayanannya', key: 'layan', kind: 'unigram' }]);
  });

  it('ignores redaction placeholders: no keyword from them and no bigram across them', () => {
    const t = terms('hubungi [telepon] petugas, kirim [email] keluhan, kartu [kartu-bpjs] nonaktif, nomor [nik] ditolak');
    expect(t.some((x) => /telepon|email|bpjs|nik/.test(x))).toBe(false);
    expect(t).not.toContain('bigram:hubungi petugas');
    expect(t).not.toContain('bigram:kartu nonaktif');
    expect(t).toContain('unigram:petugas');
  });

  it('does not make bigrams across punctuation or from numbers and emoji', () => {
    const t = terms('nunggu 3 jam. obat kosong 😡');
    expect(t).not.toContain('bigram:jam obat');
    expect(t.some((x) => x.includes('emoji'))).toBe(false);
    expect(t).not.toContain('unigram:3');
  });

  it('returns the normalized text and tokens with the keywords', () => {
    const a = analyzeText('Mobile JKN gagal login trs');
    expect(a.normalized).toBe('mobile jkn gagal login terus');
    expect(a.tokens).toEqual(['mobile', 'jkn', 'gagal', 'login', 'terus']);
    expect(a.keywords.map((k) => k.term)).toContain('gagal login');
  });
});
