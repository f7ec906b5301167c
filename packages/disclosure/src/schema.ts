import type { ModelDisclosure } from '@pantau/contracts';
import { type Static, Type } from '@sinclair/typebox';

export type { ModelDisclosure, ModelEvaluation } from '@pantau/contracts';

/** A pair of numbers, `[low, high]`: an array of two (OpenAPI 3.0 has no tuple, so client generators read it). */
export const NumberPair = (description: string) => Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description });

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T, description: string) =>
  Type.Union([schema, Type.Null()], { description });

/** A share with its Wilson 95% interval and the numbers behind it; all null when there are no trials. */
export const ShareIntervalSchema = Type.Object(
  {
    share: Nullable(Type.Number(), 'successes / trials; null without trials'),
    low: Nullable(Type.Number(), 'Lower end of the Wilson 95% interval; null without trials'),
    high: Nullable(Type.Number(), 'Upper end of the Wilson 95% interval; null without trials'),
    successes: Type.Integer({ description: 'Posts counted in the share' }),
    trials: Type.Integer({ description: 'Posts the share is of' }),
  },
  { description: 'A share with its Wilson 95% interval and the numbers behind it' },
);
export type ShareInterval = Static<typeof ShareIntervalSchema>;

/** One evaluation of the model on a labelled set (a held-out benchmark figure when `heldOut` is true). */
export const ModelEvaluationSchema = Type.Object(
  {
    dataset: Type.String({ description: 'Name of the labelled set, e.g. smsa-valid' }),
    n: Type.Number({ description: 'Rows scored' }),
    macroF1: Type.Number({ description: 'Macro-averaged F1 over the classes' }),
    binary: Type.Boolean({ description: 'True when scored on negative versus positive only' }),
    macroF1CI: Type.Optional(NumberPair('Seeded bootstrap 95% interval of the macro-F1: [low, high]')),
    ece: Type.Optional(Type.Number({ description: 'Expected calibration error (15 bins)' })),
    abstainRate: Type.Optional(Type.Number({ description: 'Share of the rows labelled uncertain' })),
    heldOut: Type.Optional(Type.Boolean({ description: 'True when the set chose nothing (no hyper-parameter, temperature or threshold)' })),
    role: Type.Optional(Type.String({ description: 'What the figure is, e.g. held-out benchmark' })),
    file: Type.Optional(Type.String({ description: 'The file scored, relative to the shared data folder' })),
  },
  { description: 'One evaluation of the model on a labelled set' },
);

/** The model behind the labels and how good it is. */
export const ModelDisclosureSchema = Type.Object(
  {
    name: Type.String({ description: 'Model name' }),
    version: Type.String({ description: 'Model version of the active model (the one that labels new posts)' }),
    sha256: Type.String({ description: 'sha256 of the model weights' }),
    backend: Type.String({ description: 'Inference backend that ran the model (tensorflow, wasm or cpu)' }),
    placeholder: Type.Boolean({ description: 'True for the keyword-list stand-in used before a model is trained' }),
    trainedAt: Nullable(Type.String(), 'When the model was trained (ISO 8601); null for the placeholder'),
    evaluation: Type.Array(ModelEvaluationSchema, { description: 'Held-out benchmark figures from the manifest written by training' }),
  },
  { description: 'The model behind the labels and its held-out benchmark figures' },
);

/** The model versions whose labels the counted posts carry. */
export const ModelVersionsSchema = Type.Array(
  Type.Object(
    {
      version: Type.String({ description: 'A model version' }),
      posts: Type.Integer({ description: 'Counted posts of the window whose current label this version gave' }),
    },
    { description: 'A model version and its posts' },
  ),
  {
    description:
      "The model versions behind the window's counted posts with their post counts, sorted by version: one entry in the normal case, more when the window holds posts labelled before a model change and not relabelled since (`pantau reanalyze`); each post counts once, under the version that labelled it last",
  },
);
export type ModelVersions = Static<typeof ModelVersionsSchema>;

/** The model part of an aggregate's disclosure: the active model, and the versions behind the window's labels. */
export const AggregateModelDisclosureSchema = Type.Composite([ModelDisclosureSchema, Type.Object({ versions: ModelVersionsSchema })], {
  description: 'The active model with its held-out benchmark figures, and the model versions behind the counted posts',
});

/** How each figure is produced, in words. */
export const MethodDisclosureSchema = Type.Object(
  {
    label: Type.String({ description: 'How a post gets its sentiment label' }),
    abstainRule: Type.String({ description: 'When a post is labelled uncertain and how such posts are counted' }),
    keywordRule: Type.String({ description: 'How a keyword is formed and counted' }),
    spikeRule: Type.String({ description: 'When a keyword is reported as a spike' }),
    timeZone: Type.Literal('Asia/Jakarta', { description: 'The time zone every day is counted in' }),
  },
  { description: 'How each figure is produced, in words' },
);
export type MethodDisclosure = Static<typeof MethodDisclosureSchema>;

/** The window the figures cover. */
export const WindowDisclosureSchema = Type.Object(
  {
    from: Type.String({ description: 'First day (Asia/Jakarta), YYYY-MM-DD' }),
    to: Type.String({ description: 'Last day (Asia/Jakarta), YYYY-MM-DD' }),
    granularity: Type.String({ description: 'day or week' }),
    platform: Type.Optional(Type.String({ description: 'Only posts of this platform (absent: all platforms)' })),
  },
  { description: 'The window the figures cover' },
);
export type WindowDisclosure = Static<typeof WindowDisclosureSchema>;

/** Counted and excluded posts behind a figure, and how many counted posts had personal data redacted. */
export const PopulationDisclosureSchema = Type.Object(
  {
    postsCounted: Type.Integer({ description: 'Posts counted in the figures (uncertain ones included)' }),
    excluded: Type.Record(Type.String(), Type.Integer(), {
      description: 'Posts left out of the figures, by reason (e.g. uncertain: left out of the class shares; coordinated)',
    }),
    redacted: Type.Object(
      {
        posts: Type.Integer({ description: 'Counted posts with any redaction' }),
        phone: Type.Integer({ description: 'Counted posts with a phone number redacted' }),
        email: Type.Integer({ description: 'Counted posts with an e-mail address redacted' }),
        nik: Type.Integer({ description: 'Counted posts with a national identity number (NIK) redacted' }),
        bpjs: Type.Integer({ description: 'Counted posts with a BPJS card number redacted' }),
      },
      { description: 'Counted posts with personal data redacted, by kind (redacted posts are counted, not excluded)' },
    ),
    // Optional only for reports stored before languages were stated; every disclosure built now has it.
    languages: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Object({
          posts: Type.Integer({ description: 'Counted posts stored in this language' }),
          share: Type.Number({ description: 'Of the counted posts of every listed language' }),
        }),
        {
          description:
            'Counted posts by stored language (`id` Indonesian, the regional ISO 639-3 codes `jav`, `sun`, …): only the ' +
            "filter's languages when the figures are filtered by `language`. Posts of a regional language are counted in " +
            'volume and keywords; those of jav, sun, min, bjn, ban and mad are labelled by the regional head (`regionalSentiment`) ' +
            'and are in the sentiment shares, the others are left out of them (`excluded.language_<code>`)',
        },
      ),
    ),
  },
  { description: 'Counted and excluded posts behind the figures' },
);
export type PopulationDisclosure = Static<typeof PopulationDisclosureSchema>;

/**
 * A day on which a connector's collection was cut short by a platform limit, failed, found nothing, or did not run: a
 * gap, not a zero.
 */
export const CoverageGapSchema = Type.Object(
  {
    day: Type.String({ description: 'Asia/Jakarta day, YYYY-MM-DD' }),
    status: Type.Union([Type.Literal('partial'), Type.Literal('failed'), Type.Literal('empty'), Type.Literal('not_run')], {
      description:
        'partial: a rate limit or spent quota cut a run short after it fetched something; failed: a run failed; empty: runs ' +
        'found nothing; not_run: no run covered the day although the stored schedule put one there',
    }),
    detail: Type.String({ description: 'What happened, in words' }),
  },
  { description: 'A day a connector did not collect: a gap, not a zero' },
);
export type CoverageGap = Static<typeof CoverageGapSchema>;

/** What one connector (and query) collected in the window, and the days it did not. */
export const ConnectorCoverageSchema = Type.Object(
  {
    connector: Type.String({ description: 'Connector name in the coverage ledger' }),
    query: Type.String({ description: 'The query the connector ran' }),
    platform: Nullable(Type.String(), 'Platform of the posts; null when the connector serves several'),
    limits: Nullable(
      Type.String(),
      "What the source can and cannot reach (X recent search: seven days; YouTube: a daily quota), a platform's limit; null when unknown",
    ),
    runs: Type.Integer({ description: 'Runs in the window' }),
    fetched: Type.Integer({ description: 'Items fetched' }),
    published: Type.Integer({ description: 'Items accepted and published for analysis' }),
    rejected: Type.Integer({ description: 'Items rejected, all reasons' }),
    lastRunAt: Nullable(Type.String(), 'Start of the latest run (ISO 8601); null without runs'),
    days: Type.Object(
      {
        ok: Type.Integer({ description: 'Days collected' }),
        partial: Type.Integer({ description: 'Days on which a platform limit cut collection short (resumed by a later run)' }),
        failed: Type.Integer({ description: 'Days on which a run failed' }),
        empty: Type.Integer({ description: 'Days on which runs found nothing' }),
        not_run: Type.Integer({ description: 'Days no run covered although one was due (a gap)' }),
        not_due: Type.Integer({
          description:
            'Days no run covered and none was due: a pushed source (webhook, file import), a connector run by hand, or a day its stored schedule put no run on; not a gap',
        }),
      },
      { description: 'Days of the window by collection status' },
    ),
    gaps: Type.Array(CoverageGapSchema, { description: 'The days not collected' }),
  },
  { description: 'What one connector and query collected in the window' },
);
export type ConnectorCoverage = Static<typeof ConnectorCoverageSchema>;

/** Coverage of the window, one entry per connector and query the ledger knows. */
export const CoverageDisclosureSchema = Type.Array(ConnectorCoverageSchema, {
  description: 'What each connector and query collected in the window, and the days it did not',
});
export type CoverageDisclosure = Static<typeof CoverageDisclosureSchema>;

/** The interval method behind every share. */
export const UncertaintyDisclosureSchema = Type.Object(
  {
    method: Type.String({ description: 'The interval method' }),
    note: Type.String({ description: 'What the intervals cover and what they do not' }),
  },
  { description: 'The interval method behind every share' },
);
export type UncertaintyDisclosure = Static<typeof UncertaintyDisclosureSchema>;

/** The co-posting rule in force: k authors within w seconds, and the text similarity threshold. */
export const CoordinationRuleSchema = Type.Object(
  {
    minAuthors: Type.Integer({ description: 'k: least distinct authors for a cluster to count as coordinated' }),
    windowSeconds: Type.Integer({ description: 'w: most seconds between two linked posts' }),
    similarity: Type.Number({ description: 'Least estimated Jaccard similarity of two linked texts' }),
    repeated: Type.Optional(
      Type.Object(
        {
          minAuthors: Type.Integer({ description: 'Least distinct authors of one repeated text for its posts to count as coordinated' }),
          windowSeconds: Type.Integer({ description: 'Most seconds between two linked near-identical posts (a day by default)' }),
        },
        { description: 'The repeated-text rule; absent when it is off' },
      ),
    ),
  },
  { description: 'The co-posting rule in force' },
);
export type CoordinationRuleDisclosure = Static<typeof CoordinationRuleSchema>;

/** The coordinated-posting signal behind the figures. */
export const CoordinationDisclosureSchema = Type.Object(
  {
    method: Type.String({ description: 'How posts are grouped into coordinated clusters' }),
    rule: Type.Union([CoordinationRuleSchema, Type.Null()], { description: 'The rule in force; null when the signal is off' }),
    share: Type.Object(ShareIntervalSchema.properties, {
      description: 'Posts of the window (before any exclusion) in coordinated clusters, with the Wilson 95% interval',
    }),
    excluded: Type.Boolean({
      description: 'True when the figures were recomputed without coordinated posts (excludeCoordinated=true, coposting or repeated_text)',
    }),
    excludedRules: Type.Optional(
      Type.Array(Type.Union([Type.Literal('coposting'), Type.Literal('repeated_text')]), {
        description:
          'The rules whose flagged posts the figures leave out: both with excludeCoordinated=true, one with excludeCoordinated=coposting or repeated_text, none without (reports stored before it have none)',
      }),
    ),
    caveats: Type.Array(Type.String(), { description: 'Limits of the signal' }),
    byRule: Type.Optional(
      Type.Object(
        {
          coposting: Type.Object(ShareIntervalSchema.properties, { description: 'Posts flagged by co-posting within w seconds' }),
          repeated: Type.Union([Type.Object(ShareIntervalSchema.properties), Type.Null()], {
            description: 'Posts flagged by the repeated-text rule; null when it is off',
          }),
        },
        {
          description:
            'The coordinated share per rule (a post may be flagged by both); excludeCoordinated=true leaves out either, coposting or repeated_text one',
        },
      ),
    ),
    lag: Type.Optional(
      Type.Union(
        [
          Type.Object({
            updatedAt: Type.String({ description: 'When the coordination stage last committed a batch' }),
            p50Ms: Type.Integer({ description: 'Median ms from the analysis commit of a post to the commit of its coordination result' }),
            p99Ms: Type.Integer({ description: '99th percentile of the same, over the latest posts' }),
            lastMs: Type.Integer({ description: 'The same for the latest post handled' }),
            posts: Type.Integer({ description: 'Posts behind the percentiles' }),
          }),
          Type.Null(),
        ],
        {
          description:
            'Coordination runs after the analysis commit, as its own stage: posts analysed in the last seconds may not be grouped yet. Null before its first batch.',
        },
      ),
    ),
  },
  { description: 'The coordinated-posting signal behind the figures' },
);
export type CoordinationDisclosure = Static<typeof CoordinationDisclosureSchema>;

/** Whether the sentiment shares of a window are validated by human labels of a random sample of its posts. */
export const ValidationDisclosureSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('validated'), Type.Literal('none')], {
      description: 'validated: data.total.validated holds shares corrected by gold labels; none: model-only (see reason)',
    }),
    reason: Type.Optional(Type.String({ description: 'Why the window is not validated' })),
    task: Type.Optional(
      Type.Object(
        {
          id: Type.Integer({ description: 'Labelling task id' }),
          name: Type.String({ description: 'Task name' }),
          from: Type.String({ description: 'First day of the task window' }),
          to: Type.String({ description: 'Last day of the task window' }),
        },
        { description: 'The labelling task considered' },
      ),
    ),
    labels: Type.Integer({ description: 'Gold labels of sampled posts inside the window (and its filters) that the estimate used' }),
    annotators: Type.Integer({ description: 'Distinct annotators of the task' }),
    alpha: Nullable(Type.Number(), "Krippendorff's alpha (nominal) over the task's posts with two or more labels; null without such posts"),
    inDomainMacroF1: Nullable(Type.Number(), "Macro-F1 of the model against the task's in-scope gold labels (in-domain evaluation)"),
    method: Type.String({ description: 'The estimator, in words' }),
    notes: Type.Optional(
      Type.Array(Type.String(), {
        description: 'What the reader should know about this validation (posts that arrived after the sample, pending disagreements)',
      }),
    ),
  },
  { description: 'Whether the sentiment shares are validated by human labels of a random sample' },
);
export type ValidationDisclosure = Static<typeof ValidationDisclosureSchema>;

/** How long the posts' own words are kept (RETENTION_DAYS). */
export const RetentionDisclosureSchema = Type.Object(
  {
    days: Type.Integer({
      minimum: 0,
      description:
        "RETENTION_DAYS: days after a post's day (Asia/Jakarta) that its text, link and author pseudonym are kept; 0 keeps them until removed by hand",
    }),
    note: Type.String({ description: 'What retention removes and what it leaves counted, in words' }),
  },
  { description: "How long the posts' own words are kept; removed posts stay counted" },
);
export type RetentionDisclosure = Static<typeof RetentionDisclosureSchema>;
/** How the distinct authors of a figure were counted: estimated from sketches (with the estimator's error) or exactly. */
export const DistinctAuthorsDisclosureSchema = Type.Object(
  {
    method: Type.Union([Type.Literal('hyperloglog'), Type.Literal('exact')], {
      description: 'hyperloglog: estimated from daily sketches of the author pseudonyms; exact: counted from the stored posts',
    }),
    estimator: Type.String({ description: 'The estimator, in words' }),
    registers: Nullable(Type.Integer(), 'Registers per sketch; null when counted exactly'),
    relativeStandardError: Type.Number({ description: 'Relative standard error of each distinct-author figure (0 when exact)' }),
    relativeError95: Type.Number({
      description: 'About 95% of estimates fall within this relative error of the true count (1.96 standard errors; 0 when exact)',
    }),
  },
  { description: 'How the distinct authors of the figures were counted, and their error' },
);
export type DistinctAuthorsDisclosure = Static<typeof DistinctAuthorsDisclosureSchema>;

/** The software that produced the figures. */
export const SoftwareDisclosureSchema = Type.Object(
  {
    name: Type.Literal('pantau', { description: 'Software name' }),
    version: Type.String({ description: 'Software version' }),
    commit: Type.String({ description: 'Source commit the software was built from' }),
  },
  { description: 'The software that produced the figures' },
);
export type SoftwareDisclosure = Static<typeof SoftwareDisclosureSchema>;

/** The emotion figures' part: which head labelled the posts, how well it does held out, what it held back (built in emotion.ts). */
export const EmotionDisclosureSchema = Type.Object(
  {
    model: ModelDisclosureSchema,
    heldOut: Type.Array(Type.String(), { description: "The head's held-out benchmark figures, in words (EmoT valid chose nothing)" }),
    label: Type.String({ description: 'How a post gets its emotion label' }),
    abstainRule: Type.String({ description: 'When a post is labelled uncertain and how such posts are counted' }),
    posts: Type.Integer({ description: 'Posts of the window with an emotion label of this head' }),
    abstained: Type.Object(ShareIntervalSchema.properties, { description: 'Posts labelled uncertain, of the labelled posts (Wilson 95%)' }),
    unlabelled: Type.Integer({
      description: 'Counted posts of the window without an emotion label of this head (analysed before it was installed)',
    }),
    interval: Type.String({ description: 'The interval method of the emotion shares' }),
    caveats: Type.Array(Type.String(), { description: 'Limits of the emotion figures' }),
  },
  { description: 'The emotion head behind the emotion figures (present on emotion answers only)' },
);
export type EmotionDisclosure = Omit<Static<typeof EmotionDisclosureSchema>, 'model'> & { model: ModelDisclosure };

/** Which head labelled the regional-language posts (built in build.ts; present when the model folder has a regional head). */
export const RegionalSentimentDisclosureSchema = Type.Object(
  {
    model: ModelDisclosureSchema,
    languages: Type.Array(Type.String(), { description: 'Stored language codes this head labels (jav, sun, min, bjn, ban, mad)' }),
    posts: Type.Record(Type.String(), Type.Integer(), {
      description:
        "Counted posts of the window labelled by this head, per language (the rest of a language's posts: excluded.language_<code>)",
    }),
    inDefaultShares: Type.Boolean({ description: 'True: these posts are in the sentiment shares without a `language` filter' }),
    label: Type.String({ description: 'Which head labels which posts, in words' }),
    heldOut: Type.Array(Type.String(), {
      description: "The head's held-out figures in words (NusaX valid: a translation corpus derived from SmSA, not independent)",
    }),
  },
  { description: 'The regional-language sentiment head: which posts it labelled and how well it does held out' },
);
export type RegionalSentimentDisclosure = Omit<Static<typeof RegionalSentimentDisclosureSchema>, 'model'> & { model: ModelDisclosure };

/** The envelope carried by every aggregate answer: how every number in `data` was produced. */
export const DisclosureSchema = Type.Object(
  {
    model: AggregateModelDisclosureSchema,
    method: MethodDisclosureSchema,
    window: WindowDisclosureSchema,
    population: PopulationDisclosureSchema,
    coverage: CoverageDisclosureSchema,
    uncertainty: UncertaintyDisclosureSchema,
    coordination: Type.Optional(CoordinationDisclosureSchema),
    validation: Type.Optional(ValidationDisclosureSchema),
    emotion: Type.Optional(EmotionDisclosureSchema),
    regionalSentiment: Type.Optional(RegionalSentimentDisclosureSchema),
    retention: RetentionDisclosureSchema,
    distinctAuthors: Type.Optional(DistinctAuthorsDisclosureSchema),
    caveats: Type.Array(Type.String(), { description: 'Fixed, human-readable limits of the figures' }),
    software: SoftwareDisclosureSchema,
    generatedAt: Type.String({ description: 'When the answer was served (ISO 8601)' }),
  },
  { $id: 'Disclosure', description: 'How every number in `data` was produced' },
);
/**
 * The disclosure as built. Its model part is typed as the model manifest gives it (zod's optional fields admit
 * `undefined`); `schema.test.ts` keeps that shape and `ModelDisclosureSchema` equal.
 */
export type Disclosure = Omit<Static<typeof DisclosureSchema>, 'model' | 'emotion' | 'regionalSentiment'> & {
  model: ModelDisclosure & { versions: ModelVersions };
  emotion?: EmotionDisclosure;
  regionalSentiment?: RegionalSentimentDisclosure;
};
