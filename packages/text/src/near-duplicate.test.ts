import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeText } from './keywords.ts';
import {
  bandsOf,
  estimatedJaccard,
  linksOf,
  MIN_SIGNATURE_WORDS,
  MINHASH_SIZE,
  minhashOf,
  nearDuplicateSignature,
  normalizeLink,
  shinglesOf,
} from './near-duplicate.ts';

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

describe('MinHash values', () => {
  // The signature as first written (joined shingle strings, deduplicated, then hashed): stored signatures and the
  // coordination stage's memory compare against values computed this way, so the faster code must give the same.
  const fmix32 = (h: number) => {
    let x = h;
    x ^= x >>> 16;
    x = Math.imul(x, 0x85ebca6b);
    x ^= x >>> 13;
    x = Math.imul(x, 0xc2b2ae35);
    x ^= x >>> 16;
    return x | 0;
  };
  const hashString = (s: string) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return fmix32(h);
  };
  const seeds = Array.from({ length: MINHASH_SIZE }, (_, i) => fmix32(0x9e3779b9 + Math.imul(i + 1, 0x7f4a7c15)));
  const reference = (words: readonly string[]) => {
    if (words.length < MIN_SIGNATURE_WORDS) return null;
    const hashes = shinglesOf(words).map(hashString);
    return seeds.map((seed) => hashes.reduce((min, h) => Math.min(min, fmix32(h ^ seed)), 0x7fffffff));
  };

  it('are those of the distinct shingles, on the sample posts and on random words with repeats', () => {
    const sample = readFileSync(fileURLToPath(new URL('../../../services/ingest/sample/posts.jsonl', import.meta.url)), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { text: string }).text);
    let compared = 0;
    for (const text of sample) {
      const t = tokens(text);
      expect(minhashOf(t)).toEqual(reference(t));
      if (t.length >= MIN_SIGNATURE_WORDS) compared++;
    }
    expect(compared).toBeGreaterThan(100);
    let seed = 7;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    for (let n = 0; n < 300; n++) {
      const words = Array.from({ length: next() % 40 }, () =>
        String.fromCharCode(...Array.from({ length: 1 + (next() % 6) }, () => 97 + (next() % 5))),
      );
      expect(minhashOf(words)).toEqual(reference(words));
    }
  });
});
