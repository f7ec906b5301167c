import { AnalyzedPostMessage } from '@pantau/contracts';
import { type IndexedPost, MINHASH_SIZE } from '@pantau/text';

/** The `posts.analyzed` message read as the index's post and its analysis commit time; null when it is not valid. */
export function decodeAnalyzedPost(value: Buffer): { post: IndexedPost; committedAtMs: number } | null {
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return null;
  }
  const parsed = AnalyzedPostMessage.safeParse(json);
  if (!parsed.success) return null;
  const m = parsed.data;
  if (m.minhash !== null && m.minhash.length !== MINHASH_SIZE) return null;
  return {
    post: { id: m.id, publishedAtMs: Date.parse(m.publishedAt), minhash: m.minhash, links: m.links },
    committedAtMs: m.committedAtMs,
  };
}
