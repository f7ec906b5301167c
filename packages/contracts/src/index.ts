export * from './decode.ts';
export * from './disclosure.ts';
export * from './errors.ts';
export * from './post.ts';
export * from './redact.ts';
export * from './sentiment.ts';
export * from './time.ts';
export * from './topics.ts';
