export * from './brief.ts';
export * from './channels.ts';
export * from './evaluate.ts';
export * from './service.ts';
