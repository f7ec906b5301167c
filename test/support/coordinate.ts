import { type AnalyzedBatch, type CoordinationRule, coordinatePosts, type Database, writeAnalyzedBatch } from '@pantau/db';
import type { CoordinationIndex } from '@pantau/text';
import type { SignedPost } from './campaigns.ts';

/**
 * Writes analysed posts as the analysis service does, then runs the coordination stage's step on the stored ones (what
 * it does with their `posts.analyzed` messages), through the given in-memory index.
 */
export async function writeAndCoordinate(
  db: Database,
  index: CoordinationIndex,
  rule: CoordinationRule,
  posts: readonly SignedPost[],
  modelVersion: string,
  extra: Pick<AnalyzedBatch, 'emotionModelVersion'> = {},
) {
  const written = await writeAnalyzedBatch(db, { modelVersion, posts, exclusions: [], ...extra });
  const seen = new Set<number>();
  const stored = posts.flatMap((p) => {
    const id = written.stored.get(`${p.post.platform}:${p.post.externalId}`);
    if (id !== undefined && seen.has(id)) return [];
    if (id !== undefined) seen.add(id);
    return id === undefined
      ? []
      : [{ id, publishedAtMs: Date.parse(p.post.publishedAt), minhash: p.signature.minhash, links: p.signature.links }];
  });
  return { written, coordination: await coordinatePosts(db, index, rule, stored) };
}
