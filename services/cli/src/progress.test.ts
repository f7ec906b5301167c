import { describe, expect, it } from 'vitest';
import { countLine, createCountProgress, createProgress, progressLine } from './progress.ts';

const window = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-24T00:00:00Z') };
const stats = (firstPublishedAt: string | null) => ({
  fetched: 310,
  published: 300,
  rejected: { deleted: 4, missing_field: 6 },
  firstPublishedAt: firstPublishedAt ? new Date(firstPublishedAt) : null,
  lastPublishedAt: null,
});

/** A stand-in for process.stderr that keeps what is written. */
function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (s: string) => chunks.push(s) > 0 } as unknown as NodeJS.WriteStream };
}

describe('back-fill progress', () => {
  it('shows how far back the run has read, with a bar on a terminal only', () => {
    expect(progressLine('x-recent-search bpjs', stats('2026-11-23T00:00:00Z'), window, 3, true)).toBe(
      'x-recent-search bpjs  [######------------------]  25% back to 2026-11-23T00:00Z  pages 3  fetched 310  published 300  rejected 10',
    );
    expect(progressLine('rss', stats('2026-11-22T00:00:00Z'), window, 1, false)).toBe(
      'rss   50% back to 2026-11-22T00:00Z  pages 1  fetched 310  published 300  rejected 10',
    );
    expect(progressLine('rss', stats(null), window, 1, false)).toBe('rss  pages 1  fetched 310  published 300  rejected 10');
  });

  it('redraws one line on a terminal and writes plain lines otherwise, always ending with the last state', () => {
    const tty = sink(true);
    const p = createProgress('x', tty.stream);
    p.update(stats('2026-11-23T00:00:00Z'), window, 1);
    p.update(stats('2026-11-22T00:00:00Z'), window, 2);
    p.done();
    expect(tty.chunks[0]).toMatch(/^\r\x1b\[K.* 25% /);
    expect(tty.chunks.at(-1)).toMatch(/^\r\x1b\[K.* 50% .*\n$/);

    const plain = sink(false);
    const q = createProgress('x', plain.stream, 60_000);
    q.update(stats('2026-11-23T00:00:00Z'), window, 1);
    q.update(stats('2026-11-22T00:00:00Z'), window, 2);
    q.done();
    expect(plain.chunks).toHaveLength(2);
    expect(plain.chunks.join('')).not.toContain('\r');
    expect(plain.chunks[1]).toMatch(/ 50% .*pages 2 .*\n$/);
  });
});

describe('counted progress', () => {
  it('shows done of total, with a bar on a terminal only', () => {
    expect(countLine('scoring', 450, 1000, true)).toBe('scoring  [###########-------------]  45%  450/1000');
    expect(countLine('scoring', 1000, 1000, false)).toBe('scoring  100%  1000/1000');
    expect(countLine('scoring', 0, 0, false)).toBe('scoring  100%  0/0');
    expect(countLine('training', 3, 12, false, 'epoch 2 of 8')).toBe('training   25%  3/12  epoch 2 of 8');
  });

  it('redraws on a terminal, writes throttled plain lines otherwise, and always ends with the last count', () => {
    const tty = sink(true);
    const p = createCountProgress('scoring', 10, tty.stream);
    p.update(5);
    p.update(10);
    p.done();
    expect(tty.chunks[0]).toBe('\r\x1b[Kscoring  [############------------]  50%  5/10');
    expect(tty.chunks.at(-1)).toBe('\r\x1b[Kscoring  [########################] 100%  10/10\n');

    const plain = sink(false);
    const q = createCountProgress('scoring', 10, plain.stream, 60_000);
    q.update(5);
    q.update(7);
    q.update(10);
    q.done();
    expect(plain.chunks).toEqual(['scoring   50%  5/10\n', 'scoring  100%  10/10\n']);
  });
});
