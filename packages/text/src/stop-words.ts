import { stopWordList } from './lexicons.ts';

/** Indonesian stop words, without negations (tidak, bukan, belum, jangan, kurang, tak, tanpa) and intensifiers. */
export const STOP_WORDS: ReadonlySet<string> = stopWordList();

/** True when a token is a stop word (negations and intensifiers never are). */
export function isStopWord(token: string): boolean {
  return STOP_WORDS.has(token);
}
