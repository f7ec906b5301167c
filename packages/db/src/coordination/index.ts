// Coordination: the stage's storage (groups, memberships, coordinated posts per rule, progress) and what aggregates read of it.

export { type ClusterSummary, coordinatedKeywordCounts, coordinatedSeries, coordinatedShare, coordinationClusters } from './queries.ts';
export { coordinatedByRule, type RepeatedText, repeatedTexts } from './repeated.ts';
export {
  type CoordinationProgress,
  type CoordinationResult,
  type CoordinationRule,
  coordinatePosts,
  coordinationProgress,
  type RecentPost,
  recentPosts,
  ruleOfKind,
  saveCoordinationProgress,
  writeCoordinationBatch,
} from './stage.ts';
