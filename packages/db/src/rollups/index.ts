// Rollups: the daily sentiment and keyword figures of a window, and the whole rollup tables for a caller that keeps them.

export { byDay, type DayRow, eachOnDays } from './day-rows.ts';
export {
  byCodePoint,
  type KeptKeywords,
  type KeywordRollupRow,
  keywordSeriesOf,
  readKeywordRollups,
  topKeywordsOf,
  updateKeywordRollups,
} from './keyword-rows.ts';
export {
  exclusionCounts,
  type KeywordCount,
  keywordSeries,
  latestDay,
  OVERVIEW_SUMS,
  overviewOf,
  type Population,
  population,
  populationVersions,
  SENTIMENT_SUMS,
  type SentimentOverview,
  type SentimentPeriod,
  sentimentOverview,
  sentimentSeries,
  topKeywords,
  type VersionCount,
} from './queries.ts';
export {
  type ExclusionRow,
  type RollupRow,
  readExclusions,
  readSentimentRollups,
  readTopicIds,
  readTopicRollups,
  versionsOf,
} from './whole-rows.ts';
