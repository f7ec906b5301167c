// The database package's public surface: the shared client and schema, then each feature's own index.

export * from './alerts/index.ts';
export * from './annotation/index.ts';
export * from './audit/index.ts';
export * from './backup/index.ts';
export { type Database, type DatabaseHandle, MIGRATIONS_DIR, migrate, type OpenDatabaseOptions, openDatabase } from './client.ts';
export * from './coordination/index.ts';
export * from './coverage/index.ts';
export { DATA_CHANGE_CHANNEL, type DataChangeFeed, ROLLUP_DAYS_CHANNEL, UNWATCHED, watchDataChanges } from './data-changes.ts';
export * from './emotions/index.ts';
export * from './keys/index.ts';
export * from './languages/index.ts';
export * from './posts/index.ts';
export * from './privacy/index.ts';
export * from './ratings/index.ts';
export * from './reanalysis/index.ts';
export * from './reports/index.ts';
export * from './rollups/index.ts';
export * as schema from './schema.ts';
export { type CoordinationRuleName, type DayWindow, type Granularity, rowsOf } from './sql.ts';
export * from './subscriptions/index.ts';
export * from './topics/index.ts';
export * from './users/index.ts';
export * from './volume/index.ts';
