-- One current sentiment label per post (and one current emotion label): the model that labelled it last. Every rollup
-- keeps its model_version key, so the aggregates sum across versions and can say how many posts each version labelled.
-- Pantau has only ever written one label per post; should a database hold more, the highest version is kept.
DELETE FROM "sentiment_labels" l USING "sentiment_labels" m WHERE l.post_id = m.post_id AND l.model_version < m.model_version;
--> statement-breakpoint
ALTER TABLE "sentiment_labels" DROP CONSTRAINT "sentiment_labels_post_id_model_version_pk";
--> statement-breakpoint
ALTER TABLE "sentiment_labels" ADD CONSTRAINT "sentiment_labels_pkey" PRIMARY KEY ("post_id");
--> statement-breakpoint
DROP INDEX IF EXISTS "sentiment_labels_label_idx";
--> statement-breakpoint
CREATE INDEX "sentiment_labels_label_idx" ON "sentiment_labels" USING btree ("label");
--> statement-breakpoint
DROP INDEX IF EXISTS "sentiment_labels_label_day_engagement_idx";
--> statement-breakpoint
CREATE INDEX "sentiment_labels_label_day_engagement_idx" ON "sentiment_labels" USING btree
  ("label", "day", "engagement", "post_id") INCLUDE ("platform");
--> statement-breakpoint
-- The model version of each post's label, for the versions a window's population holds.
CREATE INDEX "sentiment_labels_day_version_idx" ON "sentiment_labels" USING btree ("day", "model_version");
--> statement-breakpoint
DELETE FROM "emotion_labels" l USING "emotion_labels" m WHERE l.post_id = m.post_id AND l.model_version < m.model_version;
--> statement-breakpoint
ALTER TABLE "emotion_labels" DROP CONSTRAINT "emotion_labels_post_id_model_version_pk";
--> statement-breakpoint
ALTER TABLE "emotion_labels" ADD CONSTRAINT "emotion_labels_pkey" PRIMARY KEY ("post_id");
--> statement-breakpoint
-- `pantau reanalyze` runs: the window, the model they label with, and the cursor (the last post done, in day and id
-- order: the posts' (day, id) index walks a window), advanced in the transaction of each batch, so a run started again
-- continues where it stopped.
CREATE TABLE "reanalyze_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"window_from" date NOT NULL,
	"window_to" date NOT NULL,
	"topic_id" integer,
	"model_version" text NOT NULL,
	"emotion_model_version" text,
	"cursor_day" date,
	"cursor_post_id" bigint DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"relabelled" integer DEFAULT 0 NOT NULL,
	"skipped_no_text" integer DEFAULT 0 NOT NULL,
	"batches" integer DEFAULT 0 NOT NULL,
	"state" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "reanalyze_runs_state_check" CHECK ("state" IN ('running', 'done'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reanalyze_runs_running_idx" ON "reanalyze_runs" USING btree
  ("window_from", "window_to", coalesce("topic_id", 0), "model_version") WHERE "state" = 'running';
