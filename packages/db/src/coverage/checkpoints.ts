import { and, eq } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { connectorCheckpoints } from '../schema.ts';

/** Which checkpoint: one connector, one query, one mode (`live` or `backfill:<from>/<to>`). */
export interface CheckpointKey {
  connector: string;
  query: string;
  mode: string;
}

/** A stored checkpoint: the window in progress (or last done), the resume point and whether the window is done. */
export interface ConnectorCheckpoint extends CheckpointKey {
  windowFrom: Date | null;
  windowTo: Date | null;
  checkpoint: string | null;
  complete: boolean;
  runId: string | null;
  updatedAt: Date;
}

/** Reads the checkpoint of one connector, query and mode, or null before its first run. */
export async function loadCheckpoint(db: Database, key: CheckpointKey): Promise<ConnectorCheckpoint | null> {
  const rows = await db
    .select()
    .from(connectorCheckpoints)
    .where(
      and(
        eq(connectorCheckpoints.connector, key.connector),
        eq(connectorCheckpoints.query, key.query),
        eq(connectorCheckpoints.mode, key.mode),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** Writes (or replaces) the checkpoint of one connector, query and mode. */
export async function saveCheckpoint(db: Database, row: ConnectorCheckpoint): Promise<void> {
  await db
    .insert(connectorCheckpoints)
    .values(row)
    .onConflictDoUpdate({
      target: [connectorCheckpoints.connector, connectorCheckpoints.query, connectorCheckpoints.mode],
      set: {
        windowFrom: row.windowFrom,
        windowTo: row.windowTo,
        checkpoint: row.checkpoint,
        complete: row.complete,
        runId: row.runId,
        updatedAt: row.updatedAt,
      },
    });
}
