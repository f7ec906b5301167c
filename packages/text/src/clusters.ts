// How newly linked posts join the stored clusters of near-identical or link-sharing posts: connected components of the
// links (union-find), each joining its oldest stored cluster or starting a new one.

/** Union-find over string nodes. */
export class UnionFind {
  private readonly parent = new Map<string, string>();

  /** The root of `x`'s set (adding `x` as its own set when new). */
  find(x: string): string {
    let root = x;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root) as string;
    if (!this.parent.has(x)) this.parent.set(x, x);
    let cur = x;
    while (cur !== root) {
      const next = this.parent.get(cur) as string;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }

  /** Joins the sets of `a` and `b`. */
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }

  /** Every set, by root, members in the order they were first seen. */
  groups(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const x of this.parent.keys()) {
      const r = this.find(x);
      const group = out.get(r);
      if (group) group.push(x);
      else out.set(r, [x]);
    }
    return out;
  }
}

/** A link from a new post `a` to a post `b` (new or stored): near-identical text, or the shared `link`. */
export interface ClusterEdge {
  kind: 'text' | 'link';
  a: number;
  b: number;
  link?: string;
}

/** Where one connected group of linked posts goes: into cluster `target` (null: a new one), merging `merged` into it. */
export interface ClusterPlan {
  kind: 'text' | 'link';
  target: number | null;
  /** Stored clusters the group bridges, merged into `target`. */
  merged: number[];
  /** Posts of the group in no cluster of this kind yet. */
  loose: number[];
  /** The link of a new `link` cluster; null for text. */
  link: string | null;
}

/**
 * Groups the links of new posts, per kind, into connected components: each joins its oldest stored cluster, or a new
 * one; clusters it bridges are merged into the oldest (the lowest id wins, so the outcome does not depend on the order
 * of writers). A stored post stands for its cluster when `clusterOf` names one.
 */
export function planClusters(
  edges: readonly ClusterEdge[],
  clusterOf: (kind: 'text' | 'link', postId: number) => number | undefined,
): ClusterPlan[] {
  const plans: ClusterPlan[] = [];
  for (const kind of ['text', 'link'] as const) {
    const ofKind = edges.filter((e) => e.kind === kind);
    if (ofKind.length === 0) continue;
    const comps = new UnionFind();
    const nodeOf = (postId: number) => {
      const cluster = clusterOf(kind, postId);
      return cluster === undefined ? `p${postId}` : `c${cluster}`;
    };
    const linkOfPost = new Map<number, string>();
    for (const e of ofKind) {
      // New posts are nodes of their own; an existing post stands for its cluster when it has one.
      comps.union(`p${e.a}`, nodeOf(e.b));
      if (e.link) linkOfPost.set(e.a, e.link);
    }
    for (const [, nodes] of comps.groups()) {
      const clusters = nodes
        .filter((x) => x.startsWith('c'))
        .map((x) => Number(x.slice(1)))
        .sort((x, y) => x - y);
      const loose = nodes.filter((x) => x.startsWith('p')).map((x) => Number(x.slice(1)));
      const link = loose.map((id) => linkOfPost.get(id)).find((l) => l !== undefined) ?? null;
      plans.push({ kind, target: clusters[0] ?? null, merged: clusters.slice(1), loose, link });
    }
  }
  return plans;
}
