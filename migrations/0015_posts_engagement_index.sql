-- The posts behind a number sorted by engagement (likes + replies + shares): a keyset walk per day on this index.
CREATE INDEX IF NOT EXISTS "posts_day_engagement_idx" ON "posts" USING btree ("day", ("likes"::bigint + "replies" + "shares"), "id");
