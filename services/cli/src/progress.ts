import type { CollectWindow, PublishStats } from '@pantau/connectors';

/** Progress of a long collection on stderr: one redrawn line on a terminal, plain lines (at most every 5 s) otherwise. */
export interface Progress {
  update(stats: PublishStats, window: CollectWindow | null, pages: number): void;
  done(): void;
}

const WIDTH = 24;

/** How much of the window the run has covered: connectors page from the newest post back towards `from`. */
function coveredShare(stats: PublishStats, window: CollectWindow | null): number | null {
  if (!window || !stats.firstPublishedAt) return null;
  const span = window.to.getTime() - window.from.getTime();
  if (span <= 0) return null;
  return Math.min(1, Math.max(0, (window.to.getTime() - stats.firstPublishedAt.getTime()) / span));
}

/** The progress line for a run so far. */
export function progressLine(label: string, stats: PublishStats, window: CollectWindow | null, pages: number, bar: boolean): string {
  const share = coveredShare(stats, window);
  const rejected = Object.values(stats.rejected).reduce((a, b) => a + b, 0);
  const counts = `pages ${pages}  fetched ${stats.fetched}  published ${stats.published}  rejected ${rejected}`;
  if (share === null) return `${label}  ${counts}`;
  const reached = `back to ${stats.firstPublishedAt?.toISOString().slice(0, 16)}Z`;
  const percent = `${Math.floor(share * 100)}%`.padStart(4);
  const filled = Math.round(share * WIDTH);
  const meter = bar ? `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ` : '';
  return `${label}  ${meter}${percent} ${reached}  ${counts}`;
}

/** A progress reporter on `stream` (process.stderr): TTY-aware. */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr, intervalMs = 5_000): Progress {
  const tty = stream.isTTY === true;
  let last = 0;
  let pending: string | null = null;
  return {
    update(stats, window, pages) {
      const line = progressLine(label, stats, window, pages, tty);
      const now = Date.now();
      if (tty) {
        pending = line;
        if (now - last < 100) return;
        last = now;
        stream.write(`\r\x1b[K${line}`);
      } else if (now - last >= intervalMs) {
        last = now;
        pending = null;
        stream.write(`${line}\n`);
      } else pending = line;
    },
    done() {
      // The last state, whether or not it was drawn (redraws are throttled).
      if (tty && pending) stream.write(`\r\x1b[K${pending}\n`);
      else if (pending) stream.write(`${pending}\n`);
      pending = null;
    },
  };
}

/** Progress of a counted job (texts scored, posts analysed): a redrawn bar on a terminal, plain lines otherwise. */
export interface CountProgress {
  /** `note` says what is happening now (`epoch 3 of 8`). */
  update(done: number, note?: string): void;
  done(): void;
}

/** The line of a counted job: `label  [####----]  45%  450/1000  note` (without the bar off a terminal). */
export function countLine(label: string, done: number, total: number, bar: boolean, note?: string): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * WIDTH);
  const meter = bar ? `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ` : '';
  return `${label}  ${meter}${`${Math.floor(share * 100)}%`.padStart(4)}  ${done}/${total}${note ? `  ${note}` : ''}`;
}

/** A reporter of `done` out of `total` on `stream` (process.stderr): TTY-aware, throttled like `createProgress`. */
export function createCountProgress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
  intervalMs = 5_000,
): CountProgress {
  const tty = stream.isTTY === true;
  let last = 0;
  let pending: string | null = null;
  return {
    update(done, note) {
      const line = countLine(label, done, total, tty, note);
      const now = Date.now();
      if (now - last < (tty ? 100 : intervalMs)) {
        pending = line;
        return;
      }
      last = now;
      pending = null;
      stream.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
    },
    done() {
      if (pending) stream.write(tty ? `\r\x1b[K${pending}\n` : `${pending}\n`);
      else if (tty && last > 0) stream.write('\n');
      pending = null;
    },
  };
}
