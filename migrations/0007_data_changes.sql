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
CREATE TRIGGER "post_keywords_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "post_keywords" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "post_topics_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "post_topics" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "topics_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "topics" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
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
