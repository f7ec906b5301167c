export * from './build.ts';
export * from './emotion.ts';
export * from './fixed.ts';
export * from './interval.ts';
export * from './method.ts';
export * from './schema.ts';
