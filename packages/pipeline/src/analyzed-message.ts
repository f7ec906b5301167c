import type { AnalyzedPostMessage } from '@pantau/contracts';
import { type IndexedPost, MINHASH_SIZE } from '@pantau/text';

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

/** The `posts.analyzed` message read as the index's post and its analysis commit time; null when it is not valid. */
export function decodeAnalyzedPost(value: Buffer): { post: IndexedPost; committedAtMs: number } | null {
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
