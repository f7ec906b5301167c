-- Each polled connector and query's schedule as the ingest service registered it, with the period it held: a new
-- schedule closes the one before (valid_to) instead of replacing it, so past days stay judged by what was due then.
CREATE TABLE "connector_schedules" (
	"id" serial PRIMARY KEY NOT NULL,
	"connector" text NOT NULL,
	"query" text NOT NULL,
	"platform" text,
	"every_minutes" double precision NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone,
	CONSTRAINT "connector_schedules_every_minutes_positive" CHECK ("every_minutes" > 0),
	CONSTRAINT "connector_schedules_period" CHECK ("valid_to" IS NULL OR "valid_to" >= "valid_from")
);
--> statement-breakpoint
-- At most one schedule in force per connector, query and platform.
CREATE UNIQUE INDEX "connector_schedules_open_idx" ON "connector_schedules" USING btree ("connector","query",coalesce("platform", '')) WHERE "valid_to" IS NULL;
--> statement-breakpoint
CREATE TRIGGER "connector_schedules_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "connector_schedules" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
