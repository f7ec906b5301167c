import { describe, expect, it } from 'vitest';
import { planClusters, UnionFind } from './clusters.ts';

describe('UnionFind', () => {
  it('puts linked nodes in one group and leaves the rest apart', () => {
    const sets = new UnionFind();
    sets.union('a', 'b');
    sets.union('c', 'd');
    sets.union('b', 'd');
    sets.find('e');
    const groups = [...sets.groups().values()].map((g) => [...g].sort());
    expect(groups).toHaveLength(2);
    expect(groups).toContainEqual(['a', 'b', 'c', 'd']);
    expect(groups).toContainEqual(['e']);
  });
});

describe('planClusters', () => {
  it('starts a new cluster for new posts linked only to each other', () => {
    expect(planClusters([{ kind: 'text', a: 1, b: 2 }], () => undefined)).toEqual([
      { kind: 'text', target: null, merged: [], loose: [1, 2], link: null },
    ]);
  });

  it('joins the oldest cluster a group touches and merges the others into it, per kind', () => {
    const stored = new Map([
      ['text:10', 7],
      ['text:11', 3],
      ['link:12', 5],
    ]);
    const plans = planClusters(
      [
        { kind: 'text', a: 1, b: 10 },
        { kind: 'text', a: 1, b: 11 },
        { kind: 'link', a: 2, b: 12, link: 'https://example.org/a' },
      ],
      (kind, id) => stored.get(`${kind}:${id}`),
    );
    expect(plans).toEqual([
      { kind: 'text', target: 3, merged: [7], loose: [1], link: null },
      { kind: 'link', target: 5, merged: [], loose: [2], link: 'https://example.org/a' },
    ]);
  });
});
