-- The posts behind a number with a label or a topic filter, sorted by engagement: each label's (each topic's) posts of a
-- day in engagement order on an index of their own. A label row carries its post's day, engagement (likes + replies +
-- shares) and platform, a topic tag its post's engagement, written with them (the analysis batch writes them; a writer
-- that leaves them out gets them from the post).
ALTER TABLE "sentiment_labels" ADD COLUMN IF NOT EXISTS "day" date;
--> statement-breakpoint
ALTER TABLE "sentiment_labels" ADD COLUMN IF NOT EXISTS "engagement" bigint;
--> statement-breakpoint
ALTER TABLE "sentiment_labels" ADD COLUMN IF NOT EXISTS "platform" text;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION pantau_label_post_fields() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT p.day, p.likes::bigint + p.replies + p.shares, p.platform INTO NEW.day, NEW.engagement, NEW.platform
  FROM posts p WHERE p.id = NEW.post_id;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "sentiment_labels_post_fields" BEFORE INSERT ON "sentiment_labels" FOR EACH ROW
  WHEN (NEW.day IS NULL OR NEW.engagement IS NULL OR NEW.platform IS NULL) EXECUTE FUNCTION pantau_label_post_fields();
--> statement-breakpoint
ALTER TABLE "post_topics" ADD COLUMN IF NOT EXISTS "engagement" bigint;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION pantau_tag_post_fields() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT p.likes::bigint + p.replies + p.shares INTO NEW.engagement FROM posts p WHERE p.id = NEW.post_id;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "post_topics_post_fields" BEFORE INSERT ON "post_topics" FOR EACH ROW
  WHEN (NEW.engagement IS NULL) EXECUTE FUNCTION pantau_tag_post_fields();
--> statement-breakpoint
-- A post's day, engagement or platform changed in place (no writer does so today) is carried to its labels and tags.
CREATE OR REPLACE FUNCTION pantau_post_label_fields() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE sentiment_labels SET day = NEW.day, engagement = NEW.likes::bigint + NEW.replies + NEW.shares, platform = NEW.platform
  WHERE post_id = NEW.id;
  UPDATE post_topics SET engagement = NEW.likes::bigint + NEW.replies + NEW.shares WHERE post_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "posts_label_fields" AFTER UPDATE OF "day", "likes", "replies", "shares", "platform" ON "posts" FOR EACH ROW
  WHEN (OLD.day IS DISTINCT FROM NEW.day OR OLD.likes IS DISTINCT FROM NEW.likes OR OLD.replies IS DISTINCT FROM NEW.replies
    OR OLD.shares IS DISTINCT FROM NEW.shares OR OLD.platform IS DISTINCT FROM NEW.platform)
  EXECUTE FUNCTION pantau_post_label_fields();
--> statement-breakpoint
UPDATE "sentiment_labels" l SET "day" = p.day, "engagement" = p.likes::bigint + p.replies + p.shares, "platform" = p.platform
FROM "posts" p WHERE p.id = l.post_id AND (l.day IS NULL OR l.engagement IS NULL OR l.platform IS NULL);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "sentiment_labels_label_day_engagement_idx" ON "sentiment_labels" USING btree
  ("model_version", "label", "day", "engagement", "post_id") INCLUDE ("platform");
--> statement-breakpoint
UPDATE "post_topics" t SET "engagement" = p.likes::bigint + p.replies + p.shares
FROM "posts" p WHERE p.id = t.post_id AND t.engagement IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "post_topics_topic_day_engagement_idx" ON "post_topics" USING btree
  ("topic_id", "day", "engagement", "post_id");
