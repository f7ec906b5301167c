import type { DlqReason, Platform } from '@pantau/contracts';

/** A time window to collect, half-open [from, to). */
export interface CollectWindow {
  from: Date;
  to: Date;
}

/** One item from a source: parsed data, or something that could not even be parsed (with the reason). */
export type SourceItem = { ref: string; item: unknown } | { ref: string; invalid: { reason: DlqReason; detail: string; raw: string } };

/** One page of raw items from a source, with the checkpoint to resume after it. */
export interface ConnectorPage {
  /** Raw items; `ref` says where each came from (line number, API id) for rejection reports. */
  items: SourceItem[];
  /** Opaque resume point (a cursor, a since_id, a byte offset); stored after the page is published. */
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
  /** Yields pages in order; stops when the window is exhausted or the signal aborts. */
  fetch(window: CollectWindow | null, checkpoint: string | null, signal?: AbortSignal): AsyncIterable<ConnectorPage>;
  /** Maps one raw item to the incoming shape (identity for sources already in that shape). */
  map(item: unknown): unknown;
}
