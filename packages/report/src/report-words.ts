// The report's words in its two languages: one language per report (REPORT_LANGUAGE), Indonesian first.

import { CAVEATS, COORDINATION_CAVEATS } from '@pantau/contracts';
import type { SpikeRule } from '@pantau/disclosure';
import type { ReportLanguage } from './summary.ts';

/** The method stated in Indonesian (the disclosure states it in English). */
const idSpikeRule = (r: SpikeRule) =>
  `Sebuah istilah melonjak pada suatu hari bila jumlah unggahannya paling sedikit ${r.minCount} dan melebihi rata-rata ${r.windowDays} hari sebelumnya lebih dari ${r.k} × max(sd, √rata-rata, 1) (z > ${r.k}); istilah tanpa unggahan dalam ${r.windowDays} hari itu dilaporkan sebagai istilah baru bila unggahannya paling sedikit ${r.newTermMinCount}. Tanpa data ${r.windowDays} hari sebelumnya, tidak ada lonjakan yang dilaporkan. Istilah yang sebagian besar (≥ 60%) unggahannya milik peristiwa yang lebih kuat digabung ke peristiwa itu.`;

/** Indonesian of the fixed limits stated with every figure (an unknown one is shown in English, marked so). */
const ID_CAVEATS = new Map<string, string>([
  [CAVEATS[0] ?? '', 'Hanya unggahan publik: grup tertutup, pesan pribadi dan unggahan yang dihapus tidak pernah dikumpulkan.'],
  [
    CAVEATS[1] ?? '',
    'Platform mengambil sampel dan membatasi apa yang dikembalikan API-nya; volume adalah yang terkumpul, bukan semua yang dibicarakan.',
  ],
  [CAVEATS[2] ?? '', 'Sarkasme, ironi dan perasaan campur aduk sering salah dibaca oleh model sentimen.'],
  [CAVEATS[3] ?? '', 'Model dilatih pada ulasan dan twit; unggahan dari bidang lain bisa dinilai kurang tepat (pergeseran domain).'],
  [CAVEATS[4] ?? '', 'Yang dihitung adalah unggahan, bukan orang; satu orang bisa mengunggah berkali-kali.'],
  [
    COORDINATION_CAVEATS[0] ?? '',
    'Terkoordinasi tidak sama dengan tidak autentik: penggemar, kampanye, organisasi dan orang yang membagikan judul berita juga mengunggah kata atau tautan yang sama pada saat yang sama.',
  ],
]);

export interface ReportWords {
  lang: ReportLanguage;
  title: (day: string, topic: string | null) => string;
  dayLine: (day: string, generated: string) => string;
  topicQuery: string;
  headlines: string;
  headlineNames: [string, string, string];
  stories: string;
  storyNumbers: (count: string, mean: string, sd: string, spread: string, baseline: string, z: string | null) => string;
  newTerm: string;
  storyPosts: (n: string) => string;
  folded: (terms: string, more: number) => string;
  coordinated: (successes: number, trials: number, share: string) => string;
  examples: string;
  sameText: (n: number) => string;
  open: string;
  noLink: string;
  removed: string;
  noSpike: string;
  noBaseline: (windowDays: number, daysWithData: number) => string;
  moreStories: (n: number) => string;
  volume: string;
  volumeLine: (o: {
    posts: string;
    before: string;
    week: string;
    authors: string;
    likes: string;
    replies: string;
    shares: string;
    views: string;
  }) => string;
  sentiment: string;
  modelOnly: (neg: string, neu: string, pos: string, answered: string, abstained: string) => string;
  net: (value: string) => string;
  validated: (o: {
    neg: string;
    neu: string;
    pos: string;
    notRelevant: string;
    notIndonesian: string;
    posts: string;
    labels: string;
    task: string;
    alpha: string;
    f1: string;
  }) => string;
  notValidated: (reason: string) => string;
  legend: Record<'negative' | 'neutral' | 'positive' | 'uncertain', string>;
  labels: Record<string, string>;
  coordination: string;
  coordinationLine: (share: string, excluded: boolean) => string;
  topics: string;
  topicColumns: [string, string, string, string, string, string];
  keywords: string;
  keywordColumns: [string, string, string, string, string, string, string];
  coverage: string;
  coverageColumns: [string, string, string, string, string, string, string];
  noCoverage: string;
  gapLine: (name: string, status: string) => string;
  excludedLine: (reason: string, count: string) => string;
  noExclusions: string;
  method: string;
  modelLine: (name: string, version: string, sha: string, backend: string, evaluation: string) => string;
  methodLabel: (english: string, name: string, version: string, placeholder: boolean) => string;
  methodAbstain: (english: string) => string;
  methodKeyword: (english: string) => string;
  methodSpike: (english: string, rule: SpikeRule | undefined) => string;
  methodInterval: (english: string) => string;
  limits: string;
  caveat: (english: string) => { text: string; english: boolean };
  formats: string;
  posts: string;
  newWord: string;
  chartPosts: string;
  chartSentiment: string;
}

export const REPORT_WORDS: Record<ReportLanguage, ReportWords> = {
  id: {
    lang: 'id',
    title: (day, topic) => `Laporan harian pemantauan — ${day}${topic ? ` — topik «${topic}»` : ''}`,
    dayLine: (day, generated) => `Hari ${day} (waktu Jakarta) · dibuat ${generated}`,
    topicQuery: 'kueri topik',
    headlines: 'Ringkasan',
    headlineNames: ['Apa yang berubah', 'Mengapa', 'Di mana melihat'],
    stories: 'Peristiwa hari ini',
    storyNumbers: (count, mean, sd, spread, baseline, z) =>
      `${count} unggahan; 7 hari sebelumnya ${baseline} (rata-rata ${mean}, sd ${sd}, sebaran dipakai ${spread})${z === null ? '' : `; skor z ${z}`}`,
    newTerm: 'istilah baru',
    storyPosts: (n) => `${n} unggahan berbeda memakai istilah peristiwa ini`,
    folded: (terms, more) => `Istilah yang digabung ke peristiwa ini: ${terms}${more > 0 ? ` dan ${more} lainnya` : ''}.`,
    coordinated: (s, t, share) => `Terkoordinasi: ${s} dari ${t} unggahan ada dalam klaster terkoordinasi, ${share}.`,
    examples: 'Contoh unggahan',
    sameText: (n) => `teks yang sama ${n}×`,
    open: 'buka aslinya',
    noLink: 'tanpa tautan',
    removed: 'teks dihapus: melewati batas masa simpan (text removed by retention)',
    noSpike: 'Tidak ada istilah yang melonjak menurut aturan di bawah.',
    noBaseline: (w, d) =>
      `Lonjakan belum dinilai: data belum mencapai ${w} hari ke belakang (${d} dari ${w} hari sebelumnya berisi unggahan).`,
    moreStories: (n) => `${n} peristiwa lain ada di laporan JSON.`,
    volume: 'Volume',
    volumeLine: (o) =>
      `${o.posts} unggahan (kemarin ${o.before}; hari yang sama pekan lalu ${o.week}) · ${o.authors} pseudonim penulis berbeda · suka ${o.likes}, balasan ${o.replies}, bagikan ${o.shares}, tayangan ${o.views}`,
    sentiment: 'Sentimen',
    modelOnly: (neg, neu, pos, answered, abstained) =>
      `Hanya model: negatif ${neg}, netral ${neu}, positif ${pos} dari ${answered} unggahan yang dinilai; ${abstained} tidak pasti`,
    net: (v) => `Sentimen bersih ${v}.`,
    validated: (o) =>
      `Tervalidasi (PPI++, 95%): negatif ${o.neg}, netral ${o.neu}, positif ${o.pos} dari unggahan yang relevan; tidak relevan ${o.notRelevant}, bukan bahasa Indonesia ${o.notIndonesian} dari semua ${o.posts} unggahan — dari ${o.labels} label emas tugas ${o.task}${o.alpha}${o.f1}.`,
    notValidated: (reason) => `Tervalidasi: belum (belum divalidasi di domain ini: ${reason}).`,
    legend: { negative: 'negatif', neutral: 'netral', positive: 'positif', uncertain: 'tidak pasti' },
    labels: { negative: 'negatif', neutral: 'netral', positive: 'positif', uncertain: 'tidak pasti' },
    coordination: 'Unggahan terkoordinasi',
    coordinationLine: (share, excluded) =>
      `Dalam klaster terkoordinasi: ${share}.${excluded ? ' Semua angka laporan ini dihitung tanpa unggahan itu.' : ''}`,
    topics: 'Topik',
    topicColumns: ['topik', 'unggahan', 'negatif (IK 95%)', 'netral (IK 95%)', 'positif (IK 95%)', 'tidak pasti'],
    keywords: 'Kata kunci teratas',
    keywordColumns: ['kata kunci', 'unggahan', 'vs kemarin', 'vs pekan lalu', 'negatif (IK 95%)', 'positif (IK 95%)', '14 hari'],
    coverage: 'Cakupan dan pengecualian',
    coverageColumns: ['pengumpul', 'kueri', 'platform', 'hari ini', 'jalan', 'diambil', 'diterbitkan'],
    noCoverage: 'Tidak ada pengumpul yang tercatat untuk hari ini: tidak ada unggahan bukan berarti tidak ada yang membicarakannya.',
    gapLine: (name, status) => `Celah: ${name}: ${status}. Unggahannya tidak ada dalam angka hari ini, bukan nol.`,
    excludedLine: (reason, count) => `dikecualikan, ${reason}: ${count}`,
    noExclusions: 'Tidak ada pengecualian tercatat untuk hari ini.',
    method: 'Model dan metode',
    modelLine: (name, version, sha, backend, evaluation) => `Model ${name} ${version} (sha256 ${sha}…, ${backend}); ${evaluation}.`,
    methodLabel: (_e, name, version, placeholder) =>
      placeholder
        ? `PENGGANTI SEMENTARA: daftar kata kunci (${name}), bukan model terlatih; label hanya indikatif.`
        : `Setiap unggahan diberi kelas dengan peluang terkalibrasi tertinggi dari model ${name} (versi ${version}).`,
    methodAbstain: (english) => {
      const threshold = /below ([\d.]+)/.exec(english)?.[1];
      return `Unggahan yang peluang kelas tertingginya di bawah ${threshold ?? 'ambang model'} diberi label tidak pasti: tetap dihitung dalam populasi, tetapi tidak masuk bagian kelas.`;
    },
    methodKeyword: () =>
      'Kata kunci adalah unigram, bigram dan tagar dari teks yang dinormalkan (ejaan tidak baku dipetakan ke bahasa Indonesia baku, kata henti dibuang tetapi kata ingkar dipertahankan); setiap kata kunci dihitung sekali per unggahan dan dikelompokkan menurut kata dasarnya.',
    methodSpike: (english, rule) => (rule ? idSpikeRule(rule) : english),
    methodInterval: () =>
      'Interval skor Wilson 95% untuk setiap bagian; bagian dihitung dari unggahan yang dinilai (bukan yang tidak pasti).',
    limits: 'Yang tidak bisa dikatakan laporan ini',
    caveat: (english) => {
      const text = ID_CAVEATS.get(english);
      return text ? { text, english: false } : { text: english, english: true };
    },
    formats: 'Unduh',
    posts: 'unggahan',
    newWord: 'baru',
    chartPosts: 'unggahan per hari',
    chartSentiment: 'sentimen harian',
  },
  en: {
    lang: 'en',
    title: (day, topic) => `Daily keyword monitoring report — ${day}${topic ? ` — topic "${topic}"` : ''}`,
    dayLine: (day, generated) => `Day ${day} (Asia/Jakarta) · generated ${generated}`,
    topicQuery: 'topic query',
    headlines: 'Summary',
    headlineNames: ['What changed', 'Why', 'Where to look'],
    stories: "The day's events",
    storyNumbers: (count, mean, sd, spread, baseline, z) =>
      `${count} posts; 7-day baseline ${baseline} (mean ${mean}, sd ${sd}, spread used ${spread})${z === null ? '' : `; z = ${z}`}`,
    newTerm: 'new term',
    storyPosts: (n) => `${n} distinct posts use the terms of this event`,
    folded: (terms, more) => `Terms folded into this event (same burst of posts): ${terms}${more > 0 ? ` and ${more} more` : ''}.`,
    coordinated: (s, t, share) => `Coordinated: ${s} of the ${t} posts are in coordinated clusters, ${share}.`,
    examples: 'Example posts',
    sameText: (n) => `same text ${n}×`,
    open: 'open the original',
    noLink: 'no link',
    removed: 'text removed by retention (teks dihapus: melewati batas masa simpan)',
    noSpike: 'No term spiked under the rule below.',
    noBaseline: (w, d) => `No spike is reported: the data does not reach ${w} days back yet (${d} of the ${w} days before it have posts).`,
    moreStories: (n) => `${n} more separate events are in the JSON report.`,
    volume: 'Volume',
    volumeLine: (o) =>
      `${o.posts} posts (day before ${o.before}; same day last week ${o.week}) · ${o.authors} distinct author pseudonyms · likes ${o.likes}, replies ${o.replies}, shares ${o.shares}, views ${o.views}`,
    sentiment: 'Sentiment',
    modelOnly: (neg, neu, pos, answered, abstained) =>
      `Model-only: negative ${neg}, neutral ${neu}, positive ${pos} of ${answered} labelled; ${abstained} uncertain`,
    net: (v) => `Net sentiment ${v}.`,
    validated: (o) =>
      `Validated (PPI++, 95%): negative ${o.neg}, neutral ${o.neu}, positive ${o.pos} of in-scope posts; not relevant ${o.notRelevant}, not Indonesian ${o.notIndonesian} of all ${o.posts} posts — from ${o.labels} gold labels of task ${o.task}${o.alpha}${o.f1}.`,
    notValidated: (reason) => `Validated: none (not validated in this domain: ${reason}).`,
    legend: { negative: 'negative', neutral: 'neutral', positive: 'positive', uncertain: 'uncertain' },
    labels: { negative: 'negative', neutral: 'neutral', positive: 'positive', uncertain: 'uncertain' },
    coordination: 'Coordinated posting',
    coordinationLine: (share, excluded) =>
      `In coordinated clusters: ${share}.${excluded ? ' Every figure of this report is computed without them.' : ''}`,
    topics: 'Topics',
    topicColumns: ['topic', 'posts', 'negative (95% CI)', 'neutral (95% CI)', 'positive (95% CI)', 'uncertain'],
    keywords: 'Top keywords',
    keywordColumns: ['keyword', 'posts', 'vs day before', 'vs week before', 'negative (95% CI)', 'positive (95% CI)', '14 days'],
    coverage: 'Coverage and exclusions',
    coverageColumns: ['connector', 'query', 'platform', 'day', 'runs', 'fetched', 'published'],
    noCoverage: 'No collector run covers this day: absence of posts is not absence of talk.',
    gapLine: (name, status) => `Gap: ${name}: ${status}. Its posts are missing from this day's figures, not zero.`,
    excludedLine: (reason, count) => `excluded, ${reason}: ${count}`,
    noExclusions: 'No exclusions recorded for this day.',
    method: 'Model and method',
    modelLine: (name, version, sha, backend, evaluation) => `Model ${name} ${version} (sha256 ${sha}…, ${backend}); ${evaluation}.`,
    methodLabel: (english) => english,
    methodAbstain: (english) => english,
    methodKeyword: (english) => english,
    methodSpike: (english) => english,
    methodInterval: (english) => english,
    limits: 'What this report cannot tell',
    caveat: (english) => ({ text: english, english: false }),
    formats: 'Download',
    posts: 'posts',
    newWord: 'new',
    chartPosts: 'posts per day',
    chartSentiment: 'daily sentiment',
  },
};
