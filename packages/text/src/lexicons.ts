import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type LanguageScorer, languageScorer, parseCounts } from './language-model.ts';

const DATA = fileURLToPath(new URL('../data/', import.meta.url));

const lines = (file: string) =>
  readFileSync(`${DATA}${file}`, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));

let slang: ReadonlyMap<string, string> | undefined;
let stopWords: ReadonlySet<string> | undefined;
let words: ReadonlySet<string> | undefined;

/** Informal → standard Indonesian (data/slang.tsv; sources named in its header). */
export function slangLexicon(): ReadonlyMap<string, string> {
  slang ??= new Map(lines('slang.tsv').map((l) => l.split('\t') as [string, string]));
  return slang;
}

/** Stop words without negations and intensifiers (data/stop-words.txt). */
export function stopWordList(): ReadonlySet<string> {
  stopWords ??= new Set(lines('stop-words.txt'));
  return stopWords;
}

/** Standard Indonesian words (data/words-id.txt, from hunspell-id). */
export function indonesianWords(): ReadonlySet<string> {
  words ??= new Set(lines('words-id.txt'));
  return words;
}

let regional: LanguageScorer | undefined;

/** The regional-language model (data/regional-languages.tsv, rebuilt by scripts/build-language-model.ts). */
export function regionalLanguageScorer(): LanguageScorer {
  regional ??= languageScorer(parseCounts(readFileSync(`${DATA}regional-languages.tsv`, 'utf8')));
  return regional;
}
