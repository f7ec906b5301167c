/**
 * The coordination stage's recent posts in memory: MinHash signatures, LSH band buckets and shared links of the latest
 * posts, in a ring of fixed capacity (bounded memory), evicted by arrival and by age. It finds the near-duplicate and
 * link-sharing pairs of a new post within each rule's window, and remembers which stored group each post is in.
 *
 * Age is measured from a low watermark, not from the newest post seen: posts of several analysis partitions arrive
 * interleaved, a batch of one partition after a batch of another, one partition possibly days ahead of the other, and a
 * post aged out by the partition ahead would be missing when its copies from the partition behind arrive. An arrival
 * published before the previous one starts a run (the batch of a partition behind, a late post); the watermark is the
 * earliest start of a run among the latest arrivals (a quarter of the capacity), or the newest post when none starts
 * there, and never more than one horizon behind the newest post. With one partition delivering in order it is the
 * newest post, as before.
 */
import { bandsOf, LSH_BANDS, MINHASH_SIZE } from './near-duplicate.ts';

/** The groupings: co-posting near-duplicates (`text`) and links (`link`) within w seconds; repeated text within a day. */
export type GroupKind = 'text' | 'link' | 'repeated';
export const GROUP_KINDS: readonly GroupKind[] = ['text', 'link', 'repeated'];

/** A post as the coordination stage reads it from `posts.analyzed`. */
export interface IndexedPost {
  id: number;
  publishedAtMs: number;
  /** MINHASH_SIZE values, or null for a post too short to compare. */
  minhash: readonly number[] | null;
  links: readonly string[];
}

/** The windows and threshold pairs are found with. */
export interface PairRules {
  similarity: number;
  /** Co-posting window w (kinds `text` and `link`). */
  copostingSeconds: number;
  /** Repeated-text window (kind `repeated`), typically a day. */
  repeatedSeconds: number;
}

/** A pair found for a new post `a`: near-identical text within a window, or the shared `link`. */
export interface GroupEdge {
  kind: GroupKind;
  a: number;
  b: number;
  link?: string;
}

export interface CoordinationIndexOptions {
  /** Most posts held (the memory bound): the oldest arrival is evicted first. */
  capacity: number;
  /**
   * Posts published this long before the low watermark (see `lowWatermarkMs`) are evicted: the longest window plus
   * slack.
   */
  horizonSeconds: number;
  /** Latest arrivals the low watermark is taken over (default: a quarter of the capacity). */
  watermarkArrivals?: number;
  /**
   * True (default): each post added is an arrival. False: the caller, which adds a batch in another order than it
   * arrived in (the stage sorts each batch by publication), reports the arrival order with `arrived`.
   */
  arrivalsFromAdds?: boolean;
  /** Latest posts kept per LSH bucket or link: a few suffice to join a group, and a burst of n copies costs n, not n². */
  candidatesPerKey?: number;
}

const EMPTY = -1;

/** Adds `slot` to a bucket, keeping the latest `cap`; a bucket of one is stored as the number itself. */
function pushBucket<K>(map: Map<K, number | number[]>, key: K, slot: number, cap: number): void {
  const cur = map.get(key);
  if (cur === undefined) map.set(key, slot);
  else if (typeof cur === 'number') {
    if (cur !== slot) map.set(key, [cur, slot]);
  } else if (!cur.includes(slot)) {
    cur.push(slot);
    if (cur.length > cap) cur.shift();
  }
}

function dropFromBucket<K>(map: Map<K, number | number[]>, key: K, slot: number): void {
  const cur = map.get(key);
  if (cur === undefined) return;
  if (typeof cur === 'number') {
    if (cur === slot) map.delete(key);
    return;
  }
  const i = cur.indexOf(slot);
  if (i >= 0) cur.splice(i, 1);
  if (cur.length === 1) map.set(key, cur[0] as number);
  else if (cur.length === 0) map.delete(key);
}

function* slotsOf(entry: number | number[] | undefined): Iterable<number> {
  if (entry === undefined) return;
  if (typeof entry === 'number') yield entry;
  else yield* entry;
}

const NONE = -1;

/**
 * The LSH buckets of the held posts in typed arrays, sized once from the capacity: each (slot, band) is one entry, and
 * each bucket a list of entries in insertion order (the latest `cap` slots, as a bucket of the Map it replaces), found
 * through an open-addressing table keyed by the band's hash. About 20 bytes per post and band, table included, where a
 * Map of buckets took about 79 (bench/index-memory.ts).
 */
class BandBuckets {
  private readonly mask: number;
  /**
   * Head entry + 1 of the bucket at each table position; 0: empty (so the table needs no fill: its pages are touched
   * as buckets land on them, not all when the index is made).
   */
  private readonly table: Int32Array;
  private readonly key: Int32Array;
  private readonly next: Int32Array;
  private readonly linked: Uint8Array;
  /** Buckets held. */
  size = 0;

  constructor(entries: number) {
    let n = 1;
    while (n < entries * 1.5) n *= 2;
    this.mask = n - 1;
    this.table = new Int32Array(n);
    this.key = new Int32Array(entries);
    this.next = new Int32Array(entries);
    this.linked = new Uint8Array(entries);
  }

  /** Table position of the bucket of `key`, or NONE. */
  private find(key: number): number {
    for (let i = key & this.mask; ; i = (i + 1) & this.mask) {
      const head = (this.table[i] as number) - 1;
      if (head === NONE) return NONE;
      if (this.key[head] === key) return i;
    }
  }

  /** The oldest entry of the bucket of `band` (its slot: entry / LSH_BANDS), or NONE. */
  first(band: number): number {
    const pos = this.find(band | 0);
    return pos === NONE ? NONE : (this.table[pos] as number) - 1;
  }

  /** The entry after `e` in its bucket, or NONE. */
  after(e: number): number {
    return this.next[e] as number;
  }

  /** Adds entry `e` (slot `e / LSH_BANDS`) to the bucket of `band` unless the slot is in it; keeps the latest `cap`. */
  push(band: number, e: number, cap: number): void {
    const key = band | 0;
    const slot = Math.floor(e / LSH_BANDS);
    this.key[e] = key;
    this.next[e] = NONE;
    const pos = this.find(key);
    if (pos === NONE) {
      let i = key & this.mask;
      while (this.table[i] !== 0) i = (i + 1) & this.mask;
      this.table[i] = e + 1;
      this.linked[e] = 1;
      this.size++;
      return;
    }
    let count = 0;
    let tail = NONE;
    for (let x = (this.table[pos] as number) - 1; x !== NONE; x = this.next[x] as number) {
      if (Math.floor(x / LSH_BANDS) === slot) return;
      count++;
      tail = x;
    }
    this.next[tail] = e;
    this.linked[e] = 1;
    // As the Map's buckets did: a bucket of two is never trimmed, a longer one keeps the latest `cap`.
    if (count + 1 > Math.max(cap, 2)) this.unlink((this.table[pos] as number) - 1);
  }

  /** Takes entry `e` out of its bucket, if it is in one (a bucket is short: its list is walked). */
  unlink(e: number): void {
    if (!this.linked[e]) return;
    this.linked[e] = 0;
    const n = this.next[e] as number;
    const pos = this.find(this.key[e] as number);
    const head = (this.table[pos] as number) - 1;
    if (head !== e) {
      let p = head;
      while (this.next[p] !== e) p = this.next[p] as number;
      this.next[p] = n;
      return;
    }
    if (n !== NONE) {
      this.table[pos] = n + 1;
      return;
    }
    this.size--;
    // The bucket is empty: free its position, moving later entries of the probe run back (no tombstones).
    let i = pos;
    for (let j = (i + 1) & this.mask; this.table[j] !== 0; j = (j + 1) & this.mask) {
      const home = (this.key[(this.table[j] as number) - 1] as number) & this.mask;
      const stays = i <= j ? i < home && home <= j : home > i || home <= j;
      if (!stays) {
        this.table[i] = this.table[j] as number;
        i = j;
      }
    }
    this.table[i] = 0;
  }
}

/** The in-memory LSH index of the coordination stage (one process; see the README's scale-out plan). */
export class CoordinationIndex {
  readonly capacity: number;
  private readonly horizonMs: number;
  private readonly cap: number;
  private readonly ids: Float64Array;
  private readonly at: Float64Array;
  private readonly minhash: Int32Array;
  private readonly signed: Uint8Array;
  /** The pair search that last met each slot (a slot is in up to LSH_BANDS buckets of one post). */
  private readonly metBy: Uint32Array;
  private search = 0;
  private readonly links: (readonly string[] | null)[];
  private readonly groups: Record<GroupKind, Float64Array>;
  private readonly slotOfId = new Map<number, number>();
  private readonly buckets: BandBuckets;
  private readonly linkBuckets = new Map<string, number | number[]>();
  /** Next slot to write; the oldest held slot is at `head` once the ring is full. */
  private head = 0;
  private held = 0;
  private evictedCount = 0;
  private newestMs = Number.NEGATIVE_INFINITY;
  private readonly arrivalsFromAdds: boolean;
  /**
   * The starts of the runs among the latest `watermarkArrivals` arrivals, as a sliding minimum: a ring of (arrival
   * number, publication) with increasing publications, the earliest at `lowHead`; at most `watermarkArrivals` entries.
   */
  private readonly watermarkArrivals: number;
  private readonly lowSeq: Float64Array;
  private readonly lowAt: Float64Array;
  private lowHead = 0;
  private lowCount = 0;
  private arrivals = 0;
  /** Publication of the latest arrival. */
  private lastArrivalMs = Number.NEGATIVE_INFINITY;

  constructor(options: CoordinationIndexOptions) {
    if (!Number.isSafeInteger(options.capacity) || options.capacity < 1) throw new RangeError('capacity: a positive integer');
    this.capacity = options.capacity;
    this.horizonMs = options.horizonSeconds * 1000;
    this.cap = options.candidatesPerKey ?? 8;
    this.arrivalsFromAdds = options.arrivalsFromAdds ?? true;
    this.watermarkArrivals = options.watermarkArrivals ?? Math.max(1, Math.floor(this.capacity / 4));
    if (!Number.isSafeInteger(this.watermarkArrivals) || this.watermarkArrivals < 1)
      throw new RangeError('watermarkArrivals: a positive integer');
    this.lowSeq = new Float64Array(this.watermarkArrivals);
    this.lowAt = new Float64Array(this.watermarkArrivals);
    this.ids = new Float64Array(this.capacity).fill(EMPTY);
    this.at = new Float64Array(this.capacity);
    this.minhash = new Int32Array(this.capacity * MINHASH_SIZE);
    this.signed = new Uint8Array(this.capacity);
    this.metBy = new Uint32Array(this.capacity);
    this.buckets = new BandBuckets(this.capacity * LSH_BANDS);
    this.links = new Array(this.capacity).fill(null);
    this.groups = {
      text: new Float64Array(this.capacity),
      link: new Float64Array(this.capacity),
      repeated: new Float64Array(this.capacity),
    };
  }

  /** Posts held now. */
  get size(): number {
    return this.held;
  }

  /** Posts evicted so far (by capacity or age). */
  get evicted(): number {
    return this.evictedCount;
  }

  /** Publication time of the oldest post held (ms), or null when empty: how far back pairs can be found. */
  oldestMs(): number | null {
    let oldest: number | null = null;
    for (const slot of this.slotOfId.values()) {
      const t = this.at[slot] as number;
      if (oldest === null || t < oldest) oldest = t;
    }
    return oldest;
  }

  has(id: number): boolean {
    return this.slotOfId.has(id);
  }

  /** Adds a post (a post already held is left as it is); evicts the oldest arrival when full and posts past the horizon. */
  add(post: IndexedPost): void {
    if (this.slotOfId.has(post.id)) return;
    if (this.held === this.capacity) this.evict(this.head);
    const slot = this.head;
    this.head = (this.head + 1) % this.capacity;
    this.held++;
    this.ids[slot] = post.id;
    this.at[slot] = post.publishedAtMs;
    this.slotOfId.set(post.id, slot);
    for (const kind of GROUP_KINDS) this.groups[kind][slot] = 0;
    if (post.minhash) {
      this.signed[slot] = 1;
      this.minhash.set(post.minhash, slot * MINHASH_SIZE);
      bandsOf(post.minhash).forEach((band, b) => {
        this.buckets.push(band, slot * LSH_BANDS + b, this.cap);
      });
    } else this.signed[slot] = 0;
    this.links[slot] = post.links.length > 0 ? post.links : null;
    for (const link of post.links) pushBucket(this.linkBuckets, link, slot, this.cap);
    if (post.publishedAtMs > this.newestMs) this.newestMs = post.publishedAtMs;
    if (this.arrivalsFromAdds) this.arrive(post.publishedAtMs);
    this.evictAged();
  }

  /** Reports posts in the order they arrived (with `arrivalsFromAdds: false`), before they are paired and added. */
  arrived(publishedAtMs: Iterable<number>): void {
    for (const t of publishedAtMs) this.arrive(t);
  }

  /**
   * The low watermark (ms): the earliest start of a run among the latest arrivals (else the newest post added), at most
   * one horizon behind the newest post added; null before the first arrival. A partition behind the others holds it
   * back while it delivers. Never past the newest post added: a batch reported by `arrived` and then added in
   * publication order ages its early posts out as it did when each was added, not from the batch's end.
   */
  lowWatermarkMs(): number | null {
    if (this.arrivals === 0) return null;
    let low = Math.min(this.lastArrivalMs, this.newestMs);
    if (this.lowCount > 0) low = Math.min(low, this.lowAt[this.lowHead] as number);
    return Math.max(low, this.newestMs - this.horizonMs);
  }

  /** Takes an arrival: one published before the previous arrival starts a run and joins the sliding minimum. */
  private arrive(publishedAtMs: number): void {
    const n = this.watermarkArrivals;
    const seq = ++this.arrivals;
    while (this.lowCount > 0 && (this.lowSeq[this.lowHead] as number) <= seq - n) {
      this.lowHead = (this.lowHead + 1) % n;
      this.lowCount--;
    }
    if (publishedAtMs < this.lastArrivalMs) {
      while (this.lowCount > 0 && (this.lowAt[(this.lowHead + this.lowCount - 1) % n] as number) >= publishedAtMs) this.lowCount--;
      const at = (this.lowHead + this.lowCount) % n;
      this.lowSeq[at] = seq;
      this.lowAt[at] = publishedAtMs;
      this.lowCount++;
    }
    this.lastArrivalMs = publishedAtMs;
  }

  /** Evicts held posts, oldest arrival first, while they were published longer than the horizon before the low watermark. */
  private evictAged(): void {
    const low = this.lowWatermarkMs();
    if (low === null) return;
    while (this.held > 0) {
      const tail = (this.head - this.held + this.capacity) % this.capacity;
      if ((this.at[tail] as number) >= low - this.horizonMs) return;
      this.evict(tail);
    }
  }

  private evict(slot: number): void {
    const id = this.ids[slot] as number;
    if (id === EMPTY) return;
    if (this.signed[slot]) for (let b = 0; b < LSH_BANDS; b++) this.buckets.unlink(slot * LSH_BANDS + b);
    for (const link of this.links[slot] ?? []) dropFromBucket(this.linkBuckets, link, slot);
    this.links[slot] = null;
    this.ids[slot] = EMPTY;
    this.slotOfId.delete(id);
    this.held--;
    this.evictedCount++;
  }

  /**
   * Pairs of `post` with held posts (never itself): near-identical text (estimated Jaccard ≥ similarity) within the
   * co-posting window (`text`) and within the repeated-text window (`repeated`), and a shared link within the co-posting
   * window (`link`). The post need not be held.
   */
  pairsOf(post: IndexedPost, rules: PairRules): GroupEdge[] {
    const out: GroupEdge[] = [];
    const copostingMs = rules.copostingSeconds * 1000;
    const repeatedMs = rules.repeatedSeconds * 1000;
    if (post.minhash) {
      // Called for every post: the buckets are walked in place and the slots met are stamped, not collected in a Set.
      if (this.search === 0xffff_ffff) {
        this.metBy.fill(0);
        this.search = 0;
      }
      const search = ++this.search;
      for (const band of bandsOf(post.minhash)) {
        for (let e = this.buckets.first(band); e !== NONE; e = this.buckets.after(e)) {
          const slot = (e / LSH_BANDS) | 0;
          if (this.metBy[slot] === search) continue;
          this.metBy[slot] = search;
          const b = this.ids[slot] as number;
          if (b === post.id || this.similarity(post.minhash, slot) < rules.similarity) continue;
          const apart = Math.abs((this.at[slot] as number) - post.publishedAtMs);
          if (apart <= copostingMs) out.push({ kind: 'text', a: post.id, b });
          if (apart <= repeatedMs) out.push({ kind: 'repeated', a: post.id, b });
        }
      }
    }
    for (const link of post.links) {
      for (const slot of slotsOf(this.linkBuckets.get(link))) {
        if (this.ids[slot] === post.id || Math.abs((this.at[slot] as number) - post.publishedAtMs) > copostingMs) continue;
        out.push({ kind: 'link', a: post.id, b: this.ids[slot] as number, link });
      }
    }
    return out;
  }

  /** Estimated Jaccard similarity of a signature and a held post's (as estimatedJaccard, without copying). */
  private similarity(minhash: readonly number[], slot: number): number {
    const base = slot * MINHASH_SIZE;
    let same = 0;
    for (let i = 0; i < MINHASH_SIZE; i++) if (minhash[i] === this.minhash[base + i]) same++;
    return same / MINHASH_SIZE;
  }

  /** The stored group of a held post for a kind, if any. */
  groupOf(kind: GroupKind, id: number): number | undefined {
    const slot = this.slotOfId.get(id);
    if (slot === undefined) return undefined;
    const g = this.groups[kind][slot] as number;
    return g === 0 ? undefined : g;
  }

  /** Records a held post's stored group (a post not held is ignored). */
  setGroup(kind: GroupKind, id: number, group: number): void {
    const slot = this.slotOfId.get(id);
    if (slot !== undefined) this.groups[kind][slot] = group;
  }

  /** Moves every held post of groups `from` to group `to` (after a merge). */
  mergeGroups(kind: GroupKind, from: readonly number[], to: number): void {
    if (from.length === 0) return;
    const merged = new Set(from);
    const g = this.groups[kind];
    for (const slot of this.slotOfId.values()) if (merged.has(g[slot] as number)) g[slot] = to;
  }

  /** Entries of the LSH and link buckets (for the memory figures). */
  bucketEntries(): number {
    return this.buckets.size + this.linkBuckets.size;
  }
}

/** Where one connected set of pairs goes: into group `target` (null: a new one), absorbing `merged`, adding `loose`. */
export interface GroupPlan {
  kind: GroupKind;
  target: number | null;
  merged: number[];
  loose: number[];
  /** The link of a new `link` group; null otherwise. */
  link: string | null;
}

/**
 * Connected components of the pairs per kind, every post standing for its stored group when it has one (so a post
 * delivered again, or two groups bridged, end in one group): each component joins its oldest group (lowest id) or a
 * new one, merging the others into it.
 */
export function planGroups(edges: readonly GroupEdge[], groupOf: (kind: GroupKind, postId: number) => number | undefined): GroupPlan[] {
  const plans: GroupPlan[] = [];
  for (const kind of GROUP_KINDS) {
    // Nodes are numbers: a post's id, or a stored group's id negated (ids are positive).
    const parent = new Map<number, number>();
    const find = (x: number): number => {
      let root = x;
      for (let p = parent.get(root); p !== undefined && p !== root; p = parent.get(root)) root = p;
      if (!parent.has(x)) parent.set(x, x);
      for (let cur = x; cur !== root; ) {
        const next = parent.get(cur) as number;
        parent.set(cur, root);
        cur = next;
      }
      return root;
    };
    const nodeOf = (postId: number) => {
      const g = groupOf(kind, postId);
      return g === undefined ? postId : -g;
    };
    const linkOfPost = new Map<number, string>();
    for (const e of edges) {
      if (e.kind !== kind) continue;
      const ra = find(nodeOf(e.a));
      const rb = find(nodeOf(e.b));
      if (ra !== rb) parent.set(ra, rb);
      if (e.link) linkOfPost.set(e.a, e.link);
    }
    if (parent.size === 0) continue;
    // Every component, members in the order they were first seen.
    const comps = new Map<number, number[]>();
    for (const x of parent.keys()) {
      const r = find(x);
      const nodes = comps.get(r);
      if (nodes) nodes.push(x);
      else comps.set(r, [x]);
    }
    for (const nodes of comps.values()) {
      const groups = nodes
        .filter((x) => x < 0)
        .map((x) => -x)
        .sort((x, y) => x - y);
      const loose = nodes.filter((x) => x > 0);
      if (loose.length === 0 && groups.length < 2) continue;
      const link = kind === 'link' ? (loose.map((id) => linkOfPost.get(id)).find((l) => l !== undefined) ?? null) : null;
      plans.push({ kind, target: groups[0] ?? null, merged: groups.slice(1), loose, link });
    }
  }
  return plans;
}
