import { beforeAll, describe, expect, it } from 'vitest';
import { createLanguageIdentifier, type LanguageIdentifier } from './language-id.ts';

/**
 * A sanity check, not a benchmark: short colloquial posts about health services written for this check (synthetic, by
 * the project, not from any data set), in the register NusaX's translated sentences lack. The identifier was not
 * changed after reading its answers on them; measured 24 of 25 right (the Madurese post is read as Indonesian).
 */
const COLLOQUIAL: [string, string][] = [
  ['jav', 'bpjs ki piye to, antrine suwe tenan'],
  ['jav', 'wis telung jam ora dipanggil-panggil, mumet aku'],
  ['jav', 'matur nuwun mas, obate wis entuk'],
  ['jav', 'iurane mundhak meneh, aku ra kuat mbayar'],
  ['jav', 'dokteré apik tenan, ramah karo pasien'],
  ['jav', 'aplikasine error terus, ra iso daftar online'],
  ['sun', 'antrian di puskesmas teh lami pisan, cape'],
  ['sun', 'hatur nuhun dok, pelayananana sae pisan'],
  ['sun', 'iuran naek deui, abdi teu kiat mayar'],
  ['sun', 'aplikasina error wae, teu tiasa daftar'],
  ['sun', 'naha obatna teu aya di apotek, kumaha ieu teh'],
  ['min', 'antrean di rumah sakik lamo bana, ndak jaleh'],
  ['min', 'iuran naiak baliak, ambo indak sanggup mambayia'],
  ['bjn', 'antrian di puskesmas lawas banar, kada jelas'],
  ['bjn', 'ulun kada kawa mambayar iuran nang naik'],
  ['ban', 'antrean di rumah sakit suba makelo, tiang sing nawang'],
  ['mad', 'antrean e rumah sakit lambat ongguh, sengko tak taoh'],
  ['id', 'antrian bpjs lama bgt sih, udh 3 jam'],
  ['id', 'makasih dok pelayanannya ramah'],
  ['id', 'iuran naik terus gaji gak naik2'],
  ['id', 'aplikasi mobile jkn error lagi, gimana sih'],
  ['id', 'obat di apotek rs kosong mulu'],
  ['id', 'alhamdulillah operasi lancar pake bpjs'],
  ['en', 'the hospital queue is so long today'],
  ['en', 'thanks to the nurses, great service'],
];

let lid: LanguageIdentifier;
beforeAll(async () => {
  lid = await createLanguageIdentifier();
});

describe('short colloquial posts (sanity check)', () => {
  it('names most of them right and keeps every Indonesian one Indonesian', () => {
    const wrong = COLLOQUIAL.filter(([lang, text]) => lid.identify(text).lang !== lang);
    // Floor under the 24 of 25 measured: a change that costs two more of these fails here.
    expect(wrong.length, JSON.stringify(wrong)).toBeLessThanOrEqual(2);
    for (const [lang, text] of COLLOQUIAL) if (lang === 'id') expect(lid.identify(text).lang, text).toBe('id');
  });
});
