export * from './analyzed-message.ts';
export * from './analyzer.ts';
export * from './consumer.ts';
export * from './coordinator.ts';
export * from './reanalyze.ts';
