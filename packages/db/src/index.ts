export * from './api-keys.ts';
export * from './batch.ts';
export * from './client.ts';
export * from './coverage.ts';
export * from './posts-queries.ts';
export * from './queries.ts';
export * from './report-queries.ts';
export * as schema from './schema.ts';
export * from './topics.ts';
