import { describe, expect, it } from 'vitest';
import type { SpikeEvidence } from './spikes.ts';
import { type ExampleCandidate, type FiredTerm, foldSpikes, pickExamples, storyTitle } from './stories.ts';

const evidence = (count: number, z: number | null): SpikeEvidence => ({
  rule: z === null ? 'new-term' : 'z-score',
  count,
  baselineMean: z === null ? 0 : 4,
  baselineSd: 1,
  spread: 2,
  z,
  baseline: [4, 4, 4, 4, 4, 4, 4],
});
const fired = (term: string, count: number, z: number | null): FiredTerm => ({ key: term, term, evidence: evidence(count, z) });
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('foldSpikes', () => {
  it('folds the terms of one burst into one story and keeps a separate burst apart', () => {
    const terms = [
      fired('iuran naik', 40, 9),
      fired('iuran', 45, 6),
      fired('naik', 38, 5),
      fired('antrean', 20, 7),
      fired('#bpjs', 12, null),
    ];
    const ids = new Map<string, number[]>([
      ['iuran naik', range(0, 40)],
      ['iuran', [...range(0, 40), ...range(100, 105)]],
      ['naik', range(2, 40)],
      ['antrean', range(200, 220)],
      // Mostly posts that only "iuran" brought into the story: folded through the story's grown set of posts.
      ['#bpjs', [...range(100, 105), ...range(30, 35), 300, 301]],
    ]);
    const stories = foldSpikes(terms, ids);
    expect(stories.map((s) => [s.lead.term, s.members.map((m) => m.term), s.postIds.size])).toEqual([
      ['iuran naik', ['iuran', 'naik', '#bpjs'], 47],
      ['antrean', [], 20],
    ]);
  });

  it('tells terms that share less than 60% of their posts as separate stories, strongest first', () => {
    const ids = new Map<string, number[]>([
      ['a', range(0, 10)],
      ['b', [...range(5, 10), ...range(50, 56)]],
    ]);
    // b shares 5 of its 11 posts with a: under 60%, its own story; the stronger z leads.
    expect(foldSpikes([fired('b', 11, 3.5), fired('a', 10, 8)], ids).map((s) => s.lead.term)).toEqual(['a', 'b']);
  });

  it('folds groups of posts that use the same terms as it folds their posts', () => {
    const terms = [
      fired('iuran naik', 40, 9),
      fired('iuran', 45, 6),
      fired('naik', 38, 5),
      fired('antrean', 20, 7),
      fired('#bpjs', 12, null),
    ];
    // Each post uses some of the terms; posts that use the same terms form a group.
    const used = new Map<number, string[]>();
    const use = (term: string, ids: number[]) => {
      for (const id of ids) used.set(id, [...(used.get(id) ?? []), term]);
    };
    use('iuran naik', range(0, 40));
    use('iuran', [...range(0, 40), ...range(100, 105)]);
    use('naik', range(2, 40));
    use('antrean', [...range(200, 220), ...range(38, 41)]);
    use('#bpjs', [...range(100, 105), ...range(30, 35), 300, 301]);
    const byPost = new Map<string, number[]>();
    for (const [id, ts] of used) for (const t of ts) byPost.set(t, [...(byPost.get(t) ?? []), id]);
    const groups = new Map<string, { terms: string[]; posts: number }>();
    for (const ts of used.values()) {
      const g = groups.get(ts.join('|')) ?? { terms: ts, posts: 0 };
      g.posts++;
      groups.set(ts.join('|'), g);
    }
    const list = [...groups.values()];
    const byGroup = new Map<string, number[]>();
    list.forEach((g, i) => {
      for (const t of g.terms) byGroup.set(t, [...(byGroup.get(t) ?? []), i]);
    });
    const told = (stories: ReturnType<typeof foldSpikes>) => stories.map((s) => [s.lead.term, s.members.map((m) => m.term), s.posts]);
    const perPost = foldSpikes(terms, byPost);
    expect(list.length).toBeLessThan(used.size);
    expect(told(foldSpikes(terms, byGroup, undefined, (i) => list[i]?.posts ?? 0))).toEqual(told(perPost));
    expect(told(perPost)).toEqual([
      ['iuran naik', ['iuran', 'naik', '#bpjs'], 47],
      ['antrean', [], 23],
    ]);
  });
});

describe('storyTitle', () => {
  it('names a story by its strongest terms, leaving out words already named', () => {
    expect(
      storyTitle({
        lead: fired('iuran naik', 1, 9),
        members: [fired('iuran', 1, 8), fired('denda', 1, 7), fired('#bpjs', 1, 6), fired('faskes', 1, 5)],
      }),
    ).toBe('iuran naik · denda · #bpjs');
  });
});

describe('pickExamples', () => {
  const post = (id: number, text: string | null, over: Partial<ExampleCandidate> = {}): ExampleCandidate => ({
    id,
    text,
    url: `https://x.com/i/status/${id}`,
    engagement: 0,
    publishedAt: `2026-11-10T0${id % 10}:00:00.000Z`,
    terms: 1,
    ...over,
  });

  it('quotes a verbatim repeat once with its count, and prefers posts with more of the terms, then engagement', () => {
    const picked = pickExamples([
      post(1, 'Iuran naik lagi!! https://t.co/a', { engagement: 5 }),
      post(2, 'iuran naik lagi https://t.co/b', { engagement: 50 }),
      post(3, 'iuran naik lagi', { engagement: 1 }),
      post(4, 'antre dari subuh, iuran naik pula', { terms: 3 }),
      post(5, 'kenapa iuran naik', { engagement: 9, url: null }),
      post(6, 'denda naik', { engagement: 9 }),
      post(7, null, { terms: 5, url: null }),
    ]);
    expect(picked.map((p) => [p.id, p.sameText])).toEqual([
      [4, 1],
      [2, 3],
      [6, 1],
    ]);
  });

  it('takes a message copied with other hashtags or emoji as the same text', () => {
    const picked = pickExamples([
      post(1, 'resmi, iuran naik bulan depan #IuranBPJS #JKN', { engagement: 9 }),
      post(2, 'resmi, iuran naik bulan depan #IuranBPJS 🙄 #BPJSKesehatan', { engagement: 5 }),
      post(3, 'antre obat dari subuh', { engagement: 1 }),
    ]);
    expect(picked.map((p) => [p.id, p.sameText])).toEqual([
      [1, 2],
      [3, 1],
    ]);
  });

  it('falls back to posts whose text retention removed, each once, and gives fewer when there are fewer', () => {
    expect(pickExamples([post(1, null), post(2, null)]).map((p) => p.id)).toEqual([1, 2]);
    expect(pickExamples([post(1, 'sama'), post(2, 'sama')]).map((p) => [p.id, p.sameText])).toEqual([[1, 2]]);
  });
});
