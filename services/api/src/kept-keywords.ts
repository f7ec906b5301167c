import { type Database, type DataChangeFeed, type KeptKeywords, readKeywordRollups, updateKeywordRollups } from '@pantau/db';

/** The keyword rollups: writes to them name their days on the feed's rollup-days channel. */
const KEYWORD_TABLES = ['daily_keywords', 'daily_coordinated_keywords'] as const;

/** Where the feed stood when the kept rollups were last brought up to date. */
interface Mark {
  /** The feed's moves that name no table (connections, lost connections, notifications without a table). */
  unnamed: number;
  /** Notified writes to each keyword rollup. */
  writes: number[];
}

/**
 * The daily keyword rollups kept in memory while they hold at most `maxRows` rows, brought up to date at their first
 * use after a write: when every notified write since the last update named its days, only those days are read again;
 * otherwise (a truncate, a lost connection, a feed that does not name days) the rollups are read again whole.
 */
export class KeptKeywordRollups {
  private kept: Promise<KeptKeywords | null> | null = null;
  private mark: Mark = { unnamed: -1, writes: [] };
  /** Days named since `mark`, how many notifications named them per table, and whether one named every day. */
  private days = new Set<string>();
  private named = KEYWORD_TABLES.map(() => 0);
  private everyDay = false;

  constructor(
    private readonly db: Database,
    private readonly feed: DataChangeFeed,
    private readonly maxRows: number,
  ) {
    feed.onRollupDays?.((table, days) => {
      const i = KEYWORD_TABLES.indexOf(table as (typeof KEYWORD_TABLES)[number]);
      if (i < 0) return;
      this.named[i] = (this.named[i] ?? 0) + 1;
      if (days === null) this.everyDay = true;
      else for (const day of days) this.days.add(day);
    });
  }

  /** The kept rollups as of the feed's latest notification; null when they are too large to keep. */
  get(): Promise<KeptKeywords | null> {
    const { feed } = this;
    const generationOf = feed.generationOf?.bind(feed);
    const unnamed = generationOf ? generationOf([]) : feed.generation;
    const now: Mark = { unnamed, writes: KEYWORD_TABLES.map((t) => (generationOf ? generationOf([t]) - unnamed : -1)) };
    const previous = this.kept;
    if (previous && now.unnamed === this.mark.unnamed && now.writes.every((w, i) => w === this.mark.writes[i])) return previous;
    // Postgres sends one table notification per transaction and at least one naming days: a write counted here
    // without days named for it is one whose days are not known.
    const daysKnown =
      previous !== null &&
      feed.onRollupDays !== undefined &&
      now.unnamed === this.mark.unnamed &&
      !this.everyDay &&
      now.writes.every((w, i) => w - (this.mark.writes[i] ?? 0) <= (this.named[i] ?? 0));
    const days = [...this.days];
    this.mark = now;
    this.days = new Set();
    this.named = KEYWORD_TABLES.map(() => 0);
    this.everyDay = false;
    const { db, maxRows } = this;
    const next =
      daysKnown && previous
        ? previous.then((kept) => (kept ? updateKeywordRollups(db, kept, days, maxRows) : readKeywordRollups(db, maxRows)))
        : readKeywordRollups(db, maxRows);
    this.kept = next;
    next.catch(() => {
      // A failed read leaves nothing kept: the next use reads the rollups whole.
      if (this.kept === next) {
        this.kept = null;
        this.mark = { unnamed: -1, writes: [] };
      }
    });
    return next;
  }
}
