ALTER TABLE "audit_log" ADD COLUMN "seq" bigint;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "hash" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "sanitized" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_seq_key" ON "audit_log" USING btree ("seq");--> statement-breakpoint
-- Chain the rows written before this migration, oldest first, with the same canonical content and hash the
-- application uses (packages/db/src/audit.ts): sha256(prev_hash || E'\n' || content), the first prev_hash 64 zeros.
DO $$
DECLARE
  r record;
  n bigint := 0;
  prev text := repeat('0', 64);
BEGIN
  FOR r IN SELECT id FROM audit_log WHERE seq IS NULL ORDER BY id LOOP
    n := n + 1;
    -- The content is the row's with seq = n (SET expressions read the row before this update).
    UPDATE audit_log
      SET seq = n, prev_hash = prev, hash = encode(sha256(convert_to(prev || E'\n' || jsonb_build_array(
        n, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), key_id, action, detail, sanitized
      )::text, 'UTF8')), 'hex')
      WHERE id = r.id
      RETURNING hash INTO prev;
  END LOOP;
END $$;
