CREATE TABLE "daily_topic_sentiment" (
	"topic_id" integer NOT NULL,
	"day" date NOT NULL,
	"platform" text NOT NULL,
	"model_version" text NOT NULL,
	"posts" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"uncertain" integer DEFAULT 0 NOT NULL,
	"likes" bigint DEFAULT 0 NOT NULL,
	"replies" bigint DEFAULT 0 NOT NULL,
	"shares" bigint DEFAULT 0 NOT NULL,
	"views" bigint DEFAULT 0 NOT NULL,
	"redacted_posts" integer DEFAULT 0 NOT NULL,
	"redacted_phone" integer DEFAULT 0 NOT NULL,
	"redacted_email" integer DEFAULT 0 NOT NULL,
	"redacted_nik" integer DEFAULT 0 NOT NULL,
	"redacted_bpjs" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_topic_sentiment_topic_id_day_platform_model_version_pk" PRIMARY KEY("topic_id","day","platform","model_version")
);
--> statement-breakpoint
ALTER TABLE "daily_topic_sentiment" ADD CONSTRAINT "daily_topic_sentiment_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- The topic rollup of the posts already tagged.
INSERT INTO "daily_topic_sentiment" ("topic_id", "day", "platform", "model_version", "posts", "negative", "neutral", "positive",
  "uncertain", "likes", "replies", "shares", "views", "redacted_posts", "redacted_phone", "redacted_email", "redacted_nik", "redacted_bpjs")
SELECT pt.topic_id, pt.day, p.platform, l.model_version, count(*), count(*) FILTER (WHERE l.label = 'negative'),
  count(*) FILTER (WHERE l.label = 'neutral'), count(*) FILTER (WHERE l.label = 'positive'), count(*) FILTER (WHERE l.label = 'uncertain'),
  sum(p.likes), sum(p.replies), sum(p.shares), sum(p.views),
  count(*) FILTER (WHERE p.redacted_phone + p.redacted_email + p.redacted_nik + p.redacted_bpjs > 0), count(*) FILTER (WHERE p.redacted_phone > 0),
  count(*) FILTER (WHERE p.redacted_email > 0), count(*) FILTER (WHERE p.redacted_nik > 0), count(*) FILTER (WHERE p.redacted_bpjs > 0)
FROM post_topics pt JOIN posts p ON p.id = pt.post_id JOIN sentiment_labels l ON l.post_id = p.id
GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
-- Every write to a table behind the aggregates notifies pantau_data_changed when its transaction commits, so an API
-- answer cache can drop what the write made stale (one notification per table and transaction: Postgres folds repeats).
CREATE FUNCTION pantau_notify_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pantau_data_changed', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "posts_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "posts" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "sentiment_labels_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "sentiment_labels" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "post_topics_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "post_topics" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "topics_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "topics" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "daily_topic_sentiment_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "daily_topic_sentiment" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "daily_sentiment_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "daily_sentiment" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "daily_keywords_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "daily_keywords" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "daily_coordinated_sentiment_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "daily_coordinated_sentiment" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "daily_coordinated_keywords_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "daily_coordinated_keywords" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "coordinated_posts_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "coordinated_posts" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "coordination_clusters_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "coordination_clusters" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "post_clusters_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "post_clusters" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "exclusions_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "exclusions" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "coverage_runs_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "coverage_runs" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();

--> statement-breakpoint
ALTER TABLE "daily_topic_sentiment" SET (fillfactor = 70);