import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertPostsFile, fileConnector, fileFormatOf, readPostsFile } from './file.ts';

const dir = mkdtempSync(join(tmpdir(), 'pantau-file-'));
const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe('file connector', () => {
  it('reads JSON lines, skipping blanks and reporting a broken line with its number', async () => {
    const path = join(dir, 'posts.jsonl');
    writeFileSync(path, '{"platform":"x","externalId":"1"}\n\n{"platform": \n{"platform":"x","externalId":"2"}\n');
    const items = await collect(readPostsFile(path));
    expect(items.map((i) => i.ref)).toEqual(['line 1', 'line 3', 'line 4']);
    expect('invalid' in (items[1] as object) && (items[1] as { invalid: { reason: string } }).invalid.reason).toBe('invalid_json');
  });

  it('reads CSV with quoted commas and newlines, engagement columns and empty cells', async () => {
    const path = join(dir, 'posts.csv');
    writeFileSync(
      path,
      'platform,externalId,author,publishedAt,text,url,likes,replies,shares,views,lang\n' +
        'x,10,@a,2026-11-10T08:00:00+07:00,"antre lama, ribet\nbanget",,3,,1,,id\n' +
        'facebook,11,b,2026-11-10T09:00:00+07:00,"kata ""gratis"" ternyata bayar",https://facebook.com/p/11,0,0,0,5,\n',
    );
    const items = await collect(readPostsFile(path));
    expect(items).toEqual([
      {
        ref: 'record 2',
        item: {
          platform: 'x',
          externalId: '10',
          author: '@a',
          publishedAt: '2026-11-10T08:00:00+07:00',
          text: 'antre lama, ribet\nbanget',
          lang: 'id',
          engagement: { likes: 3, shares: 1 },
        },
      },
      {
        ref: 'record 3',
        item: {
          platform: 'facebook',
          externalId: '11',
          author: 'b',
          publishedAt: '2026-11-10T09:00:00+07:00',
          text: 'kata "gratis" ternyata bayar',
          url: 'https://facebook.com/p/11',
          engagement: { likes: 0, replies: 0, shares: 0, views: 5 },
        },
      },
    ]);
  });

  it('pages a file and resumes after a checkpoint', async () => {
    const path = join(dir, 'many.jsonl');
    writeFileSync(path, Array.from({ length: 2_500 }, (_, i) => JSON.stringify({ n: i })).join('\n'));
    const connector = fileConnector(path);
    const pages = await collect(connector.fetch(null, null));
    expect(pages.map((p) => [p.items.length, p.checkpoint])).toEqual([
      [1000, '1000'],
      [1000, '2000'],
      [500, '2500'],
    ]);
    const resumed = await collect(connector.fetch(null, '2000'));
    expect(resumed.map((p) => p.items.length)).toEqual([500]);
  });
});

describe('assertPostsFile', () => {
  const write = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const post = (id: number) =>
    JSON.stringify({ platform: 'x', externalId: String(id), author: '@a', publishedAt: '2026-11-10T08:00:00+07:00', text: 'ok' });

  it.each([
    [
      'Markdown read as JSON lines',
      'notes.md',
      '\n# Pantau\n\nOpen social listening.\n',
      undefined,
      /^notes\.md line 2: not a JSON object/,
    ],
    [
      'a JSON array read as JSON lines',
      'array.jsonl',
      '[\n  {"platform": "x"}\n]\n',
      undefined,
      /^array\.jsonl line 1: a JSON array, not JSON lines .*--format json/,
    ],
    [
      'a CSV without the columns of a post',
      'table.csv',
      'name,score\nbudi,3\n',
      undefined,
      /^table\.csv line 1: not a CSV header of posts: no platform, externalId, author, publishedAt, text column/,
    ],
    [
      'a CSV header missing one column',
      'short.csv',
      'platform,externalId,author,text\nx,1,@a,hai\n',
      undefined,
      /line 1: .*no publishedAt column/,
    ],
    ['binary data', 'image.jsonl', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0a, 0x00, 0x01]), undefined, /^image\.jsonl line 2: binary data/],
    ['broken JSON', 'broken.json', '[\n{"platform": "x"}\n{"platform": "y"}\n]', undefined, /^broken\.json line 3: not valid JSON/],
    ['JSON that holds no post object', 'numbers.json', '[1, 2, 3]', undefined, /line 1: not a JSON array of post objects/],
  ])('refuses %s, naming the first bad line', async (_name, file, content, format, message) => {
    await expect(assertPostsFile(write(file, content), format)).rejects.toThrow(message);
  });

  it('accepts files of posts, including JSON lines whose first line alone is broken (it goes to the dead-letter topic)', async () => {
    await expect(assertPostsFile(write('ok.jsonl', `${post(1)}\n${post(2)}\n`))).resolves.toBeUndefined();
    await expect(assertPostsFile(write('first-bad.jsonl', `{"platform": broken\n${post(2)}\n`))).resolves.toBeUndefined();
    await expect(
      assertPostsFile(write('ok.csv', 'platform,externalId,author,publishedAt,text\nx,1,@a,2026-11-10T08:00:00+07:00,hai\n')),
    ).resolves.toBeUndefined();
    await expect(assertPostsFile(write('ok.json', `[${post(1)}, ${post(2)}]`))).resolves.toBeUndefined();
    await expect(assertPostsFile(write('empty.jsonl', ''))).resolves.toBeUndefined();
  });

  it('reads a JSON array of posts item by item', async () => {
    const path = write('posts.json', `[${post(1)},\n${post(2)}]`);
    expect(fileFormatOf(path)).toBe('json');
    const items = await collect(readPostsFile(path));
    expect(items.map((i) => i.ref)).toEqual(['item 1', 'item 2']);
  });
});
