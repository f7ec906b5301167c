CREATE TABLE "annotation_adjudications" (
	"task_id" integer NOT NULL,
	"post_id" bigint NOT NULL,
	"label" text NOT NULL,
	"adjudicator" text NOT NULL,
	"adjudicated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "annotation_adjudications_task_id_post_id_pk" PRIMARY KEY("task_id","post_id")
);
--> statement-breakpoint
CREATE TABLE "annotation_labels" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"post_id" bigint NOT NULL,
	"annotator" text NOT NULL,
	"label" text NOT NULL,
	"labelled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"current" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "annotation_task_items" (
	"task_id" integer NOT NULL,
	"post_id" bigint NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "annotation_task_items_task_id_post_id_pk" PRIMARY KEY("task_id","post_id")
);
--> statement-breakpoint
CREATE TABLE "annotation_tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"window_from" date NOT NULL,
	"window_to" date NOT NULL,
	"topic_id" integer,
	"size" integer NOT NULL,
	"seed" bigint NOT NULL,
	"population" integer NOT NULL,
	"sampled" integer NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "annotation_adjudications" ADD CONSTRAINT "annotation_adjudications_task_id_post_id_annotation_task_items_task_id_post_id_fk" FOREIGN KEY ("task_id","post_id") REFERENCES "public"."annotation_task_items"("task_id","post_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annotation_labels" ADD CONSTRAINT "annotation_labels_task_id_post_id_annotation_task_items_task_id_post_id_fk" FOREIGN KEY ("task_id","post_id") REFERENCES "public"."annotation_task_items"("task_id","post_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annotation_task_items" ADD CONSTRAINT "annotation_task_items_task_id_annotation_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."annotation_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annotation_task_items" ADD CONSTRAINT "annotation_task_items_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "annotation_labels_current_key" ON "annotation_labels" USING btree ("task_id","post_id","annotator") WHERE "annotation_labels"."current";--> statement-breakpoint
CREATE INDEX "annotation_labels_task_post_idx" ON "annotation_labels" USING btree ("task_id","post_id");--> statement-breakpoint
CREATE UNIQUE INDEX "annotation_task_items_position_key" ON "annotation_task_items" USING btree ("task_id","position");--> statement-breakpoint
CREATE INDEX "annotation_task_items_post_idx" ON "annotation_task_items" USING btree ("post_id");--> statement-breakpoint
ALTER TABLE "annotation_labels" ADD CONSTRAINT "annotation_labels_label_check" CHECK ("label" IN ('negative', 'neutral', 'positive', 'not_relevant', 'not_indonesian'));
--> statement-breakpoint
ALTER TABLE "annotation_adjudications" ADD CONSTRAINT "annotation_adjudications_label_check" CHECK ("label" IN ('negative', 'neutral', 'positive', 'not_relevant', 'not_indonesian'));
--> statement-breakpoint
-- Validated shares read the labels: a label, an adjudication or a new task makes kept API answers stale.
CREATE TRIGGER "annotation_tasks_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "annotation_tasks" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "annotation_task_items_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "annotation_task_items" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "annotation_labels_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "annotation_labels" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "annotation_adjudications_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "annotation_adjudications" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
