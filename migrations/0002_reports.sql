CREATE TABLE "reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"topic_key" integer DEFAULT 0 NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"content" jsonb NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reports_day_topic_key" ON "reports" USING btree ("day","topic_key");