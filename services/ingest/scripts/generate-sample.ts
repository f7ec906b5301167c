// Writes the bundled synthetic sample: `pnpm exec tsx services/ingest/scripts/generate-sample.ts`.
// Deterministic (seeded); every author is made up; the texts are composed from templates, not collected.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const OUT_DIR = fileURLToPath(new URL('../sample/', import.meta.url));

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(20261101);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const chance = (p: number) => rand() < p;
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

const PLACES = ['puskesmas', 'faskes', 'rumah sakit', 'RSUD', 'klinik', 'kantor BPJS', 'puskesmas kecamatan'];
const CITIES = ['Bekasi', 'Depok', 'Bogor', 'Tangerang', 'Bandung', 'Surabaya', 'Medan', 'Makassar', 'Semarang', 'Palembang'];
const HOURS = ['2 jam', '3 jam', '4 jam', 'setengah hari', 'dari subuh', '5 jam'];
const TAGS = ['#BPJSKesehatan', '#JKN', '#JKNKIS', '#MobileJKN', '#IuranBPJS', '#LayananPublik'];

type Sentiment = 'negative' | 'neutral' | 'positive';
type Theme = { theme: string; sentiment: Sentiment; make: () => string };

const THEMES: Theme[] = [
  {
    theme: 'antrean',
    sentiment: 'negative',
    make: () =>
      `antri di ${pick(PLACES)} ${pick(CITIES)} ${pick(HOURS)} ${pick(['gak dipanggil2', 'blm juga dipanggil', 'petugasnya santai aja', 'ribet bgt'])}`,
  },
  {
    theme: 'antrean',
    sentiment: 'negative',
    make: () =>
      `antrean bpjs di ${pick(PLACES)} lama banget, ${pick(['kecewa', 'capek', 'parah', 'gak jelas'])} ${pick(['😡', '😤', '', ''])}`,
  },
  {
    theme: 'antrean',
    sentiment: 'neutral',
    make: () => `jam berapa ya pendaftaran antrean di ${pick(PLACES)} ${pick(CITIES)} buka? mau periksa pakai bpjs`,
  },
  {
    theme: 'iuran',
    sentiment: 'negative',
    make: () =>
      `iuran bpjs ${pick(['naik lagi', 'kok mahal', 'tiap bulan makin berat'])}, ${pick(['tp pelayanan gitu2 aja', 'rakyat kecil makin susah', 'kecewa sama kebijakan ini'])}`,
  },
  {
    theme: 'iuran',
    sentiment: 'neutral',
    make: () =>
      `cara cek tunggakan iuran bpjs kesehatan ${pick(['lewat aplikasi', 'lewat whatsapp pandawa', 'di kantor cabang'])} gimana ya?`,
  },
  {
    theme: 'tunggakan',
    sentiment: 'negative',
    make: () =>
      `kartu kis ${pick(['nonaktif', 'diblokir'])} krn tunggakan ${int(2, 14)} bulan, denda rawat inap ${pick(['bikin pusing', 'mahal bgt', 'gak masuk akal'])}`,
  },
  {
    theme: 'rujukan',
    sentiment: 'negative',
    make: () =>
      `mau ke rumah sakit harus minta rujukan dulu dari ${pick(['faskes 1', 'puskesmas', 'klinik'])}, ${pick(['ribet', 'muter2', 'bolak balik 3x'])}`,
  },
  {
    theme: 'rujukan',
    sentiment: 'neutral',
    make: () => `rujukan bpjs berlaku berapa lama ya? ${pick(['kontrol rutin', 'mau fisioterapi', 'kontrol jantung'])} tiap bulan`,
  },
  {
    theme: 'obat',
    sentiment: 'negative',
    make: () =>
      `obat di apotek ${pick(PLACES)} ${pick(['kosong', 'habis'])}, disuruh beli sendiri. ${pick(['katanya ditanggung bpjs', 'terus gunanya bayar iuran apa', 'kecewa'])}`,
  },
  {
    theme: 'mobile-jkn',
    sentiment: 'negative',
    make: () =>
      `aplikasi mobile jkn ${pick(['error', 'gagal login', 'force close', 'loading terus'])} ${pick(['pas mau daftar antrean', 'dari pagi', 'padahal udh update'])}`,
  },
  {
    theme: 'mobile-jkn',
    sentiment: 'positive',
    make: () =>
      `daftar pakai mobile jkn ${pick(['gampang', 'cepat', 'praktis'])}, ${pick(['gak perlu antri lama', 'mantap', 'mksh bpjs'])}`,
  },
  {
    theme: 'pelayanan',
    sentiment: 'positive',
    make: () =>
      `alhamdulillah ${pick(['operasi', 'persalinan', 'cuci darah', 'rawat inap'])} ${pick(['gratis', 'ditanggung penuh', 'tanpa biaya'])} pakai bpjs, ${pick(['terima kasih', 'mksh', 'mantap'])} ${pick(['🙏', '👍', ''])}`,
  },
  {
    theme: 'pelayanan',
    sentiment: 'positive',
    make: () =>
      `pelayanan di ${pick(PLACES)} ${pick(CITIES)} sekarang ${pick(['ramah', 'cepat', 'jauh lebih baik'])}, dokternya ${pick(['sabar', 'teliti', 'baik bgt'])}`,
  },
  {
    theme: 'pelayanan',
    sentiment: 'negative',
    make: () =>
      `pasien bpjs ${pick(['dinomorduakan', 'dilayani ketus', 'disuruh nunggu terus'])} di ${pick(PLACES)}, ${pick(['beda sama pasien umum', 'gak manusiawi', 'tolong dievaluasi'])}`,
  },
  {
    theme: 'klaim',
    sentiment: 'neutral',
    make: () =>
      `prosedur klaim ${pick(['kacamata', 'rawat inap', 'persalinan'])} pakai bpjs apa aja syaratnya? ${pick(['mohon info', 'ada yg tau', ''])}`,
  },
  {
    theme: 'kelas',
    sentiment: 'neutral',
    make: () => `kelas rawat inap standar ${pick(['mulai kapan berlaku', 'itu maksudnya gimana', 'apa bedanya sama kelas 1'])}?`,
  },
  {
    theme: 'pbi',
    sentiment: 'neutral',
    make: () =>
      `cara daftar peserta pbi ${pick(['lewat kelurahan', 'lewat dinsos', 'untuk lansia'])} bagaimana? ${pick(['tolong infonya', 'makasih'])}`,
  },
  {
    theme: 'pbi',
    sentiment: 'positive',
    make: () =>
      `bersyukur ${pick(['ibu', 'bapak', 'nenek'])} terdaftar pbi, ${pick(['berobat jadi gratis', 'sangat membantu', 'terima kasih pemerintah'])}`,
  },
];

const ENGLISH = [
  'The queue at the hospital was terrible today, three hours just to register',
  'Thank you to the nurses at the clinic, the service this morning was excellent',
  'Does anyone know how to check my national health insurance contribution online?',
  'The mobile app keeps crashing when I try to book an appointment',
  'Health insurance premiums went up again and nobody explained why',
];
const MALAY = [
  'saya tak faham kenapa kerajaan buat macam ni, caj hospital naik lagi',
  'kaunter klinik kesihatan penuh sangat pagi tadi, tunggu lama betul',
];
const NEWS = [
  'BPJS Kesehatan tegaskan iuran peserta mandiri {city} tidak berubah hingga akhir tahun',
  'Pemkot {city} tambah kuota peserta PBI JKN untuk warga tidak mampu',
  'Antrean pasien BPJS di RSUD {city} diurai dengan sistem antrean online',
  'Dinkes {city} minta puskesmas perpanjang jam layanan bagi peserta JKN',
];

const PLATFORMS = ['x', 'x', 'x', 'facebook', 'facebook', 'instagram', 'instagram', 'tiktok', 'youtube', 'forum'] as const;
const URLS: Record<string, (id: string) => string> = {
  x: (id) => `https://x.com/i/status/${id}`,
  facebook: (id) => `https://www.facebook.com/permalink.php?story_fbid=${id}`,
  instagram: (id) => `https://www.instagram.com/p/${id}/`,
  tiktok: (id) => `https://www.tiktok.com/@user/video/${id}`,
  youtube: (id) => `https://www.youtube.com/watch?v=${id}`,
  forum: (id) => `https://forum.example.id/t/${id}`,
  news: (id) => `https://news.example.id/read/${id}`,
};

// ~300 made-up authors, long-tailed: a few post a lot.
const AUTHORS = Array.from(
  { length: 300 },
  (_, i) => `@${pick(['warga', 'ibu', 'mas', 'mbak', 'pak', 'bunda', 'kang'])}_${pick(CITIES).toLowerCase()}${i}`,
);
const author = () => AUTHORS[Math.floor(AUTHORS.length * rand() ** 2.2)] as string;

interface Row {
  platform: string;
  externalId: string;
  author: string;
  publishedAt: string;
  text: string;
  url: string;
  engagement: { likes: number; replies: number; shares: number; views: number };
  lang: string | null;
  isPublic: boolean;
}

const rows: Row[] = [];
let seq = 0;
function timeOn(day: number): string {
  // More posts in the day than at night (Asia/Jakarta).
  const hour = chance(0.85) ? int(7, 22) : int(0, 6);
  const d = new Date(Date.UTC(2026, 10, day, hour - 7, int(0, 59), int(0, 59)));
  const local = new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 19);
  return `${local}+07:00`;
}
function add(day: number, text: string, options: { platform?: string; lang?: string | null; isPublic?: boolean; who?: string } = {}) {
  seq++;
  const platform = options.platform ?? pick(PLATFORMS);
  const externalId =
    platform === 'youtube' || platform === 'instagram'
      ? `s${(1_000_000 + seq).toString(36)}`
      : String(1_859_000_000_000_000_000n + BigInt(seq * 7919));
  const views = int(20, 5_000);
  rows.push({
    platform,
    externalId,
    author: options.who ?? author(),
    publishedAt: timeOn(day),
    text,
    url: URLS[platform]?.(externalId) ?? '',
    engagement: { likes: Math.floor(views * rand() * 0.05), replies: int(0, 12), shares: int(0, 6), views },
    lang: options.lang === undefined ? (chance(0.6) ? 'in' : null) : options.lang,
    isPublic: options.isPublic ?? true,
  });
}
const decorate = (text: string) => {
  let t = text;
  if (chance(0.35)) t = `${t} ${pick(TAGS)}`;
  if (chance(0.1)) t = `@BPJSKesehatanRI ${t}`;
  if (chance(0.05)) t = `${t} https://bpjs-kesehatan.go.id`;
  return t.replace(/\s+/g, ' ').trim();
};

for (let day = 1; day <= 14; day++) {
  const weekend = [7, 8, 14].includes(day);
  const base = weekend ? 55 : 75;
  for (let i = 0; i < base; i++) {
    const theme = pick(THEMES);
    add(day, decorate(theme.make()));
  }
  // News headlines.
  for (let i = 0; i < 3; i++) add(day, pick(NEWS).replace('{city}', pick(CITIES)), { platform: 'news', lang: 'id' });
  // English and Malay posts, to be excluded by language identification.
  for (let i = 0; i < 4; i++) add(day, pick(ENGLISH), { lang: chance(0.5) ? 'en' : null });
  if (day % 3 === 0) add(day, pick(MALAY), { lang: null });
  // A few non-public items (must be dropped at ingest).
  if (day % 4 === 0) add(day, 'pesan pribadi: nomor kartu saya bermasalah, tolong dicek', { isPublic: false });
  // Posts with phone numbers or ID-like numbers (to be redacted by the pipeline).
  if (day % 5 === 0) add(day, `hubungi admin faskes di 0812-3456-${int(1000, 9999)} kalau kartu kis bermasalah`);
}

// Spike 1: contribution increase, 2026-11-10 (about 4x the usual volume of the theme, mostly negative).
const iuranNaik = [
  'iuran bpjs naik lagi?? gaji gak naik tp iuran naik terus #IuranBPJS',
  'resmi, iuran bpjs kesehatan naik mulai bulan depan. rakyat kecil makin terjepit #IuranBPJS',
  'kenaikan iuran bpjs gak dibarengi perbaikan pelayanan, kecewa bgt',
  'iuran naik, antrean tetap lama, obat tetap kosong. ini gimana? #BPJSKesehatan',
  'tolak kenaikan iuran bpjs kesehatan kelas 3 #IuranBPJS',
  'kalau iuran naik terus mending berhenti jadi peserta mandiri aja',
];
for (let i = 0; i < 90; i++) add(10, decorate(pick(iuranNaik) + (chance(0.3) ? ` ${pick(['😡', '😤', '🙄'])}` : '')));
// Coordinated-looking copy-paste on the same day: two texts, ~20 posts by different authors.
const copyA = 'Kenaikan iuran BPJS adalah langkah tepat demi keberlanjutan program JKN. Dukung terus! #JKNUntukSemua';
const copyB = 'Iuran naik demi pelayanan yang lebih baik, masyarakat pasti merasakan manfaatnya #JKNUntukSemua';
for (let i = 0; i < 12; i++) add(10, copyA, { platform: 'x', who: `@dukung_jkn_${i}` });
for (let i = 0; i < 9; i++) add(10, copyB, { platform: 'x', who: `@suara_sehat_${i}` });
// Each copy-paste posted in a burst (12 posts within a minute from 09:00, 9 within 72 s from 14:30): coordinated
// clusters under the default rule (k = 5 authors, w = 60 s). Times are set after the draw so other posts are unchanged.
const burst = (prefix: string, start: string, stepSeconds: number) => {
  let i = 0;
  for (const r of rows) {
    if (!r.author.startsWith(prefix)) continue;
    const at = new Date(Date.parse(start) + i++ * stepSeconds * 1000 + 7 * 3600_000);
    r.publishedAt = `${at.toISOString().slice(0, 19)}+07:00`;
  }
};
burst('@dukung_jkn_', '2026-11-10T09:00:00+07:00', 5);
burst('@suara_sehat_', '2026-11-10T14:30:00+07:00', 8);

// Spike 2: Mobile JKN outage, 2026-11-12.
const mobileDown = [
  'mobile jkn error dari pagi, gak bisa login sama sekali #MobileJKN',
  'aplikasi mobile jkn down ya? gagal login terus',
  'mau ambil antrean lewat mobile jkn malah error, terpaksa antri manual dari subuh',
  'mobile jkn gagal verifikasi otp, udh coba 10x #MobileJKN',
];
for (let i = 0; i < 70; i++) add(12, decorate(pick(mobileDown)));

// New term: online queue praised from 2026-11-13.
const antreanOnline = [
  'coba #AntreanOnline di puskesmas, datang pas jam dipanggil. mantap, gak nunggu lama',
  'antrean online bpjs beneran memangkas waktu tunggu, terima kasih #AntreanOnline',
  'sekarang ada antrean online, alhamdulillah gak perlu datang subuh lagi',
];
for (const day of [13, 14]) for (let i = 0; i < 28; i++) add(day, pick(antreanOnline));

rows.sort((a, b) => (a.publishedAt < b.publishedAt ? -1 : a.publishedAt > b.publishedAt ? 1 : 0));
const jsonl = rows.map((r) => JSON.stringify(r.lang === null ? { ...r, lang: undefined } : r)).join('\n');
writeFileSync(`${OUT_DIR}posts.jsonl`, `${jsonl}\n`);

// A small CSV for the CSV connector.
const csvQuote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const header = 'platform,externalId,author,publishedAt,text,url,likes,replies,shares,views,lang';
const csvRows = rows
  .filter((r) => r.isPublic)
  .slice(0, 20)
  .map((r) =>
    [
      r.platform,
      r.externalId,
      r.author,
      r.publishedAt,
      r.text,
      r.url,
      r.engagement.likes,
      r.engagement.replies,
      r.engagement.shares,
      r.engagement.views,
      r.lang ?? '',
    ]
      .map((v) => csvQuote(String(v)))
      .join(','),
  );
writeFileSync(`${OUT_DIR}posts-small.csv`, `${[header, ...csvRows].join('\n')}\n`);

const count = (f: (r: Row) => string) => {
  const m: Record<string, number> = {};
  for (const r of rows) m[f(r)] = (m[f(r)] ?? 0) + 1;
  return m;
};
process.stdout.write(
  `${JSON.stringify({ posts: rows.length, perPlatform: count((r) => r.platform), perDay: count((r) => r.publishedAt.slice(0, 10)), nonPublic: rows.filter((r) => !r.isPublic).length }, null, 1)}\n`,
);
