// The interval of every share is the disclosure's; re-exported for the callers of the report's statistics.
export { type ShareInterval, wilsonInterval } from '@pantau/disclosure';
export * from './assemble.ts';
export * from './emotions.ts';
export * from './first-screen.ts';
export * from './pdf.ts';
export * from './produce.ts';
export * from './render.ts';
export * from './spikes.ts';
export * from './stored-stories.ts';
export * from './stories.ts';
export * from './summary.ts';
export * from './validation.ts';
