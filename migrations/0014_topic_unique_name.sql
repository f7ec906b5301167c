-- Topic names are unique regardless of case ("Iuran" and "iuran" are one name). Topics that already share a name keep
-- the oldest one as it is; each later one is renamed "<name> (<id>)" so no topic, tag or rollup is lost.
UPDATE "topics" t SET "name" = left(t."name", 80) || ' (' || t."id" || ')', "updated_at" = now()
WHERE EXISTS (SELECT 1 FROM "topics" o WHERE lower(o."name") = lower(t."name") AND o."id" < t."id");--> statement-breakpoint
CREATE UNIQUE INDEX "topics_name_lower_key" ON "topics" USING btree (lower("name"));
