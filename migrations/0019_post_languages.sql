-- Posts in a regional language are counted (volume, keywords) but left out of the Indonesian sentiment model's class
-- shares: their stored label becomes `other_language` (the model's probabilities stay). Posts stored before this change
-- are relabelled here, and the class counts of every rollup lose them (their post counts stay).
WITH a AS (
	SELECT p.day, p.platform, l.model_version,
		count(*) FILTER (WHERE l.label = 'negative') AS negative, count(*) FILTER (WHERE l.label = 'neutral') AS neutral,
		count(*) FILTER (WHERE l.label = 'positive') AS positive, count(*) FILTER (WHERE l.label = 'uncertain') AS uncertain
	FROM posts p JOIN sentiment_labels l ON l.post_id = p.id
	WHERE p.lang <> 'id' AND l.label <> 'other_language'
	GROUP BY 1, 2, 3
)
UPDATE daily_sentiment d SET negative = d.negative - a.negative, neutral = d.neutral - a.neutral,
	positive = d.positive - a.positive, uncertain = d.uncertain - a.uncertain
FROM a WHERE d.day = a.day AND d.platform = a.platform AND d.model_version = a.model_version;
--> statement-breakpoint
WITH a AS (
	SELECT p.day, p.platform, l.model_version,
		count(*) FILTER (WHERE l.label = 'negative') AS negative, count(*) FILTER (WHERE l.label = 'neutral') AS neutral,
		count(*) FILTER (WHERE l.label = 'positive') AS positive, count(*) FILTER (WHERE l.label = 'uncertain') AS uncertain
	FROM posts p JOIN sentiment_labels l ON l.post_id = p.id JOIN coordinated_posts cp ON cp.post_id = p.id
	WHERE p.lang <> 'id' AND l.label <> 'other_language'
	GROUP BY 1, 2, 3
)
UPDATE daily_coordinated_sentiment d SET negative = d.negative - a.negative, neutral = d.neutral - a.neutral,
	positive = d.positive - a.positive, uncertain = d.uncertain - a.uncertain
FROM a WHERE d.day = a.day AND d.platform = a.platform AND d.model_version = a.model_version;
--> statement-breakpoint
WITH a AS (
	SELECT pt.topic_id, pt.day, p.platform, l.model_version,
		count(*) FILTER (WHERE l.label = 'negative') AS negative, count(*) FILTER (WHERE l.label = 'neutral') AS neutral,
		count(*) FILTER (WHERE l.label = 'positive') AS positive, count(*) FILTER (WHERE l.label = 'uncertain') AS uncertain
	FROM post_topics pt JOIN posts p ON p.id = pt.post_id JOIN sentiment_labels l ON l.post_id = p.id
	WHERE p.lang <> 'id' AND l.label <> 'other_language'
	GROUP BY 1, 2, 3, 4
)
UPDATE daily_topic_sentiment d SET negative = d.negative - a.negative, neutral = d.neutral - a.neutral,
	positive = d.positive - a.positive, uncertain = d.uncertain - a.uncertain
FROM a WHERE d.topic_id = a.topic_id AND d.day = a.day AND d.platform = a.platform AND d.model_version = a.model_version;
--> statement-breakpoint
WITH a AS (
	SELECT p.day, p.platform, l.model_version, k.key,
		count(*) FILTER (WHERE l.label = 'negative') AS negative, count(*) FILTER (WHERE l.label = 'neutral') AS neutral,
		count(*) FILTER (WHERE l.label = 'positive') AS positive, count(*) FILTER (WHERE l.label = 'uncertain') AS uncertain
	FROM posts p JOIN sentiment_labels l ON l.post_id = p.id CROSS JOIN LATERAL unnest(p.keywords) AS k(key)
	WHERE p.lang <> 'id' AND l.label <> 'other_language'
	GROUP BY 1, 2, 3, 4
)
UPDATE daily_keywords d SET negative = d.negative - a.negative, neutral = d.neutral - a.neutral,
	positive = d.positive - a.positive, uncertain = d.uncertain - a.uncertain
FROM a WHERE d.day = a.day AND d.platform = a.platform AND d.model_version = a.model_version AND d.key = a.key;
--> statement-breakpoint
WITH a AS (
	SELECT p.day, p.platform, l.model_version, k.key,
		count(*) FILTER (WHERE l.label = 'negative') AS negative, count(*) FILTER (WHERE l.label = 'neutral') AS neutral,
		count(*) FILTER (WHERE l.label = 'positive') AS positive, count(*) FILTER (WHERE l.label = 'uncertain') AS uncertain
	FROM posts p JOIN sentiment_labels l ON l.post_id = p.id JOIN coordinated_posts cp ON cp.post_id = p.id
		CROSS JOIN LATERAL unnest(p.keywords) AS k(key)
	WHERE p.lang <> 'id' AND l.label <> 'other_language'
	GROUP BY 1, 2, 3, 4
)
UPDATE daily_coordinated_keywords d SET negative = d.negative - a.negative, neutral = d.neutral - a.neutral,
	positive = d.positive - a.positive, uncertain = d.uncertain - a.uncertain
FROM a WHERE d.day = a.day AND d.platform = a.platform AND d.model_version = a.model_version AND d.key = a.key;
--> statement-breakpoint
UPDATE sentiment_labels l SET label = 'other_language' FROM posts p
WHERE p.id = l.post_id AND p.lang <> 'id' AND l.label <> 'other_language';
--> statement-breakpoint
-- The daily sentiment rollup keyed by the posts' language too: the language shares of every disclosure and the
-- `language` filter of the aggregates read it (the rollups without a language stay as they were for the unfiltered path).
CREATE TABLE "daily_language_sentiment" (
	"day" date NOT NULL,
	"platform" text NOT NULL,
	"model_version" text NOT NULL,
	"lang" text NOT NULL,
	"posts" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"uncertain" integer DEFAULT 0 NOT NULL,
	"likes" bigint DEFAULT 0 NOT NULL,
	"replies" bigint DEFAULT 0 NOT NULL,
	"shares" bigint DEFAULT 0 NOT NULL,
	"views" bigint DEFAULT 0 NOT NULL,
	"redacted_posts" integer DEFAULT 0 NOT NULL,
	"redacted_phone" integer DEFAULT 0 NOT NULL,
	"redacted_email" integer DEFAULT 0 NOT NULL,
	"redacted_nik" integer DEFAULT 0 NOT NULL,
	"redacted_bpjs" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_language_sentiment_day_platform_model_version_lang_pk" PRIMARY KEY("day","platform","model_version","lang")
);
--> statement-breakpoint
INSERT INTO daily_language_sentiment (day, platform, model_version, lang, posts, negative, neutral, positive, uncertain,
	likes, replies, shares, views, redacted_posts, redacted_phone, redacted_email, redacted_nik, redacted_bpjs)
SELECT p.day, p.platform, l.model_version, p.lang, count(*),
	count(*) FILTER (WHERE l.label = 'negative'), count(*) FILTER (WHERE l.label = 'neutral'),
	count(*) FILTER (WHERE l.label = 'positive'), count(*) FILTER (WHERE l.label = 'uncertain'),
	sum(p.likes), sum(p.replies), sum(p.shares), sum(p.views),
	count(*) FILTER (WHERE p.redacted_phone + p.redacted_email + p.redacted_nik + p.redacted_bpjs > 0),
	count(*) FILTER (WHERE p.redacted_phone > 0), count(*) FILTER (WHERE p.redacted_email > 0),
	count(*) FILTER (WHERE p.redacted_nik > 0), count(*) FILTER (WHERE p.redacted_bpjs > 0)
FROM posts p JOIN sentiment_labels l ON l.post_id = p.id
GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE TRIGGER "daily_language_sentiment_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "daily_language_sentiment" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_data_changed();
--> statement-breakpoint
-- The posts of the regional languages (a minority of posts) by day: the filtered figures read from posts find them here.
CREATE INDEX IF NOT EXISTS "posts_regional_lang_day_idx" ON "posts" USING btree ("lang", "day") WHERE "lang" <> 'id';
