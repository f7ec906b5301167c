export * from './disclosure.ts';
export * from './errors.ts';
export * from './post.ts';
export * from './sentiment.ts';
export * from './topics.ts';
