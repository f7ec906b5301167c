import { describe, expect, it } from 'vitest';
import { arrayLiteral } from './sql.ts';

describe('arrayLiteral', () => {
  it('quotes text, escapes quotes and backslashes, and leaves numbers and nulls bare', () => {
    expect(arrayLiteral(['a', 'b c', 'NULL', '{x,y}', 'say "hi"', 'back\\slash', '', null, undefined])).toBe(
      '{"a","b c","NULL","{x,y}","say \\"hi\\"","back\\\\slash","",NULL,NULL}',
    );
    expect(arrayLiteral([1, 2.5, -3, 10n])).toBe('{1,2.5,-3,10}');
    expect(arrayLiteral([])).toBe('{}');
  });
});

describe('arrayParam through Postgres', () => {
  const url = process.env.DATABASE_URL;
  it.skipIf(!url)('reads back every text exactly, including quotes, backslashes, braces, commas, newlines and emoji', async () => {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const texts = [
        'plain',
        'a,b',
        '{braces}',
        'NULL',
        '',
        ' spaced ',
        'say "hi"',
        'C:\\path\\',
        'line\nbreak\ttab',
        'emoji 🙂 dan ✓',
        "it's",
      ];
      const { rows } = await client.query<{ t: string | null }>('select unnest($1::text[]) as t', [arrayLiteral([...texts, null])]);
      expect(rows.map((r) => r.t)).toEqual([...texts, null]);
      const numbers = await client.query<{ n: string }>('select unnest($1::bigint[])::text as n', [
        arrayLiteral([1, -2, 9007199254740993n]),
      ]);
      expect(numbers.rows.map((r) => r.n)).toEqual(['1', '-2', '9007199254740993']);
    } finally {
      await client.end();
    }
  });
});
