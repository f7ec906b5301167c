// Coordination: the co-posting signal's storage (signatures, clusters, coordinated posts) and what aggregates read of it.

export { type ClusterSummary, coordinatedKeywordCounts, coordinatedSeries, coordinatedShare, coordinationClusters } from './queries.ts';
export type { CoordinationResult, CoordinationRule, PostSignature } from './signals.ts';
