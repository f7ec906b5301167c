export * from './analyzer.ts';
export * from './consumer.ts';
