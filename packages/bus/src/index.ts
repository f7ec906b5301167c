export * from './kafka.ts';
export * from './memory.ts';
export * from './types.ts';
