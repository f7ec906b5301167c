import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PantauError, SENTIMENT_CLASSES, type SentimentClass } from '@pantau/contracts';
import { parse } from 'csv-parse/sync';
import { type LabeledRow, readFixtures } from '../fixtures.ts';
import { seededRandom } from '../linear.ts';
import type { DevSplit } from '../split.ts';

/** The regional languages the regional head labels (ISO 639-3), with their NusaX folder names. */
export const REGIONAL_SENTIMENT_LANGUAGES = {
  jav: 'javanese',
  sun: 'sundanese',
  min: 'minangkabau',
  bjn: 'banjarese',
  ban: 'balinese',
  mad: 'madurese',
} as const;
/** English names of the six languages, for tables and reports. */
export const REGIONAL_SENTIMENT_NAMES: Record<keyof typeof REGIONAL_SENTIMENT_LANGUAGES, string> = {
  jav: 'Javanese',
  sun: 'Sundanese',
  min: 'Minangkabau',
  bjn: 'Banjarese',
  ban: 'Balinese',
  mad: 'Madurese',
};
/** One language the regional head labels. */
export type RegionalSentimentLanguage = keyof typeof REGIONAL_SENTIMENT_LANGUAGES;
/** The codes, in NusaX order. */
export const REGIONAL_SENTIMENT_CODES = Object.keys(REGIONAL_SENTIMENT_LANGUAGES) as RegionalSentimentLanguage[];

/** The files the regional head reads, under the shared data folder. */
export const NUSAX_FILES = {
  train: (lang: RegionalSentimentLanguage) => `nusax-regional/${REGIONAL_SENTIMENT_LANGUAGES[lang]}/train.csv`,
  heldOut: (lang: RegionalSentimentLanguage) => `nusax-regional/${REGIONAL_SENTIMENT_LANGUAGES[lang]}/valid.csv`,
  /** The Indonesian sentences the regional ones translate (same ids). */
  indonesianTrain: 'nusax-id/train.csv',
  /** Read only to find the NusaX rows that translate one of its sentences (they are dropped from training). */
  smsaValid: 'smsa/valid_preprocess.tsv',
  /** Indonesian rows trained on beside the regional ones (without copies of the dev sentences' originals). */
  smsaTrain: 'smsa/train_preprocess.tsv',
} as const;

/** One NusaX row: the sentence id shared by its translations, its language, text and label. */
export interface RegionalRow {
  id: string;
  lang: RegionalSentimentLanguage;
  text: string;
  label: SentimentClass;
}

/** Reads one NusaX CSV (`id,text,label`). */
export function readNusaxFile(path: string, lang: RegionalSentimentLanguage): RegionalRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(readFileSync(path, 'utf8'), { columns: true, bom: true, skip_empty_lines: true });
  } catch (cause) {
    throw new PantauError('INVALID_INPUT', `cannot read ${path}`, { cause });
  }
  return records.map((r, i) => {
    const label = String(r.label ?? '').trim();
    if (!(SENTIMENT_CLASSES as readonly string[]).includes(label))
      throw new PantauError('INVALID_INPUT', `${path} row ${i + 1}: unknown label "${label}"`);
    return { id: String(r.id ?? '').trim(), lang, text: String(r.text ?? '').trim(), label: label as SentimentClass };
  });
}

const tokenSet = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  const union = a.size + b.size - shared;
  return union > 0 ? shared / union : 0;
}

/** Token Jaccard at or above which a NusaX-id sentence is taken for a copy of an SmSA valid sentence (as in the data's own filter). */
export const LEAK_JACCARD = 0.45;

/**
 * Ids of NusaX train sentences whose Indonesian original (NusaX-id, same id) is a copy or near copy of an SmSA valid
 * sentence: their translations are dropped from training, so SmSA valid stays held out from the regional head too.
 */
export function leakedIds(dataDir: string): { ids: Set<string>; matches: { id: string; jaccard: number }[] } {
  const smsa = readFileSync(join(dataDir, NUSAX_FILES.smsaValid), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => tokenSet(l.split('\t')[0] ?? ''));
  const matches: { id: string; jaccard: number }[] = [];
  for (const row of readNusaxFile(join(dataDir, NUSAX_FILES.indonesianTrain), 'jav')) {
    const tokens = tokenSet(row.text);
    let best = 0;
    for (const s of smsa) best = Math.max(best, jaccard(tokens, s));
    if (best >= LEAK_JACCARD) matches.push({ id: row.id, jaccard: Math.round(best * 100) / 100 });
  }
  return { ids: new Set(matches.map((m) => m.id)), matches };
}

/** Share of the sentence ids of NusaX train (per class) carved off as the dev split. */
export const REGIONAL_DEV_SHARE = 0.2;

/** The training rows of the six languages without the leaked ids, split by sentence id into train and dev. */
export interface RegionalTrainingSet extends DevSplit<RegionalRow> {
  dropped: { id: string; jaccard: number }[];
  /** Rows per language before the split (after the drop). */
  rows: Record<RegionalSentimentLanguage, number>;
  /** SmSA train rows, without those that copy the Indonesian original of a dev sentence (so dev stays unseen). */
  indonesian: LabeledRow[];
  /** SmSA train rows left out as copies of a dev sentence's original. */
  indonesianDropped: number;
}

/**
 * Reads NusaX train of the six languages, drops the leaked ids and carves a seeded dev split by sentence id, stratified
 * by label: all translations of one sentence fall on the same side, so dev never holds a translation of a train row.
 */
export function regionalTrainingSet(dataDir: string, seed: number, share = REGIONAL_DEV_SHARE): RegionalTrainingSet {
  const { ids: leaked, matches } = leakedIds(dataDir);
  const all = REGIONAL_SENTIMENT_CODES.flatMap((lang) => readNusaxFile(join(dataDir, NUSAX_FILES.train(lang)), lang)).filter(
    (r) => !leaked.has(r.id),
  );
  const labelOf = new Map<string, SentimentClass>();
  for (const r of all) if (!labelOf.has(r.id)) labelOf.set(r.id, r.label);
  const byClass = new Map<SentimentClass, string[]>();
  for (const [id, label] of [...labelOf.entries()].sort(([a], [b]) => Number(a) - Number(b) || (a < b ? -1 : 1))) {
    const list = byClass.get(label);
    if (list) list.push(id);
    else byClass.set(label, [id]);
  }
  const random = seededRandom(seed);
  const dev = new Set<string>();
  for (const label of [...byClass.keys()].sort()) {
    const ids = byClass.get(label) as string[];
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
    }
    for (const id of ids.slice(0, Math.round(share * ids.length))) dev.add(id);
  }
  const rows = Object.fromEntries(REGIONAL_SENTIMENT_CODES.map((l) => [l, all.filter((r) => r.lang === l).length])) as Record<
    RegionalSentimentLanguage,
    number
  >;
  const originals = readNusaxFile(join(dataDir, NUSAX_FILES.indonesianTrain), 'jav')
    .filter((r) => dev.has(r.id))
    .map((r) => tokenSet(r.text));
  const smsa = readFixtures(join(dataDir, NUSAX_FILES.smsaTrain));
  const indonesian = smsa.filter((r) => {
    const tokens = tokenSet(r.text);
    return !originals.some((o) => jaccard(tokens, o) >= LEAK_JACCARD);
  });
  return {
    train: all.filter((r) => !dev.has(r.id)),
    dev: all.filter((r) => dev.has(r.id)),
    dropped: matches,
    rows,
    indonesian,
    indonesianDropped: smsa.length - indonesian.length,
  };
}

/** NusaX valid of one language: held out, scored only. */
export const readRegionalHeldOut = (dataDir: string, lang: RegionalSentimentLanguage) =>
  readNusaxFile(join(dataDir, NUSAX_FILES.heldOut(lang)), lang);
