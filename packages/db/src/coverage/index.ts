// Coverage: the ledger of connector runs (judged by the rules in @pantau/contracts) and each connector's checkpoints.

export { type CheckpointKey, type ConnectorCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoints.ts';
export { type CoverageRun, coverageLedger, coverageSummary, hasCoverageRun, readLedger, recordCoverageRun } from './ledger.ts';
export { type ConnectorSchedule, ledgerSchedule, readSchedules, registerSchedules, type StoredSchedule } from './schedules.ts';
