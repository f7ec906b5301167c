export * from './build.ts';
export * from './emotion.ts';
export * from './fixed.ts';
export * from './interval.ts';
export * from './method.ts';
// The TypeBox schemas themselves are '@pantau/disclosure/schema' (the API's): importing TypeBox costs about 0.14 s
// of CPU and 15 MiB, which the analysis service, the report and the alerts, which need only the types, do not pay.
export type * from './schema.ts';
