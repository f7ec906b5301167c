ALTER TABLE "posts" ADD COLUMN "rating" smallint;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "source_outlet" text;