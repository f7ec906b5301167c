import { PantauError } from '@pantau/contracts';
import { and, asc, desc, eq, gt, gte, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { keptByExclusion } from '../coordination/queries.ts';
import { dailyTopicSentiment, dailyTopicVolume, posts, postTopics, topics } from '../schema.ts';
import { type DayWindow, rowsOf } from '../sql.ts';
import { addToTopicRollup } from './rollup.ts';

/** A topic with its back-fill progress. */
export interface Topic {
  id: number;
  name: string;
  query: string;
  createdAt: string;
  updatedAt: string;
  backfill: { state: string; total: number; processed: number; matched: number; error: string | null };
}

const toTopic = (r: typeof topics.$inferSelect): Topic => ({
  id: r.id,
  name: r.name,
  query: r.query,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  backfill: {
    state: r.backfillState,
    total: r.backfillTotal,
    processed: r.backfillProcessed,
    matched: r.backfillMatched,
    error: r.backfillError,
  },
});

/** Whether an error (or its cause) is the database refusing a second topic of the same name. */
function isDuplicateName(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint, message } = e as { code?: unknown; constraint?: unknown; message?: unknown };
    if (code === '23505' && (constraint === 'topics_name_lower_key' || String(message).includes('topics_name_lower_key'))) return true;
  }
  return false;
}

/** Runs a topic write; a name another topic already has (in any case) is a CONFLICT naming `name`. */
async function uniqueName<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isDuplicateName(error)) throw error;
    throw new PantauError('CONFLICT', `name: a topic named "${name}" already exists (names are compared without case)`, {
      cause: error,
      details: { parameter: 'name' },
    });
  }
}

/** Creates a topic (its back-fill is pending until `backfillTopic` runs); a name already taken is a CONFLICT. */
export async function createTopic(db: Database, input: { name: string; query: string }): Promise<Topic> {
  const [row] = await uniqueName(input.name, () => db.insert(topics).values(input).returning());
  return toTopic(row as typeof topics.$inferSelect);
}

/** All topics, oldest first. */
export async function listTopics(db: Database): Promise<Topic[]> {
  return (await db.select().from(topics).orderBy(asc(topics.id))).map(toTopic);
}

/** One topic, or null. */
export async function getTopic(db: Database, id: number): Promise<Topic | null> {
  const [row] = await db.select().from(topics).where(eq(topics.id, id));
  return row ? toTopic(row) : null;
}

/**
 * Renames or re-queries a topic; a new query drops the old matches and makes the back-fill pending again. A name
 * another topic already has is a CONFLICT.
 */
export async function updateTopic(
  db: Database,
  id: number,
  change: { name?: string | undefined; query?: string | undefined },
): Promise<Topic | null> {
  return uniqueName(change.name, () =>
    db.transaction(async (tx) => {
      const [current] = await tx.select().from(topics).where(eq(topics.id, id)).for('update');
      if (!current) return null;
      const requery = change.query !== undefined && change.query !== current.query;
      if (requery) {
        await tx.delete(postTopics).where(eq(postTopics.topicId, id));
        await tx.delete(dailyTopicSentiment).where(eq(dailyTopicSentiment.topicId, id));
        await tx.delete(dailyTopicVolume).where(eq(dailyTopicVolume.topicId, id));
      }
      const [row] = await tx
        .update(topics)
        .set({
          ...(change.name !== undefined ? { name: change.name } : {}),
          ...(requery
            ? {
                query: change.query,
                backfillState: 'pending',
                backfillTotal: 0,
                backfillProcessed: 0,
                backfillMatched: 0,
                backfillError: null,
              }
            : {}),
          updatedAt: new Date(),
        })
        .where(eq(topics.id, id))
        .returning();
      return row ? toTopic(row) : null;
    }),
  );
}

/** Deletes a topic and its matches; false when it did not exist. */
export async function deleteTopic(db: Database, id: number): Promise<boolean> {
  const rows = await db.delete(topics).where(eq(topics.id, id)).returning({ id: topics.id });
  return rows.length > 0;
}

/** Id and query of every topic, for tagging posts as they arrive. */
export async function topicQueries(db: Database): Promise<{ id: number; query: string }[]> {
  return db.select({ id: topics.id, query: topics.query }).from(topics).orderBy(asc(topics.id));
}

/**
 * Tags stored posts with a topic, in id order and in chunks, recording progress on the topic row.
 * Idempotent: a post already tagged (by analysis or an earlier run) is not tagged twice.
 * Resolves to null when the topic is deleted while it runs (the back-fill stops; not an error).
 */
export async function backfillTopic(
  db: Database,
  topicId: number,
  matches: (text: string) => boolean,
  options: { chunkSize?: number; query?: string } = {},
): Promise<Topic | null> {
  const chunkSize = options.chunkSize ?? 2_000;
  const [{ total } = { total: 0 }] = await db.select({ total: sql<number>`count(*)::int` }).from(posts);
  await db
    .update(topics)
    .set({ backfillState: 'running', backfillTotal: Number(total), backfillProcessed: 0, backfillMatched: 0, backfillError: null })
    .where(eq(topics.id, topicId));
  let lastId = 0;
  let processed = 0;
  let matched = 0;
  try {
    for (;;) {
      const current = await getTopic(db, topicId);
      // Deleted, or re-queried while running: a newer back-fill takes over.
      if (!current || (options.query !== undefined && current.query !== options.query)) return current;
      const rows = await db
        .select({ id: posts.id, text: posts.text, day: posts.day })
        .from(posts)
        .where(gt(posts.id, lastId))
        .orderBy(asc(posts.id))
        .limit(chunkSize);
      if (rows.length === 0) break;
      lastId = rows[rows.length - 1]?.id ?? lastId;
      const hits = rows.filter((r) => matches(r.text)).map((r) => ({ postId: r.id, topicId, day: r.day }));
      if (hits.length > 0) {
        // The tags and the topic rollup in one transaction; a post already tagged is neither tagged nor counted again.
        const tagged = await db.transaction(async (tx) => {
          // The topic row is locked first: a delete since the check above stops the back-fill here (rather than failing
          // the insert on its foreign key), and a delete from now on waits for this chunk and then removes its tags.
          const held = await tx.execute(sql`select id from topics where id = ${topicId} for key share`);
          if (rowsOf(held).length === 0) return false;
          const inserted = await tx.insert(postTopics).values(hits).onConflictDoNothing().returning({ postId: postTopics.postId });
          await addToTopicRollup(tx, { topicIds: inserted.map(() => topicId), postIds: inserted.map((t) => t.postId) });
          return true;
        });
        if (!tagged) return null;
      }
      processed += rows.length;
      matched += hits.length;
      await db.update(topics).set({ backfillProcessed: processed, backfillMatched: matched }).where(eq(topics.id, topicId));
    }
    await db
      .update(topics)
      .set({ backfillState: 'done', backfillTotal: Math.max(processed, Number(total)) })
      .where(eq(topics.id, topicId));
  } catch (error) {
    await db
      .update(topics)
      .set({ backfillState: 'failed', backfillError: error instanceof Error ? error.message.slice(0, 500) : String(error) })
      .where(eq(topics.id, topicId));
    throw error;
  }
  return getTopic(db, topicId);
}

/** What a query would match in a window, before it is saved: counts and the ids of the newest matches. */
export interface TopicPreview {
  /** Posts of the window (after its filters), and how many of them were read. */
  postsInWindow: number;
  scanned: number;
  /** Posts read that the query matches. */
  matched: number;
  /** Ids of the newest matching posts, newest first. */
  sampleIds: number[];
}

/**
 * Runs a topic matcher over a window's stored posts, newest first, in chunks, reading at most `maxPosts` (a window
 * larger than that is previewed on its newest posts, and `scanned` says so). Reads only; nothing is tagged.
 */
export async function previewTopic(
  db: Database,
  window: DayWindow,
  matches: (text: string) => boolean,
  options: { sample: number; maxPosts: number; chunkSize?: number },
): Promise<TopicPreview> {
  const chunkSize = options.chunkSize ?? 2_000;
  const filters: (SQL | undefined)[] = [
    gte(posts.day, window.from),
    lte(posts.day, window.to),
    window.platform ? eq(posts.platform, window.platform) : undefined,
    window.excludeCoordinated ? keptByExclusion(window, sql`${posts.id}`) : undefined,
  ];
  const [{ n } = { n: 0 }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(posts)
    .where(and(...filters));
  const sampleIds: number[] = [];
  let scanned = 0;
  let matched = 0;
  let after: { publishedAt: Date; id: number } | null = null;
  while (scanned < options.maxPosts) {
    const rows: { id: number; text: string; publishedAt: Date }[] = await db
      .select({ id: posts.id, text: posts.text, publishedAt: posts.publishedAt })
      .from(posts)
      .where(
        and(
          ...filters,
          after
            ? or(lt(posts.publishedAt, after.publishedAt), and(eq(posts.publishedAt, after.publishedAt), lt(posts.id, after.id)))
            : undefined,
        ),
      )
      .orderBy(desc(posts.publishedAt), desc(posts.id))
      .limit(Math.min(chunkSize, options.maxPosts - scanned));
    if (rows.length === 0) break;
    for (const row of rows) {
      if (!matches(row.text)) continue;
      matched++;
      if (sampleIds.length < options.sample) sampleIds.push(row.id);
    }
    scanned += rows.length;
    const last = rows[rows.length - 1];
    if (!last) break;
    after = { publishedAt: last.publishedAt, id: last.id };
  }
  return { postsInWindow: Number(n), scanned, matched, sampleIds };
}
