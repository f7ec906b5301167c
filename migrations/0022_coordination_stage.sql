-- Coordination runs as its own consumer with its LSH buckets in memory: the per-post signature, bucket and link rows go.
DROP TABLE IF EXISTS "lsh_buckets";--> statement-breakpoint
DROP TABLE IF EXISTS "post_links";--> statement-breakpoint
DROP TABLE IF EXISTS "post_signatures";--> statement-breakpoint
-- Which rule flagged a coordinated post: co-posting (near-duplicates or one link from k authors within w seconds) and/or
-- repeated text (near-duplicates from k authors within a day). A row means at least one of them.
ALTER TABLE "coordinated_posts" ADD COLUMN "coposting" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "coordinated_posts" ADD COLUMN "repeated" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- The coordination stage's progress: what it last committed and how far behind the analysis commit it was.
CREATE TABLE "coordination_progress" (
	"stage" text PRIMARY KEY NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"posts" bigint DEFAULT 0 NOT NULL,
	"last_lag_ms" integer DEFAULT 0 NOT NULL,
	"lag_p50_ms" integer DEFAULT 0 NOT NULL,
	"lag_p99_ms" integer DEFAULT 0 NOT NULL,
	"lag_posts" integer DEFAULT 0 NOT NULL
);
