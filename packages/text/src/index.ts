// Public surface of @pantau/text. Interim implementations: the full text pipeline replaces them.

/** Lowercases and cleans a post for analysis (URLs, mentions, numbers, emoji, repeated letters, informal spelling). */
export function normalizeText(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/@\w+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Splits normalized text into word tokens (hashtags keep their `#`). */
export function tokenize(normalized: string): string[] {
  return normalized.match(/#?[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? [];
}

/** A keyword: the display form (normalized, unstemmed) and the stem key it is counted under. */
export interface Keyword {
  term: string;
  key: string;
  kind: 'unigram' | 'bigram' | 'hashtag';
}

/** Extracts unigram, bigram and hashtag keywords from a raw post. */
export function extractKeywords(raw: string): Keyword[] {
  const tokens = tokenize(normalizeText(raw));
  const out = new Map<string, Keyword>();
  for (const t of tokens) {
    if (t.startsWith('#')) out.set(t, { term: t, key: t, kind: 'hashtag' });
    else if (t.length > 2) out.set(t, { term: t, key: t, kind: 'unigram' });
  }
  return [...out.values()];
}

/** Language guess with a confidence in [0, 1]. */
export interface LanguageGuess {
  lang: 'id' | 'ms' | 'en' | 'other';
  confidence: number;
}

/** A loaded language identifier. */
export interface LanguageIdentifier {
  identify(text: string): LanguageGuess;
}

/** Loads the language identifier (its model ships inside an npm package). */
export async function createLanguageIdentifier(): Promise<LanguageIdentifier> {
  return {
    identify(text) {
      const en = /\b(the|and|is|are|very|this|with)\b/i.test(text);
      return { lang: en ? 'en' : 'id', confidence: 0.5 };
    },
  };
}
