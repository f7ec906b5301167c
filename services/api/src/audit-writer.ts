import { type AuditEntry, appendAudit, type Database, isAuditDataError, minimalAuditEntry } from '@pantau/db';
import type { FastifyBaseLogger } from 'fastify';

export interface AuditWriterOptions {
  /** Rows kept in memory while the database cannot take them; further rows are counted, not kept. */
  maxBufferedRows?: number;
  /** Rows per write. */
  batchRows?: number;
  /** First pause after a failed write; it doubles up to `retryMaxMs`. */
  retryMinMs?: number;
  retryMaxMs?: number;
}

/** What /v1/ready shows of the audit writer. */
export interface AuditWriterStatus {
  /** Request and action rows waiting to be written (an overflow row waiting is not counted). */
  buffered: number;
  /** Rows not kept because the buffer was full, since the process started (each gap is also a row in the chain). */
  dropped: number;
  /** True while the buffer is full and rows are being dropped. */
  overflowing: boolean;
  /** True while writes fail and the writer is waiting to retry. */
  retrying: boolean;
}

// The row that stands for rows dropped while the buffer was full: it takes their place in the chain.
interface OverflowEntry extends AuditEntry {
  detail: { dropped: number; firstAt: string; lastAt: string };
}

/**
 * Writes audit rows to the chain in batches, so a request does not wait on a database round trip. A batch the
 * database refuses is written row by row, and a row it still refuses is written in its minimal form, so one bad row
 * never takes the others with it. While the database is away the rows wait in a bounded buffer and writes are retried
 * with a growing pause; rows beyond the bound are counted, logged as an error and recorded as one `audit.overflow`
 * row in their place in the chain.
 */
export class AuditWriter {
  private readonly buffer: AuditEntry[] = [];
  private overflow: OverflowEntry | null = null;
  // Overflow rows in the buffer: they do not count against its bound.
  private readonly markers = new Set<AuditEntry>();
  private droppedTotal = 0;
  private failures = 0;
  private retryAt = 0;
  private running: Promise<void> | null = null;
  private readonly maxBufferedRows: number;
  private readonly batchRows: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;

  constructor(
    private readonly db: Database,
    private readonly log: FastifyBaseLogger,
    options: AuditWriterOptions = {},
  ) {
    this.maxBufferedRows = options.maxBufferedRows ?? 10_000;
    this.batchRows = options.batchRows ?? 200;
    this.retryMinMs = options.retryMinMs ?? 1_000;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
  }

  /** Queues a row; when the buffer is full the row is counted as dropped instead. */
  record(entry: AuditEntry): void {
    const row = { ...entry, at: entry.at ?? new Date() };
    if (this.buffer.length - this.markers.size < this.maxBufferedRows) {
      this.buffer.push(row);
      return;
    }
    this.droppedTotal += 1;
    const at = row.at.toISOString();
    if (this.overflow) {
      this.overflow.detail.dropped += 1;
      this.overflow.detail.lastAt = at;
      // The alarm repeats with the count while the overflow lasts.
      if (this.overflow.detail.dropped % 1_000 === 0) {
        this.log.error({ dropped: this.overflow.detail.dropped, droppedTotal: this.droppedTotal }, 'audit buffer still full: rows dropped');
      }
      return;
    }
    this.overflow = { keyId: null, action: 'audit.overflow', at: row.at, detail: { dropped: 1, firstAt: at, lastAt: at } };
    this.buffer.push(this.overflow);
    this.markers.add(this.overflow);
    this.log.error(
      { buffered: this.maxBufferedRows, droppedTotal: this.droppedTotal },
      'audit buffer full: requests are not being audited until the database takes writes again',
    );
  }

  /** Whether a batch is due: the buffer holds a full batch and no retry pause is running. */
  get due(): boolean {
    return this.buffer.length >= this.batchRows && Date.now() >= this.retryAt;
  }

  /** The writer's state for readiness details. */
  status(): AuditWriterStatus {
    return {
      buffered: this.buffer.length - this.markers.size,
      dropped: this.droppedTotal,
      overflowing: this.buffer.length - this.markers.size >= this.maxBufferedRows,
      retrying: this.failures > 0,
    };
  }

  /**
   * Writes what is buffered (one write at a time; a call during a write waits for it). During a retry pause it does
   * nothing unless `force` is set. Never rejects: failures are logged and retried.
   */
  flush(force = false): Promise<void> {
    if (!force && Date.now() < this.retryAt) return Promise.resolve();
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Writes what is left, once; rows the database does not take then are logged as lost. */
  async close(): Promise<void> {
    await this.running;
    await this.flush(true);
    if (this.buffer.length > 0) {
      this.log.error({ lost: this.buffer.length }, 'audit rows lost at shutdown: the database did not take them');
    }
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.slice(0, this.batchRows);
      // Dropped rows counted after this point start a new overflow row after this batch.
      if (this.overflow && batch.includes(this.overflow)) this.overflow = null;
      try {
        this.release(await this.write(batch));
      } catch (err) {
        this.failures += 1;
        const pauseMs = Math.min(this.retryMaxMs, this.retryMinMs * 2 ** (this.failures - 1));
        this.retryAt = Date.now() + pauseMs;
        if (this.failures === 1) this.log.error({ err, buffered: this.buffer.length }, 'audit rows could not be written; retrying');
        else this.log.warn({ failures: this.failures, buffered: this.buffer.length, pauseMs }, 'audit rows still not written');
        return;
      }
      if (this.failures > 0) this.log.info({ failures: this.failures }, 'audit rows written again');
      this.failures = 0;
      this.retryAt = 0;
    }
  }

  // Removes rows written from the head of the buffer; an overflow row written is the alarm that the gap is recorded.
  private release(count: number): void {
    for (const row of this.buffer.splice(0, count)) {
      if (!this.markers.delete(row)) continue;
      this.log.error(
        { ...(row as OverflowEntry).detail },
        'audit rows were dropped while the buffer was full; the gap is recorded in the chain',
      );
    }
  }

  // Writes a batch; returns how many rows were written, or throws when the database is away (after removing the
  // rows already written from the buffer).
  private async write(batch: AuditEntry[]): Promise<number> {
    try {
      await appendAudit(this.db, batch);
      return batch.length;
    } catch (err) {
      if (!isAuditDataError(err)) throw err;
    }
    // The database refused a value: find the row, write the others as they are and that one in its minimal form.
    for (const [i, row] of batch.entries()) {
      try {
        await appendAudit(this.db, [row]);
      } catch (err) {
        if (!isAuditDataError(err)) {
          this.release(i);
          throw err;
        }
        this.log.warn({ err, action: row.action }, 'audit row refused by the database; stored in its minimal form');
        try {
          await appendAudit(this.db, [minimalAuditEntry(row)]);
        } catch (minimalErr) {
          if (isAuditDataError(minimalErr)) {
            // Not expected (the minimal form holds only short plain values); kept out so it cannot block the rest.
            this.droppedTotal += 1;
            this.log.error({ err: minimalErr, droppedTotal: this.droppedTotal }, 'audit row refused even in its minimal form; dropped');
            continue;
          }
          this.release(i);
          throw minimalErr;
        }
      }
    }
    return batch.length;
  }
}
