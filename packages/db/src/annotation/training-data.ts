import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { rowsOf } from '../sql.ts';

/**
 * Stored Indonesian posts that no annotation task sampled and whose text retention kept: candidates for pseudo-labels.
 * A seeded random subset of at most `limit` (by the MD5 of the seed and the post id), so a run with the same seed and
 * the same posts reads the same texts.
 */
export async function unlabelledPostTexts(
  db: Database,
  query: { seed: number; limit: number },
): Promise<{ postId: string; text: string }[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select p.id, p.text from posts p
      where p.lang = 'id' and p.text_removed_at is null
        and not exists (select 1 from annotation_task_items i where i.post_id = p.id)
      order by md5(${String(query.seed)} || ':' || p.id::text), p.id
      limit ${query.limit}`),
  );
  return rows.map((r) => ({ postId: String(r.id), text: String(r.text) }));
}
