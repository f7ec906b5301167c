/**
 * Near-duplicate signatures for the coordinated-posting signal: MinHash over word shingles of the normalized text,
 * cut into LSH bands (Broder 1997; Leskovec, Rajaraman & Ullman, Mining of Massive Datasets, ch. 3), and the links a
 * post shares, normalized so that the same article is one key whatever tracking parameters were appended.
 */

/** Hash functions in a signature. */
export const MINHASH_SIZE = 64;
/** LSH bands × rows = MINHASH_SIZE; two posts become candidates when one band is equal (about 50% similar and up). */
export const LSH_BANDS = 16;
export const LSH_ROWS = MINHASH_SIZE / LSH_BANDS;
/**
 * Words per shingle. Single words: on posts of 10–30 words a word pair shingle makes one edit cost two to four shingles,
 * so lightly edited copies of a campaign text fell below 0.6 estimated Jaccard; with single words they stay above 0.8.
 */
export const SHINGLE_WORDS = 1;
/** Posts with fewer words get no text signature: "mantap" from many people at once is not a campaign. */
export const MIN_SIGNATURE_WORDS = 5;

/** What the coordination step needs from a post: MinHash values, band keys, and the links it shares. */
export interface NearDuplicateSignature {
  /** MINHASH_SIZE signed 32-bit values, or null for a post too short to compare. */
  minhash: number[] | null;
  /** One signed 32-bit key per band (the band index is mixed in), empty when `minhash` is null. */
  bands: number[];
  /** Normalized links found in the text or pointing elsewhere than the post itself. */
  links: string[];
}

/** murmur3's 32-bit finalizer: a cheap, well-mixed permutation of 32-bit integers. */
function fmix32(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x | 0;
}

// Fixed seeds: the same text gets the same signature in every process and release.
const SEEDS = Array.from({ length: MINHASH_SIZE }, (_, i) => fmix32(0x9e3779b9 + Math.imul(i + 1, 0x7f4a7c15)));

/** Distinct word shingles of a token list: every run of 1 to SHINGLE_WORDS words. */
export function shinglesOf(tokens: readonly string[]): string[] {
  const out = new Set<string>();
  for (let size = 1; size <= SHINGLE_WORDS; size++) {
    for (let i = 0; i + size <= tokens.length; i++) out.add(tokens.slice(i, i + size).join(' '));
  }
  return [...out];
}

/**
 * MinHash of normalized tokens, or null when there are fewer than MIN_SIGNATURE_WORDS. Each shingle's hash is continued
 * word by word instead of hashing joined strings, and repeated shingles are hashed again rather than removed first:
 * a minimum does not change with repeats, so the values are those of the distinct shingles.
 */
export function minhashOf(tokens: readonly string[]): number[] | null {
  if (tokens.length < MIN_SIGNATURE_WORDS) return null;
  const hashes = shingleHashes(tokens);
  const sig: number[] = [];
  for (let i = 0; i < MINHASH_SIZE; i++) {
    const seed = SEEDS[i] as number;
    let min = 0x7fffffff;
    for (let k = 0; k < hashes.length; k++) {
      const v = fmix32((hashes[k] as number) ^ seed);
      if (v < min) min = v;
    }
    sig.push(min);
  }
  return sig;
}

let hashScratch = new Int32Array(256);

/**
 * The hash of every shingle `shinglesOf` lists (repeats included): FNV-1a over its UTF-16 code units (words joined by
 * one space), finalized by fmix32; in a scratch array reused between posts.
 */
function shingleHashes(tokens: readonly string[]): Int32Array {
  const count = tokens.length * SHINGLE_WORDS;
  if (hashScratch.length < count) hashScratch = new Int32Array(count * 2);
  let n = 0;
  for (let i = 0; i < tokens.length; i++) {
    let h = 0x811c9dc5;
    for (let size = 1; size <= SHINGLE_WORDS && i + size <= tokens.length; size++) {
      if (size > 1) h = Math.imul(h ^ 32, 0x01000193);
      const word = tokens[i + size - 1] as string;
      for (let c = 0; c < word.length; c++) h = Math.imul(h ^ word.charCodeAt(c), 0x01000193);
      hashScratch[n++] = fmix32(h);
    }
  }
  return hashScratch.subarray(0, n);
}

/** LSH band keys of a signature: each band's rows hashed together with the band index. */
export function bandsOf(minhash: readonly number[]): number[] {
  const out: number[] = [];
  for (let b = 0; b < LSH_BANDS; b++) {
    let h = fmix32(b + 1);
    for (let r = 0; r < LSH_ROWS; r++) h = fmix32(Math.imul(h, 31) ^ (minhash[b * LSH_ROWS + r] as number));
    out.push(h);
  }
  return out;
}

/** Jaccard similarity of the shingle sets estimated from two signatures (share of equal positions). */
export function estimatedJaccard(a: readonly number[], b: readonly number[]): number {
  let same = 0;
  for (let i = 0; i < MINHASH_SIZE; i++) if (a[i] === b[i]) same++;
  return same / MINHASH_SIZE;
}

const LINK = /\bhttps?:\/\/[^\s<>"'()]+|\bwww\.[^\s<>"'()]+/gi;
// Query parameters that track the sharer, not the content.
const TRACKING = /^(?:utm_\w+|fbclid|gclid|igshid|si|s|t|ref|ref_src|ref_url|mc_\w+|_ga|feature)$/i;
// A post's own permalink is not a shared link.
const PLATFORM_HOSTS: Record<string, readonly string[]> = {
  x: ['x.com', 'twitter.com'],
  facebook: ['facebook.com', 'fb.com', 'fb.watch'],
  instagram: ['instagram.com'],
  tiktok: ['tiktok.com'],
  youtube: ['youtube.com', 'youtu.be'],
};

/** A link in one canonical form: https, lowercase host without www, no fragment or tracking parameters, no trailing slash. */
export function normalizeLink(raw: string): string | null {
  const trimmed = raw.replace(/[.,!?;:…]+$/u, '');
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase().replace(/^(?:www|m|mobile)\./, '');
  if (!host.includes('.')) return null;
  const params = [...url.searchParams.entries()].filter(([k]) => !TRACKING.test(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : '';
  const path = url.pathname.replace(/\/+$/, '');
  return `https://${host}${path}${query}`;
}

const hostOf = (link: string) => new URL(link).hostname;
const onPlatform = (link: string, platform: string) =>
  (PLATFORM_HOSTS[platform] ?? []).some((h) => hostOf(link) === h || hostOf(link).endsWith(`.${h}`));

/**
 * Links a post shares: those written in its text, and its `url` when that points elsewhere than the platform's own
 * posts (a news post's url is the article; an X post's url is the post itself and is not counted).
 */
export function linksOf(raw: string, url: string | null, platform: string): string[] {
  const out = new Set<string>();
  for (const m of raw.match(LINK) ?? []) {
    const link = normalizeLink(m);
    if (link) out.add(link);
  }
  const own = url ? normalizeLink(url) : null;
  if (own && !onPlatform(own, platform) && platform !== 'news' && platform !== 'forum') out.add(own);
  return [...out].sort();
}

/** The near-duplicate signature of a post from its normalized tokens and raw text. */
export function nearDuplicateSignature(
  tokens: readonly string[],
  raw: string,
  url: string | null,
  platform: string,
): NearDuplicateSignature {
  const minhash = minhashOf(tokens);
  return { minhash, bands: minhash ? bandsOf(minhash) : [], links: linksOf(raw, url, platform) };
}
