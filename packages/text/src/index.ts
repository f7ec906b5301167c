export { type ClusterEdge, type ClusterPlan, planClusters, UnionFind } from './clusters.ts';
export {
  CoordinationIndex,
  type CoordinationIndexOptions,
  GROUP_KINDS,
  type GroupEdge,
  type GroupKind,
  type GroupPlan,
  type IndexedPost,
  type PairRules,
  planGroups,
} from './coordination-index.ts';
export { type AnalyzedText, analyzeText, extractKeywords, type Keyword, keywordKey, keywordsOf } from './keywords.ts';
export { createLanguageIdentifier, type LanguageCode, type LanguageGuess, type LanguageIdentifier } from './language-id.ts';
export {
  REGIONAL_LANGUAGE_NAMES,
  REGIONAL_LANGUAGES,
  type RegionalLanguage,
  serializeCounts as serializeLanguageCounts,
} from './language-model.ts';
export { indonesianWords, slangLexicon } from './lexicons.ts';
export {
  bandsOf,
  estimatedJaccard,
  LSH_BANDS,
  LSH_ROWS,
  linksOf,
  MIN_SIGNATURE_WORDS,
  MINHASH_SIZE,
  minhashOf,
  type NearDuplicateSignature,
  nearDuplicateSignature,
  normalizeLink,
  SHINGLE_WORDS,
  shinglesOf,
} from './near-duplicate.ts';
export { normalizeText, normalizeToken } from './normalize.ts';
export { stem, stemCacheSize } from './stem.ts';
export { isStopWord, STOP_WORDS } from './stop-words.ts';
export { tokenize, tokenSegments } from './tokenize.ts';
export {
  type MatchableText,
  matchableText,
  matchesTopic,
  parseTopicQuery,
  type TopicQuery,
  TopicQueryError,
  topicMatcher,
} from './topic-query.ts';
