import { getLIDModel } from 'fasttext.wasm.js';
import { decideLanguage, type LanguageScorer, type RegionalLanguage } from './language-model.ts';
import { indonesianWords, regionalLanguageScorer, slangLexicon, stopWordList } from './lexicons.ts';
import { stem } from './stem.ts';

/**
 * A post's language: Indonesian (`id`), one of the ten regional languages of NusaX by its ISO 639-3 code (`jav`,
 * `sun`, `min`, `bjn`, `bug`, `ace`, `ban`, `mad`, `nij`, `bbc`), Malay (`ms`), English (`en`) or `other`.
 */
export type LanguageCode = 'id' | 'ms' | 'en' | 'other' | RegionalLanguage;

/** Language guess with a confidence in [0, 1]. */
export interface LanguageGuess {
  lang: LanguageCode;
  confidence: number;
}

/** What the word lists and fastText say, before the regional-language model. */
interface BaseGuess {
  lang: 'id' | 'ms' | 'en' | 'other';
  confidence: number;
  /** Share of English function words among the tokens. */
  english: number;
  /** fastText's most likely label when it was run. */
  fastTextTop: string | null;
}

/**
 * fastText labels (lid.176) of Austronesian languages that regional posts get when the word lists do not call them
 * Indonesian (Javanese, Sundanese and Minangkabau are in lid.176; the others come out as their neighbours).
 */
const AUSTRONESIAN_FASTTEXT = new Set(['jv', 'su', 'min', 'war', 'tl', 'ceb', 'ilo', 'bcl', 'pam', 'mg', 'id', 'ms']);

/** A loaded language identifier. */
export interface LanguageIdentifier {
  identify(text: string): LanguageGuess;
}

// Function words that are English and not Indonesian.
const ENGLISH = new Set(
  'the a an and or but is are was were be been being this that these those it its of to in on at for with from by as i you he she we they my your our their me him her us them not no do does did have has had will would can could should very what which who when where why how just so than then there here about'.split(
    ' ',
  ),
);
// Words that mark Malay rather than Indonesian.
const MALAY = new Set(
  'tak faham kerajaan macam nak kat dah je awak cakap sikit betul percuma kereta hospital kaunter boleh lepas jom memang pun ni tu apasal kenapa saja'.split(
    ' ',
  ),
);
// Malay markers that are also everyday Indonesian count only when several appear together.
const SHARED_WITH_INDONESIAN = new Set(['boleh', 'memang', 'pun', 'kenapa', 'saja', 'betul', 'tak']);

/** Share of letter tokens found in Indonesian word lists (standard words, stop words, slang). */
function indonesianShare(tokens: readonly string[]): number {
  if (tokens.length === 0) return 0;
  const words = indonesianWords();
  const slang = slangLexicon();
  const stop = stopWordList();
  let hits = 0;
  // hunspell lists stems with affix rules, so affixed forms ("pelayanan") are found through their stem ("layan").
  for (const t of tokens) if (words.has(t) || slang.has(t) || stop.has(t) || words.has(stem(t))) hits++;
  return hits / tokens.length;
}

/**
 * At or above this share of Indonesian words, with no English function word and no Malay-only word, the scores below
 * give Indonesian whatever fastText's probabilities are: Malay needs a Malay-only word; another language needs
 * idLex < 0.5 + 0.4 p ≤ 0.9; English needs (fast.en - fast.id) > 1.2 idLex - 1.4 enLex ≥ 1.08, more than a probability
 * difference can be. So fastText (most of the identifier's time) is not run for such posts.
 */
const SHORTCUT_SHARE = 0.9;

/** Share of tokens in a set (0 for none), counted without building the list of them. */
function share(tokens: readonly string[], set: ReadonlySet<string>): number {
  if (tokens.length === 0) return 0;
  let hits = 0;
  for (const t of tokens) if (set.has(t)) hits++;
  return hits / tokens.length;
}

const LINKS = /\b(?:https?:\/\/|www\.)\S+/g;
const MENTIONS_AND_HASHTAGS = /[@#]\w+/g;
const LETTER_RUNS = /[a-z]+/g;

/**
 * Loads the language identifier: fastText's lid.176 model (shipped inside the fasttext.wasm.js package) combined with
 * the share of tokens in Indonesian word lists, because fastText alone misreads short slang-heavy Indonesian posts
 * ("antrian bpjs kesehatan lama banget gak jelas" comes out Swedish). Ties between Indonesian and Malay go to Indonesian.
 * Then a character n-gram model (data/regional-languages.tsv) tells the ten regional languages of NusaX from
 * Indonesian, for posts the first step calls Indonesian or Malay, an Austronesian language fastText names, or English
 * without an English function word. `regional: false` leaves that step out.
 */
export async function createLanguageIdentifier(
  options: { wordListShortcut?: boolean; regional?: boolean | LanguageScorer } = {},
): Promise<LanguageIdentifier> {
  const shortcut = options.wordListShortcut ?? true;
  const lid = await getLIDModel();
  const model = await lid.load();
  const regional =
    options.regional === false
      ? null
      : options.regional === true || options.regional === undefined
        ? regionalLanguageScorer()
        : options.regional;
  const TOP = 5;

  function baseGuess(text: string): BaseGuess {
    // Letter runs do not depend on the spaces between them: the text fastText reads is cleaned only when it is run.
    const stripped = text.toLowerCase().replace(LINKS, ' ').replace(MENTIONS_AND_HASHTAGS, ' ');
    const tokens = stripped.match(LETTER_RUNS) ?? [];
    if (tokens.length === 0) return { lang: 'other', confidence: 0.5, english: 0, fastTextTop: null };
    const idLex = indonesianShare(tokens);
    const enLex = share(tokens, ENGLISH);
    let msMarkers = 0;
    let msStrong = 0;
    for (const t of tokens)
      if (MALAY.has(t)) {
        msMarkers++;
        if (!SHARED_WITH_INDONESIAN.has(t)) msStrong++;
      }
    // Decided by the word lists whatever fastText would say (see SHORTCUT_SHARE): Indonesian, with the share as confidence.
    if (shortcut && idLex >= SHORTCUT_SHARE && enLex === 0 && msStrong === 0)
      return { lang: 'id', confidence: idLex, english: 0, fastTextTop: null };
    const clean = stripped.replace(/\s+/g, ' ').trim();
    const fast: Record<string, number> = {};
    let fastTextTop: string | null = null;
    const predictions = model.predict(clean, TOP, 0);
    for (let i = 0; i < predictions.size(); i++) {
      const [p, label] = predictions.get(i) as [number, string];
      fast[label.replace('__label__', '')] = p;
      if (i === 0) fastTextTop = label.replace('__label__', '');
    }
    predictions.delete?.();

    const scores = {
      id: (fast.id ?? 0) + 0.8 * idLex - 0.6 * enLex,
      ms: (fast.ms ?? 0) + (msStrong >= 1 ? 0.15 * msStrong + 0.05 * msMarkers : 0),
      en: (fast.en ?? 0) + 0.8 * enLex - 0.4 * idLex,
    };
    const known = Math.max(fast.id ?? 0, fast.ms ?? 0, fast.en ?? 0);
    const topOther = Object.entries(fast).find(([l]) => l !== 'id' && l !== 'ms' && l !== 'en');
    // Another language: fastText is sure of it and the words are neither Indonesian nor English.
    if (topOther && topOther[1] > 0.6 && topOther[1] > known && idLex < 0.5 + 0.4 * topOther[1] && enLex < 0.2) {
      return { lang: 'other', confidence: Math.min(1, topOther[1]), english: enLex, fastTextTop };
    }
    const ranked = (Object.entries(scores) as [BaseGuess['lang'], number][]).sort((a, b) => b[1] - a[1]);
    let [lang, best] = ranked[0] as [BaseGuess['lang'], number];
    // Indonesian and Malay are close: Malay only with a clear margin and Malay-only words.
    if (lang === 'ms' && (msStrong === 0 || best - scores.id < 0.1)) {
      lang = 'id';
      best = scores.id;
    }
    const total = ranked.reduce((s, [, v]) => s + Math.max(0, v), 0);
    return { lang, confidence: total > 0 ? Math.max(0, Math.min(1, best / total)) : 0, english: enLex, fastTextTop };
  }

  return {
    identify(text: string): LanguageGuess {
      const base = baseGuess(text);
      const guess = { lang: base.lang, confidence: base.confidence };
      if (!regional) return guess;
      if (base.lang === 'en' && base.english > 0) return guess;
      if (base.lang === 'other' && !(base.fastTextTop && AUSTRONESIAN_FASTTEXT.has(base.fastTextTop))) return guess;
      const decision = decideLanguage(regional, text);
      return decision.lang === 'id' ? guess : decision;
    },
  };
}
