import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { type DayWindow, rowsOf } from '../sql.ts';

/** One group of near-identical texts (the repeated-text grouping) with its posts in a window. */
export interface RepeatedText {
  id: number;
  /** The earliest post's text. */
  text: string;
  /** Posts of the group in the window (and topic, platform). */
  postsInWindow: number;
  /** Distinct author pseudonyms among them. */
  authorsInWindow: number;
  /** Posts and distinct authors of the whole group (every day). */
  size: number;
  distinctAuthors: number;
  firstAt: string;
  lastAt: string;
  /** True once the group reached the repeated-text rule's k authors: its posts count as coordinated. */
  flagged: boolean;
  minAuthors: number;
  windowSeconds: number;
}

const n = (v: unknown) => Number(v ?? 0);
const iso = (v: unknown) => new Date(v as string).toISOString();

/**
 * The repeated-text groups with posts in a window (and topic, platform), the flagged ones first, then most authors in
 * the window first, paged by offset. The same grouping the repeated-text rule flags; groups of two or more posts.
 */
export async function repeatedTexts(
  db: Database,
  query: DayWindow & { limit: number; offset: number; flaggedOnly?: boolean },
): Promise<RepeatedText[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select c.id, c.representative_text, c.size, c.distinct_authors, c.first_at, c.last_at, c.coordinated, c.min_authors,
        c.window_seconds, w.posts, w.authors
      from coordination_clusters c
      join (select pc.cluster_id, count(*) as posts, count(distinct p.author_pseudonym) as authors
            from post_clusters pc join posts p on p.id = pc.post_id
            where pc.kind = 'repeated' and p.day between ${query.from} and ${query.to}
              ${query.platform ? sql`and p.platform = ${query.platform}` : sql``}
              ${query.topicId !== undefined ? sql`and exists (select 1 from post_topics pt where pt.post_id = p.id and pt.topic_id = ${query.topicId})` : sql``}
            group by pc.cluster_id) w on w.cluster_id = c.id
      where c.kind = 'repeated' and c.last_day >= ${query.from} and c.first_day <= ${query.to}
        ${query.flaggedOnly ? sql`and c.coordinated` : sql``}
      order by c.coordinated desc, w.authors desc, w.posts desc, c.id
      limit ${query.limit} offset ${query.offset}`),
  );
  return rows.map((r) => ({
    id: n(r.id),
    text: String(r.representative_text),
    postsInWindow: n(r.posts),
    authorsInWindow: n(r.authors),
    size: n(r.size),
    distinctAuthors: n(r.distinct_authors),
    firstAt: iso(r.first_at),
    lastAt: iso(r.last_at),
    flagged: Boolean(r.coordinated),
    minAuthors: n(r.min_authors),
    windowSeconds: n(r.window_seconds),
  }));
}

/** Posts of a window flagged by each rule (a post may be flagged by both), before any exclusion. */
export async function coordinatedByRule(db: Database, window: DayWindow): Promise<{ coposting: number; repeated: number }> {
  const scoped = window.platform !== undefined || window.topicId !== undefined;
  const [r] = rowsOf(
    await db.execute(sql`
      select count(*) filter (where cp.coposting) as coposting, count(*) filter (where cp.repeated) as repeated
      from coordinated_posts cp ${scoped ? sql`join posts p on p.id = cp.post_id` : sql``}
      where cp.day between ${window.from} and ${window.to}
        ${window.platform ? sql`and p.platform = ${window.platform}` : sql``}
        ${window.topicId !== undefined ? sql`and exists (select 1 from post_topics pt where pt.post_id = cp.post_id and pt.topic_id = ${window.topicId})` : sql``}`),
  );
  return { coposting: n(r?.coposting), repeated: n(r?.repeated) };
}
