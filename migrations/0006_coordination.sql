CREATE TABLE "coordinated_posts" (
	"post_id" bigint PRIMARY KEY NOT NULL,
	"day" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coordination_clusters" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"link" text,
	"size" integer DEFAULT 0 NOT NULL,
	"distinct_authors" integer DEFAULT 0 NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"first_day" date NOT NULL,
	"last_day" date NOT NULL,
	"representative_text" text NOT NULL,
	"similarity_threshold" real NOT NULL,
	"min_authors" integer NOT NULL,
	"window_seconds" integer NOT NULL,
	"coordinated" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "daily_coordinated_keywords" (
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
	CONSTRAINT "daily_coordinated_keywords_day_platform_model_version_key_pk" PRIMARY KEY("day","platform","model_version","key")
);
--> statement-breakpoint
CREATE TABLE "daily_coordinated_sentiment" (
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
	CONSTRAINT "daily_coordinated_sentiment_day_platform_model_version_pk" PRIMARY KEY("day","platform","model_version")
);
--> statement-breakpoint
CREATE TABLE "lsh_buckets" (
	"band_key" integer NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"post_id" bigint NOT NULL,
	CONSTRAINT "lsh_buckets_band_key_published_at_post_id_pk" PRIMARY KEY("band_key","published_at","post_id")
);
--> statement-breakpoint
CREATE TABLE "post_clusters" (
	"post_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"cluster_id" bigint NOT NULL,
	CONSTRAINT "post_clusters_post_id_kind_pk" PRIMARY KEY("post_id","kind")
);
--> statement-breakpoint
CREATE TABLE "post_links" (
	"link" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"post_id" bigint NOT NULL,
	CONSTRAINT "post_links_link_published_at_post_id_pk" PRIMARY KEY("link","published_at","post_id")
);
--> statement-breakpoint
CREATE TABLE "post_signatures" (
	"post_id" bigint PRIMARY KEY NOT NULL,
	"minhash" integer[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "coordinated_posts" ADD CONSTRAINT "coordinated_posts_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lsh_buckets" ADD CONSTRAINT "lsh_buckets_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_clusters" ADD CONSTRAINT "post_clusters_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_clusters" ADD CONSTRAINT "post_clusters_cluster_id_coordination_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."coordination_clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_links" ADD CONSTRAINT "post_links_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_signatures" ADD CONSTRAINT "post_signatures_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coordinated_posts_day_idx" ON "coordinated_posts" USING btree ("day");--> statement-breakpoint
CREATE INDEX "coordination_clusters_days_idx" ON "coordination_clusters" USING btree ("last_day","first_day");--> statement-breakpoint
CREATE INDEX "daily_coordinated_keywords_key_day_idx" ON "daily_coordinated_keywords" USING btree ("key","day");--> statement-breakpoint
CREATE INDEX "lsh_buckets_post_idx" ON "lsh_buckets" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "post_clusters_cluster_idx" ON "post_clusters" USING btree ("cluster_id");--> statement-breakpoint
CREATE INDEX "post_links_post_idx" ON "post_links" USING btree ("post_id");