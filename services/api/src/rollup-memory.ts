import {
  type IndexedLedger,
  indexLedger,
  type LedgerScope,
  type LedgerWindow,
  ledgerOver,
  mondayOf,
  summarizeCoverage,
} from '@pantau/contracts';
import {
  allPlatformsPerDay,
  byDay,
  type Database,
  type DataChangeFeed,
  type DayWindow,
  type ExclusionRow,
  eachOnDays,
  type Granularity,
  type KeptKeywords,
  type KeywordCount,
  keywordSeriesOf,
  type LanguageWindow,
  languageCountsOf,
  OVERVIEW_SUMS,
  overviewOf,
  type RollupRow,
  readExclusions,
  readLanguageRollups,
  readLedger,
  readSentimentRollups,
  readTopicIds,
  readTopicRegionalLanguages,
  readTopicRollups,
  readVolumeRows,
  SENTIMENT_SUMS,
  type SentimentOverview,
  topicLanguageCountsOf,
  topKeywordsOf,
  type VersionCount,
  type Volume,
  type VolumeRow,
  versionsOf,
  volumeOf,
} from '@pantau/db';
import { AnswerCache } from './answer-cache.ts';
import { KeptKeywordRollups } from './kept-keywords.ts';

/** Most ledger runs kept in memory; a larger ledger is read for each window instead. */
export const MAX_KEPT_LEDGER_RUNS = 50_000;
/**
 * Most rows of the daily keyword rollup and its coordinated part kept in memory (together); larger rollups are read
 * for each window instead. After a write, the next use reads again the days the write named (see KeptKeywordRollups).
 */
export const MAX_KEPT_KEYWORD_ROWS = 50_000;
/** Most topics whose rollups are kept at once; the one loaded longest ago is dropped first. */
export const MAX_KEPT_TOPICS = 64;

/** A rollup row with the Monday of its ISO week, computed once per read. */
type WeekRow = RollupRow & { week: string };

/** The Monday of a day's ISO week (shared with the volume rollups). */
export { mondayOf };

/** Rollup rows with their weeks, ordered by day (a window's rows are then one run of them). */
const withWeeks = (rows: RollupRow[]): WeekRow[] => rows.map((r) => ({ ...r, week: mondayOf(r.day) })).sort(byDay);

/**
 * The groups of `sentimentOverview`'s statement computed from rollup rows: per period the counts of the rollup (minus
 * its coordinated part when coordinated posts are excluded), the posts of each part, and whether the rollup had a row.
 */
function periodGroups(
  rows: readonly WeekRow[],
  window: DayWindow & { granularity: Granularity; modelVersion: string },
): Record<string, unknown>[] {
  const groups = new Map<string, { countedRows: boolean; allPosts: number; coordinatedPosts: number; counts: number[] }>();
  eachOnDays(rows, window.from, window.to, window.platform, (r) => {
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
  });
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

/** The tables each kept read comes from: a write to any of them moves its generation, and the next use reads again. */
const TABLES = {
  rollups: ['daily_sentiment', 'daily_coordinated_sentiment'],
  exclusions: ['exclusions'],
  languages: ['daily_language_sentiment'],
  ledger: ['coverage_runs', 'connector_schedules'],
  topicIds: ['topics'],
  topicRollups: ['daily_topic_sentiment', 'coordinated_posts', 'post_topics', 'posts', 'sentiment_labels'],
  volume: ['daily_volume'],
  topicVolume: ['daily_topic_volume'],
} as const;

/**
 * The small tables behind the sentiment figures and every disclosure, kept in API memory while the data-change feed
 * says they are unchanged: the daily sentiment rollups (and, for the topics asked about, each topic's), the language
 * rollup, the exclusion counts, the coverage ledger, the topic ids and, while small enough, the daily keyword rollups.
 * They are kept in answer caches, as the aggregate answers are: each is read again, whole, at its first use after a
 * write to a table it comes from (the keyword rollups only on the days the write named), so a window's figures are
 * sums in memory that equal what the database would answer. Every method answers null when the figures must be read from the database
 * instead (the feed is not live, or the question needs posts rather than rollups).
 */
export class RollupMemory {
  /** The whole-table reads. */
  private readonly tables: AnswerCache;
  /** Each topic's rollups, at most MAX_KEPT_TOPICS of them. */
  private readonly topics: AnswerCache;
  /** The daily keyword rollups, updated by the days each write names. */
  private readonly keywords: KeptKeywordRollups;

  constructor(
    private readonly db: Database,
    private readonly feed: DataChangeFeed,
  ) {
    this.tables = new AnswerCache(feed, Object.keys(TABLES).length);
    this.topics = new AnswerCache(feed, MAX_KEPT_TOPICS);
    this.keywords = new KeptKeywordRollups(db, feed, MAX_KEPT_KEYWORD_ROWS);
  }

  /** Whether kept tables are served (the data-change feed is live). */
  get live(): boolean {
    return this.feed.live;
  }

  /** What `sentimentOverview` answers for the window, from kept rows; null for a topic without its coordinated posts. */
  async sentimentOverview(window: DayWindow & { granularity: Granularity; modelVersion: string }): Promise<SentimentOverview | null> {
    // One rule's posts are counted from the posts: the kept rollups hold the posts of either rule together.
    if (!this.feed.live || (window.excludeCoordinated && (window.topicId !== undefined || window.excludeRule))) return null;
    const rollups = this.rollupsOf(window.topicId);
    const exclusions = this.tables.get('exclusions', () => readExclusions(this.db), TABLES.exclusions);
    return overviewOf(periodGroups(await rollups, window), excludedIn(await exclusions, window), window);
  }

  /** What `populationVersions` answers for the window, from the kept rollups; null where `sentimentOverview` is. */
  async populationVersions(window: DayWindow): Promise<VersionCount[] | null> {
    if (!this.feed.live || window.languages || (window.excludeCoordinated && (window.topicId !== undefined || window.excludeRule)))
      return null;
    return versionsOf(await this.rollupsOf(window.topicId), window);
  }

  /** The kept daily sentiment rollups, or one topic's. */
  private rollupsOf(topicId: number | undefined): Promise<WeekRow[]> {
    const { db } = this;
    return topicId === undefined
      ? this.tables.get('rollups', async () => withWeeks(await readSentimentRollups(db)), TABLES.rollups)
      : this.topics.get(`topic:${topicId}`, async () => withWeeks(await readTopicRollups(db, topicId)), TABLES.topicRollups);
  }

  /**
   * What `languageCounts` answers for the window, from the kept language rollup, or for a topic from its kept rollups
   * and regional-language posts; null with an exclusion.
   */
  async languageCounts(window: LanguageWindow): Promise<Record<string, { posts: number; unlabelled: number }> | null> {
    if (!this.feed.live || window.excludeCoordinated) return null;
    const topicId = window.topicId;
    if (topicId !== undefined) {
      const [rollups, regional] = await Promise.all([
        this.rollupsOf(topicId),
        this.topics.get(`regional:${topicId}`, () => readTopicRegionalLanguages(this.db, topicId), TABLES.topicRollups),
      ]);
      let posts = 0;
      eachOnDays(rollups, window.from, window.to, window.platform, (r) => {
        if (!r.coordinated) posts += r.counts[0] ?? 0;
      });
      return topicLanguageCountsOf(posts, regional, window);
    }
    const rows = await this.tables.get('languages', () => readLanguageRollups(this.db), TABLES.languages);
    return languageCountsOf(rows, window);
  }

  /** What `volumeSeries` answers for the window, from the kept volume rollups; null without coordinated posts. */
  async volume(window: DayWindow & { granularity: Granularity }): Promise<Volume | null> {
    if (!this.feed.live || window.excludeCoordinated) return null;
    const { db } = this;
    const topicId = window.topicId;
    // Each day's platforms are united once per read, so a window over all platforms unites one sketch per day.
    const kept = async (read: () => Promise<VolumeRow[]>) => {
      const rows = await read();
      return { rows, allPlatforms: allPlatformsPerDay(rows) };
    };
    const { rows, allPlatforms } =
      topicId === undefined
        ? await this.tables.get('volume', () => kept(() => readVolumeRows(db)), TABLES.volume)
        : await this.topics.get(
            `volume:${topicId}`,
            () => kept(() => readVolumeRows(db, { from: '0001-01-01', to: '9999-12-31', topicId })),
            TABLES.topicVolume,
          );
    return volumeOf(window.platform ? rows : allPlatforms, window);
  }

  /**
   * What `topKeywords` answers for the window, from the kept keyword rollups; null for a topic, a language filter, one
   * rule's coordinated posts left out, or rollups too large to keep.
   */
  async topKeywords(window: DayWindow & { limit: number; previousFrom: string; previousTo: string }): Promise<KeywordCount[] | null> {
    const kept = await this.keywordsFor(window);
    return kept && topKeywordsOf(kept, window);
  }

  /** What `keywordSeries` answers for the window, from the kept keyword rollups; null where `topKeywords` is. */
  async keywordSeries(window: DayWindow & { key: string; granularity: Granularity }): Promise<ReturnType<typeof keywordSeriesOf> | null> {
    const kept = await this.keywordsFor(window);
    return kept && keywordSeriesOf(kept, window);
  }

  /** The kept keyword rollups when they answer the window. */
  private async keywordsFor(window: DayWindow): Promise<KeptKeywords | null> {
    if (!this.feed.live || window.topicId !== undefined || window.languages || (window.excludeCoordinated && window.excludeRule))
      return null;
    return this.keywords.get();
  }

  /** What `coverageSummary` answers for the window, from the kept ledger; null when the ledger is too large to keep. */
  async coverageSummary(window: DayWindow): Promise<ReturnType<typeof summarizeCoverage> | null> {
    const ledger = await this.coverageLedger({ from: window.from, to: window.to, platform: window.platform });
    return ledger && summarizeCoverage(ledger.connectors);
  }

  /** What `coverageLedger` answers for the window, from the kept ledger; null when the ledger is too large to keep. */
  async coverageLedger(window: { from: string; to: string } & LedgerScope): Promise<LedgerWindow | null> {
    if (!this.feed.live) return null;
    const ledger = await this.tables.get<IndexedLedger | null>(
      'ledger',
      async () => {
        const rows = await readLedger(this.db, {}, undefined, MAX_KEPT_LEDGER_RUNS + 1);
        return rows.runs.length > MAX_KEPT_LEDGER_RUNS ? null : indexLedger(rows);
      },
      TABLES.ledger,
    );
    return ledger ? ledgerOver(ledger, window) : null;
  }

  /** Whether a topic with this id exists. */
  async topicExists(id: number): Promise<boolean | null> {
    if (!this.feed.live) return null;
    const ids = await this.tables.get('topic-ids', () => readTopicIds(this.db), TABLES.topicIds);
    return ids.has(id);
  }
}
