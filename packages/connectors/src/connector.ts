import type { DlqReason, Platform } from '@pantau/contracts';

/** A time window to collect, half-open [from, to). */
export interface CollectWindow {
  from: Date;
  to: Date;
}

/** Why a connector dropped an item without publishing it: only counted in the ledger, its content not kept. */
export const DROP_REASONS = ['not_public', 'deleted', 'withheld'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/**
 * One item from a source: parsed data; something that could not even be parsed (with the reason, dead-lettered);
 * or an item the platform marks deleted, withheld or non-public (dropped and counted).
 */
export type SourceItem =
  | { ref: string; item: unknown }
  | { ref: string; invalid: { reason: DlqReason; detail: string; raw: string } }
  | { ref: string; dropped: { reason: DropReason; detail: string } };

/** One page of raw items from a source, with the checkpoint to resume after it. */
export interface ConnectorPage {
  /** Raw items; `ref` says where each came from (line number, API id) for rejection reports. */
  items: SourceItem[];
  /**
   * Opaque resume point (a cursor, a byte offset, an ETag); stored after the page is published and handed back to
   * `fetch` on the next run of the same connector, query and mode. A connector must recognise whether it belongs
   * to the window it is asked for (resume) or to an earlier one (start the window, keeping what still holds).
   */
  checkpoint: string | null;
}

/**
 * A source of public posts. Platform connectors (X, Meta, RSS) implement the same shape:
 * fetch raw pages for a window, resumable from a checkpoint, and map each raw item to an `IncomingPost`.
 */
export interface Connector {
  /** Ledger name, e.g. `file`, `webhook`, `x-recent-search`. */
  readonly name: string;
  /** Platform when the connector serves exactly one. */
  readonly platform: Platform | null;
  /** What it collects (a search query, a feed URL, a file name). */
  readonly query: string;
  /** How far back the source can be read (X recent search: 7 days); older windows are clamped to it. */
  readonly maxLookbackMs?: number;
  /** How long after publication the source can be relied on to list a post; live windows end this long before now. */
  readonly settleMs?: number;
  /** Yields pages in order; stops when the window is exhausted or the signal aborts. */
  fetch(window: CollectWindow | null, checkpoint: string | null, signal?: AbortSignal): AsyncIterable<ConnectorPage>;
  /** Maps one raw item to the incoming shape (identity for sources already in that shape). */
  map(item: unknown): unknown;
}
