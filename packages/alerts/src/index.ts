export * from './channels.ts';
export * from './evaluate.ts';
export * from './service.ts';
export * from './brief.ts';
