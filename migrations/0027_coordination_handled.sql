-- The newest post id the coordination stage has handled: after a start or a reassignment it refills its memory only with
-- posts up to it, so posts analysed but not yet delivered to it on posts.analyzed are paired in their turn (null: not
-- recorded yet, by a version before this column).
ALTER TABLE "coordination_progress" ADD COLUMN IF NOT EXISTS "handled_up_to_id" bigint;
