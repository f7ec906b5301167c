CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"key_id" text,
	"action" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coverage_runs" (
	"run_id" text PRIMARY KEY NOT NULL,
	"connector" text NOT NULL,
	"query" text DEFAULT '' NOT NULL,
	"platform" text,
	"window_from" timestamp with time zone,
	"window_to" timestamp with time zone,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"fetched" integer DEFAULT 0 NOT NULL,
	"published" integer DEFAULT 0 NOT NULL,
	"rejected" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "daily_keywords" (
	"day" date NOT NULL,
	"platform" text NOT NULL,
	"model_version" text NOT NULL,
	"key" text NOT NULL,
	"term" text NOT NULL,
	"kind" text NOT NULL,
	"posts" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"uncertain" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_keywords_day_platform_model_version_key_pk" PRIMARY KEY("day","platform","model_version","key")
);
--> statement-breakpoint
CREATE TABLE "daily_sentiment" (
	"day" date NOT NULL,
	"platform" text NOT NULL,
	"model_version" text NOT NULL,
	"posts" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"uncertain" integer DEFAULT 0 NOT NULL,
	"likes" bigint DEFAULT 0 NOT NULL,
	"replies" bigint DEFAULT 0 NOT NULL,
	"shares" bigint DEFAULT 0 NOT NULL,
	"views" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_sentiment_day_platform_model_version_pk" PRIMARY KEY("day","platform","model_version")
);
--> statement-breakpoint
CREATE TABLE "exclusions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ref" text NOT NULL,
	"reason" text NOT NULL,
	"code" text NOT NULL,
	"stage" text NOT NULL,
	"platform" text,
	"external_id" text,
	"day" date,
	"detail" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "post_keywords" (
	"post_id" bigint NOT NULL,
	"key" text NOT NULL,
	"term" text NOT NULL,
	"kind" text NOT NULL,
	CONSTRAINT "post_keywords_post_id_key_pk" PRIMARY KEY("post_id","key")
);
--> statement-breakpoint
CREATE TABLE "posts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"external_id" text NOT NULL,
	"author_pseudonym" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"day" date NOT NULL,
	"text" text NOT NULL,
	"url" text,
	"likes" integer DEFAULT 0 NOT NULL,
	"replies" integer DEFAULT 0 NOT NULL,
	"shares" integer DEFAULT 0 NOT NULL,
	"views" bigint DEFAULT 0 NOT NULL,
	"lang" text NOT NULL,
	"lang_confidence" real NOT NULL,
	"source_connector" text NOT NULL,
	"source_run_id" text NOT NULL,
	"collected_at" timestamp with time zone NOT NULL,
	"analyzed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"message_ref" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sentiment_labels" (
	"post_id" bigint NOT NULL,
	"model_version" text NOT NULL,
	"label" text NOT NULL,
	"p_negative" real NOT NULL,
	"p_neutral" real NOT NULL,
	"p_positive" real NOT NULL,
	"confidence" real NOT NULL,
	CONSTRAINT "sentiment_labels_post_id_model_version_pk" PRIMARY KEY("post_id","model_version")
);
--> statement-breakpoint
ALTER TABLE "post_keywords" ADD CONSTRAINT "post_keywords_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sentiment_labels" ADD CONSTRAINT "sentiment_labels_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "coverage_runs_connector_started_idx" ON "coverage_runs" USING btree ("connector","started_at");--> statement-breakpoint
CREATE INDEX "daily_keywords_key_day_idx" ON "daily_keywords" USING btree ("key","day");--> statement-breakpoint
CREATE UNIQUE INDEX "exclusions_ref_key" ON "exclusions" USING btree ("ref");--> statement-breakpoint
CREATE INDEX "exclusions_day_reason_idx" ON "exclusions" USING btree ("day","reason");--> statement-breakpoint
CREATE INDEX "post_keywords_key_idx" ON "post_keywords" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "posts_platform_external_id_key" ON "posts" USING btree ("platform","external_id");--> statement-breakpoint
CREATE INDEX "posts_day_platform_idx" ON "posts" USING btree ("day","platform");--> statement-breakpoint
CREATE INDEX "posts_author_idx" ON "posts" USING btree ("author_pseudonym");--> statement-breakpoint
CREATE INDEX "posts_published_id_idx" ON "posts" USING btree ("published_at","id");--> statement-breakpoint
CREATE INDEX "sentiment_labels_label_idx" ON "sentiment_labels" USING btree ("model_version","label");