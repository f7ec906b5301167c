import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseLabelMap, readFixtures } from './fixtures.ts';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/sentiment/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pantau-fixtures-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('readFixtures', () => {
  it('reads SmSA-style TSV and binary CSV with a label map', () => {
    expect(readFixtures(`${FIXTURES}hard-cases.tsv`).length).toBe(25);
    const rows = readFixtures(`${FIXTURES}binary.csv`, { labelMap: parseLabelMap('0=negative,1=positive') });
    expect(rows.map((r) => r.label)).toEqual(['positive', 'negative', 'negative', 'positive', 'negative', 'positive']);
  });

  it('reads JSONL by column names', () => {
    const path = file('rows.jsonl', '{"text":"mantap","label":"positive"}\n{"text":"parah","label":"negatif"}\n');
    expect(readFixtures(path).map((r) => r.label)).toEqual(['positive', 'negative']);
    const custom = file('custom.jsonl', '{"body":"ok","y":"neutral"}\n');
    expect(readFixtures(custom, { textColumn: 'body', labelColumn: 'y' })[0]?.label).toBe('neutral');
  });

  it.each([
    ['text,label', 'id,text,label\n1,"mantap sekali",positive\n'],
    ['content,sentiment', 'content,sentiment\n"mantap sekali",positive\n'],
    ['sentence,sentiment (IndoLEM)', 'sentence,sentiment\n"mantap sekali",positive\n'],
    ['Tweet,Label in any letter case', 'Tweet,Label\n"mantap sekali",positive\n'],
  ])('finds the columns of a CSV with %s without flags', (_name, content) => {
    const rows = readFixtures(file(`columns-${_name.length}.csv`, content));
    expect(rows).toEqual([{ text: 'mantap sekali', label: 'positive', line: 2 }]);
  });

  it('finds tweet/sentiment in JSONL, and names the columns it looked for when none is there', () => {
    const jsonl = file('tweets.jsonl', '{"tweet":"parah","sentiment":"negatif"}\n');
    expect(readFixtures(jsonl)).toEqual([{ text: 'parah', label: 'negative', line: 1 }]);
    const unknown = file('unknown.csv', 'kalimat,kelas\n"bagus",positive\n');
    expect(() => readFixtures(unknown)).toThrow(/line 2: no text column \(looked for text, content, sentence, tweet\); set --text-column/);
    const noLabel = file('nolabel.csv', 'text,kelas\n"bagus",positive\n');
    expect(() => readFixtures(noLabel)).toThrow(/line 2: no label column \(looked for label, sentiment\); set --label-column/);
  });

  it.each([
    ['an unknown label, naming the line', `${FIXTURES}bad-label.tsv`, {}, /line 3: unknown label "marah"/],
    ['an empty file', 'empty', {}, /no labelled rows/],
    ['a missing column', 'missing', { textColumn: 'kalimat' }, /line 2: missing column "kalimat"/],
    ['a TSV line without a tab', 'notab', {}, /line 1: expected text<TAB>label/],
    ['a file that does not exist', `${FIXTURES}no-such-file.tsv`, {}, /no-such-file\.tsv: no such file \(check the path\)/],
    ['a label map with an unknown class', 'map', {}, /--label-map/],
  ])('rejects %s', (_name, which, options, message) => {
    const path =
      which === 'empty'
        ? file('empty.tsv', '\n\n')
        : which === 'missing'
          ? file('missing.csv', 'sentence,sentiment\n"bagus",1\n')
          : which === 'notab'
            ? file('notab.tsv', 'tidak ada tab di sini\n')
            : which;
    const run = () => (which === 'map' ? parseLabelMap('0=negative,1=happy') : readFixtures(path, options));
    expect(run).toThrow(message);
  });
});
