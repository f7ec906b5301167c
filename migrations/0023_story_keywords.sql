-- The posts of a day with their keywords from the index alone (the stories of a day: which posts use which fired term),
-- without reading the post rows.
CREATE INDEX IF NOT EXISTS "posts_day_id_keywords_idx" ON "posts" USING btree ("day", "id", "keywords");
