import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { addExcluded, COUNTS, ROLLUP_COUNTS, subtractAgg } from '../rollup-columns.ts';
import { arrayParam } from '../sql.ts';
import { addToTopicVolume } from '../volume/queries.ts';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Per topic, day, platform and model version: the counts of `daily_topic_sentiment` over the tagged posts `where` selects. */
const topicCounts = (from: SQL, where: SQL) => sql`
  select pt.topic_id, pt.day, p.platform, l.model_version, ${ROLLUP_COUNTS}
  from ${from} join posts p on p.id = pt.post_id join sentiment_labels l on l.post_id = p.id
  where ${where}
  group by 1, 2, 3, 4 order by 1, 2, 3, 4`;

/**
 * Adds just-stored topic tags (topic and post ids, pairs at the same index) to `daily_topic_sentiment`, with every
 * label their posts have, and to `daily_topic_volume`; in the transaction that stored the tags. Rows are locked in key order.
 */
export async function addToTopicRollup(
  tx: Tx | Database,
  tags: { topicIds: readonly number[]; postIds: readonly number[] },
): Promise<void> {
  if (tags.postIds.length === 0) return;
  await tx.execute(sql`
    insert into daily_topic_sentiment (topic_id, day, platform, model_version, ${sql.raw(COUNTS.join(', '))})
    ${topicCounts(
      sql`unnest(${arrayParam(tags.topicIds)}::int[], ${arrayParam(tags.postIds)}::bigint[]) as v(topic_id, post_id)
        join post_topics pt on pt.topic_id = v.topic_id and pt.post_id = v.post_id`,
      sql`true`,
    )}
    on conflict (topic_id, day, platform, model_version) do update set ${addExcluded('daily_topic_sentiment', COUNTS)}`);
  await addToTopicVolume(tx, tags);
}

/** Subtracts posts (by id, still stored with their tags) from `daily_topic_sentiment`; rows left with no posts are removed. */
export async function subtractFromTopicRollup(tx: Tx, postIds: readonly number[], days: readonly string[]): Promise<void> {
  if (postIds.length === 0) return;
  await tx.execute(sql`
    with agg as (${topicCounts(sql`post_topics pt`, sql`pt.post_id = any(${arrayParam(postIds)}::bigint[])`)})
    update daily_topic_sentiment d set ${subtractAgg(COUNTS)}
    from agg a
    where d.topic_id = a.topic_id and d.day = a.day and d.platform = a.platform and d.model_version = a.model_version`);
  await tx.execute(sql`delete from daily_topic_sentiment where day = any(${arrayParam(days)}::date[]) and posts <= 0`);
}
