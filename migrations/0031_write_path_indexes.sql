-- Indexes every batch write maintained and no query needs (measured on the 1,000,000-post bench database: neither the
-- API's queries nor the reports, stories, reanalysis or privacy statements plan with them, or another index serves
-- them as well), so each stored post no longer writes their entries:
-- the keywords' GIN index: a keyword is looked up within a window of days, which the (day, id, keywords) B-tree reads
-- from the index alone;
DROP INDEX IF EXISTS "posts_keywords_idx";--> statement-breakpoint
-- (day, platform) and (day, author, platform, engagement): the day-leading indexes serve a window of days, the volume
-- figures come from the volume rollups and their author sketches, and a recount reads the window's posts;
DROP INDEX IF EXISTS "posts_day_platform_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "posts_day_author_idx";--> statement-breakpoint
-- a label alone, and (day, model version): a label's posts are walked on (label, day, engagement, post id), and the
-- model versions of a window are read from the rollups or from its posts;
DROP INDEX IF EXISTS "sentiment_labels_label_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "sentiment_labels_day_version_idx";--> statement-breakpoint
-- a topic's tags by day: the leading columns of (topic, day, engagement, post id), which also holds the post id.
DROP INDEX IF EXISTS "post_topics_topic_day_idx";
