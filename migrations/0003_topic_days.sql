ALTER TABLE "post_topics" ADD COLUMN "day" date;--> statement-breakpoint
UPDATE "post_topics" SET "day" = "posts"."day" FROM "posts" WHERE "posts"."id" = "post_topics"."post_id";--> statement-breakpoint
ALTER TABLE "post_topics" ALTER COLUMN "day" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "post_topics_topic_day_idx" ON "post_topics" USING btree ("topic_id","day");--> statement-breakpoint
CREATE INDEX "posts_day_author_idx" ON "posts" USING btree ("day","author_pseudonym","platform","likes","replies","shares","views");
