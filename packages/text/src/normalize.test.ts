import { describe, expect, it } from 'vitest';
import { normalizeText, normalizeToken } from './normalize.ts';
import { stem, stemCacheSize } from './stem.ts';
import { isStopWord, STOP_WORDS } from './stop-words.ts';
import { tokenize, tokenSegments } from './tokenize.ts';

describe('normalizeText', () => {
  it.each([
    ['Antrian BPJS lamaaaa bgt', 'antrean bpjs lama banget'],
    ['gak jelas, ga ada info, nggak dipanggil', 'tidak jelas , tidak ada info , tidak dipanggil'],
    ['udh 2 jam tp blm dipanggil krn sistem', 'sudah 2 jam tapi belum dipanggil karena sistem'],
    ['cek di https://bpjs-kesehatan.go.id/cek ya @BPJSKesehatanRI', 'cek di ya'],
    ['Pelayanan MANTAP 😍👍', 'pelayanan mantap emojisenang emojisenang'],
    ['petugasnya ketus 😡', 'petugasnya ketus emojimarah'],
    ['kata2 nya bikin sakit hati', 'kata-kata nya bikin sakit hati'],
    ['#MobileJKN error terus', '#mobilejkn error terus'],
    ['mksh dokter, mantappp', 'terima kasih dokter , mantap'],
    ['wa [telepon] atau [email], NIK [nik] kartu [kartu-bpjs] ditolak', 'wa ; atau ; nik ; kartu ; ditolak'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeText(raw)).toBe(expected);
  });

  it('keeps negations: informal negatives all become tidak', () => {
    for (const neg of ['gak', 'ga', 'nggak', 'ngga', 'enggak', 'gk', 'tdk', 'kagak']) expect(normalizeToken(neg)).toBe('tidak');
    expect(normalizeToken('blm')).toBe('belum');
  });

  it('leaves standard words alone and fixes doubled letters only towards a known word', () => {
    expect(normalizeToken('lama')).toBe('lama');
    expect(normalizeToken('maaf')).toBe('maaf');
    expect(normalizeToken('bangett')).toBe('banget');
  });
});

describe('tokenize', () => {
  it('keeps hashtags and hyphenated words, splits segments at punctuation', () => {
    expect(tokenize('antre lama-lama di #puskesmas 10rb')).toEqual(['antre', 'lama-lama', 'di', '#puskesmas', '10rb']);
    expect(tokenSegments('iuran naik , pelayanan lambat !')).toEqual([
      ['iuran', 'naik'],
      ['pelayanan', 'lambat'],
    ]);
  });
});

describe('stem', () => {
  it('stems Indonesian words with natural and memoizes them', () => {
    expect(stem('pelayanannya')).toBe('layan');
    expect(stem('mengaktifkan')).toBe('aktif');
    const size = stemCacheSize();
    stem('pelayanannya');
    expect(stemCacheSize()).toBe(size);
    expect(stem('#bpjs')).toBe('#bpjs');
  });
});

describe('stop words', () => {
  it('removes function words but never negations or intensifiers', () => {
    expect(isStopWord('yang')).toBe(true);
    expect(isStopWord('dan')).toBe(true);
    for (const kept of ['tidak', 'bukan', 'belum', 'jangan', 'kurang', 'sangat', 'banget', 'naik', 'lama'])
      expect(STOP_WORDS.has(kept)).toBe(false);
  });
});
