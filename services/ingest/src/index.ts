export * from './config.ts';
export { main } from './main.ts';
export * from './once.ts';
export * from './sample.ts';
export * from './start.ts';
