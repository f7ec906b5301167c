// Languages: the posts' stored language in the rollups, the window's posts per language, the `language` filter.

export {
  addToLanguageRollup,
  inLanguages,
  type LanguagePost,
  type LanguageRollupRow,
  type LanguageWindow,
  languageCoordinatedKeywordCounts,
  languageCounts,
  languageCountsOf,
  languageLabelCounts,
  languageSentimentOverview,
  languageTopKeywords,
  readLanguageRollups,
  readTopicRegionalLanguages,
  subtractFromLanguageRollup,
  type TopicRegionalRow,
  topicLanguageCountsOf,
} from './queries.ts';
