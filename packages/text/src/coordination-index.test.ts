import { describe, expect, it } from 'vitest';
import { CoordinationIndex, type IndexedPost, planGroups } from './coordination-index.ts';
import { analyzeText } from './keywords.ts';
import { bandsOf, nearDuplicateSignature } from './near-duplicate.ts';

const RULES = { similarity: 0.7, copostingSeconds: 60, repeatedSeconds: 86_400 };
const T0 = Date.parse('2026-11-10T03:00:00Z');

function post(id: number, text: string, atMs: number, url: string | null = null): IndexedPost {
  const sig = nearDuplicateSignature(analyzeText(text).tokens, text, url, 'x');
  return { id, publishedAtMs: atMs, minhash: sig.minhash, links: sig.links };
}

const CAMPAIGN = 'Tolak kenaikan harga BBM sekarang juga demi rakyat kecil di seluruh Indonesia';

describe('CoordinationIndex', () => {
  it('pairs near-duplicates within the co-posting window as text and repeated, later ones only as repeated', () => {
    const index = new CoordinationIndex({ capacity: 100, horizonSeconds: 2 * 86_400 });
    index.add(post(1, CAMPAIGN, T0));
    const soon = index.pairsOf(post(2, `${CAMPAIGN}!`, T0 + 30_000), RULES);
    expect(soon.map((e) => `${e.kind}:${e.b}`).sort()).toEqual(['repeated:1', 'text:1']);
    const hours = index.pairsOf(post(3, CAMPAIGN, T0 + 5 * 3_600_000), RULES);
    expect(hours.map((e) => `${e.kind}:${e.b}`)).toEqual(['repeated:1']);
    const nextWeek = index.pairsOf(post(4, CAMPAIGN, T0 + 7 * 86_400_000), RULES);
    expect(nextWeek).toEqual([]);
    // Unrelated text is no pair at all.
    expect(index.pairsOf(post(5, 'Cuaca cerah hari ini di Bandung, enak buat jalan pagi sama keluarga', T0 + 1_000), RULES)).toEqual([]);
  });

  it('pairs posts sharing a link within w, never a post with itself', () => {
    const index = new CoordinationIndex({ capacity: 100, horizonSeconds: 86_400 });
    const a = post(1, 'baca ini https://berita.example/artikel?utm_source=x', T0);
    index.add(a);
    expect(index.pairsOf(a, RULES)).toEqual([]);
    const b = post(2, 'wah https://berita.example/artikel', T0 + 10_000);
    expect(index.pairsOf(b, RULES)).toEqual([{ kind: 'link', a: 2, b: 1, link: 'https://berita.example/artikel' }]);
  });

  it('holds at most its capacity: the oldest arrival is evicted with its buckets', () => {
    const index = new CoordinationIndex({ capacity: 3, horizonSeconds: 86_400 });
    for (let i = 1; i <= 5; i++) index.add(post(i, `${CAMPAIGN} nomor ${i}`, T0 + i));
    expect(index.size).toBe(3);
    expect(index.evicted).toBe(2);
    expect(index.has(1)).toBe(false);
    expect(index.has(5)).toBe(true);
    const pairs = index.pairsOf(post(9, CAMPAIGN, T0 + 10), RULES);
    expect(new Set(pairs.map((e) => e.b))).toEqual(new Set([3, 4, 5]));
    // Adding a post already held changes nothing.
    index.add(post(5, CAMPAIGN, T0 + 5));
    expect(index.size).toBe(3);
  });

  it('evicts posts published longer than the horizon before the low watermark, and their buckets empty out', () => {
    const index = new CoordinationIndex({ capacity: 100, horizonSeconds: 3_600, watermarkArrivals: 2 });
    index.add(post(1, CAMPAIGN, T0));
    index.add(post(2, 'Cuaca cerah hari ini di Bandung, enak buat jalan pagi sama keluarga', T0 + 2 * 3_600_000));
    // The first post is still among the latest two arrivals: it holds the watermark back.
    expect(index.lowWatermarkMs()).toBe(T0);
    expect(index.has(1)).toBe(true);
    index.add(post(3, 'Harga beras di pasar induk naik lagi minggu ini, pedagang mengeluh sepi pembeli', T0 + 2 * 3_600_000 + 1));
    expect(index.lowWatermarkMs()).toBe(T0 + 2 * 3_600_000);
    expect(index.has(1)).toBe(false);
    expect(index.size).toBe(2);
    expect(index.pairsOf(post(4, CAMPAIGN, T0 + 2 * 3_600_000), RULES)).toEqual([]);
    expect(index.oldestMs()).toBe(T0 + 2 * 3_600_000);
  });

  it('takes the low watermark as the earliest publication among the latest arrivals', () => {
    const index = new CoordinationIndex({ capacity: 64, horizonSeconds: 10 * 86_400, watermarkArrivals: 7 });
    const seen: number[] = [];
    let x = 12_345;
    for (let id = 1; id <= 500; id++) {
      // Publication times jumping back and forth, as several partitions' batches interleave.
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
      const at = T0 + (x % 1_000) * 60_000;
      index.add({ id, publishedAtMs: at, minhash: null, links: [] });
      seen.push(at);
      expect(index.lowWatermarkMs()).toBe(Math.min(...seen.slice(-7)));
    }
  });

  it('keeps the copies of a partition running days ahead until the partition behind delivers its own', () => {
    // Two analysis partitions interleaved as their batches commit: partition A runs three days past the campaign's day
    // while partition B is still on it. Aged from the newest post, A's copies were gone when B's arrived.
    const horizonSeconds = 2 * 86_400;
    const day = 86_400_000;
    const filler = (id: number, atMs: number) => post(id, `kabar nomor ${id} soal jadwal kereta dan cuaca hari ke ${id * 7}`, atMs);
    const index = new CoordinationIndex({ capacity: 1_000, horizonSeconds });
    const a = [post(1, CAMPAIGN, T0), post(2, CAMPAIGN, T0 + 60_000)];
    for (const p of a) index.add(p);
    let id = 100;
    // B delivers an earlier post now and then (its batches interleave with A's), A moves three days on.
    for (let h = 1; h <= 72; h++) {
      index.add(filler(id++, T0 + h * 3_600_000));
      if (h % 12 === 0) index.add(filler(id++, T0 - day + h * 60_000));
    }
    expect(index.has(1)).toBe(true);
    const copyFromB = post(50, CAMPAIGN, T0 + 30 * 60_000);
    const pairs = index.pairsOf(copyFromB, { ...RULES, repeatedSeconds: Number.POSITIVE_INFINITY });
    expect(pairs.map((e) => `${e.kind}:${e.b}`).sort()).toEqual(['repeated:1', 'repeated:2']);
    // Once B stops holding the watermark back (no arrival of it among the latest quarter of the ring), A's posts age out.
    for (let h = 73; h < 73 + 300; h++) index.add(filler(id++, T0 + h * 3_600_000));
    expect(index.has(1)).toBe(false);
    expect(index.size).toBeLessThanOrEqual(1_000);
  });

  it('memory stays bounded while 20,000 distinct posts pass through a ring of 1,000', () => {
    const index = new CoordinationIndex({ capacity: 1_000, horizonSeconds: 86_400 });
    for (let i = 1; i <= 20_000; i++) index.add(post(i, `pesan ${i} tentang topik ${i % 97} dan hal ${i * 7} lainnya`, T0 + i));
    expect(index.size).toBe(1_000);
    // At most one bucket entry per band of each held post (16) and nothing left behind by evicted posts.
    expect(index.bucketEntries()).toBeLessThanOrEqual(16 * 1_000);
  });

  it('keeps group ids per kind and moves them on a merge', () => {
    const index = new CoordinationIndex({ capacity: 10, horizonSeconds: 86_400 });
    for (const id of [1, 2, 3]) index.add(post(id, CAMPAIGN, T0 + id));
    index.setGroup('text', 1, 7);
    index.setGroup('text', 2, 9);
    index.mergeGroups('text', [9], 7);
    expect(index.groupOf('text', 2)).toBe(7);
    expect(index.groupOf('repeated', 2)).toBeUndefined();
  });
});

/**
 * The bucket rules stated plainly, for comparison with the index's typed-array buckets: per band hash, the posts added
 * in order, a post once; beyond two, only the latest `cap`; an evicted post leaves every bucket; pairs are read band by
 * band, oldest first, each held post once.
 */
class ReferenceIndex {
  private readonly held: IndexedPost[] = [];
  private readonly buckets = new Map<number, number[]>();
  constructor(
    private readonly capacity: number,
    private readonly cap: number,
  ) {}
  add(p: IndexedPost): void {
    if (this.held.some((h) => h.id === p.id)) return;
    if (this.held.length === this.capacity) {
      const old = this.held.shift() as IndexedPost;
      for (const [key, ids] of this.buckets) {
        const left = ids.filter((id) => id !== old.id);
        if (left.length === 0) this.buckets.delete(key);
        else this.buckets.set(key, left);
      }
    }
    this.held.push(p);
    if (!p.minhash) return;
    for (const band of bandsOf(p.minhash)) {
      const ids = this.buckets.get(band) ?? [];
      if (ids.includes(p.id)) continue;
      ids.push(p.id);
      if (ids.length > Math.max(this.cap, 2)) ids.shift();
      this.buckets.set(band, ids);
    }
  }
  textPairs(p: IndexedPost, similarity: number): number[] {
    if (!p.minhash) return [];
    const out: number[] = [];
    const seen = new Set<number>();
    for (const band of bandsOf(p.minhash)) {
      for (const id of this.buckets.get(band) ?? []) {
        if (seen.has(id) || id === p.id) continue;
        seen.add(id);
        const other = this.held.find((h) => h.id === id) as IndexedPost;
        const same = (other.minhash as readonly number[]).filter((v, i) => v === (p.minhash as readonly number[])[i]).length;
        if (same / 64 >= similarity) out.push(id);
      }
    }
    return out;
  }
  get bucketCount(): number {
    return this.buckets.size;
  }
}

describe('CoordinationIndex buckets', () => {
  it('find the same candidates as the plain bucket rules while buckets fill, trim and empty out', () => {
    let seed = 11;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    // Signatures drawn from a few values share many bands: buckets are trimmed, and emptied as the ring turns.
    for (const [capacity, pool, cap] of [
      [40, 3, 8],
      [150, 4, 3],
      [150, 4, 1],
    ] as const) {
      const index = new CoordinationIndex({ capacity, horizonSeconds: 10 * 86_400, candidatesPerKey: cap });
      const reference = new ReferenceIndex(capacity, cap);
      const rules = { similarity: 0.4, copostingSeconds: 86_400, repeatedSeconds: -1 };
      let pairs = 0;
      for (let id = 1; id <= 1_500; id++) {
        const p: IndexedPost = {
          id,
          publishedAtMs: T0 + id,
          minhash: rand() % 10 === 0 ? null : Array.from({ length: 64 }, () => rand() % pool),
          links: [],
        };
        const found = index.pairsOf(p, rules).map((e) => e.b);
        expect(found).toEqual(reference.textPairs(p, rules.similarity));
        pairs += found.length;
        index.add(p);
        reference.add(p);
        expect(index.bucketEntries()).toBe(reference.bucketCount);
      }
      expect(pairs).toBeGreaterThan(1_000);
    }
  });
});

describe('planGroups', () => {
  it('joins the oldest stored group, merges the others, and treats a redelivered member as its group', () => {
    const groups = new Map([
      ['text:1', 5],
      ['text:2', 3],
      ['text:4', 5],
    ]);
    const plans = planGroups(
      [
        { kind: 'text', a: 4, b: 2 },
        { kind: 'text', a: 6, b: 1 },
        { kind: 'repeated', a: 6, b: 1 },
      ],
      (kind, id) => groups.get(`${kind}:${id}`),
    );
    expect(plans).toEqual([
      { kind: 'text', target: 3, merged: [5], loose: [6], link: null },
      { kind: 'repeated', target: null, merged: [], loose: [6, 1], link: null },
    ]);
    // Pairs inside one stored group plan nothing.
    expect(planGroups([{ kind: 'text', a: 4, b: 1 }], (kind, id) => groups.get(`${kind}:${id}`))).toEqual([]);
  });
});
