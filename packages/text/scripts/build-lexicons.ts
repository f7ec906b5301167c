// Rebuilds the compact word lists in packages/text/data from their sources:
//   pnpm exec tsx packages/text/scripts/build-lexicons.ts
// Sources: ../shared/data (next to the repository) and Debian's hunspell-id dictionary.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SHARED = `${ROOT}../shared/data/`;
const OUT = fileURLToPath(new URL('../data/', import.meta.url));
const HUNSPELL = '/usr/share/hunspell/id_ID.dic';

/** Negations, intensifiers and sentiment-bearing words that the stop-word list must not remove. */
export const KEPT_FROM_STOP_WORDS = [
  'tidak',
  'tak',
  'bukan',
  'belum',
  'jangan',
  'kurang',
  'tanpa',
  'sangat',
  'amat',
  'terlalu',
  'paling',
  'sekali',
  'lebih',
  'cukup',
  'agak',
  'banget',
  'baik',
  'masalah',
  'harus',
  'makin',
  'semakin',
  // negation variants
  'enggak',
  'enggaknya',
  'tidakkah',
  'tidaklah',
  'bukankah',
  'bukanlah',
  'bukannya',
  'belumlah',
  'janganlah',
  'jangankan',
  // words that carry the news in posts about public services
  'naik',
  'lama',
  'lamanya',
  'kelamaan',
  'jelas',
  'baru',
  'percuma',
  'penting',
  'kecil',
  'besar',
  'panjang',
  'tinggi',
  'benar',
  'pasti',
  'keterlaluan',
  'tambah',
  'turun',
];

/** Particles of informal writing that are never keywords. */
const EXTRA_STOP_WORDS = [
  'nya',
  'deh',
  'sih',
  'nih',
  'ya',
  'yah',
  'yaa',
  'lho',
  'loh',
  'tuh',
  'dah',
  'kah',
  'pun',
  'gitu',
  'aja',
  'eh',
  'kak',
  'gan',
  'min',
];

// English function words are not slang for Indonesian words ("to" is not "tapi").
const ENGLISH_FUNCTION_WORDS = new Set(
  'the a an and or but is are was were be been this that it its of to in on at for with from by as i you he she we they my your our their me him her us them not no do does did have has had will would can could should very what which who when where why how just so than then there here about hours guys thanks'.split(
    ' ',
  ),
);

/** Hand-set forms that win over the lexicons: negations normalize to `tidak`, intensifiers stay informal-but-standard. */
const OVERRIDES: Record<string, string> = {
  gak: 'tidak',
  ga: 'tidak',
  gk: 'tidak',
  g: 'tidak',
  nggak: 'tidak',
  ngga: 'tidak',
  nggk: 'tidak',
  enggak: 'tidak',
  engga: 'tidak',
  egak: 'tidak',
  kagak: 'tidak',
  ndak: 'tidak',
  nda: 'tidak',
  tdk: 'tidak',
  tak: 'tidak',
  gag: 'tidak',
  blm: 'belum',
  blom: 'belum',
  belom: 'belum',
  jgn: 'jangan',
  jngn: 'jangan',
  bkn: 'bukan',
  krg: 'kurang',
  bgt: 'banget',
  bngt: 'banget',
  bget: 'banget',
  bangettt: 'banget',
  bet: 'banget',
  yg: 'yang',
  udh: 'sudah',
  udah: 'sudah',
  sdh: 'sudah',
  dah: 'sudah',
  tp: 'tapi',
  tpi: 'tapi',
  krn: 'karena',
  karna: 'karena',
  mksh: 'terima kasih',
  makasih: 'terima kasih',
  trims: 'terima kasih',
  thx: 'terima kasih',
  tks: 'terima kasih',
  antri: 'antre',
  antrian: 'antrean',
  ngantri: 'antre',
  ngantre: 'antre',
  bpjs: 'bpjs',
  jkn: 'jkn',
  kis: 'kis',
  faskes: 'faskes',
  puskesmas: 'puskesmas',
  rs: 'rumah sakit',
  dr: 'dokter',
  ribet: 'ribet',
  mantap: 'mantap',
  banget: 'banget',
  bangett: 'banget',
  error: 'error',
  eror: 'error',
  mantul: 'mantap',
  mantab: 'mantap',
  keren: 'keren',
  aja: 'saja',
  kalo: 'kalau',
  klo: 'kalau',
  gmn: 'bagaimana',
  knp: 'kenapa',
  bs: 'bisa',
  sy: 'saya',
  ak: 'aku',
};

// kamus-alay has no licence: only the entries the model needs (slang seen at least twice in the training texts) are kept.
function trainingTokenCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  const texts = [
    ...readFileSync(`${SHARED}smsa/train_preprocess.tsv`, 'utf8')
      .split('\n')
      .map((l) => l.split('\t')[0] ?? ''),
    ...readFileSync(`${SHARED}indolem-sentiment/train0.csv`, 'utf8').split('\n'),
  ];
  for (const t of texts) for (const w of t.toLowerCase().match(/[a-z]+/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}
const seen = trainingTokenCounts();

const isWord = (s: string) => /^[a-z][a-z-]*$/.test(s);
const isPhrase = (s: string) => /^[a-z][a-z -]*$/.test(s) && s.split(' ').length <= 3;

// Standard Indonesian words (hunspell-id): strip affix flags.
const hunspell = existsSync(HUNSPELL)
  ? readFileSync(HUNSPELL, 'latin1')
      .split('\n')
      .slice(1)
      .map((l) => l.split('/')[0]?.trim().toLowerCase() ?? '')
      .filter((w) => isWord(w) && w.length >= 2)
  : [];
const standard = new Set(hunspell);

// Slang → standard: IndoCollex dictionary (MIT) and the filtered colloquial lexicon (kamus-alay), overrides on top.
const slang = new Map<string, string>();
const add = (informal: string, formal: string) => {
  const i = informal.trim().toLowerCase();
  const f = formal.trim().toLowerCase();
  if (!isWord(i) || !isPhrase(f) || i === f || ENGLISH_FUNCTION_WORDS.has(i)) return;
  // A word that is already standard Indonesian keeps its meaning ("lama" is not slang for anything).
  if (standard.has(i)) return;
  if (!slang.has(i)) slang.set(i, f);
};
for (const line of readFileSync(`${SHARED}indocollex/inforformal-formal-Indonesian-dictionary.tsv`, 'utf8').split('\n').slice(1)) {
  const [i, f] = line.split('\t');
  if (i && f) add(i, f);
}
const alay = parse(readFileSync(`${SHARED}kamus-alay/colloquial-indonesian-lexicon.csv`, 'utf8'), { columns: true }) as {
  slang: string;
  formal: string;
}[];
for (const row of alay) if ((seen.get(row.slang.trim().toLowerCase()) ?? 0) >= 2) add(row.slang, row.formal);
for (const [i, f] of Object.entries(OVERRIDES)) slang.set(i, f);
// Map slang to the final standard form in one step (a → b → c becomes a → c), and never to a negation by accident.
for (const [i, f] of slang) {
  const next = slang.get(f);
  if (next && next !== f && !f.includes(' ')) slang.set(i, next);
}

const stopWords = readFileSync(`${SHARED}stopwords-id/stopwords-id.txt`, 'utf8')
  .split('\n')
  .map((w) => w.trim().toLowerCase())
  .filter((w) => w && !KEPT_FROM_STOP_WORDS.includes(w))
  .concat(EXTRA_STOP_WORDS)
  .filter((w, i, all) => all.indexOf(w) === i);

writeFileSync(
  `${OUT}slang.tsv`,
  `# informal\tstandard. Sources: IndoCollex (MIT, github.com/haryoa/indo-collex), colloquial Indonesian lexicon (kamus-alay, github.com/nasalsabila/kamus-alay, filtered), hand-set overrides in scripts/build-lexicons.ts\n${[
    ...slang,
  ]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([i, f]) => `${i}\t${f}`)
    .join('\n')}\n`,
);
writeFileSync(
  `${OUT}stop-words.txt`,
  `# Indonesian stop words from stopwords-iso (MIT, github.com/stopwords-iso/stopwords-id) without negations and intensifiers\n${stopWords.join('\n')}\n`,
);
if (hunspell.length > 0) {
  writeFileSync(
    `${OUT}words-id.txt`,
    `# Indonesian word list from Debian hunspell-id (id_ID.dic, LibreOffice dictionaries; MPL-2.0 / LGPL), affix flags removed\n${[...standard].sort().join('\n')}\n`,
  );
}
process.stdout.write(`${JSON.stringify({ slang: slang.size, stopWords: stopWords.length, words: standard.size })}\n`);
