import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileConnector, readPostsFile } from './file.ts';

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
