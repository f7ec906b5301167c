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

/** The model part of a disclosure: which model produced the labels and how good it is. */
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

/** Counted and excluded posts behind a figure, and how many counted posts had personal data redacted (by kind). */
export const PopulationDisclosure = z.object({
  postsCounted: z.number(),
  excluded: z.record(z.string(), z.number()),
  redacted: z.object({ posts: z.number(), phone: z.number(), email: z.number(), nik: z.number(), bpjs: z.number() }),
});

/**
 * A day on which a connector's collection was cut short by a platform limit (`partial`), failed, found nothing, or did
 * not run: a gap, not a zero.
 */
export const CoverageGapDisclosure = z.object({
  day: z.string(),
  status: z.enum(['partial', 'failed', 'empty', 'not_run']),
  detail: z.string(),
});

/** What each connector (and query) the ledger knows collected in the window, and the days it did not. */
export const CoverageDisclosure = z.array(
  z.object({
    connector: z.string(),
    query: z.string(),
    platform: z.string().nullable(),
    /** What the source can and cannot reach (X recent search: seven days). */
    limits: z.string().nullable(),
    runs: z.number(),
    fetched: z.number(),
    published: z.number(),
    rejected: z.number(),
    lastRunAt: z.string().nullable(),
    days: z.object({ ok: z.number(), partial: z.number(), failed: z.number(), empty: z.number(), not_run: z.number() }),
    gaps: z.array(CoverageGapDisclosure),
  }),
);

/** The coordinated-posting signal behind a figure: the rule, the share of posts in coordinated clusters, exclusion. */
export const CoordinationDisclosure = z.object({
  method: z.string(),
  /** k, w and the similarity threshold in force; null when the signal is off. */
  rule: z.object({ minAuthors: z.number(), windowSeconds: z.number(), similarity: z.number() }).nullable(),
  /** Posts of the window (before any exclusion) and those in coordinated clusters, with the Wilson 95% interval. */
  share: z.object({
    share: z.number().nullable(),
    low: z.number().nullable(),
    high: z.number().nullable(),
    successes: z.number(),
    trials: z.number(),
  }),
  /** True when the figures were recomputed without the coordinated posts (`excludeCoordinated=true`). */
  excluded: z.boolean(),
  caveats: z.array(z.string()),
});
export type CoordinationDisclosure = z.infer<typeof CoordinationDisclosure>;

/** How the coordinated-posting signal is computed, stated with every figure and in the methodology. */
export function describeCoordinationMethod(rule: { minAuthors: number; windowSeconds: number; similarity: number } | null): string {
  if (!rule) return 'No co-posting rule is configured here (COORDINATION_ENABLED=false): posts are not grouped into coordinated clusters.';
  return (
    `Each post gets a MinHash signature (64 hashes over the words of its normalized text, 16 LSH bands of 4) and its shared links (normalized, tracking parameters removed). ` +
    `Two posts are linked when their estimated Jaccard similarity is at least ${rule.similarity} or they share a link, and they were published at most ${rule.windowSeconds} s apart; ` +
    `linked posts form clusters. A cluster is coordinated when at least ${rule.minAuthors} distinct author pseudonyms posted in it; all its posts, earlier ones included, are then counted as coordinated. ` +
    'The share is of posts, never a label on an author.'
  );
}

/** Fixed limits of the coordinated-posting signal. */
export const COORDINATION_CAVEATS: readonly string[] = [
  'Coordinated is not the same as inauthentic: fans, campaigns, organizations and people sharing a news headline also post the same words or link at the same time.',
  'The thresholds trade precision for recall: a lower similarity, a longer window or fewer authors finds more bursts and more innocent look-alikes.',
  'Posts shorter than five words get no text signature; shortened links are not expanded; edits beyond the similarity threshold escape detection.',
];

/**
 * Whether the sentiment shares of a window are validated by human labels of a random sample of its posts (see
 * `data.total.validated`), with the task, its labels, agreement and in-domain score; `none` with a reason otherwise.
 */
export const ValidationDisclosure = z.object({
  status: z.enum(['validated', 'none']),
  reason: z.string().optional(),
  task: z.object({ id: z.number(), name: z.string(), from: z.string(), to: z.string() }).optional(),
  /** Gold labels of sampled posts inside the window (and its filters) that the estimate used. */
  labels: z.number(),
  /** Distinct annotators of the task. */
  annotators: z.number(),
  /** Krippendorff's alpha (nominal) over the task's posts with two or more labels; null without such posts. */
  alpha: z.number().nullable(),
  /** Macro-F1 of the model against the task's in-scope gold labels (in-domain evaluation). */
  inDomainMacroF1: z.number().nullable(),
  method: z.string(),
  /** What the reader should know about this validation (posts that arrived after the sample, pending disagreements). */
  notes: z.array(z.string()).optional(),
});
export type ValidationDisclosure = z.infer<typeof ValidationDisclosure>;

/** The envelope carried by every aggregate response and every report. */
export const Disclosure = z.object({
  model: ModelDisclosure,
  method: z.object({
    label: z.string(),
    abstainRule: z.string(),
    keywordRule: z.string(),
    spikeRule: z.string(),
    timeZone: z.literal('Asia/Jakarta'),
  }),
  window: z.object({ from: z.string().nullable(), to: z.string().nullable(), granularity: z.string() }),
  population: PopulationDisclosure,
  coverage: CoverageDisclosure,
  uncertainty: z.object({ method: z.string(), note: z.string() }),
  coordination: CoordinationDisclosure.optional(),
  validation: ValidationDisclosure.optional(),
  caveats: z.array(z.string()),
  software: z.object({ name: z.literal('pantau'), version: z.string(), commit: z.string() }),
  generatedAt: z.string(),
});
export type Disclosure = z.infer<typeof Disclosure>;

/** Fixed, human-readable limits stated with every figure. */
export const CAVEATS: readonly string[] = [
  'Public posts only: private groups, messages and deleted posts are never collected.',
  'Platforms sample and rate-limit what their APIs return; volume is what was collected, not all that was said.',
  'Sarcasm, irony and mixed feelings are often misread by the sentiment model.',
  'The model was trained on reviews and tweets; posts about other domains may be scored less accurately (domain shift).',
  'Counts are of posts, not of people; one person can post many times.',
];
