-- A user's own address and language for what Pantau sends them (the morning brief); other features may add them too.
ALTER TABLE "users" ADD COLUMN IF NOT EXISTS "email" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN IF NOT EXISTS "language" text;--> statement-breakpoint
CREATE TABLE "brief_subscriptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"topic_id" integer,
	"language" text NOT NULL,
	"channel" text NOT NULL,
	"webhook_url" text,
	"webhook_secret" text,
	"active" boolean DEFAULT true NOT NULL,
	"active_since" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brief_subscriptions_language_check" CHECK ("language" in ('id', 'en')),
	CONSTRAINT "brief_subscriptions_channel_check" CHECK ("channel" = 'email' OR ("channel" = 'webhook' AND "webhook_url" IS NOT NULL AND "webhook_secret" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "brief_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subscription_id" integer NOT NULL,
	"day" date NOT NULL,
	"topic_key" integer NOT NULL,
	"language" text NOT NULL,
	"channel" text NOT NULL,
	"target" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "brief_subscriptions" ADD CONSTRAINT "brief_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brief_subscriptions" ADD CONSTRAINT "brief_subscriptions_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brief_deliveries" ADD CONSTRAINT "brief_deliveries_subscription_id_brief_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."brief_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "brief_subscriptions_user_idx" ON "brief_subscriptions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "brief_deliveries_subscription_day_topic_idx" ON "brief_deliveries" USING btree ("subscription_id","day","topic_key");--> statement-breakpoint
CREATE INDEX "brief_deliveries_due_idx" ON "brief_deliveries" USING btree ("status","next_attempt_at");
