-- Writes to the keyword rollups also name the days they wrote, on a channel of their own, so an API that keeps the
-- rollups in memory reads only those days again (listeners of pantau_data_changed are told of the write as before).
-- The payload is `table:day,day,…` (YYYY-MM-DD), or `table:*` when every day may have changed (a truncate, or more days
-- than a notification holds). Sent when the writing transaction commits, after the table's pantau_data_changed.
CREATE FUNCTION pantau_notify_rollup_days() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  days text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT string_agg(DISTINCT to_char(day, 'YYYY-MM-DD'), ',') INTO days FROM changed_rows;
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT string_agg(DISTINCT to_char(day, 'YYYY-MM-DD'), ',') INTO days
    FROM (SELECT day FROM changed_rows UNION ALL SELECT day FROM old_rows) AS d;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT string_agg(DISTINCT to_char(day, 'YYYY-MM-DD'), ',') INTO days FROM old_rows;
  ELSE
    days := '*';
  END IF;
  -- A statement that changed no row still notifies (`table:`, no day), as it does on pantau_data_changed; a payload
  -- must stay under 8,000 bytes.
  IF days IS NULL THEN
    days := '';
  ELSIF length(days) > 7000 THEN
    days := '*';
  END IF;
  PERFORM pg_notify('pantau_rollup_days', TG_TABLE_NAME || ':' || days);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "daily_keywords_days_inserted" AFTER INSERT ON "daily_keywords" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_rollup_days();
--> statement-breakpoint
CREATE TRIGGER "daily_keywords_days_updated" AFTER UPDATE ON "daily_keywords" REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_rollup_days();
--> statement-breakpoint
CREATE TRIGGER "daily_keywords_days_deleted" AFTER DELETE ON "daily_keywords" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_rollup_days();
--> statement-breakpoint
CREATE TRIGGER "daily_keywords_days_truncated" AFTER TRUNCATE ON "daily_keywords" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_rollup_days();
--> statement-breakpoint
CREATE TRIGGER "daily_coordinated_keywords_days_inserted" AFTER INSERT ON "daily_coordinated_keywords" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_rollup_days();
--> statement-breakpoint
CREATE TRIGGER "daily_coordinated_keywords_days_updated" AFTER UPDATE ON "daily_coordinated_keywords" REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_rollup_days();
--> statement-breakpoint
CREATE TRIGGER "daily_coordinated_keywords_days_deleted" AFTER DELETE ON "daily_coordinated_keywords" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_rollup_days();
--> statement-breakpoint
CREATE TRIGGER "daily_coordinated_keywords_days_truncated" AFTER TRUNCATE ON "daily_coordinated_keywords" FOR EACH STATEMENT EXECUTE FUNCTION pantau_notify_rollup_days();
