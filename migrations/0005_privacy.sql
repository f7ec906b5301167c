CREATE TABLE "privacy_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"author_pseudonym" text,
	"posts_affected" integer NOT NULL,
	"requested_by" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "daily_sentiment" ADD COLUMN "redacted_posts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "daily_sentiment" ADD COLUMN "redacted_phone" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "daily_sentiment" ADD COLUMN "redacted_email" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "daily_sentiment" ADD COLUMN "redacted_nik" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "daily_sentiment" ADD COLUMN "redacted_bpjs" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "redacted_phone" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "redacted_email" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "redacted_nik" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "redacted_bpjs" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "text_removed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "privacy_audit_at_idx" ON "privacy_audit" USING btree ("at");--> statement-breakpoint
CREATE INDEX "coverage_runs_connector_query_idx" ON "coverage_runs" USING btree ("connector","query","platform");