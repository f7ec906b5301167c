import { REDACTION_PLACEHOLDERS } from '@pantau/contracts';
import { indonesianWords, slangLexicon } from './lexicons.ts';

/** Emoji that carry feeling become word tokens the model and the reader can see. */
const EMOJI_TOKENS: [RegExp, string][] = [
  [/[😀😁😃😄😆😊☺🙂😍🥰😘😻❤💕💖💗💓💞💯👍👏🙌🤩✨🎉]/gu, ' emojisenang '],
  [/[😂🤣😹]/gu, ' emojitawa '],
  [/[😡😠🤬👎💢😤🖕]/gu, ' emojimarah '],
  [/[😢😭😞😔😟🙁☹😩😫💔😿]/gu, ' emojisedih '],
  [/[🙏🤲]/gu, ' emojidoa '],
  [/[🙄😒😑😐]/gu, ' emojikesal '],
];
const ANY_EMOJI = /\p{Extended_Pictographic}/gu;
/** Any character outside ASCII: without one, NFKC changes nothing and no emoji pattern can match. */
const NON_ASCII = /[^\x00-\x7f]/;
const URL = /\b(?:https?:\/\/|www\.)\S+/g;
const MENTION = /(^|[^\w])@\w+/g;
// Placeholders left by redaction at ingest ("[telepon]", "[nik]", …) are not words of the post; they end a phrase.
const PLACEHOLDERS = new RegExp(
  Object.values(REDACTION_PLACEHOLDERS)
    .map((p) => p.replace(/[[\]-]/g, '\\$&'))
    .join('|'),
  'g',
);
const REDUPLICATION = /\b([a-z]{2,})2\b/g;
const REPEATS = /([a-z])\1{2,}/g;

const tokenCache = new Map<string, string>();
const MAX_CACHE = 200_000;

/** Standard form of one lowercase token: slang lexicon, else a letter-doubled form that is a known word. */
export function normalizeToken(token: string): string {
  const cached = tokenCache.get(token);
  if (cached !== undefined) return cached;
  const slang = slangLexicon();
  const words = indonesianWords();
  let out = slang.get(token) ?? token;
  if (out === token && !words.has(token) && /([a-z])\1/.test(token)) {
    // "bangett", "mantapp", "lamaa": doubled letters are emphasis when the single form is a word.
    const single = token.replace(/([a-z])\1+/g, '$1');
    out = slang.get(single) ?? (words.has(single) ? single : token);
  }
  if (tokenCache.size >= MAX_CACHE) tokenCache.clear();
  tokenCache.set(token, out);
  return out;
}

/**
 * Lowercases and cleans a post for analysis: URLs, @mentions and redaction placeholders removed, emoji to feeling tokens,
 * letters repeated 3+ times collapsed, reduplication "kata2" → "kata-kata", informal spelling → standard.
 * Hashtags keep their `#`; numbers stay.
 */
export function normalizeText(raw: string): string {
  let text = raw.toLowerCase();
  const ascii = !NON_ASCII.test(text);
  if (!ascii) text = text.normalize('NFKC');
  text = text.replace(PLACEHOLDERS, ' ; ').replace(URL, ' ').replace(MENTION, '$1 ');
  if (!ascii) {
    for (const [pattern, token] of EMOJI_TOKENS) text = text.replace(pattern, token);
    text = text.replace(ANY_EMOJI, ' ');
  }
  text = text.replace(REPEATS, '$1').replace(REDUPLICATION, '$1-$1');
  const parts = text.split(/(#?[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*)/u);
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (i % 2 === 1) {
      out += part.startsWith('#') || !/^[a-z]+$/.test(part) ? part : normalizeToken(part);
    } else {
      // Keep sentence punctuation that matters for reading and for bigram boundaries; collapse the rest.
      out += /[.,!?;:]/.test(part) ? ` ${part.replace(/[^.,!?;:]/g, '').slice(0, 1)} ` : ' ';
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}
