// Reanalysis: relabelling stored posts with the active model, batch by batch, with the rollups kept exact and a resumable run.

export {
  finishReanalyzeRun,
  nextPostsToRelabel,
  openReanalyzeRun,
  type PostToRelabel,
  type ReanalyzeRun,
  type ReanalyzeScope,
  type Relabelled,
  type RelabelledBatch,
  writeRelabelledBatch,
} from './runs.ts';
