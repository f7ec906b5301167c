import { addDays, jakartaDay, PantauError } from '@pantau/contracts';
import { type SQL, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/audit.ts';
import type { Database } from '../client.ts';
import { subtractEmotions } from '../emotions/write.ts';
import { subtractFromLanguageRollup } from '../languages/queries.ts';
import { COUNTS, ENGAGEMENT_COUNTS, LABEL_COUNTS, ROLLUP_COUNTS, subtractAgg } from '../rollup-columns.ts';
import { arrayParam, rowsOf } from '../sql.ts';
import { subtractFromTopicRollup } from '../topics/rollup.ts';
import { rebuildVolume } from '../volume/queries.ts';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

const n = (v: unknown) => Number(v ?? 0);

/** What forgetting an author did. */
export interface ForgetResult {
  /** The full pseudonym(s) forgotten (a 16-hex prefix, as the API shows authors, resolves to one). */
  pseudonym: string;
  postsDeleted: number;
  /** Jakarta days whose rollups were adjusted. */
  days: string[];
  /** Stored reports deleted because they counted or quoted the author's posts (rebuilt on the next request). */
  reportsDeleted: number;
  auditId: number;
}

const PSEUDONYM = /^[0-9a-f]{16,64}$/;

// The key of an `api-key:<id>` requester, for the audit chain row that mirrors the privacy audit row.
const keyIdOf = (requestedBy: string) => (requestedBy.startsWith('api-key:') ? requestedBy.slice('api-key:'.length) : null);

function checkedPseudonym(value: string): string {
  const given = value.toLowerCase();
  if (!PSEUDONYM.test(given)) {
    throw new PantauError('INVALID_INPUT', 'pseudonym: 16 to 64 hex characters (an author pseudonym or its prefix)', {
      details: { parameter: 'pseudonym' },
    });
  }
  return given;
}

/** The whole pseudonym a 16-to-64-hex prefix names; an error when the prefix matches several authors. */
async function resolvePseudonym(tx: Tx, given: string): Promise<string> {
  if (given.length === 64) return given;
  const matches = rowsOf(
    await tx.execute(sql`select distinct author_pseudonym as pseudonym from posts
      where author_pseudonym >= ${given} and author_pseudonym < ${`${given}g`} limit 2`),
  ).map((r) => String(r.pseudonym));
  if (matches.length > 1) {
    throw new PantauError('INVALID_INPUT', `pseudonym: the prefix ${given} matches several authors; give more characters`, {
      details: { parameter: 'pseudonym' },
    });
  }
  return matches[0] ?? given;
}

/** One stored post of an author, as a data-subject access request returns it. */
export interface HeldPost {
  platform: string;
  externalId: string;
  publishedAt: string;
  text: string | null;
  url: string | null;
  label: string | null;
}

/** What is held of an author: every stored post with its derived label, and the audit row of the request. */
export interface AccessResult {
  pseudonym: string;
  posts: HeldPost[];
  auditId: number;
}

/**
 * A data-subject access request: every stored post of an author pseudonym (text as stored, after redaction; null
 * where retention removed it) with its sentiment label, recorded in the privacy audit (`access`) and the audit chain.
 */
export async function accessAuthor(db: Database, options: { pseudonym: string; requestedBy: string }): Promise<AccessResult> {
  const given = checkedPseudonym(options.pseudonym);
  return db.transaction(async (tx) => {
    const pseudonym = await resolvePseudonym(tx, given);
    const posts = rowsOf(
      await tx.execute(sql`
        select p.platform, p.external_id, p.published_at, p.text, p.url,
          (select l.label from sentiment_labels l where l.post_id = p.id order by l.model_version desc limit 1) as label
        from posts p where p.author_pseudonym = ${pseudonym} order by p.published_at, p.id`),
    ).map(
      (r): HeldPost => ({
        platform: String(r.platform),
        externalId: String(r.external_id),
        publishedAt: new Date(String(r.published_at)).toISOString(),
        text: r.text === null ? null : String(r.text),
        url: r.url === null ? null : String(r.url),
        label: r.label === null ? null : String(r.label),
      }),
    );
    const [audit] = rowsOf(
      await tx.execute(sql`
        insert into privacy_audit (action, author_pseudonym, posts_affected, requested_by, detail)
        values ('access', ${pseudonym}, ${posts.length}, ${options.requestedBy}, '{}'::jsonb)
        returning id`),
    );
    await appendAudit(tx, [
      {
        keyId: keyIdOf(options.requestedBy),
        action: 'privacy.access',
        detail: { privacyAuditId: n(audit?.id), pseudonym, postsAffected: posts.length, requestedBy: options.requestedBy },
      },
    ]);
    return { pseudonym, posts, auditId: n(audit?.id) };
  });
}

/**
 * Deletes every post of an author pseudonym and everything derived from them (labels, keywords, topic tags, duplicate
 * records), subtracts them from the daily rollups so the served figures equal a recount of what is stored, drops the
 * stored reports that counted or quoted them, and records an audit row (the pseudonym, never a handle) — in one
 * transaction. `pseudonym` is the 64-hex pseudonym or a prefix of at least 16 hex (as the API shows it).
 */
export async function forgetAuthor(db: Database, options: { pseudonym: string; requestedBy: string }): Promise<ForgetResult> {
  const given = checkedPseudonym(options.pseudonym);
  return db.transaction(async (tx) => {
    const pseudonym = await resolvePseudonym(tx, given);
    // The coordination stage's tables hold no foreign keys to posts: it waits while the author's posts go, so it cannot
    // add a membership or a mark for one of them meanwhile.
    await tx.execute(sql`lock table post_clusters, coordinated_posts in share mode`);
    const gone = rowsOf(
      await tx.execute(sql`
        select id, platform, external_id, to_char(day, 'YYYY-MM-DD') as day from posts
        where author_pseudonym = ${pseudonym} order by id for update`),
    );
    const ids = gone.map((r) => n(r.id));
    const days = [...new Set(gone.map((r) => String(r.day)))].sort();
    let reportsDeleted = 0;
    if (ids.length > 0) {
      const clusterIds = rowsOf(
        await tx.execute(sql`select distinct cluster_id from post_clusters where post_id = any(${arrayParam(ids)}::bigint[])`),
      ).map((r) => n(r.cluster_id));
      await subtractFromRollups(tx, ids, days, 'all');
      await subtractFromRollups(tx, ids, days, 'coordinated');
      await subtractFromTopicRollup(tx, ids, days);
      await subtractFromLanguageRollup(tx, ids, days);
      await subtractEmotions(tx, ids, days);
      // A duplicate of a forgotten post is a record of that post too.
      await tx.execute(sql`
        delete from exclusions e using unnest(${arrayParam(gone.map((r) => String(r.platform)))}::text[],
          ${arrayParam(gone.map((r) => String(r.external_id)))}::text[]) as g(platform, external_id)
        where e.platform = g.platform and e.external_id = g.external_id`);
      // Labels, keywords and topic tags go with the posts (on delete cascade); group memberships and marks are deleted here.
      await tx.execute(sql`delete from coordinated_posts where post_id = any(${arrayParam(ids)}::bigint[])`);
      await tx.execute(sql`delete from post_clusters where post_id = any(${arrayParam(ids)}::bigint[])`);
      await tx.execute(sql`delete from posts where id = any(${arrayParam(ids)}::bigint[])`);
      // An author sketch cannot take an author away: the days' volume rows are recounted from the posts left.
      await rebuildVolume(tx, { days });
      if (clusterIds.length > 0) await refreshClusters(tx, clusterIds);
      // A report counts its day and quotes it for the 14 days after (series, week comparisons); rebuilt on request.
      const last = addDays(days[days.length - 1] as string, 14);
      const deleted = rowsOf(await tx.execute(sql`delete from reports where day between ${days[0]} and ${last} returning id`));
      reportsDeleted = deleted.length;
    }
    const [audit] = rowsOf(
      await tx.execute(sql`
        insert into privacy_audit (action, author_pseudonym, posts_affected, requested_by, detail)
        values ('forget', ${pseudonym}, ${ids.length}, ${options.requestedBy},
          ${JSON.stringify({ days, reportsDeleted, ...(given !== pseudonym ? { requestedAs: given } : {}) })}::jsonb)
        returning id`),
    );
    await appendAudit(tx, [
      {
        keyId: keyIdOf(options.requestedBy),
        action: 'privacy.forget',
        detail: { privacyAuditId: n(audit?.id), pseudonym, postsAffected: ids.length, requestedBy: options.requestedBy },
      },
    ]);
    return { pseudonym, postsDeleted: ids.length, days, reportsDeleted, auditId: n(audit?.id) };
  });
}

/**
 * Subtracts posts (by id, still stored) from the sentiment and keyword rollups — all of them (`all`), or those of them in
 * coordinated clusters from the coordinated rollups (`coordinated`); rows left with no posts are removed.
 */
export async function subtractFromRollups(
  tx: Tx,
  ids: readonly number[],
  days: readonly string[],
  scope: 'all' | 'coordinated',
): Promise<void> {
  const idList = sql`${arrayParam(ids)}::bigint[]`;
  const dayList = sql`${arrayParam(days)}::date[]`;
  const coordinated = scope === 'coordinated';
  const onlyCoordinated = coordinated ? sql`join coordinated_posts cp on cp.post_id = p.id` : sql``;
  const sentimentTable = coordinated ? sql`daily_coordinated_sentiment` : sql`daily_sentiment`;
  const keywordTable = coordinated ? sql`daily_coordinated_keywords` : sql`daily_keywords`;
  // The coordinated rollup keeps no redaction counts.
  const sentimentCounts = coordinated ? ENGAGEMENT_COUNTS : COUNTS;
  await tx.execute(sql`
    with agg as (
      select p.day, p.platform, l.model_version, ${ROLLUP_COUNTS}
      from posts p join sentiment_labels l on l.post_id = p.id ${onlyCoordinated}
      where p.id = any(${idList})
      group by p.day, p.platform, l.model_version
      order by p.day, p.platform, l.model_version
    )
    update ${sentimentTable} d set ${subtractAgg(sentimentCounts)}
    from agg a where d.day = a.day and d.platform = a.platform and d.model_version = a.model_version`);
  await tx.execute(sql`
    with agg as (
      select p.day, p.platform, l.model_version, k.key, count(*) as posts,
        count(*) filter (where l.label = 'negative') as negative, count(*) filter (where l.label = 'neutral') as neutral,
        count(*) filter (where l.label = 'positive') as positive, count(*) filter (where l.label = 'uncertain') as uncertain
      from posts p join sentiment_labels l on l.post_id = p.id cross join lateral unnest(p.keywords) as k(key) ${onlyCoordinated}
      where p.id = any(${idList})
      group by p.day, p.platform, l.model_version, k.key
    )
    update ${keywordTable} d set ${subtractAgg(LABEL_COUNTS)}
    from agg a where d.day = a.day and d.platform = a.platform and d.model_version = a.model_version and d.key = a.key`);
  await tx.execute(sql`delete from ${sentimentTable} where day = any(${dayList}) and posts <= 0`);
  await tx.execute(sql`delete from ${keywordTable} where day = any(${dayList}) and posts <= 0`);
}

/**
 * After posts left clusters: each cluster's size, distinct authors, time span and representative text (the earliest
 * remaining post's, so no forgotten text stays quoted) are recounted from what is stored; an empty cluster is deleted; a
 * cluster left with fewer distinct authors than its rule's k is no longer coordinated, and its posts that no other
 * coordinated cluster holds leave the coordinated rollups.
 */
async function refreshClusters(tx: Tx, clusterIds: readonly number[]): Promise<void> {
  const ids = sql`${arrayParam(clusterIds)}::bigint[]`;
  await tx.execute(sql`delete from coordination_clusters c where c.id = any(${ids})
    and not exists (select 1 from post_clusters pc where pc.cluster_id = c.id)`);
  await recountClusterAuthors(tx, ids);
  await tx.execute(sql`
    update coordination_clusters c set size = s.size, distinct_authors = s.authors, first_at = s.first_at, last_at = s.last_at,
      first_day = s.first_day, last_day = s.last_day, representative_text = s.text,
      coordinated = c.coordinated and s.authors >= c.min_authors
    from (
      select pc.cluster_id, count(*) as size, count(distinct p.author_pseudonym) as authors, min(p.published_at) as first_at,
        max(p.published_at) as last_at, min(p.day) as first_day, max(p.day) as last_day,
        (array_agg(p.text order by p.published_at, p.id))[1] as text
      from post_clusters pc join posts p on p.id = pc.post_id
      where pc.cluster_id = any(${ids}) group by pc.cluster_id
    ) s
    where c.id = s.cluster_id`);
  const demoted = rowsOf(
    await tx.execute(sql`
      select cp.post_id, to_char(cp.day, 'YYYY-MM-DD') as day from coordinated_posts cp
      join post_clusters pc on pc.post_id = cp.post_id and pc.cluster_id = any(${ids})
      where not exists (
        select 1 from post_clusters other join coordination_clusters oc on oc.id = other.cluster_id
        where other.post_id = cp.post_id and oc.coordinated)`),
  );
  // Which rule still flags each remaining post (a row stays while one does).
  await tx.execute(sql`
    update coordinated_posts cp set
      coposting = exists (select 1 from post_clusters o join coordination_clusters oc on oc.id = o.cluster_id
        where o.post_id = cp.post_id and oc.coordinated and oc.kind <> 'repeated'),
      repeated = exists (select 1 from post_clusters o join coordination_clusters oc on oc.id = o.cluster_id
        where o.post_id = cp.post_id and oc.coordinated and oc.kind = 'repeated')
    where cp.post_id in (select post_id from post_clusters where cluster_id = any(${ids}))`);
  if (demoted.length === 0) return;
  const postIds = [...new Set(demoted.map((r) => n(r.post_id)))];
  await subtractFromRollups(tx, postIds, [...new Set(demoted.map((r) => String(r.day)))], 'coordinated');
  await tx.execute(sql`delete from coordinated_posts where post_id = any(${arrayParam(postIds)}::bigint[])`);
}

/** Each cluster's authors listed again from its remaining members (what the coordination stage adds new authors to). */
async function recountClusterAuthors(tx: Tx, ids: SQL): Promise<void> {
  await tx.execute(sql`delete from cluster_authors where cluster_id = any(${ids})`);
  await tx.execute(sql`
    insert into cluster_authors (cluster_id, author_pseudonym)
    select distinct pc.cluster_id, p.author_pseudonym from post_clusters pc join posts p on p.id = pc.post_id
    where pc.cluster_id = any(${ids})
    order by 1, 2`);
}

/** What a retention run did (or, dry, would do). */
export interface RetentionResult {
  /** Posts published before this Jakarta day lose their text, url and author pseudonym. */
  before: string;
  posts: number;
  oldestDay: string | null;
  reportsScrubbed: number;
  dryRun: boolean;
  auditId: number | null;
}

/**
 * Removes the text, url and author pseudonym of posts whose Jakarta day is more than `days` days before today; every
 * count, label, keyword and rollup stays. Each author of a day gets a fresh random token instead of the pseudonym, so
 * a day's distinct-author count stays right while nothing links the posts to a person or across days. Example posts
 * in stored reports of those days are scrubbed too. One transaction, with an audit row when anything changed.
 */
export async function applyRetention(
  db: Database,
  options: { days: number; now?: number; dryRun?: boolean; requestedBy: string },
): Promise<RetentionResult> {
  if (!Number.isInteger(options.days) || options.days < 1) {
    throw new PantauError('INVALID_INPUT', 'days: a whole number of days, at least 1', { details: { parameter: 'days' } });
  }
  const before = addDays(jakartaDay(options.now ?? Date.now()), -options.days);
  const dryRun = options.dryRun ?? false;
  return db.transaction(async (tx) => {
    const [pending] = rowsOf(
      await tx.execute(sql`
        select count(*) as posts, to_char(min(day), 'YYYY-MM-DD') as oldest from posts
        where day < ${before} and text_removed_at is null`),
    );
    const posts = n(pending?.posts);
    const oldestDay = pending?.oldest ? String(pending.oldest) : null;
    const [reports] = rowsOf(
      await tx.execute(sql`
        select count(*) as n from reports where day < ${before} and not coalesce((content->>'examplesRemoved')::boolean, false)`),
    );
    const reportsScrubbed = n(reports?.n);
    if (dryRun || (posts === 0 && reportsScrubbed === 0)) return { before, posts, oldestDay, reportsScrubbed, dryRun, auditId: null };
    // The groups holding these posts list their authors again afterwards: no pseudonym stays tied to a group through them.
    const clusterIds = rowsOf(
      await tx.execute(sql`
        select distinct pc.cluster_id from posts p join post_clusters pc on pc.post_id = p.id
        where p.day < ${before} and p.text_removed_at is null`),
    ).map((r) => n(r.cluster_id));
    await tx.execute(sql`
      with authors as (
        select day, author_pseudonym, 'removed:' || gen_random_uuid()::text as token
        from (select distinct day, author_pseudonym from posts where day < ${before} and text_removed_at is null) d
      )
      update posts p set text = '', url = null, author_pseudonym = a.token, text_removed_at = now()
      from authors a
      where p.day = a.day and p.author_pseudonym = a.author_pseudonym and p.day < ${before} and p.text_removed_at is null`);
    if (clusterIds.length > 0) await recountClusterAuthors(tx, sql`${arrayParam(clusterIds)}::bigint[]`);
    await tx.execute(sql`
      update reports set content = jsonb_set(
        jsonb_set(content, '{examplesRemoved}', 'true'::jsonb),
        '{spikes}',
        coalesce((
          select jsonb_agg(jsonb_set(s, '{examples}', coalesce((
            select jsonb_agg(e || '{"text": null, "author": null, "url": null, "removed": "retention"}'::jsonb)
            from jsonb_array_elements(s->'examples') e), '[]'::jsonb)))
          from jsonb_array_elements(content->'spikes') s), '[]'::jsonb))
      where day < ${before} and not coalesce((content->>'examplesRemoved')::boolean, false)`);
    // A cluster quotes one of its posts: once its last post is past retention, the quote goes too.
    await tx.execute(
      sql`update coordination_clusters set representative_text = '' where last_day < ${before} and representative_text <> ''`,
    );
    const [audit] = rowsOf(
      await tx.execute(sql`
        insert into privacy_audit (action, author_pseudonym, posts_affected, requested_by, detail)
        values ('retention', null, ${posts}, ${options.requestedBy},
          ${JSON.stringify({ before, retentionDays: options.days, oldestDay, reportsScrubbed })}::jsonb)
        returning id`),
    );
    await appendAudit(tx, [
      {
        keyId: keyIdOf(options.requestedBy),
        action: 'privacy.retention',
        detail: { privacyAuditId: n(audit?.id), before, postsAffected: posts, requestedBy: options.requestedBy },
      },
    ]);
    return { before, posts, oldestDay, reportsScrubbed, dryRun, auditId: n(audit?.id) };
  });
}

/** One row of the privacy audit table. */
export interface PrivacyAuditRow {
  id: number;
  at: string;
  action: string;
  authorPseudonym: string | null;
  postsAffected: number;
  requestedBy: string;
  detail: Record<string, unknown>;
}

/** The latest privacy audit rows, newest first. */
export async function privacyAuditLog(db: Database, limit = 100): Promise<PrivacyAuditRow[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select id, at, action, author_pseudonym, posts_affected, requested_by, detail from privacy_audit order by id desc limit ${limit}`),
  );
  return rows.map((r) => ({
    id: n(r.id),
    at: new Date(r.at as string).toISOString(),
    action: String(r.action),
    authorPseudonym: r.author_pseudonym === null ? null : String(r.author_pseudonym),
    postsAffected: n(r.posts_affected),
    requestedBy: String(r.requested_by),
    detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as Record<string, unknown>,
  }));
}
