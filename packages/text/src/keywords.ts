import { normalizeText } from './normalize.ts';
import { stem } from './stem.ts';
import { isStopWord } from './stop-words.ts';
import { tokenSegments } from './tokenize.ts';

/** A keyword: the display form (normalized, unstemmed) and the stem key it is counted under. */
export interface Keyword {
  term: string;
  key: string;
  kind: 'unigram' | 'bigram' | 'hashtag';
}

/** Everything the analysis needs from a post's text, computed once. */
export interface AnalyzedText {
  normalized: string;
  tokens: string[];
  keywords: Keyword[];
}

const NOT_CONTENT = /^(?:\d+\w{0,2}|emoji\w+)$/;
/** Negations and intensifiers: kept for sentiment and as the first word of a bigram ("tidak jelas"), never alone. */
export const MODIFIERS: ReadonlySet<string> = new Set([
  'tidak',
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
  'makin',
  'semakin',
]);
const isContent = (t: string) => t.length >= 3 && !NOT_CONTENT.test(t) && !isStopWord(t) && !MODIFIERS.has(t);
const canStartBigram = (t: string) => MODIFIERS.has(t) || isContent(t);

/**
 * Unigrams, bigrams and hashtags of normalized tokens: stop words and numbers are not keywords, a bigram has content
 * words at both ends and does not cross punctuation; each key appears once per post.
 */
export function keywordsOf(segments: readonly (readonly string[])[]): Keyword[] {
  const out = new Map<string, Keyword>();
  for (const tokens of segments) {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as string;
      if (t.startsWith('#')) {
        if (t.length >= 3 && !out.has(t)) out.set(t, { term: t, key: t, kind: 'hashtag' });
        continue;
      }
      if (!canStartBigram(t)) continue;
      const key = stem(t);
      if (isContent(t) && !out.has(key)) out.set(key, { term: t, key, kind: 'unigram' });
      const next = tokens[i + 1];
      if (next && !next.startsWith('#') && isContent(next)) {
        const bigramKey = `${MODIFIERS.has(t) ? t : key} ${stem(next)}`;
        if (!out.has(bigramKey)) out.set(bigramKey, { term: `${t} ${next}`, key: bigramKey, kind: 'bigram' });
      }
    }
  }
  return [...out.values()];
}

/** Normalizes, tokenizes and extracts keywords of a raw post in one pass. */
export function analyzeText(raw: string): AnalyzedText {
  const normalized = normalizeText(raw);
  const segments = tokenSegments(normalized);
  return { normalized, tokens: segments.flat(), keywords: keywordsOf(segments) };
}

/** Extracts unigram, bigram and hashtag keywords from a raw post. */
export function extractKeywords(raw: string): Keyword[] {
  return analyzeText(raw).keywords;
}

/** The stem key a keyword is counted under, for a display form typed by a reader ("antrean online" → "antre online"). */
export function keywordKey(term: string): string | null {
  const tokens = tokenSegments(normalizeText(term)).flat();
  if (tokens.length === 1) {
    const t = tokens[0] as string;
    return t.startsWith('#') ? t : stem(t);
  }
  if (tokens.length === 2) {
    const [a, b] = tokens as [string, string];
    return `${MODIFIERS.has(a) ? a : stem(a)} ${stem(b)}`;
  }
  return null;
}
