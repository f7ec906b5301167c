// Scores the language identifier on the held-out sets (NusaX regional valid; SmSA valid, IndoLEM dev0, EmoT valid,
// NusaX-id valid), whole texts, 5–15 word segments and code-mixed segments, against the identifier without the
// regional step (the detector before it), and measures posts per second. Prints Markdown:
//   nice -n 10 pnpm exec tsx packages/text/scripts/evaluate-language-id.ts [--speed-only]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLanguageIdentifier, type LanguageIdentifier } from '../src/language-id.ts';
import { decideLanguage, languageScorer, MODEL_LANGUAGES, parseCounts } from '../src/language-model.ts';
import { regionalLanguageScorer } from '../src/lexicons.ts';
import { CORPUS_SEED, codeMixed, type LanguageExample, readLanguageCorpus, regionalOnlyWords, shortSegments } from './language-corpus.ts';

const { values } = parseArgs({ options: { data: { type: 'string' }, 'speed-only': { type: 'boolean' } } });
const corpus = readLanguageCorpus(values.data);
const before = await createLanguageIdentifier({ regional: false });
const after = await createLanguageIdentifier();

const PREDICTED = [...MODEL_LANGUAGES, 'ms', 'en', 'other'] as const;
const pct = (x: number) => (100 * x).toFixed(1);

function table(title: string, examples: readonly LanguageExample[], identifier: LanguageIdentifier) {
  const predicted = examples.map((e) => identifier.identify(e.text).lang as string);
  const lines = [`#### ${title}`, '', '| language | n | precision | recall | F1 |', '|---|---|---|---|---|'];
  let macro = 0;
  for (const lang of MODEL_LANGUAGES) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    examples.forEach((e, i) => {
      if (e.lang === lang && predicted[i] === lang) tp++;
      else if (predicted[i] === lang) fp++;
      else if (e.lang === lang) fn++;
    });
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    macro += f1;
    lines.push(`| ${lang} | ${tp + fn} | ${pct(precision)} | ${pct(recall)} | ${pct(f1)} |`);
  }
  lines.push(`| macro | ${examples.length} | | | ${pct(macro / MODEL_LANGUAGES.length)} |`, '');
  lines.push(`Confusion (rows: true language, columns: identified):`, '');
  lines.push(`| | ${PREDICTED.join(' | ')} |`, `|---|${PREDICTED.map(() => '---').join('|')}|`);
  for (const lang of MODEL_LANGUAGES) {
    const row = PREDICTED.map((p) => examples.filter((e, i) => e.lang === lang && predicted[i] === p).length);
    lines.push(`| ${lang} | ${row.join(' | ')} |`);
  }
  lines.push('');
  return lines.join('\n');
}

function recallRows(sets: readonly { name: string; examples: LanguageExample[] }[]) {
  const lines = ['| held-out set | n | Indonesian recall before | after | read as a regional language |', '|---|---|---|---|---|'];
  for (const s of sets) {
    const hits = (identifier: LanguageIdentifier) => s.examples.filter((e) => identifier.identify(e.text).lang === 'id').length;
    const regional = s.examples.filter((e) => !['id', 'ms', 'en', 'other'].includes(after.identify(e.text).lang)).length;
    const n = s.examples.length;
    lines.push(`| ${s.name} | ${n} | ${pct(hits(before) / n)} | ${pct(hits(after) / n)} | ${regional} |`);
  }
  return lines.join('\n');
}

const regionalSets = corpus.heldOut.filter((s) => s.examples[0]?.lang !== 'id');
const indonesianSets = corpus.heldOut.filter((s) => s.examples[0]?.lang === 'id');
const all = corpus.heldOut.flatMap((s) => s.examples);
const allShort = shortSegments(all, CORPUS_SEED + 11);
const words = regionalOnlyWords(corpus.train);
const shortOf = (s: { name: string; examples: LanguageExample[] }, k: number) => ({
  name: `${s.name} (5–15 words)`,
  examples: shortSegments(s.examples, CORPUS_SEED + 20 + k),
});
const mixedOf = (s: { name: string; examples: LanguageExample[] }, k: number) => ({
  name: `${s.name} (5–15 words + one regional word)`,
  examples: codeMixed(s.examples, words, CORPUS_SEED + 40 + k),
});

const out: string[] = ['## Held-out language identification', ''];
if (!values['speed-only']) {
  out.push(
    `Held-out: ${regionalSets.length} NusaX regional valid files (${regionalSets.reduce((t, s) => t + s.examples.length, 0)} texts) and ${indonesianSets.map((s) => `${s.name} (${s.examples.length})`).join(', ')}.`,
    '',
  );
  out.push('### Indonesian recall, before (word lists + fastText) and after (with the regional step)', '');
  out.push(recallRows([...indonesianSets, ...indonesianSets.map(shortOf), ...indonesianSets.map(mixedOf)]), '');
  out.push(
    '### Whole texts',
    '',
    table('after (with the regional step)', all, after),
    table('before (word lists + fastText)', all, before),
  );
  out.push(
    '### 5–15 word segments',
    '',
    table('after (with the regional step)', allShort, after),
    table('before (word lists + fastText)', allShort, before),
  );
}

// Speed: the best of ten rounds over the held-out texts (whole, then their 5–15 word segments), after a warm-up; each
// round times every step in turn, so a busy moment of the shared machine falls on all of them alike.
const whole = all.map((e) => e.text);
const segments = allShort.map((e) => e.text);
const once = (texts: readonly string[], run: (text: string) => unknown) => {
  const started = performance.now();
  for (const t of texts) run(t);
  return texts.length / ((performance.now() - started) / 1000);
};
// The regional step keeps each word's scores: a fresh model's first pass shows the cost before its cache fills.
const fresh = languageScorer(parseCounts(readFileSync(fileURLToPath(new URL('../data/regional-languages.tsv', import.meta.url)), 'utf8')));
const cold = Math.round(once([...whole, ...segments], (t) => decideLanguage(fresh, t)));
const scorer = regionalLanguageScorer();
for (const t of whole.slice(0, 500)) after.identify(t);
const steps: [string, (text: string) => unknown][] = [
  ['identifier before (word lists + fastText)', (t) => before.identify(t)],
  ['identifier after (with the regional step)', (t) => after.identify(t)],
  ['regional step alone', (t) => decideLanguage(scorer, t)],
];
const best = steps.map(() => [0, 0]);
for (let round = 0; round < 10; round++) {
  steps.forEach(([, run], i) => {
    const b = best[i] as number[];
    b[0] = Math.max(b[0] as number, once(whole, run));
    b[1] = Math.max(b[1] as number, once(segments, run));
  });
}
out.push('### Speed (one core of a shared 2-core machine, posts per second, best of 10 interleaved rounds)', '');
out.push('| step | whole texts | 5–15 word segments |', '|---|---|---|');
steps.forEach(([name], i) => {
  out.push(`| ${name} | ${Math.round(best[i]?.[0] as number)} | ${Math.round(best[i]?.[1] as number)} |`);
});
out.push(`| regional step alone, first pass of a fresh model over both (its word cache empty) | ${cold} (both together) | |`);
out.push(
  '',
  `Mean length: whole texts ${Math.round(whole.reduce((t, x) => t + x.length, 0) / whole.length)} characters, segments ${Math.round(segments.reduce((t, x) => t + x.length, 0) / segments.length)}.`,
);
console.log(out.join('\n'));
