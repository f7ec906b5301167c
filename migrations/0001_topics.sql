CREATE TABLE "post_topics" (
	"post_id" bigint NOT NULL,
	"topic_id" integer NOT NULL,
	CONSTRAINT "post_topics_topic_id_post_id_pk" PRIMARY KEY("topic_id","post_id")
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"query" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"backfill_state" text DEFAULT 'pending' NOT NULL,
	"backfill_total" integer DEFAULT 0 NOT NULL,
	"backfill_processed" integer DEFAULT 0 NOT NULL,
	"backfill_matched" integer DEFAULT 0 NOT NULL,
	"backfill_error" text
);
--> statement-breakpoint
ALTER TABLE "post_topics" ADD CONSTRAINT "post_topics_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_topics" ADD CONSTRAINT "post_topics_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "post_topics_post_idx" ON "post_topics" USING btree ("post_id");