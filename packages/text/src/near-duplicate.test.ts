import { describe, expect, it } from 'vitest';
import { analyzeText } from './keywords.ts';
import { bandsOf, estimatedJaccard, linksOf, minhashOf, nearDuplicateSignature, normalizeLink, shinglesOf } from './near-duplicate.ts';

const tokens = (s: string) => analyzeText(s).tokens;
const exactJaccard = (a: string[], b: string[]) => {
  const sa = new Set(shinglesOf(a));
  const sb = new Set(shinglesOf(b));
  const inter = [...sa].filter((x) => sb.has(x)).length;
  return inter / (sa.size + sb.size - inter);
};

describe('MinHash signatures', () => {
  const base = 'iuran bpjs kesehatan naik lagi padahal pelayanan di puskesmas masih lama dan antrean panjang sekali';

  it('gives the same text the same signature and bands, and a small edit a high estimated similarity', () => {
    const a = minhashOf(tokens(base)) as number[];
    expect(minhashOf(tokens(base))).toEqual(a);
    expect(bandsOf(a)).toHaveLength(16);
    const edited = minhashOf(tokens(`${base} #tolakkenaikan`)) as number[];
    const j = estimatedJaccard(a, edited);
    expect(j).toBeGreaterThan(0.7);
    // Slang written differently normalizes to the same words.
    expect(estimatedJaccard(a, minhashOf(tokens(base.replace('masih', 'msh'))) as number[])).toBe(1);
  });

  it('estimates Jaccard within a few points of the exact value and keeps unrelated posts apart', () => {
    const other = 'jadwal vaksin di rumah sakit daerah dibuka besok pagi untuk lansia dan anak sekolah';
    const edited = base.replace('lama', 'lambat').replace('panjang', 'mengular');
    const exact = exactJaccard(tokens(base), tokens(edited));
    const est = estimatedJaccard(minhashOf(tokens(base)) as number[], minhashOf(tokens(edited)) as number[]);
    expect(Math.abs(exact - est)).toBeLessThan(0.2);
    expect(estimatedJaccard(minhashOf(tokens(base)) as number[], minhashOf(tokens(other)) as number[])).toBeLessThan(0.2);
  });

  it('gives short posts no text signature', () => {
    expect(minhashOf(tokens('mantap sekali'))).toBeNull();
    expect(nearDuplicateSignature(tokens('mantap'), 'mantap', null, 'x')).toEqual({ minhash: null, bands: [], links: [] });
  });
});

describe('shared links', () => {
  it('normalizes scheme, host, tracking parameters, fragments and trailing slashes', () => {
    expect(normalizeLink('http://www.Kompas.com/read/2026/11/10/iuran/?utm_source=wa&id=3#top')).toBe(
      'https://kompas.com/read/2026/11/10/iuran?id=3',
    );
    expect(normalizeLink('www.detik.com/berita.')).toBe('https://detik.com/berita');
    expect(normalizeLink('https://localhost')).toBeNull();
  });

  it('counts links in the text and a url pointing elsewhere, not the post permalink', () => {
    expect(linksOf('baca ini https://kompas.com/a?fbclid=1 dan https://kompas.com/a', null, 'x')).toEqual(['https://kompas.com/a']);
    expect(linksOf('tanpa tautan', 'https://x.com/i/status/1', 'x')).toEqual([]);
    expect(linksOf('tanpa tautan', 'https://detik.com/b', 'facebook')).toEqual(['https://detik.com/b']);
    expect(linksOf('tanpa tautan', 'https://detik.com/b', 'news')).toEqual([]);
  });
});
