-- Distinct authors without reading posts: a HyperLogLog sketch of the author pseudonyms per day and platform (and per
-- topic), beside the post count and engagement sums of the same posts. A window's distinct authors is the union
-- (register-wise maximum) of its rows' sketches, estimated by the API (see packages/db/src/volume).
-- A sketch is 4,096 one-byte registers (precision 12): register = first 12 bits of md5(pseudonym), value = position of
-- the first 1 bit in the next 52 bits (53 when none).
-- One expression without FROM, so the planner inlines it into the statement that calls it (a row costs microseconds).
CREATE FUNCTION pantau_hll_entry(pseudonym text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (('x' || substr(md5(pseudonym), 1, 3))::bit(12)::integer << 6)
    | coalesce(nullif(position(B'1' IN ('x' || substr(md5(pseudonym), 4, 13))::bit(52)), 0), 53)
$$;
--> statement-breakpoint
-- Raises the registers of a sketch to the entries' values (entry = register << 6 | value); a copy is made only when a
-- register rises, so an entry already counted costs a comparison.
CREATE FUNCTION pantau_hll_add(registers bytea, entries integer[]) RETURNS bytea LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  entry integer;
BEGIN
  IF entries IS NULL THEN RETURN registers; END IF;
  FOREACH entry IN ARRAY entries LOOP
    IF get_byte(registers, entry >> 6) < (entry & 63) THEN
      registers := set_byte(registers, entry >> 6, entry & 63);
    END IF;
  END LOOP;
  RETURN registers;
END
$$;
--> statement-breakpoint
CREATE TABLE "daily_volume" (
	"day" date NOT NULL,
	"platform" text NOT NULL,
	"posts" integer DEFAULT 0 NOT NULL,
	"likes" bigint DEFAULT 0 NOT NULL,
	"replies" bigint DEFAULT 0 NOT NULL,
	"shares" bigint DEFAULT 0 NOT NULL,
	"views" bigint DEFAULT 0 NOT NULL,
	"authors" bytea DEFAULT decode(repeat('00', 4096), 'hex') NOT NULL,
	CONSTRAINT "daily_volume_day_platform_pk" PRIMARY KEY("day","platform")
);
--> statement-breakpoint
CREATE TABLE "daily_topic_volume" (
	"topic_id" integer NOT NULL,
	"day" date NOT NULL,
	"platform" text NOT NULL,
	"posts" integer DEFAULT 0 NOT NULL,
	"likes" bigint DEFAULT 0 NOT NULL,
	"replies" bigint DEFAULT 0 NOT NULL,
	"shares" bigint DEFAULT 0 NOT NULL,
	"views" bigint DEFAULT 0 NOT NULL,
	"authors" bytea DEFAULT decode(repeat('00', 4096), 'hex') NOT NULL,
	CONSTRAINT "daily_topic_volume_topic_id_day_platform_pk" PRIMARY KEY("topic_id","day","platform")
);
--> statement-breakpoint
ALTER TABLE "daily_topic_volume" ADD CONSTRAINT "daily_topic_volume_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- Rebuilds the volume rows of the given days (every day when null) from the stored posts: all posts, or one topic's
-- tagged posts (p_topic_id), or every topic's (p_all_topics). The one recount the batch writes must agree with.
CREATE FUNCTION pantau_rebuild_volume(p_days date[], p_topic_id integer, p_all_topics boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_topic_id IS NULL AND NOT p_all_topics THEN
    DELETE FROM daily_volume WHERE p_days IS NULL OR day = ANY(p_days);
    INSERT INTO daily_volume (day, platform, posts, likes, replies, shares, views, authors)
    SELECT g.day, g.platform, g.posts, g.likes, g.replies, g.shares, g.views,
      pantau_hll_add(decode(repeat('00', 4096), 'hex'), r.entries)
    FROM (SELECT day, platform, count(*) AS posts, sum(likes) AS likes, sum(replies) AS replies, sum(shares) AS shares,
            sum(views) AS views
          FROM posts WHERE p_days IS NULL OR day = ANY(p_days) GROUP BY 1, 2) g
    JOIN (SELECT day, platform, array_agg((register << 6) | value) AS entries
          FROM (SELECT day, platform, e >> 6 AS register, max(e & 63) AS value
                FROM (SELECT day, platform, pantau_hll_entry(author_pseudonym) AS e FROM posts
                      WHERE p_days IS NULL OR day = ANY(p_days)) s
                GROUP BY 1, 2, 3) m
          GROUP BY 1, 2) r ON r.day = g.day AND r.platform = g.platform
    ORDER BY 1, 2;
  ELSE
    DELETE FROM daily_topic_volume
    WHERE (p_all_topics OR topic_id = p_topic_id) AND (p_days IS NULL OR day = ANY(p_days));
    INSERT INTO daily_topic_volume (topic_id, day, platform, posts, likes, replies, shares, views, authors)
    SELECT g.topic_id, g.day, g.platform, g.posts, g.likes, g.replies, g.shares, g.views,
      pantau_hll_add(decode(repeat('00', 4096), 'hex'), r.entries)
    FROM (SELECT pt.topic_id, pt.day, p.platform, count(*) AS posts, sum(p.likes) AS likes, sum(p.replies) AS replies,
            sum(p.shares) AS shares, sum(p.views) AS views
          FROM post_topics pt JOIN posts p ON p.id = pt.post_id
          WHERE (p_all_topics OR pt.topic_id = p_topic_id) AND (p_days IS NULL OR pt.day = ANY(p_days))
          GROUP BY 1, 2, 3) g
    JOIN (SELECT topic_id, day, platform, array_agg((register << 6) | value) AS entries
          FROM (SELECT topic_id, day, platform, e >> 6 AS register, max(e & 63) AS value
                FROM (SELECT pt.topic_id, pt.day, p.platform, pantau_hll_entry(p.author_pseudonym) AS e
                      FROM post_topics pt JOIN posts p ON p.id = pt.post_id
                      WHERE (p_all_topics OR pt.topic_id = p_topic_id) AND (p_days IS NULL OR pt.day = ANY(p_days))) s
                GROUP BY 1, 2, 3, 4) m
          GROUP BY 1, 2, 3) r ON r.topic_id = g.topic_id AND r.day = g.day AND r.platform = g.platform
    ORDER BY 1, 2, 3;
  END IF;
END
$$;
--> statement-breakpoint
SELECT pantau_rebuild_volume(NULL, NULL, false);
--> statement-breakpoint
SELECT pantau_rebuild_volume(NULL, NULL, true);
--> statement-breakpoint
CREATE TRIGGER "daily_volume_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "daily_volume" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "daily_topic_volume_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "daily_topic_volume" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
