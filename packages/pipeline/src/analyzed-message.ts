import type { AnalyzedPostMessage } from '@pantau/contracts';
import { type IndexedPost, MINHASH_SIZE } from '@pantau/text';

/**
 * First byte of the compact `posts.analyzed` value. A JSON value starts with `{`, so the two encodings are told apart
 * by it: the analysis publishes compact values, and values published as JSON (by an earlier version) are still read.
 */
const COMPACT = 0x01;
/** Minhash count written for a post too short to compare (null). */
const NO_MINHASH = 0xffff;
const HEADER_BYTES = 1 + 8 + 8 + 8 + 2;

const isInt = (x: unknown): x is number => Number.isSafeInteger(x);

/**
 * The checks of the AnalyzedPostMessage schema, written out: the stage reads every analysed post, and the schema's
 * generic parse of 64 numbers per message cost it about as much CPU as the JSON parse itself.
 */
function isAnalyzedPostMessage(m: unknown): m is AnalyzedPostMessage {
  if (typeof m !== 'object' || m === null) return false;
  const { id, publishedAt, minhash, links, committedAtMs } = m as { [key: string]: unknown };
  if (!isInt(id) || id <= 0) return false;
  if (typeof publishedAt !== 'string' || Number.isNaN(Date.parse(publishedAt))) return false;
  if (typeof committedAtMs !== 'number' || !Number.isFinite(committedAtMs)) return false;
  if (minhash !== null) {
    if (!Array.isArray(minhash) || minhash.length !== MINHASH_SIZE) return false;
    for (const v of minhash) if (!isInt(v)) return false;
  }
  if (!Array.isArray(links)) return false;
  for (const l of links) if (typeof l !== 'string') return false;
  return true;
}

const isInt32 = (v: number) => Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff;

/**
 * The `posts.analyzed` value of one post: compact binary (version byte, id, publication and commit times in
 * milliseconds as float64, the minhash values as int32 and the links as length-prefixed UTF-8, little-endian), which
 * costs less to build, send and read than JSON. A message whose values do not fit that layout is written as JSON.
 */
export function encodeAnalyzedPost(message: AnalyzedPostMessage): Buffer {
  const publishedAtMs = Date.parse(message.publishedAt);
  const links = message.links.map((l) => Buffer.from(l, 'utf8'));
  const minhash = message.minhash;
  if (
    !Number.isFinite(publishedAtMs) ||
    (minhash !== null && (minhash.length >= NO_MINHASH || !minhash.every(isInt32))) ||
    links.length > 0xffff ||
    links.some((l) => l.length > 0xffff)
  )
    return Buffer.from(JSON.stringify(message), 'utf8');
  const size = HEADER_BYTES + (minhash?.length ?? 0) * 4 + 2 + links.reduce((n, l) => n + 2 + l.length, 0);
  const out = Buffer.allocUnsafe(size);
  let at = out.writeUInt8(COMPACT, 0);
  at = out.writeDoubleLE(message.id, at);
  at = out.writeDoubleLE(publishedAtMs, at);
  at = out.writeDoubleLE(message.committedAtMs, at);
  at = out.writeUInt16LE(minhash === null ? NO_MINHASH : minhash.length, at);
  if (minhash !== null) for (const v of minhash) at = out.writeInt32LE(v, at);
  at = out.writeUInt16LE(links.length, at);
  for (const l of links) {
    at = out.writeUInt16LE(l.length, at);
    at += l.copy(out, at);
  }
  return out;
}

/** The `posts.analyzed` message read as the index's post and its analysis commit time; null when it is not valid. */
export function decodeAnalyzedPost(value: Buffer): { post: IndexedPost; committedAtMs: number } | null {
  if (value.length > 0 && value[0] === COMPACT) return decodeCompact(value);
  let m: unknown;
  try {
    m = JSON.parse(value.toString('utf8'));
  } catch {
    return null;
  }
  if (!isAnalyzedPostMessage(m)) return null;
  return {
    post: { id: m.id, publishedAtMs: Date.parse(m.publishedAt), minhash: m.minhash, links: m.links },
    committedAtMs: m.committedAtMs,
  };
}

/** The compact encoding read with the same rules as the JSON one (a positive integer id, MINHASH_SIZE values or none). */
function decodeCompact(value: Buffer): { post: IndexedPost; committedAtMs: number } | null {
  if (value.length < HEADER_BYTES + 2) return null;
  let at = 1;
  const id = value.readDoubleLE(at);
  const publishedAtMs = value.readDoubleLE(at + 8);
  const committedAtMs = value.readDoubleLE(at + 16);
  const count = value.readUInt16LE(at + 24);
  at = HEADER_BYTES;
  if (!Number.isSafeInteger(id) || id <= 0 || !Number.isFinite(publishedAtMs) || !Number.isFinite(committedAtMs)) return null;
  let minhash: number[] | null = null;
  if (count !== NO_MINHASH) {
    if (count !== MINHASH_SIZE || value.length < at + count * 4 + 2) return null;
    minhash = new Array<number>(count);
    for (let i = 0; i < count; i++, at += 4) minhash[i] = value.readInt32LE(at);
  }
  const linkCount = value.readUInt16LE(at);
  at += 2;
  const links: string[] = [];
  for (let i = 0; i < linkCount; i++) {
    if (value.length < at + 2) return null;
    const length = value.readUInt16LE(at);
    at += 2;
    if (value.length < at + length) return null;
    links.push(value.toString('utf8', at, at + length));
    at += length;
  }
  if (at !== value.length) return null;
  return { post: { id, publishedAtMs, minhash, links }, committedAtMs };
}
