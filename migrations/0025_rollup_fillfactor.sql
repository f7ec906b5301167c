-- Free room in each page of the tables every batch updates in place (the daily rollups, the coordination groups and
-- marks): an updated row then stays on its page and, as no indexed column changes, its indexes are not written again
-- (a heap-only update). Measured on a table shaped as daily_keywords, 7,000-row upserts of which 95% update: 35–52% less
-- time with fillfactor 60 than with the default 100. Pages already full keep their rows; new pages leave the room.
ALTER TABLE "daily_keywords" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "daily_sentiment" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "daily_language_sentiment" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "daily_emotions" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "daily_volume" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "daily_topic_sentiment" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "daily_topic_volume" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "daily_coordinated_sentiment" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "daily_coordinated_keywords" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "coordination_clusters" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "coordinated_posts" SET (fillfactor = 70);
