ALTER TABLE "posts" ADD COLUMN "keywords" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
UPDATE "posts" p SET "keywords" = k."keys" FROM (SELECT "post_id", array_agg("key" ORDER BY "key") AS "keys" FROM "post_keywords" GROUP BY "post_id") k WHERE k."post_id" = p."id";--> statement-breakpoint
DROP TABLE "post_keywords" CASCADE;--> statement-breakpoint
CREATE INDEX "posts_keywords_idx" ON "posts" USING gin ("keywords");--> statement-breakpoint
-- Rollup rows are updated by every batch: room on each page lets an update stay on its page (HOT) without touching indexes.
ALTER TABLE "daily_keywords" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "daily_sentiment" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "daily_coordinated_keywords" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "daily_coordinated_sentiment" SET (fillfactor = 70);
