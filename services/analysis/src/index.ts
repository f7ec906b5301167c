export { mainCoordinate } from './coordinate.ts';
export { ANALYSIS_SHUTDOWN_DEADLINE_MS, main } from './main.ts';
export * from './start.ts';
