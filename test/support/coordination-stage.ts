import type { BusMessage } from '@pantau/bus';
import { type AnalyzedPostMessage, TOPICS } from '@pantau/contracts';
import { type DatabaseHandle, writeAnalyzedBatch } from '@pantau/db';
import { createCoordinator } from '@pantau/pipeline';
import { analyzeText, nearDuplicateSignature } from '@pantau/text';
import { afterAll } from 'vitest';
import { migratedTestDatabase, type TestDatabase } from './postgres.ts';
import { makeAnalyzed, makePost } from './posts.ts';

/** A post as a coordination test plans it: who posts which text when. */
export interface PlannedPost {
  externalId: string;
  author: string;
  text: string;
  at: number;
  url?: string | null | undefined;
}

/**
 * Stores the posts as one analysis batch does and returns their posts.analyzed messages on `partition`; `offsetOf`
 * gives a post its offset on posts.raw (the analysis's own order of the batch by default).
 */
export async function analyseForStage(
  handle: DatabaseHandle,
  posts: readonly PlannedPost[],
  options: { partition?: number; offsetOf?: (p: PlannedPost) => number } = {},
): Promise<BusMessage[]> {
  const items = posts.map((p) => {
    const t = analyzeText(p.text);
    const post = makePost({
      externalId: p.externalId,
      authorPseudonym: p.author.padEnd(64, '0'),
      publishedAt: new Date(p.at).toISOString(),
      text: p.text,
      url: p.url ?? null,
    });
    const analyzed = options.offsetOf ? makeAnalyzed(post, { offset: options.offsetOf(p) }) : makeAnalyzed(post);
    return { item: { ...analyzed, keywords: t.keywords }, tokens: t.tokens };
  });
  const written = await writeAnalyzedBatch(handle.db, { modelVersion: 'm1', posts: items.map((x) => x.item), exclusions: [] });
  return items.map(({ item, tokens }, i) => {
    const key = `x:${item.post.externalId}`;
    const sig = nearDuplicateSignature(tokens, item.post.text, item.post.url, 'x');
    const message: AnalyzedPostMessage = {
      id: written.stored.get(key) as number,
      publishedAt: item.post.publishedAt,
      minhash: sig.minhash,
      links: sig.links,
      committedAtMs: Date.now(),
    };
    return {
      topic: TOPICS.postsAnalyzed,
      partition: options.partition ?? 0,
      offset: String(i),
      key,
      value: Buffer.from(JSON.stringify(message)),
    };
  });
}

/** The stage as `pantau coordinate` runs it, with room for every post of a test in memory. */
export const stageOf = (handle: DatabaseHandle, rule: Parameters<typeof createCoordinator>[0]['rule']) =>
  createCoordinator({ db: handle.db, rule, memoryPosts: 10_000 });

/** Hands the stage one batch of posts.analyzed messages, as the bus does for their partition. */
export const deliverTo = (coordinator: ReturnType<typeof stageOf>, messages: BusMessage[]) =>
  coordinator.handle({
    topic: TOPICS.postsAnalyzed,
    partition: messages[0]?.partition ?? 0,
    messages,
    heartbeat: async () => undefined,
    isRunning: () => true,
  });

/** A migrated database per call, each closed and dropped after the file's tests. */
export function stageDatabases(): () => Promise<DatabaseHandle & { url: string }> {
  const opened: { testDb: TestDatabase; handle: DatabaseHandle }[] = [];
  afterAll(async () => {
    for (const { testDb, handle } of opened) {
      await handle.close();
      await testDb.drop();
    }
  });
  return async () => {
    const db = await migratedTestDatabase();
    opened.push(db);
    return { ...db.handle, url: db.testDb.url };
  };
}
