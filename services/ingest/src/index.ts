export * from './connector.ts';
export * from './connectors/file.ts';
export * from './pseudonymize.ts';
export * from './publish.ts';
export * from './run.ts';
export * from './sample.ts';
