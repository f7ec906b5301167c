export * from './port.ts';
export * from './resources.ts';
export * from './shutdown.ts';
