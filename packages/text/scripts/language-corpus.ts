// The labelled texts behind the regional-language model, read from ../shared/data (next to the repository):
// NusaX regional train files and Indonesian train files, each carved into a seeded train part and dev part, and the
// held-out sets (NusaX regional valid; SmSA valid, IndoLEM dev0, EmoT valid, NusaX-id valid) that choose nothing.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { languageTokens, type ModelLanguage, REGIONAL_LANGUAGES, type RegionalLanguage } from '../src/language-model.ts';

/** NusaX's folder name of each regional language. */
export const NUSAX_FOLDER: Record<RegionalLanguage, string> = {
  jav: 'javanese',
  sun: 'sundanese',
  min: 'minangkabau',
  bjn: 'banjarese',
  bug: 'buginese',
  ace: 'acehnese',
  ban: 'balinese',
  mad: 'madurese',
  nij: 'ngaju',
  bbc: 'toba_batak',
};

/** One labelled text and the file it came from. */
export interface LanguageExample {
  text: string;
  lang: ModelLanguage;
  source: string;
}

/** The seed of the dev split and of the short segments. */
export const CORPUS_SEED = 20261207;
/** Share of each train file's rows (NusaX: of its sentence ids) that goes to dev. */
export const DEV_SHARE = 0.2;

export const defaultDataDir = () => fileURLToPath(new URL('../../../../shared/data/', import.meta.url));

/** The same generator as the sentiment package's seeded split (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const csv = (path: string) => parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
const tsvTexts = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.slice(0, l.lastIndexOf('\t')));

/** Every labelled set: train and dev parts of the train files, and the held-out sets by name. */
export interface LanguageCorpus {
  train: LanguageExample[];
  dev: LanguageExample[];
  heldOut: { name: string; examples: LanguageExample[] }[];
}

/** Reads the corpus; the dev split is seeded and carved by sentence id for NusaX (translations stay on one side). */
export function readLanguageCorpus(dataDir = defaultDataDir(), seed = CORPUS_SEED): LanguageCorpus {
  const train: LanguageExample[] = [];
  const dev: LanguageExample[] = [];
  const random = seededRandom(seed);

  // NusaX: rows with one id are translations of one sentence, so an id goes wholly to train or to dev.
  const nusaxFiles: { lang: ModelLanguage; dir: string }[] = [
    { lang: 'id', dir: 'nusax-id' },
    ...REGIONAL_LANGUAGES.map((lang) => ({ lang, dir: `nusax-regional/${NUSAX_FOLDER[lang]}` })),
  ];
  const rowsOf = new Map(nusaxFiles.map((f) => [f.lang, csv(`${dataDir}${f.dir}/train.csv`)]));
  const ids = [...new Set([...rowsOf.values()].flatMap((rows) => rows.map((r) => Number(r.id))))].sort((a, b) => a - b);
  const devIds = new Set(shuffled(ids, random).slice(0, Math.round(DEV_SHARE * ids.length)));
  for (const f of nusaxFiles) {
    for (const r of rowsOf.get(f.lang) ?? []) {
      const example = { text: r.text as string, lang: f.lang, source: `${f.dir}/train` };
      (devIds.has(Number(r.id)) ? dev : train).push(example);
    }
  }

  // Indonesian train files: a seeded share of rows of each file to dev.
  const indonesian: { source: string; texts: string[] }[] = [
    { source: 'smsa/train', texts: tsvTexts(`${dataDir}smsa/train_preprocess.tsv`) },
    { source: 'indolem-sentiment/train0', texts: csv(`${dataDir}indolem-sentiment/train0.csv`).map((r) => r.sentence as string) },
    { source: 'emot/train', texts: csv(`${dataDir}emot/train_preprocess.csv`).map((r) => r.tweet as string) },
  ];
  for (const { source, texts } of indonesian) {
    const inDev = new Set(shuffled([...texts.keys()], random).slice(0, Math.round(DEV_SHARE * texts.length)));
    texts.forEach((text, i) => {
      (inDev.has(i) ? dev : train).push({ text, lang: 'id', source });
    });
  }

  const heldOut = [
    ...REGIONAL_LANGUAGES.map((lang) => ({
      name: `nusax-regional/${NUSAX_FOLDER[lang]}/valid`,
      examples: csv(`${dataDir}nusax-regional/${NUSAX_FOLDER[lang]}/valid.csv`).map((r) => ({
        text: r.text as string,
        lang: lang as ModelLanguage,
        source: `nusax-regional/${NUSAX_FOLDER[lang]}/valid`,
      })),
    })),
    { name: 'smsa/valid', examples: tsvTexts(`${dataDir}smsa/valid_preprocess.tsv`).map((text) => idExample(text, 'smsa/valid')) },
    {
      name: 'indolem-sentiment/dev0',
      examples: csv(`${dataDir}indolem-sentiment/dev0.csv`).map((r) => idExample(r.sentence as string, 'indolem-sentiment/dev0')),
    },
    { name: 'emot/valid', examples: csv(`${dataDir}emot/valid_preprocess.csv`).map((r) => idExample(r.tweet as string, 'emot/valid')) },
    { name: 'nusax-id/valid', examples: csv(`${dataDir}nusax-id/valid.csv`).map((r) => idExample(r.text as string, 'nusax-id/valid')) },
  ];
  return { train, dev, heldOut };
}

const idExample = (text: string, source: string): LanguageExample => ({ text, lang: 'id', source });

/** A seeded window of 5–15 words of each text (the whole text when it is shorter): tweet-length posts. */
export function shortSegments(examples: readonly LanguageExample[], seed: number): LanguageExample[] {
  const random = seededRandom(seed);
  return examples.map((e) => {
    const words = e.text.split(/\s+/).filter((w) => w !== '');
    const length = 5 + Math.floor(random() * 11);
    const start = Math.floor(random() * Math.max(1, words.length - length + 1));
    return { ...e, text: words.slice(start, start + length).join(' ') };
  });
}

/** Words of the regional train texts that no Indonesian train text has (3+ letters): markers of a regional language. */
export function regionalOnlyWords(train: readonly LanguageExample[]): string[] {
  const indonesian = new Set<string>();
  for (const e of train) if (e.lang === 'id') for (const t of languageTokens(e.text)) indonesian.add(t);
  const regional = new Set<string>();
  for (const e of train)
    if (e.lang !== 'id') for (const t of languageTokens(e.text)) if (t.length >= 3 && !indonesian.has(t)) regional.add(t);
  return [...regional].sort();
}

/**
 * Code-mixed posts: a short segment of each Indonesian text with one regional-only word put in at a seeded place.
 * Mostly Indonesian, so the right answer stays `id`.
 */
export function codeMixed(examples: readonly LanguageExample[], words: readonly string[], seed: number): LanguageExample[] {
  const random = seededRandom(seed);
  return shortSegments(
    examples.filter((e) => e.lang === 'id'),
    seed,
  ).map((e) => {
    const tokens = e.text.split(' ');
    const word = words[Math.floor(random() * words.length)] as string;
    tokens.splice(Math.floor(random() * (tokens.length + 1)), 0, word);
    return { ...e, text: tokens.join(' ') };
  });
}
