// Posts: the batch write of analysed posts (with their labels, keywords, topic tags and rollups) and post-level reads.

export { type AnalyzedBatch, type AnalyzedPost, type BatchExclusion, type BatchWriteResult, writeAnalyzedBatch } from './batch.ts';
export {
  keywordMentionCount,
  keywordMentionDays,
  keywordMentionsNewest,
  type Mention,
  type MentionCursor,
  type MentionFilter,
  type MentionSort,
  mentionCount,
  mentions,
} from './queries.ts';
