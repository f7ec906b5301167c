import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';
import {
  type ConnectorCoverage,
  type IndexedLedger,
  indexLedger,
  type LedgerRun,
  type LedgerScope,
  ledgerOver,
  readLedger,
} from './coverage.ts';
import type { DataChangeFeed } from './data-changes.ts';
import { OVERVIEW_SUMS, overviewOf, SENTIMENT_SUMS, type SentimentOverview, summarizeCoverage } from './queries.ts';
import { type DayWindow, type Granularity, rowsOf } from './sql.ts';

/** Most ledger runs kept in memory; a larger ledger is read for each window instead. */
export const MAX_KEPT_LEDGER_RUNS = 50_000;
/** Most topics whose rollups are kept at once; the one loaded longest ago is dropped first. */
export const MAX_KEPT_TOPICS = 64;

/**
 * Rows read from some tables, kept while none of them is written: the generation of those tables is read before the
 * rows are, so a write committed during the read moves it and the next use reads again. Nothing is kept while the feed
 * is not live. A failed read is not kept.
 */
class Kept<T> {
  private kept: { generation: number; rows: Promise<T> } | null = null;

  constructor(
    private readonly feed: DataChangeFeed,
    private readonly tables: readonly string[],
    private readonly read: () => Promise<T>,
  ) {}

  /** The rows of the current generation of the tables, or null when they cannot be kept (the feed is not live). */
  get(): Promise<T> | null {
    if (!this.feed.live) return null;
    const generation = this.feed.generationOf?.(this.tables) ?? this.feed.generation;
    if (this.kept?.generation === generation) return this.kept.rows;
    const entry = { generation, rows: this.read() };
    this.kept = entry;
    entry.rows.catch(() => {
      if (this.kept === entry) this.kept = null;
    });
    return entry.rows;
  }
}

/** One daily rollup row: its day (and the Monday of its ISO week), platform, model, part, and OVERVIEW_SUMS counts. */
interface RollupRow {
  day: string;
  week: string;
  platform: string;
  modelVersion: string;
  /** A row of the coordinated part (counted from `posts`; subtracted when coordinated posts are excluded). */
  coordinated: boolean;
  counts: number[];
}

/** Exclusions of one day, platform (null: a message too broken to name one) and reason. */
interface ExclusionRow {
  day: string;
  platform: string | null;
  reason: string;
  count: number;
}

const DAY_MS = 86_400_000;

/** The Monday of a day's ISO week (as Postgres's `date_trunc('week', day)`). */
export function mondayOf(day: string): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  const sinceMonday = (new Date(ms).getUTCDay() + 6) % 7;
  return new Date(ms - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

const OVERVIEW_COLUMNS = OVERVIEW_SUMS.join(', ');
const ZERO_REDACTIONS = OVERVIEW_SUMS.slice(SENTIMENT_SUMS.length)
  .map(() => '0')
  .join(', ');

const toRollupRow = (r: Record<string, unknown>): RollupRow => ({
  day: String(r.day),
  week: mondayOf(String(r.day)),
  platform: String(r.platform),
  modelVersion: String(r.model_version),
  coordinated: r.coordinated === true,
  counts: OVERVIEW_SUMS.map((c) => Number(r[c] ?? 0)),
});

/** The daily sentiment rollup and its coordinated part (as `sentimentOverview` reads them), every row. */
async function readSentimentRollups(db: Database): Promise<RollupRow[]> {
  const result = await db.execute(sql`
    select to_char(day, 'YYYY-MM-DD') as day, platform, model_version, false as coordinated, ${sql.raw(OVERVIEW_COLUMNS)}
    from daily_sentiment
    union all
    select to_char(day, 'YYYY-MM-DD'), platform, model_version, true, ${sql.raw(SENTIMENT_SUMS.join(', '))}, ${sql.raw(ZERO_REDACTIONS)}
    from daily_coordinated_sentiment`);
  return rowsOf(result).map(toRollupRow);
}

/** One topic's daily rollup and its coordinated posts that have a label, per day, platform and model, every row. */
async function readTopicRollups(db: Database, topicId: number): Promise<RollupRow[]> {
  const zeros = OVERVIEW_SUMS.slice(1)
    .map(() => '0')
    .join(', ');
  const result = await db.execute(sql`
    select to_char(day, 'YYYY-MM-DD') as day, platform, model_version, false as coordinated, ${sql.raw(OVERVIEW_COLUMNS)}
    from daily_topic_sentiment where topic_id = ${topicId}
    union all
    select to_char(cp.day, 'YYYY-MM-DD'), p.platform, l.model_version, true, count(*), ${sql.raw(zeros)}
    from coordinated_posts cp join post_topics pt on pt.post_id = cp.post_id and pt.topic_id = ${topicId}
    join posts p on p.id = cp.post_id join sentiment_labels l on l.post_id = cp.post_id
    group by 1, 2, 3`);
  return rowsOf(result).map(toRollupRow);
}

/** Exclusions counted per day, platform and reason (reasons in order). */
async function readExclusions(db: Database): Promise<ExclusionRow[]> {
  const result = await db.execute(sql`
    select to_char(day, 'YYYY-MM-DD') as day, platform, reason, count(*) as n
    from exclusions where day is not null group by day, platform, reason order by reason, day`);
  return rowsOf(result).map((r) => ({
    day: String(r.day),
    platform: r.platform === null ? null : String(r.platform),
    reason: String(r.reason),
    count: Number(r.n),
  }));
}

/**
 * The groups of `sentimentOverview`'s statement computed from rollup rows: per period the counts of the rollup (minus
 * its coordinated part when coordinated posts are excluded), the posts of each part, and whether the rollup had a row.
 */
function periodGroups(
  rows: readonly RollupRow[],
  window: DayWindow & { granularity: Granularity; modelVersion: string },
): Record<string, unknown>[] {
  const groups = new Map<string, { countedRows: boolean; allPosts: number; coordinatedPosts: number; counts: number[] }>();
  for (const r of rows) {
    if (r.modelVersion !== window.modelVersion || r.day < window.from || r.day > window.to) continue;
    if (window.platform && r.platform !== window.platform) continue;
    const period = window.granularity === 'week' ? r.week : r.day;
    let g = groups.get(period);
    if (!g) {
      g = { countedRows: false, allPosts: 0, coordinatedPosts: 0, counts: OVERVIEW_SUMS.map(() => 0) };
      groups.set(period, g);
    }
    const posts = r.counts[0] ?? 0;
    if (r.coordinated) {
      g.coordinatedPosts += posts;
      if (window.excludeCoordinated) for (let i = 0; i < SENTIMENT_SUMS.length; i++) g.counts[i] = (g.counts[i] ?? 0) - (r.counts[i] ?? 0);
    } else {
      g.countedRows = true;
      g.allPosts += posts;
      for (let i = 0; i < OVERVIEW_SUMS.length; i++) g.counts[i] = (g.counts[i] ?? 0) + (r.counts[i] ?? 0);
    }
  }
  return [...groups.keys()].sort().map((period) => {
    const g = groups.get(period) as NonNullable<ReturnType<typeof groups.get>>;
    const row: Record<string, unknown> = {
      period,
      counted_rows: g.countedRows,
      all_posts: g.allPosts,
      coordinated_posts: g.coordinatedPosts,
    };
    OVERVIEW_SUMS.forEach((c, i) => {
      row[c] = g.counts[i];
    });
    return row;
  });
}

/** A window's exclusions by reason (broken messages without a platform count in every platform's window). */
function excludedIn(rows: readonly ExclusionRow[], window: DayWindow): Record<string, number> {
  const excluded: Record<string, number> = {};
  for (const r of rows) {
    if (r.day < window.from || r.day > window.to) continue;
    if (window.platform && r.platform !== null && r.platform !== window.platform) continue;
    excluded[r.reason] = (excluded[r.reason] ?? 0) + r.count;
  }
  return excluded;
}

/**
 * The small tables behind the sentiment figures and every disclosure, kept in API memory while the data-change feed
 * says they are unchanged: the daily sentiment rollups (and, for the topics asked about, each topic's), the exclusion
 * counts, the coverage ledger and the topic ids. Each is read again, whole, at its first use after a write to a table
 * it comes from, so a window's figures are sums in memory that equal what the database would answer. Every method
 * answers null when the figures must be read from the database instead (the feed is not live, or the question needs
 * posts rather than rollups).
 */
export class RollupMemory {
  private readonly rollups: Kept<RollupRow[]>;
  private readonly topicRollups = new Map<number, Kept<RollupRow[]>>();
  private readonly exclusions: Kept<ExclusionRow[]>;
  private readonly ledger: Kept<IndexedLedger | null>;
  private readonly topicIds: Kept<Set<number>>;

  constructor(
    private readonly db: Database,
    private readonly feed: DataChangeFeed,
  ) {
    this.rollups = new Kept(feed, ['daily_sentiment', 'daily_coordinated_sentiment'], () => readSentimentRollups(db));
    this.exclusions = new Kept(feed, ['exclusions'], () => readExclusions(db));
    this.ledger = new Kept(feed, ['coverage_runs'], async () => {
      const rows = await readLedger(db, {}, undefined, MAX_KEPT_LEDGER_RUNS + 1);
      return rows.runs.length > MAX_KEPT_LEDGER_RUNS ? null : indexLedger(rows);
    });
    this.topicIds = new Kept(feed, ['topics'], async () => {
      const result = await db.execute(sql`select id from topics`);
      return new Set(rowsOf(result).map((r) => Number(r.id)));
    });
  }

  /** What `sentimentOverview` answers for the window, from kept rows; null for a topic without its coordinated posts. */
  async sentimentOverview(window: DayWindow & { granularity: Granularity; modelVersion: string }): Promise<SentimentOverview | null> {
    if (window.topicId !== undefined && window.excludeCoordinated) return null;
    const rollups = window.topicId === undefined ? this.rollups.get() : this.topicRollupsOf(window.topicId).get();
    const exclusions = this.exclusions.get();
    if (!rollups || !exclusions) return null;
    return overviewOf(periodGroups(await rollups, window), excludedIn(await exclusions, window), window);
  }

  /** What `coverageSummary` answers for the window, from the kept ledger; null when the ledger is too large to keep. */
  async coverageSummary(window: DayWindow): Promise<ReturnType<typeof summarizeCoverage> | null> {
    const ledger = await this.coverageLedger({ from: window.from, to: window.to, platform: window.platform });
    return ledger && summarizeCoverage(ledger.connectors);
  }

  /** What `coverageLedger` answers for the window, from the kept ledger; null when the ledger is too large to keep. */
  async coverageLedger(
    window: { from: string; to: string } & LedgerScope,
  ): Promise<{ runs: LedgerRun[]; connectors: ConnectorCoverage[] } | null> {
    const ledger = await this.ledger.get();
    return ledger ? ledgerOver(ledger, window) : null;
  }

  /** Whether a topic with this id exists. */
  async topicExists(id: number): Promise<boolean | null> {
    const ids = await this.topicIds.get();
    return ids ? ids.has(id) : null;
  }

  private topicRollupsOf(topicId: number): Kept<RollupRow[]> {
    let kept = this.topicRollups.get(topicId);
    if (!kept) {
      if (this.topicRollups.size >= MAX_KEPT_TOPICS) {
        const oldest = this.topicRollups.keys().next();
        if (!oldest.done) this.topicRollups.delete(oldest.value);
      }
      kept = new Kept(this.feed, ['daily_topic_sentiment', 'coordinated_posts', 'post_topics', 'posts', 'sentiment_labels'], () =>
        readTopicRollups(this.db, topicId),
      );
      this.topicRollups.set(topicId, kept);
    }
    return kept;
  }
}
