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

  it('evicts posts published longer than the horizon before the newest when they arrive in order, and their buckets empty out', () => {
    const index = new CoordinationIndex({ capacity: 100, horizonSeconds: 3_600 });
    index.add(post(1, CAMPAIGN, T0));
    index.add(post(2, 'Cuaca cerah hari ini di Bandung, enak buat jalan pagi sama keluarga', T0 + 2 * 3_600_000));
    expect(index.lowWatermarkMs()).toBe(T0 + 2 * 3_600_000);
    expect(index.has(1)).toBe(false);
    expect(index.size).toBe(1);
    expect(index.pairsOf(post(3, CAMPAIGN, T0 + 2 * 3_600_000), RULES)).toEqual([]);
    expect(index.oldestMs()).toBe(T0 + 2 * 3_600_000);
  });

  it('takes the low watermark as the earliest start of a run among the latest arrivals, at most a horizon behind the newest', () => {
    const horizonMs = 200 * 60_000;
    const index = new CoordinationIndex({ capacity: 64, horizonSeconds: horizonMs / 1000, watermarkArrivals: 7 });
    const seen: number[] = [];
    let x = 12_345;
    for (let id = 1; id <= 500; id++) {
      // Runs of rising publication times that jump back and forth, as several partitions' batches interleave.
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
      const at = id % 4 === 0 ? T0 + (x % 1_000) * 60_000 : (seen[seen.length - 1] ?? T0) + (x % 5) * 60_000;
      index.add({ id, publishedAtMs: at, minhash: null, links: [] });
      seen.push(at);
      // Brute force: the latest arrival and the starts of runs (an arrival published before the previous one) among the
      // latest seven arrivals.
      const from = Math.max(0, seen.length - 7);
      const starts = seen.filter((t, i) => i >= from && (i === seen.length - 1 || (i > 0 && t < (seen[i - 1] as number))));
      expect(index.lowWatermarkMs()).toBe(Math.max(Math.min(...starts), Math.max(...seen) - horizonMs));
    }
  });

  it('keeps the copies of a partition running days ahead until the partition behind delivers its own', () => {
    // Two analysis partitions' batches interleaved as they commit: partition A runs three days past the campaign's hour
    // while partition B is still before it. Aged from the newest post, A's copies were gone when B's arrived.
    const filler = (id: number, atMs: number) => post(id, `kabar nomor ${id} soal jadwal kereta dan cuaca hari ke ${id * 7}`, atMs);
    const index = new CoordinationIndex({ capacity: 1_000, horizonSeconds: 2 * 86_400 });
    for (const p of [post(1, CAMPAIGN, T0), post(2, CAMPAIGN, T0 + 60_000)]) index.add(p);
    let id = 100;
    for (let batch = 0; batch < 6; batch++) {
      // A: twelve hours a batch. B: three posts a batch, minutes apart, from two hours before the campaign.
      for (let h = 1; h <= 12; h++) index.add(filler(id++, T0 + (batch * 12 + h) * 3_600_000));
      for (let m = 0; m < 3; m++) index.add(filler(id++, T0 - 2 * 3_600_000 + (batch * 3 + m) * 60_000));
    }
    expect(index.has(1)).toBe(true);
    const pairs = index.pairsOf(post(50, CAMPAIGN, T0 + 30 * 60_000), { ...RULES, repeatedSeconds: Number.POSITIVE_INFINITY });
    expect(pairs.map((e) => `${e.kind}:${e.b}`).sort()).toEqual(['repeated:1', 'repeated:2']);
    // Once B no longer holds the watermark back (no batch of it among the latest quarter of the ring), A's posts age out.
    for (let h = 73; h < 73 + 300; h++) index.add(filler(id++, T0 + h * 3_600_000));
    expect(index.has(1)).toBe(false);
  });

  it('holds posts at most one horizon longer when a partition is further behind', () => {
    const index = new CoordinationIndex({ capacity: 1_000, horizonSeconds: 3_600 });
    index.add(post(1, CAMPAIGN, T0));
    // A partition ten hours behind delivers now and then: the watermark stays one horizon (an hour) behind the newest.
    for (let h = 1; h <= 10; h++) {
      index.add(post(10 + h, `kabar nomor ${h} soal jadwal kereta dan cuaca hari ke ${h * 7}`, T0 + h * 1_800_000));
      index.add(post(100 + h, `berita ke ${h} tentang harga beras di pasar induk kota ${h * 3}`, T0 - 10 * 3_600_000 + h * 60_000));
    }
    expect(index.lowWatermarkMs()).toBe(T0 + 4 * 3_600_000);
    // Published more than a horizon before the watermark: gone (oldest arrival first).
    expect(index.has(1)).toBe(false);
    expect(index.has(15)).toBe(false);
    expect(index.has(17)).toBe(true);
  });

  it('ages a batch reported in arrival order and added in publication order as if each post were added on arrival', () => {
    const index = new CoordinationIndex({ capacity: 100, horizonSeconds: 3_600, arrivalsFromAdds: false });
    const batch = [post(1, CAMPAIGN, T0), post(2, CAMPAIGN, T0 + 1_800_000), post(3, CAMPAIGN, T0 + 3 * 3_600_000)];
    index.arrived(batch.map((p) => p.publishedAtMs));
    const pairs = batch.map((p) => {
      const found = index.pairsOf(p, { ...RULES, repeatedSeconds: Number.POSITIVE_INFINITY });
      index.add(p);
      return found.map((e) => `${e.kind}:${e.b}`).sort();
    });
    // The first copy is not aged out from the batch's last arrival, three hours on: the second still finds it. Only
    // adding the third, past the horizon, ages both out.
    expect(pairs).toEqual([[], ['repeated:1'], ['repeated:1', 'repeated:2']]);
    expect(index.has(1)).toBe(false);
    expect(index.has(2)).toBe(false);
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
