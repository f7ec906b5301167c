-- Emotion labels per post (EmoT classes, per model version) and their daily rollup per platform.
CREATE TABLE "emotion_labels" (
	"post_id" bigint NOT NULL,
	"model_version" text NOT NULL,
	"label" text NOT NULL,
	"p_anger" real NOT NULL,
	"p_fear" real NOT NULL,
	"p_happy" real NOT NULL,
	"p_love" real NOT NULL,
	"p_sadness" real NOT NULL,
	"confidence" real NOT NULL,
	CONSTRAINT "emotion_labels_post_id_model_version_pk" PRIMARY KEY("post_id","model_version"),
	CONSTRAINT "emotion_labels_label_check" CHECK ("label" IN ('anger', 'fear', 'happy', 'love', 'sadness', 'uncertain'))
);
--> statement-breakpoint
ALTER TABLE "emotion_labels" ADD CONSTRAINT "emotion_labels_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "daily_emotions" (
	"day" date NOT NULL,
	"platform" text NOT NULL,
	"model_version" text NOT NULL,
	"posts" integer DEFAULT 0 NOT NULL,
	"anger" integer DEFAULT 0 NOT NULL,
	"fear" integer DEFAULT 0 NOT NULL,
	"happy" integer DEFAULT 0 NOT NULL,
	"love" integer DEFAULT 0 NOT NULL,
	"sadness" integer DEFAULT 0 NOT NULL,
	"uncertain" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_emotions_day_platform_model_version_pk" PRIMARY KEY("day","platform","model_version")
);
--> statement-breakpoint
CREATE TRIGGER "emotion_labels_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "emotion_labels" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER "daily_emotions_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "daily_emotions" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
