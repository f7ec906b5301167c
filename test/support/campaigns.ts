import { createHash } from 'node:crypto';
import { jakartaDay } from '@pantau/contracts';
import type { AnalyzedPost } from '@pantau/db';
import { seededRandom } from '@pantau/sentiment';
import { analyzeText, type NearDuplicateSignature, nearDuplicateSignature } from '@pantau/text';
import { makeAnalyzed, makePost } from './posts.ts';

/** An analysed post with the near-duplicate signature analysis publishes for the coordination stage. */
export type SignedPost = AnalyzedPost & { signature: NearDuplicateSignature };

/** A synthetic post with the truth about it: part of a planted campaign or not. */
export interface LabelledPost {
  item: SignedPost;
  /** The planted campaign it belongs to, or null for organic posts (look-alikes included). */
  campaign: string | null;
}

// The project's seeded generator (mulberry32): the same seed gives the same set.
export { seededRandom };

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const pseudonym = (name: string) => createHash('sha256').update(name).digest('hex');

const CAMPAIGN_TEXTS = [
  'kebijakan baru bpjs kesehatan sangat membantu rakyat kecil ayo dukung program jkn demi indonesia sehat',
  'pelayanan puskesmas sekarang cepat dan ramah terima kasih pemerintah atas kerja nyata untuk kesehatan warga',
  'tolak kenaikan iuran bpjs kesehatan karena rakyat sedang susah dan pelayanan rumah sakit belum membaik',
  'program jkn kis terbukti menyelamatkan jutaan keluarga mari sebarkan kabar baik ini ke seluruh negeri',
  'antrean rumah sakit rujukan kini lebih singkat berkat sistem online bpjs kesehatan yang terus diperbaiki',
  'jangan percaya hoaks soal bpjs kesehatan bangkrut dana jaminan sosial aman dan dikelola dengan transparan',
];
const HEADLINES = [
  'bpjs kesehatan umumkan penyesuaian iuran kelas tiga mulai januari tahun depan',
  'menteri kesehatan resmikan tiga puluh puskesmas baru di wilayah timur indonesia',
  'rumah sakit daerah kekurangan dokter spesialis pasien rujukan menumpuk',
  'antrean obat di apotek rumah sakit bisa capai empat jam kata warga',
  'pemerintah tambah kuota penerima bantuan iuran jkn untuk keluarga miskin',
  'layanan telemedisin bpjs kesehatan kini tersedia di aplikasi mobile jkn',
];
const COMMENTS = ['', '', 'wah', 'parah sih', 'semoga cepat beres', 'akhirnya', 'baca deh', 'gimana nih', 'mantap', 'hmm'];
const ORGANIC_WORDS = [
  'antre',
  'puskesmas',
  'obat',
  'dokter',
  'perawat',
  'rujukan',
  'kartu',
  'iuran',
  'tunggakan',
  'klaim',
  'ruang',
  'inap',
  'pasien',
  'bidan',
  'vaksin',
  'lansia',
  'anak',
  'ibu',
  'kemarin',
  'tadi',
  'pagi',
  'siang',
  'lama',
  'cepat',
  'ramah',
  'mahal',
  'gratis',
  'bagus',
  'buruk',
  'kecewa',
  'senang',
  'bingung',
  'daftar',
  'online',
  'aplikasi',
  'loket',
];
const FILLERS = ['banget', 'sih', 'dong', 'ya', 'loh', 'deh', '🙏', '👍', '#bpjs', '#jkn', '#sehat'];
const SYNONYMS: Record<string, string> = {
  sangat: 'amat',
  membantu: 'menolong',
  ayo: 'mari',
  cepat: 'sigap',
  ramah: 'baik',
  rakyat: 'masyarakat',
  susah: 'sulit',
  terbukti: 'nyata',
  kabar: 'berita',
  singkat: 'pendek',
  hoaks: 'kabar bohong',
  aman: 'terjamin',
};

/** One copy of a campaign text with one or two small edits: a synonym, a dropped word, or an added filler. */
function smallEdit(rand: () => number, text: string): string {
  const words = text.split(' ');
  const edits = 1 + Math.floor(rand() * 2);
  for (let e = 0; e < edits; e++) {
    const r = rand();
    if (r < 0.4) {
      const candidates = words.map((w, i) => (SYNONYMS[w] ? i : -1)).filter((i) => i >= 0);
      if (candidates.length > 0) {
        const i = pick(rand, candidates);
        words[i] = SYNONYMS[words[i] as string] as string;
        continue;
      }
    }
    if (r < 0.6 && words.length > 8) {
      words.splice(1 + Math.floor(rand() * (words.length - 2)), 1);
      continue;
    }
    words.push(pick(rand, FILLERS));
  }
  return words.join(' ');
}

function analyzed(
  n: number,
  author: string,
  text: string,
  at: number,
  url: string | null = null,
  platform: 'x' | 'facebook' = 'x',
): SignedPost {
  const publishedAt = new Date(at).toISOString();
  const post = makePost({ externalId: `syn-${n}`, platform, authorPseudonym: pseudonym(author), publishedAt, text, url });
  const t = analyzeText(text);
  const label = n % 3 === 0 ? 'negative' : n % 3 === 1 ? 'positive' : 'neutral';
  return {
    ...makeAnalyzed(post, { offset: n, day: jakartaDay(publishedAt), label }),
    keywords: t.keywords,
    signature: nearDuplicateSignature(t.tokens, text, url, platform),
  };
}

/**
 * The synthetic set of the detector's evaluation: planted campaigns (one text with small edits, posted by 30
 * pseudonyms within 2 minutes; one campaign shares a link with varied texts), organic look-alikes (each headline shared
 * by many people across one day, with comments and tracking parameters) and unrelated organic posts.
 */
export function syntheticSet(options: { seed?: number; day?: string; organicPosts?: number; sharersPerHeadline?: number } = {}) {
  const rand = seededRandom(options.seed ?? 7);
  const dayStart = Date.parse(`${options.day ?? '2026-11-10'}T00:00:00+07:00`);
  const out: LabelledPost[] = [];
  let n = 0;
  CAMPAIGN_TEXTS.forEach((text, c) => {
    const start = dayStart + (2 + c * 3) * 3_600_000 + Math.floor(rand() * 3_600_000);
    for (let a = 0; a < 30; a++) {
      const at = start + Math.floor(rand() * 120_000);
      out.push({ item: analyzed(n++, `campaign-${c}-account-${a}`, smallEdit(rand, text), at), campaign: `text-${c}` });
    }
  });
  // A link campaign: 30 pseudonyms share one article within 2 minutes, each with a different comment.
  const linkStart = dayStart + 20 * 3_600_000;
  for (let a = 0; a < 30; a++) {
    const text = `${pick(rand, ORGANIC_WORDS)} ${pick(rand, ORGANIC_WORDS)} https://beritasehat.example/iuran-turun?utm_source=${a}`;
    out.push({ item: analyzed(n++, `link-account-${a}`, text, linkStart + Math.floor(rand() * 120_000)), campaign: 'link-0' });
  }
  HEADLINES.forEach((headline, h) => {
    for (let s = 0; s < (options.sharersPerHeadline ?? 80); s++) {
      const comment = pick(rand, COMMENTS);
      const link = rand() < 0.5 ? ` https://news.example/${h}?utm_campaign=share${s}` : '';
      const text = `${comment ? `${comment} ` : ''}${headline}${link}`;
      out.push({ item: analyzed(n++, `reader-${h}-${s}`, text, dayStart + Math.floor(rand() * 86_400_000)), campaign: null });
    }
  });
  for (let o = 0; o < (options.organicPosts ?? 1000); o++) {
    const words = Array.from({ length: 6 + Math.floor(rand() * 10) }, () => pick(rand, ORGANIC_WORDS));
    out.push({ item: analyzed(n++, `person-${o % 400}`, words.join(' '), dayStart + Math.floor(rand() * 86_400_000)), campaign: null });
  }
  // Roughly the order analysis sees: by time, with some jitter (late posts, partitions).
  return out
    .map((p) => ({ p, k: Date.parse(p.item.post.publishedAt) + rand() * 300_000 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.p);
}

/** Post-level precision and recall of a detector's positives against the planted campaigns. */
export function precisionRecall(set: readonly LabelledPost[], flagged: ReadonlySet<string>) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const p of set) {
    const isFlagged = flagged.has(p.item.post.externalId);
    if (p.campaign && isFlagged) tp++;
    else if (!p.campaign && isFlagged) fp++;
    else if (p.campaign && !isFlagged) fn++;
  }
  return { tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}
