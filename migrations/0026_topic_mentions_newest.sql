-- A topic's posts newest first (the posts behind a topic's number, `/v1/mentions?topic=` sorted by time): its tags in
-- publication order on an index of their own, so a page reads its twenty tags rather than every post of the window to
-- find the topic's. A tag carries its post's publication instant, written from the post when a writer leaves it out.
ALTER TABLE "post_topics" ADD COLUMN IF NOT EXISTS "published_at" timestamp with time zone;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION pantau_tag_post_fields() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT coalesce(NEW.engagement, p.likes::bigint + p.replies + p.shares), coalesce(NEW.published_at, p.published_at)
  INTO NEW.engagement, NEW.published_at
  FROM posts p WHERE p.id = NEW.post_id;
  RETURN NEW;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "post_topics_post_fields" ON "post_topics";
--> statement-breakpoint
CREATE TRIGGER "post_topics_post_fields" BEFORE INSERT ON "post_topics" FOR EACH ROW
  WHEN (NEW.engagement IS NULL OR NEW.published_at IS NULL) EXECUTE FUNCTION pantau_tag_post_fields();
--> statement-breakpoint
-- A post's instant changed in place (no writer does so today) is carried to its tags, as its day and engagement are.
CREATE OR REPLACE FUNCTION pantau_post_label_fields() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE sentiment_labels SET day = NEW.day, engagement = NEW.likes::bigint + NEW.replies + NEW.shares, platform = NEW.platform
  WHERE post_id = NEW.id;
  UPDATE post_topics SET engagement = NEW.likes::bigint + NEW.replies + NEW.shares, published_at = NEW.published_at
  WHERE post_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "posts_label_fields" ON "posts";
--> statement-breakpoint
CREATE TRIGGER "posts_label_fields" AFTER UPDATE OF "day", "likes", "replies", "shares", "platform", "published_at" ON "posts" FOR EACH ROW
  WHEN (OLD.day IS DISTINCT FROM NEW.day OR OLD.likes IS DISTINCT FROM NEW.likes OR OLD.replies IS DISTINCT FROM NEW.replies
    OR OLD.shares IS DISTINCT FROM NEW.shares OR OLD.platform IS DISTINCT FROM NEW.platform
    OR OLD.published_at IS DISTINCT FROM NEW.published_at)
  EXECUTE FUNCTION pantau_post_label_fields();
--> statement-breakpoint
UPDATE "post_topics" t SET "published_at" = p.published_at FROM "posts" p WHERE p.id = t.post_id AND t.published_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "post_topics_topic_published_idx" ON "post_topics" USING btree ("topic_id", "published_at", "post_id");
