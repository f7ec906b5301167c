-- A day's stories computed ahead of the request (the analysis service's story job): `/v1/summary` reads one row instead
-- of grouping the day's posts by fired term. `fingerprint` names the rollup counts the stories were computed from (the
-- day and the spike rule's window before it, all and coordinated posts, and the first day with data): a row whose
-- fingerprint no longer matches the rollups is behind, and the answer says so or computes the stories again.
CREATE TABLE IF NOT EXISTS "day_stories" (
  "day" date NOT NULL,
  "scope" text NOT NULL,
  "model_version" text NOT NULL,
  "rule" text NOT NULL,
  "fingerprint" text NOT NULL,
  "posts" integer NOT NULL,
  "computed_at" timestamp with time zone NOT NULL,
  "content" jsonb NOT NULL,
  CONSTRAINT "day_stories_pkey" PRIMARY KEY ("day", "scope", "model_version", "rule")
);
--> statement-breakpoint
-- Kept answers of the summary move on when the job writes a day's stories.
CREATE TRIGGER "day_stories_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "day_stories" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
