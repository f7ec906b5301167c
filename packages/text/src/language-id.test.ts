import { beforeAll, describe, expect, it } from 'vitest';
import { createLanguageIdentifier, type LanguageIdentifier } from './language-id.ts';

let lid: LanguageIdentifier;
beforeAll(async () => {
  lid = await createLanguageIdentifier();
});

describe('language identification', () => {
  it.each([
    // Standard Indonesian.
    'Pelayanan di puskesmas kecamatan sangat baik dan petugasnya ramah.',
    'BPJS Kesehatan menegaskan iuran peserta mandiri tidak berubah hingga akhir tahun.',
    'Bagaimana cara mengaktifkan kembali kartu KIS yang sudah tidak aktif?',
    // Slang-heavy short posts that fastText alone gets wrong.
    'antrian bpjs kesehatan lama banget gak jelas',
    'udh 3 jam blm dipanggil, ribet bgt',
    'mksh dokter, mantap',
    'iuran naik trs, gaji kagak',
    'mobile jkn error mulu',
    'obat kosong lg, gmn sih',
    'faskes 1 ga mau kasih rujukan',
    // Mixed Indonesian-English stays Indonesian.
    'aplikasi mobile jkn nya sering error, please fix segera',
    'alhamdulillah operasi gratis pakai bpjs, thank you',
  ])('reads %s as Indonesian', (text) => {
    expect(lid.identify(text).lang).toBe('id');
  });

  it.each([
    'The queue at the hospital was terrible today',
    'Thank you to the nurses, the service this morning was excellent',
    'Does anyone know how to check my health insurance contribution online?',
    'The mobile app keeps crashing when I try to book an appointment',
  ])('reads %s as English', (text) => {
    expect(lid.identify(text).lang).toBe('en');
  });

  it.each(['saya tak faham kenapa kerajaan buat macam ni, caj hospital naik lagi', 'awak nak pergi klinik kat mana, dah lama tunggu'])(
    'reads %s as Malay',
    (text) => {
      expect(lid.identify(text).lang).toBe('ms');
    },
  );

  it.each(['Ik ben erg blij met de service van het ziekenhuis', 'La atención en el hospital fue muy mala hoy'])(
    'reads %s as another language',
    (text) => {
      expect(lid.identify(text).lang).toBe('other');
    },
  );

  it.each([
    ['Aku ora seneng karo pelayanane, antrine suwe banget lan petugase ora ramah', 'jav'],
    ['Abdi teu resep kana palayanan di rumah sakit, lami pisan ngantosna', 'sun'],
  ])('names the regional language of %s', (text, lang) => {
    expect(lid.identify(text).lang).toBe(lang);
  });

  it.each([
    'pelayanan puskesmas lama banget, ora jelas',
    'dokternya ramah, matur nuwun pelayanannya bagus sekali',
    'obat kosong lagi di apotek rumah sakit, teu aya',
  ])('keeps a mostly Indonesian post with a regional word Indonesian: %s', (text) => {
    expect(lid.identify(text).lang).toBe('id');
  });

  it('without the regional step reads regional posts as Indonesian, as before', async () => {
    const before = await createLanguageIdentifier({ regional: false });
    expect(before.identify('Aku ora seneng karo pelayanane, antrine suwe banget lan petugase ora ramah').lang).toBe('id');
  });

  it('gives a confidence in [0, 1], higher for clear text', () => {
    const clear = lid.identify('Pelayanan rumah sakit sangat memuaskan dan dokter sangat ramah');
    const vague = lid.identify('ok');
    expect(clear.confidence).toBeGreaterThan(0.7);
    expect(clear.confidence).toBeLessThanOrEqual(1);
    expect(vague.confidence).toBeGreaterThanOrEqual(0);
  });
});

describe('the word-list shortcut', () => {
  it('decides exactly as the full scoring on every labelled text it applies to', async () => {
    const { readFileSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const full = await createLanguageIdentifier({ wordListShortcut: false });
    const sample = readFileSync(fileURLToPath(new URL('../../../services/ingest/sample/posts.jsonl', import.meta.url)), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { text: string }).text);
    const texts = [
      ...sample,
      'pelayanan puskesmas sangat baik dan ramah',
      'the service was very good and friendly',
      'saya tak faham kenapa kerajaan buat macam ni',
      'obat kosong lagi di apotek rumah sakit',
    ];
    let applied = 0;
    for (const text of texts) {
      const quick = lid.identify(text);
      const slow = full.identify(text);
      expect(quick.lang, text).toBe(slow.lang);
      if (quick.confidence !== slow.confidence) applied++;
    }
    // The shortcut is taken for a good part of ordinary Indonesian posts, not never.
    expect(applied).toBeGreaterThan(texts.length / 10);
  });
});
