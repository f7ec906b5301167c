import { z } from 'zod';

/**
 * One evaluation of the model on a labelled set. A held-out benchmark figure (`heldOut: true`) comes from a set that
 * chose nothing (no hyper-parameter, temperature or threshold); older manifests name only dataset, n and macro-F1.
 */
export const ModelEvaluation = z.object({
  dataset: z.string(),
  n: z.number(),
  macroF1: z.number(),
  binary: z.boolean(),
  /** Seeded bootstrap 95% interval of the macro-F1. */
  macroF1CI: z.tuple([z.number(), z.number()]).optional(),
  /** Expected calibration error (15 bins). */
  ece: z.number().optional(),
  /** Share of the rows labelled `uncertain`. */
  abstainRate: z.number().optional(),
  /** True when the set was only scored, after every choice. */
  heldOut: z.boolean().optional(),
  /** What the figure is, e.g. `held-out benchmark`. */
  role: z.string().optional(),
  /** The file scored, relative to the shared data folder. */
  file: z.string().optional(),
});
export type ModelEvaluation = z.infer<typeof ModelEvaluation>;

/**
 * One evaluation as a sentence: `held-out benchmark smsa-valid (n 1260): macro-F1 84.4 (95% CI 81.6–87.2)`; a figure
 * not marked held out says so, since the set may have chosen something.
 */
export function describeEvaluation(e: ModelEvaluation): string {
  const pct = (x: number) => (100 * x).toFixed(1);
  const ci = e.macroF1CI ? ` (95% CI ${pct(e.macroF1CI[0])}–${pct(e.macroF1CI[1])})` : '';
  const set = `${e.dataset}${e.binary ? ' binary' : ''}`;
  return e.heldOut
    ? `${e.role ?? 'held-out benchmark'} ${set} (n ${e.n}): macro-F1 ${pct(e.macroF1)}${ci}`
    : `${set} (n ${e.n}; not held out, may be tuned): macro-F1 ${pct(e.macroF1)}${ci}`;
}

/**
 * The model part of a disclosure: which model produced the labels and how good it is, as the model manifest gives it.
 * The published shape is `ModelDisclosureSchema` in @pantau/disclosure; a test there keeps the two equal.
 */
export const ModelDisclosure = z.object({
  name: z.string(),
  version: z.string(),
  sha256: z.string(),
  backend: z.string(),
  placeholder: z.boolean(),
  trainedAt: z.string().nullable(),
  /** Held-out benchmark figures (from the manifest written by training). */
  evaluation: z.array(ModelEvaluation),
});
export type ModelDisclosure = z.infer<typeof ModelDisclosure>;

/** How the coordinated-posting signal is computed, stated with every figure and in the methodology. */
export function describeCoordinationMethod(
  rule: { minAuthors: number; windowSeconds: number; similarity: number; repeated?: { minAuthors: number; windowSeconds: number } } | null,
): string {
  if (!rule) return 'No co-posting rule is configured here (COORDINATION_ENABLED=false): posts are not grouped into coordinated clusters.';
  return (
    `Each post gets a MinHash signature (64 hashes over the words of its normalized text, 16 LSH bands of 4) and its shared links (normalized, tracking parameters removed). ` +
    `Two posts are linked when their estimated Jaccard similarity is at least ${rule.similarity} or they share a link, and they were published at most ${rule.windowSeconds} s apart; ` +
    `linked posts form clusters. A cluster is coordinated when at least ${rule.minAuthors} distinct author pseudonyms posted in it; all its posts, earlier ones included, are then counted as coordinated. ` +
    (rule.repeated
      ? `Repeated text, a second rule: near-identical posts (the same similarity) published at most ${rule.repeated.windowSeconds} s apart form groups; a group from at least ${rule.repeated.minAuthors} distinct author pseudonyms is repeated text, and its posts count as coordinated too. `
      : '') +
    'Grouping runs as its own stage after the analysis commit (the disclosure states its lag). The share is of posts, never a label on an author.'
  );
}

/** Fixed limits of the coordinated-posting signal. */
export const COORDINATION_CAVEATS: readonly string[] = [
  'Coordinated is not the same as inauthentic: fans, campaigns, organizations and people sharing a news headline also post the same words or link at the same time.',
  'The thresholds trade precision for recall: a lower similarity, a longer window or fewer authors finds more bursts and more innocent look-alikes.',
  'Posts shorter than five words get no text signature; shortened links are not expanded; edits beyond the similarity threshold escape detection.',
];

/** Fixed, human-readable limits stated with every figure. */
export const CAVEATS: readonly string[] = [
  'Public posts only: private groups, messages and deleted posts are never collected.',
  'Platforms sample and rate-limit what their APIs return; volume is what was collected, not all that was said.',
  'Sarcasm, irony and mixed feelings are often misread by the sentiment model.',
  'The model was trained on reviews and tweets; posts about other domains may be scored less accurately (domain shift).',
  'Counts are of posts, not of people; one person can post many times.',
];
