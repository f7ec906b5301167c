CREATE TABLE "connector_checkpoints" (
	"connector" text NOT NULL,
	"query" text NOT NULL,
	"mode" text NOT NULL,
	"window_from" timestamp with time zone,
	"window_to" timestamp with time zone,
	"checkpoint" text,
	"complete" boolean DEFAULT false NOT NULL,
	"run_id" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "connector_checkpoints_connector_query_mode_pk" PRIMARY KEY("connector","query","mode")
);
