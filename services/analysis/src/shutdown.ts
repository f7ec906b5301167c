/**
 * Longest the analysis service's shutdown waits for `close` before the process exits anyway (RELIABILITY.md promises
 * 15 s). What is then left undone is safe to abandon: a batch whose offsets were not committed is delivered again and
 * recognized as a redelivery (its transaction either committed or is rolled back when the connection closes), and a
 * member that did not leave its group has its partitions moved after the session timeout.
 */
export const ANALYSIS_SHUTDOWN_DEADLINE_MS = 12_000;
