import {
  type Database,
  finishReanalyzeRun,
  nextPostsToRelabel,
  openReanalyzeRun,
  type PostToRelabel,
  type ReanalyzeRun,
  type Relabelled,
  writeRelabelledBatch,
} from '@pantau/db';
import type { SentimentModel } from '@pantau/sentiment';
import { type AnalyzedText, analyzeText } from '@pantau/text';
import { sentimentOf } from './analyzer.ts';

/** What `reanalyze` relabels, with what, and who hears about it. */
export interface ReanalyzeOptions {
  db: Database;
  /** The active model (with its emotion head when it has one): every relabelled post ends with its labels. */
  model: SentimentModel;
  /** Jakarta days, both included (YYYY-MM-DD). */
  from: string;
  to: string;
  /** Only the posts tagged with this topic; null: every post of the window. */
  topicId: number | null;
  /** Posts per batch (one transaction each). */
  batchSize?: number;
  /** Told once the run is open (new, or found running and continued). */
  onStart?: (run: ReanalyzeRun) => void;
  /** Told after each committed batch; a throw stops the run there (the batch stays committed, the run resumable). */
  afterBatch?: (run: ReanalyzeRun) => void | Promise<void>;
}

const DEFAULT_BATCH_SIZE = 500;

/**
 * Relabels the stored posts of a window (and topic) that are not at the active model's version, batch by batch: each
 * batch's labels and every rollup they enter are replaced in one transaction with the run's cursor, so a run that stops
 * continues, when started again with the same window, topic and model, after its last committed batch. Posts whose text
 * retention removed cannot be relabelled: they keep their label and are counted as skipped.
 */
export async function reanalyze(options: ReanalyzeOptions): Promise<ReanalyzeRun> {
  const { db, model } = options;
  const head = model.emotion ?? null;
  let run = await openReanalyzeRun(db, {
    from: options.from,
    to: options.to,
    topicId: options.topicId,
    modelVersion: model.manifest.version,
    emotionModelVersion: head ? head.manifest.version : null,
  });
  options.onStart?.(run);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  for (;;) {
    const posts = await nextPostsToRelabel(db, run, batchSize);
    const last = posts[posts.length - 1];
    if (!last) break;
    const withText = posts.filter((p) => !p.textRemoved);
    run = await writeRelabelledBatch(db, run, {
      cursorDay: last.day,
      cursorPostId: last.id,
      labels: await relabel(model, withText),
      skippedNoText: posts.length - withText.length,
    });
    await options.afterBatch?.(run);
  }
  return finishReanalyzeRun(db, run);
}

/** The posts' new labels from the model, as the analysis service gives them (the emotion head scores Indonesian posts only). */
async function relabel(model: SentimentModel, posts: readonly PostToRelabel[]): Promise<Relabelled[]> {
  if (posts.length === 0) return [];
  const texts = posts.map((p) => analyzeText(p.text));
  const predictions = await model.predictTokens(texts.map((t) => t.tokens));
  const head = model.emotion;
  const indonesian = head ? posts.flatMap((p, i) => (p.lang === 'id' ? [i] : [])) : [];
  const scored =
    head && indonesian.length > 0
      ? await head.predictNormalized(
          indonesian.map((i) => ({ text: (posts[i] as PostToRelabel).text, normalized: (texts[i] as AnalyzedText).normalized })),
        )
      : [];
  const emotions = new Map(indonesian.map((i, j) => [i, scored[j]]));
  return posts.map((p, i) => {
    const emotion = emotions.get(i);
    return {
      postId: p.id,
      sentiment: sentimentOf(predictions[i] as NonNullable<(typeof predictions)[number]>, p.lang),
      ...(emotion ? { emotion } : {}),
    };
  });
}
