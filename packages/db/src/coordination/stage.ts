import { type CoordinationIndex, type GroupEdge, type GroupKind, type GroupPlan, type IndexedPost, planGroups } from '@pantau/text';
import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { addExcluded, ENGAGEMENT_COUNTS, LABEL_COUNTS } from '../rollup-columns.ts';
import { arrayParam, rowsOf, selectRows } from '../sql.ts';

/**
 * The coordination rules: co-posting (near-duplicates or one shared link from k authors within w seconds) and, when
 * set, repeated text (near-duplicates from k' authors within a day).
 */
export interface CoordinationRule {
  minAuthors: number;
  windowSeconds: number;
  similarity: number;
  /** The repeated-text rule; absent: not applied. */
  repeated?: { minAuthors: number; windowSeconds: number };
}

/** What one coordination batch changed. */
export interface CoordinationResult {
  /** Groups created, joined or merged into. */
  groupsTouched: number;
  /** Posts newly counted as coordinated under some rule. */
  newlyCoordinated: number;
  /** The id each plan's posts ended in, in plan order. */
  targets: number[];
}

/** The rule flagging posts of a grouping: co-posting for `text` and `link`, repeated text for `repeated`. */
export const ruleOfKind = (kind: GroupKind): 'coposting' | 'repeated' => (kind === 'repeated' ? 'repeated' : 'coposting');

/**
 * Writes one batch of the coordination stage in one transaction with a fixed number of statements whatever the batch
 * size: new groups, merges, memberships, group figures, and the posts of groups that reached their rule's k authors,
 * marked coordinated (per rule) and added once to the coordinated rollups. Idempotent: a batch written again (after a
 * crash before its offsets were committed) finds its memberships and marks in place and adds nothing twice.
 */
export async function writeCoordinationBatch(
  db: Database,
  rule: CoordinationRule,
  plans: readonly GroupPlan[],
): Promise<CoordinationResult> {
  if (plans.length === 0) return { groupsTouched: 0, newlyCoordinated: 0, targets: [] };
  const repeated = rule.repeated ?? { minAuthors: 2_147_483_647, windowSeconds: 0 };
  return db.transaction(async (tx) => {
    // Each statement is planned afresh and costed high enough for JIT compilation, which took longer than running it.
    // Every statement here reads rows by key, a batch's worth, from tables in memory: costed as disk reads, lookups of a
    // few thousand keys were planned as whole scans of posts and of the memberships, each batch.
    await tx.execute(sql`select set_config('jit', 'off', true), set_config('random_page_cost', '1.1', true)`);
    const targets = plans.map((p) => p.target);
    const fresh = plans.map((p, i) => ({ p, i })).filter((x) => x.p.target === null);
    if (fresh.length > 0) {
      const created = (
        await selectRows(
          tx,
          sql<{ id: number }>`
          insert into coordination_clusters (kind, link, first_at, last_at, first_day, last_day, representative_text,
            similarity_threshold, min_authors, window_seconds)
          select k, l, now(), now(), current_date, current_date, '', ${rule.similarity}::real, 0, 0
          from unnest(${arrayParam(fresh.map((x) => x.p.kind))}::text[], ${arrayParam(fresh.map((x) => x.p.link))}::text[])
            with ordinality as t(k, l, i)
          order by i
          returning id`,
        )
      )
        .map((r) => Number(r.id))
        // Serial ids are handed out in insertion order.
        .sort((x, y) => x - y);
      fresh.forEach((x, j) => {
        targets[x.i] = created[j] as number;
      });
    }
    const target = (i: number) => targets[i] as number;
    const merges = plans.flatMap((p, i) => p.merged.map((from) => ({ from, to: target(i) })));
    if (merges.length > 0) {
      await tx.execute(sql`
        update post_clusters pc set cluster_id = m.to_id
        from unnest(${arrayParam(merges.map((m) => m.from))}::bigint[], ${arrayParam(merges.map((m) => m.to))}::bigint[]) as m(from_id, to_id)
        where pc.cluster_id = m.from_id`);
      // The absorbed groups' authors join the target's; their own rows go with the groups.
      await tx.execute(sql`
        insert into cluster_authors (cluster_id, author_pseudonym)
        select m.to_id, ca.author_pseudonym
        from unnest(${arrayParam(merges.map((m) => m.from))}::bigint[], ${arrayParam(merges.map((m) => m.to))}::bigint[]) as m(from_id, to_id)
        join cluster_authors ca on ca.cluster_id = m.from_id
        order by 1, 2
        on conflict do nothing`);
      await tx.execute(sql`delete from cluster_authors where cluster_id = any(${arrayParam(merges.map((m) => m.from))}::bigint[])`);
      await tx.execute(sql`delete from coordination_clusters where id = any(${arrayParam(merges.map((m) => m.from))}::bigint[])`);
    }
    const members = plans.flatMap((p, i) => p.loose.map((postId) => ({ postId, kind: p.kind, group: target(i) })));
    const touched = [...new Set(targets as number[])];
    const absorbed = plans.flatMap((p, i) => (p.merged.length > 0 ? [target(i)] : []));
    // What the members inserted now add to each group: their count, the authors new to it (their rows inserted into
    // cluster_authors), their time span and earliest post. Nothing for a batch written again (its members are in place).
    type Added = {
      group: number;
      size: number;
      authors: number;
      firstAt: string;
      lastAt: string;
      firstDay: string;
      lastDay: string;
      firstId: number;
      /** The earliest new member was published at the group's stored first time: which is earlier takes the ids. */
      tie: boolean;
    };
    let added: Added[] = [];
    if (members.length > 0) {
      // A post deleted since it was analysed (privacy deletion) has no row to reference and is skipped.
      added = await selectRows(
        tx,
        sql<Added>`
        with inserted as (
          insert into post_clusters (post_id, kind, cluster_id)
          select m.post_id, m.kind, m.cluster_id
          from unnest(${arrayParam(members.map((m) => m.postId))}::bigint[], ${arrayParam(members.map((m) => m.kind))}::text[],
            ${arrayParam(members.map((m) => m.group))}::bigint[]) as m(post_id, kind, cluster_id)
          where exists (select 1 from posts p where p.id = m.post_id)
          order by 1, 2
          on conflict (post_id, kind) do nothing
          returning post_id, cluster_id
        ),
        rows as materialized (
          select i.cluster_id, p.id, p.published_at, p.day, p.author_pseudonym
          from inserted i join posts p on p.id = i.post_id
        ),
        authors as (
          insert into cluster_authors (cluster_id, author_pseudonym)
          select distinct cluster_id, author_pseudonym from rows order by 1, 2
          on conflict do nothing
          returning cluster_id
        ),
        new_authors as (select cluster_id, count(*) as n from authors group by 1),
        sums as (
          select cluster_id, count(*) as size, min(published_at) as first_at, max(published_at) as last_at, min(day) as first_day,
            max(day) as last_day, (array_agg(id order by published_at, id))[1] as first_id
          from rows group by 1
        )
        select s.cluster_id as "group", s.size::int as size, coalesce(na.n, 0)::int as authors, s.first_at::text as "firstAt",
          s.last_at::text as "lastAt", s.first_day::text as "firstDay", s.last_day::text as "lastDay", s.first_id as "firstId",
          s.first_at = c.first_at as tie
        from sums s join coordination_clusters c on c.id = s.cluster_id left join new_authors na on na.cluster_id = s.cluster_id`,
      );
    }
    // Groups created now, merged into, or whose earliest post may have changed at the same instant have their figures
    // counted from every member; the others (most, as a group grows batch after batch) add this batch's members to
    // their stored figures.
    const whole = new Set([...fresh.map((x) => target(x.i)), ...absorbed, ...added.filter((a) => a.tie).map((a) => Number(a.group))]);
    const addedTo = new Map(added.map((a) => [Number(a.group), a]));
    const grown = touched.filter((g) => !whole.has(g)).map((g) => ({ group: g, added: addedTo.get(g) }));

    // Repeated text counts authors within one window, not along a chain of pairs (a question asked once a day for two
    // weeks by different people is not repeated text): each touched group not yet flagged is scanned in time order.
    const reached: number[] = [];
    if (rule.repeated && plans.some((p) => p.kind === 'repeated')) {
      const rows = await selectRows(
        tx,
        sql<{ group: number; author: string; at: string }>`
          select pc.cluster_id as "group", p.author_pseudonym as author, p.published_at as at
          from post_clusters pc join coordination_clusters c on c.id = pc.cluster_id join posts p on p.id = pc.post_id
          where c.kind = 'repeated' and not c.coordinated and pc.cluster_id = any(${arrayParam(touched)}::bigint[])`,
      );
      const byGroup = new Map<number, { author: string; atMs: number }[]>();
      for (const m of rows) {
        const list = byGroup.get(Number(m.group)) ?? [];
        list.push({ author: m.author, atMs: new Date(m.at).getTime() });
        byGroup.set(Number(m.group), list);
      }
      for (const [group, list] of byGroup) {
        if (maxAuthorsWithin(list, rule.repeated.windowSeconds * 1000) >= rule.repeated.minAuthors) reached.push(group);
      }
    }

    // Figures (counted whole or added to, as above); a group whose distinct authors reach its rule's k becomes (and
    // stays) coordinated. Groups not coordinated before, or that absorbed others, have every post checked; the others
    // only their new members.
    const [marked] = await selectRows(
      tx,
      sql<{ n: number; newKeys: string | null }>`
      with before as (
        select id, coordinated from coordination_clusters where id = any(${arrayParam(touched)}::bigint[])
      ),
      figures as (
        update coordination_clusters c set size = s.size, distinct_authors = s.authors, first_at = s.first_at, last_at = s.last_at,
          first_day = s.first_day, last_day = s.last_day, representative_text = s.text, similarity_threshold = ${rule.similarity}::real,
          min_authors = case when c.kind = 'repeated' then ${repeated.minAuthors}::int else ${rule.minAuthors}::int end,
          window_seconds = case when c.kind = 'repeated' then ${repeated.windowSeconds}::int else ${rule.windowSeconds}::int end,
          coordinated = c.coordinated or case when c.kind = 'repeated' then c.id = any(${arrayParam(reached)}::bigint[])
            else s.authors >= ${rule.minAuthors}::int end
        from (
          -- The earliest post's id is kept per group and its text read once: sorting ids, not every member's text.
          select g.cluster_id, g.size, g.authors, g.first_at, g.last_at, g.first_day, g.last_day, rp.text
          from (
            select pc.cluster_id, count(*) as size, count(distinct p.author_pseudonym) as authors, min(p.published_at) as first_at,
              max(p.published_at) as last_at, min(p.day) as first_day, max(p.day) as last_day,
              (array_agg(p.id order by p.published_at, p.id))[1] as first_id
            from post_clusters pc join posts p on p.id = pc.post_id
            where pc.cluster_id = any(${arrayParam([...whole])}::bigint[])
            group by pc.cluster_id) g
          join posts rp on rp.id = g.first_id
          union all
          -- The other groups: their stored figures and what this batch added (nothing, for a batch written again).
          select c0.id, c0.size + coalesce(a.size, 0), c0.distinct_authors + coalesce(a.authors, 0), least(c0.first_at, a.first_at),
            greatest(c0.last_at, a.last_at), least(c0.first_day, a.first_day), greatest(c0.last_day, a.last_day),
            coalesce(rp.text, c0.representative_text)
          from unnest(${arrayParam(grown.map((g) => g.group))}::bigint[], ${arrayParam(grown.map((g) => g.added?.size ?? null))}::int[],
            ${arrayParam(grown.map((g) => g.added?.authors ?? null))}::int[], ${arrayParam(grown.map((g) => g.added?.firstAt ?? null))}::timestamptz[],
            ${arrayParam(grown.map((g) => g.added?.lastAt ?? null))}::timestamptz[], ${arrayParam(grown.map((g) => g.added?.firstDay ?? null))}::date[],
            ${arrayParam(grown.map((g) => g.added?.lastDay ?? null))}::date[], ${arrayParam(grown.map((g) => g.added?.firstId ?? null))}::bigint[])
            as a(cluster_id, size, authors, first_at, last_at, first_day, last_day, first_id)
          join coordination_clusters c0 on c0.id = a.cluster_id
          left join posts rp on rp.id = a.first_id and a.first_at < c0.first_at) s
        where c.id = s.cluster_id
        returning c.id, c.kind, c.coordinated
      ),
      -- The groups of this batch's posts, read by post (materialized: joined to the touched groups first, the planner
      -- read every member of those groups to find them).
      batch_memberships as materialized (
        select pc.post_id, pc.cluster_id from post_clusters pc
        where pc.post_id = any(${arrayParam(members.map((m) => m.postId))}::bigint[])
      ),
      -- Every post of a group coordinated now or that absorbed others; of the other coordinated groups, only the posts
      -- of this batch (found from the posts, not by reading each group whole).
      flagged_memberships as (
        select pc.post_id, f.kind
        from figures f join before b on b.id = f.id
        join post_clusters pc on pc.cluster_id = f.id
        where f.coordinated and (not b.coordinated or f.id = any(${arrayParam(absorbed)}::bigint[]))
        union
        select bm.post_id, f.kind
        from batch_memberships bm join figures f on f.id = bm.cluster_id
        where f.coordinated
      ),
      flagged as (
        -- Each post's day looked up by its id (joined, the planner scanned all posts for a batch's worth).
        select fm.post_id, (select p.day from posts p where p.id = fm.post_id) as day, bool_or(fm.kind <> 'repeated') as coposting,
          bool_or(fm.kind = 'repeated') as repeated
        from flagged_memberships fm
        group by fm.post_id
      ),
      marks as (
        insert into coordinated_posts (post_id, day, coposting, repeated)
        select post_id, day, coposting, repeated from flagged order by 1
        on conflict (post_id) do update set coposting = coordinated_posts.coposting or excluded.coposting,
          repeated = coordinated_posts.repeated or excluded.repeated
        where (excluded.coposting and not coordinated_posts.coposting) or (excluded.repeated and not coordinated_posts.repeated)
        returning post_id, (xmax = 0) as inserted
      ),
      newly as (select post_id from marks where inserted),
      -- The new posts with their labels, read once for both rollups.
      newly_posts as materialized (
        select p.day, p.platform, l.model_version, l.label, p.likes, p.replies, p.shares, p.views, p.keywords
        from newly n join posts p on p.id = n.post_id join sentiment_labels l on l.post_id = p.id
      ),
      sentiment as (
        insert into daily_coordinated_sentiment (day, platform, model_version, posts, negative, neutral, positive, uncertain,
          likes, replies, shares, views)
        select np.day, np.platform, np.model_version, count(*), count(*) filter (where np.label = 'negative'),
          count(*) filter (where np.label = 'neutral'), count(*) filter (where np.label = 'positive'),
          count(*) filter (where np.label = 'uncertain'), sum(np.likes), sum(np.replies), sum(np.shares), sum(np.views)
        from newly_posts np
        group by 1, 2, 3 order by 1, 2, 3
        on conflict (day, platform, model_version) do update set ${addExcluded('daily_coordinated_sentiment', ENGAGEMENT_COUNTS)}
      ),
      -- The new posts' keyword counts per rollup key.
      post_keys as (
        select np.day, np.platform, np.model_version, k.key, count(*) as posts,
          count(*) filter (where np.label = 'negative') as negative, count(*) filter (where np.label = 'neutral') as neutral,
          count(*) filter (where np.label = 'positive') as positive, count(*) filter (where np.label = 'uncertain') as uncertain
        from newly_posts np cross join lateral unnest(np.keywords) as k(key)
        group by 1, 2, 3, 4
      ),
      -- Added to the rows by their whole key (the upsert's own lookup, once per row). A row it inserts has no display form
      -- yet and is returned: the next statement, in this transaction, gives it the daily rollup's. Looking each key up in
      -- the coordinated rollup first, to read the display form for the new ones only, cost a second index lookup per row:
      -- most of the statement, with most of a batch's keys already there.
      keywords as (
        insert into daily_coordinated_keywords (day, platform, model_version, key, term, kind, posts, negative, neutral, positive, uncertain)
        select pk.day, pk.platform, pk.model_version, pk.key, '', '', pk.posts, pk.negative, pk.neutral, pk.positive, pk.uncertain
        from post_keys pk
        -- Byte order (the rows' lock order, the same for every writer of this statement): sorting by the database's
        -- collation cost more than the upsert of the rows.
        order by pk.day, pk.platform collate "C", pk.model_version collate "C", pk.key collate "C"
        on conflict (day, platform, model_version, key) do update set ${addExcluded('daily_coordinated_keywords', LABEL_COUNTS)}
        returning day, platform, model_version, key, (xmax = 0) as inserted
      ),
      new_keys as (select day, platform, model_version, key from keywords where inserted)
      -- The new rows' keys as JSON text, handed back unread to the next statement.
      select (select count(*)::int from newly) as n,
        (select json_agg(json_build_object('day', day, 'platform', platform, 'model_version', model_version, 'key', key))::text
          from new_keys) as "newKeys"`,
    );
    if (marked?.newKeys) {
      // Keys new to the coordinated rollup take their display form as counted in the daily rollup (written by analysis,
      // committed before this stage reads the post); a key the daily rollup does not hold is not counted (its row goes).
      const keys = sql`json_to_recordset(${marked.newKeys}::json) as n(day date, platform text, model_version text, key text)`;
      await tx.execute(sql`
        with named as (
          update daily_coordinated_keywords c set term = d.term, kind = d.kind
          from ${keys} join daily_keywords d
            on d.day = n.day and d.platform = n.platform and d.model_version = n.model_version and d.key = n.key
          where c.day = n.day and c.platform = n.platform and c.model_version = n.model_version and c.key = n.key
        )
        delete from daily_coordinated_keywords c using ${keys}
        where c.day = n.day and c.platform = n.platform and c.model_version = n.model_version and c.key = n.key
          and not exists (select 1 from daily_keywords d
            where d.day = n.day and d.platform = n.platform and d.model_version = n.model_version and d.key = n.key)`);
    }
    return { groupsTouched: touched.length, newlyCoordinated: Number(marked?.n ?? 0), targets: targets as number[] };
  });
}

/**
 * The coordination step for a batch of analysed posts: finds each post's pairs in the in-memory index (earlier posts of
 * the batch included), adds the posts to it, plans the groups, writes them in one transaction, and only then records
 * the groups in the index (a failed write leaves the index's groups as they were; the batch is then handled again).
 */
export async function coordinatePosts(
  db: Database,
  index: CoordinationIndex,
  rule: CoordinationRule,
  posts: readonly IndexedPost[],
): Promise<CoordinationResult & { pairs: number }> {
  const rules = {
    similarity: rule.similarity,
    copostingSeconds: rule.windowSeconds,
    // Without the repeated-text rule no `repeated` pairs are looked for. With it, every near-duplicate the index holds is
    // paired, whatever the time between them: the day window is applied when the group's authors are counted
    // (maxAuthorsWithin). Pairing only within the window made the groups depend on arrival order: a bucket holds the
    // latest few arrivals, and when those were all more than a day from a late-arriving copy, the copy started a new group.
    repeatedSeconds: rule.repeated ? Number.POSITIVE_INFINITY : -1,
  };
  const edges: GroupEdge[] = [];
  for (const post of posts) {
    edges.push(...index.pairsOf(post, rules));
    index.add(post);
  }
  const plans = planGroups(edges, (kind, id) => index.groupOf(kind, id));
  const result = await writeCoordinationBatch(db, rule, plans);
  plans.forEach((p, i) => {
    const to = result.targets[i] as number;
    index.mergeGroups(p.kind, p.merged, to);
    for (const id of p.loose) if (index.groupOf(p.kind, id) === undefined) index.setGroup(p.kind, id, to);
  });
  return { ...result, pairs: edges.length };
}

/** Most distinct authors among posts published within `windowMs` of each other (a sliding window over time). */
export function maxAuthorsWithin(posts: readonly { author: string; atMs: number }[], windowMs: number): number {
  const sorted = [...posts].sort((a, b) => a.atMs - b.atMs);
  const inWindow = new Map<string, number>();
  let best = 0;
  let start = 0;
  for (const p of sorted) {
    inWindow.set(p.author, (inWindow.get(p.author) ?? 0) + 1);
    while ((sorted[start] as { atMs: number }).atMs < p.atMs - windowMs) {
      const old = (sorted[start] as { author: string }).author;
      const left = (inWindow.get(old) ?? 0) - 1;
      if (left === 0) inWindow.delete(old);
      else inWindow.set(old, left);
      start++;
    }
    if (inWindow.size > best) best = inWindow.size;
  }
  return best;
}

/** A recently analysed post read back to refill the stage's memory after a start, with the groups it is in. */
export interface RecentPost {
  id: number;
  platform: string;
  publishedAt: string;
  text: string;
  url: string | null;
  groups: { kind: GroupKind; group: number }[];
}

/**
 * The latest `limit` posts stored (by id, i.e. arrival) up to id `upToId` (null: no bound), published at most
 * `horizonSeconds` before the newest of them.
 */
export async function recentPosts(
  db: Database,
  limit: number,
  horizonSeconds: number,
  upToId: number | null = null,
): Promise<RecentPost[]> {
  const rows = rowsOf(
    await db.execute(sql`
      with latest as (
        select id, platform, published_at, text, url from posts
        where ${upToId === null ? sql`true` : sql`id <= ${upToId}`}
        order by id desc limit ${limit}),
      bounded as (select * from latest where published_at >= (select max(published_at) from latest) - ${`${horizonSeconds} seconds`}::interval)
      select b.id, b.platform, b.published_at, b.text, b.url,
        coalesce(json_agg(json_build_object('kind', pc.kind, 'group', pc.cluster_id)) filter (where pc.post_id is not null), '[]') as groups
      from bounded b left join post_clusters pc on pc.post_id = b.id
      group by b.id, b.platform, b.published_at, b.text, b.url
      order by b.id`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    platform: String(r.platform),
    publishedAt: new Date(r.published_at as string).toISOString(),
    // Text removed by retention is the empty string: no signature, no pair.
    text: String(r.text ?? ''),
    url: r.url === null ? null : String(r.url),
    groups: (typeof r.groups === 'string' ? JSON.parse(r.groups) : (r.groups as { kind: GroupKind; group: number }[])).map(
      (g: { kind: GroupKind; group: number | string }) => ({ kind: g.kind, group: Number(g.group) }),
    ),
  }));
}

/** The stage's lag figures, stored after each batch (the disclosure reads them). */
export interface CoordinationProgress {
  updatedAt: string;
  posts: number;
  lastLagMs: number;
  lagP50Ms: number;
  lagP99Ms: number;
  /** Posts behind the percentiles (the latest ones, up to the stage's sample). */
  lagPosts: number;
  /**
   * Newest post id the stage has handled (what its memory is refilled up to after a start); null when not recorded
   * (progress stored by an older version).
   */
  handledUpToId: number | null;
}

const STAGE = 'coordination';

/** Stores the stage's progress after a batch: posts handled so far, the newest post id handled, and the lag percentiles. */
export async function saveCoordinationProgress(db: Database, progress: Omit<CoordinationProgress, 'updatedAt'>): Promise<void> {
  await db.execute(sql`
    insert into coordination_progress (stage, updated_at, posts, last_lag_ms, lag_p50_ms, lag_p99_ms, lag_posts, handled_up_to_id)
    values (${STAGE}, now(), ${progress.posts}, ${progress.lastLagMs}, ${progress.lagP50Ms}, ${progress.lagP99Ms}, ${progress.lagPosts},
      ${progress.handledUpToId})
    on conflict (stage) do update set updated_at = excluded.updated_at, posts = coordination_progress.posts + excluded.posts,
      last_lag_ms = excluded.last_lag_ms, lag_p50_ms = excluded.lag_p50_ms, lag_p99_ms = excluded.lag_p99_ms, lag_posts = excluded.lag_posts,
      handled_up_to_id = greatest(coordination_progress.handled_up_to_id, excluded.handled_up_to_id)`);
}

/** The stage's last stored progress, or null before its first batch. */
export async function coordinationProgress(db: Database): Promise<CoordinationProgress | null> {
  const [r] = rowsOf(await db.execute(sql`select * from coordination_progress where stage = ${STAGE}`));
  if (!r) return null;
  return {
    updatedAt: new Date(r.updated_at as string).toISOString(),
    posts: Number(r.posts),
    lastLagMs: Number(r.last_lag_ms),
    lagP50Ms: Number(r.lag_p50_ms),
    lagP99Ms: Number(r.lag_p99_ms),
    lagPosts: Number(r.lag_posts),
    handledUpToId: r.handled_up_to_id === null || r.handled_up_to_id === undefined ? null : Number(r.handled_up_to_id),
  };
}
