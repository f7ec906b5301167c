// Posts: the batch write of analysed posts (with their labels, keywords, topic tags and rollups) and post-level reads.

export { type AnalyzedBatch, type AnalyzedPost, type BatchExclusion, type BatchWriteResult, writeAnalyzedBatch } from './batch.ts';
export { type Mention, type MentionCursor, mentions } from './queries.ts';
