export * from './assemble.ts';
export * from './produce.ts';
export * from './render.ts';
export * from './spikes.ts';
export * from './stats.ts';
export * from './validation.ts';
