import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { languageSentimentOverview, listAnnotationTasks, sentimentOverview } from '@pantau/db';
import { wilsonInterval } from '@pantau/disclosure';
import { sentimentShares, summarizeTask, validateWindow } from '@pantau/report';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { aggregate, sumOf } from '../aggregate.ts';
import { requireScope } from '../plugins/auth.ts';
import {
  DisclosureRef,
  errorAnswers,
  Granularity,
  KEYED_ERRORS,
  LanguageQuery,
  PG_INTEGER_MAX,
  ShareSchema,
  WindowQuery,
} from '../schemas.ts';
import type { ResolvedWindow } from '../window.ts';

const Counts = Type.Object({ negative: Type.Integer(), neutral: Type.Integer(), positive: Type.Integer() });
const Period = Type.Object({
  period: Type.String({ description: 'Day (or Monday of the ISO week), Asia/Jakarta' }),
  posts: Type.Integer({
    description:
      'Posts labelled by the model or its regional head, abstained included (posts of a regional language no head labels are not: disclosure.population.excluded.language_<code>)',
  }),
  abstained: Type.Integer({ description: 'Posts labelled uncertain (below the abstain threshold)' }),
  answered: Type.Integer({ description: 'Posts with a class label: the denominator of the shares' }),
  counts: Counts,
  shares: Type.Object({ negative: ShareSchema, neutral: ShareSchema, positive: ShareSchema }),
  netSentiment: Type.Union([Type.Number(), Type.Null()], { description: '(positive − negative) / answered' }),
  engagement: Type.Object({ likes: Type.Integer(), replies: Type.Integer(), shares: Type.Integer(), views: Type.Integer() }),
  coordinated: Type.Optional(
    Type.Object(ShareSchema.properties, {
      description: 'Posts of the period in coordinated clusters, of all its posts (before excludeCoordinated), Wilson 95%',
    }),
  ),
});

const Interval = Type.Object({ estimate: Type.Number(), low: Type.Number(), high: Type.Number() });
const ClassIntervals = Type.Object({ negative: Interval, neutral: Interval, positive: Interval });
const Validated = Type.Object(
  {
    task: Type.Integer({ description: 'The labelling task whose sample validated the window' }),
    method: Type.String(),
    confidence: Type.Number(),
    posts: Type.Integer({ description: 'N: posts of the window (and filters)' }),
    labels: Type.Integer({ description: 'n: gold labels of sampled posts in the window, out-of-scope ones included' }),
    inScopeLabels: Type.Integer(),
    shares: Type.Object(ClassIntervals.properties, { description: 'PPI++ shares of in-scope posts with 95% intervals' }),
    outOfScope: Type.Object({ not_relevant: Interval, not_indonesian: Interval }, { description: 'Shares of all posts, from the labels' }),
    labelsOnly: Type.Object(ClassIntervals.properties, { description: 'The classical interval from the labels alone' }),
    lambda: Type.Object({ negative: Type.Number(), neutral: Type.Number(), positive: Type.Number() }),
  },
  {
    description:
      'Validated shares of the window total: the model probabilities of all its posts corrected by the gold labels of a random sample (absent when not validated; see disclosure.validation)',
  },
);

type PeriodCounts = {
  posts: number;
  negative: number;
  neutral: number;
  positive: number;
  uncertain: number;
  likes: number;
  replies: number;
  shares: number;
  views: number;
};

/** Turns raw counts into the published shape: counts, Wilson shares over answered posts, net sentiment. */
export function describePeriod(period: string, c: PeriodCounts) {
  const { net, ...shares } = sentimentShares(c);
  return {
    period,
    // `shares.posts` is answered + abstained: a regional-language post in the rollup's posts has no class label.
    ...shares,
    netSentiment: net,
    engagement: { likes: c.likes, replies: c.replies, shares: c.shares, views: c.views },
  };
}

export interface SentimentOptions {
  /** Least gold labels inside a window for validated sentiment shares (VALIDATION_MIN_LABELS). */
  validationMinLabels: number;
}

/** `GET /v1/sentiment` (and its older name `/v1/sentiment/daily`): counts and shares per day or week, with the disclosure. */
export const sentimentRoutes: FastifyPluginAsyncTypebox<SentimentOptions> = async (app, options) => {
  for (const [path, operationId] of [
    ['/v1/sentiment', 'getSentiment'],
    ['/v1/sentiment/daily', 'getSentimentDaily'],
  ] as const) {
    app.get(
      path,
      {
        onRequest: requireScope(app.db, 'read'),
        schema: {
          operationId,
          tags: ['aggregates'],
          summary: 'Sentiment per day (or week) with Wilson 95% intervals',
          security: [{ bearer: [] }],
          querystring: Type.Object(
            {
              ...WindowQuery,
              ...LanguageQuery,
              granularity: Type.Optional(Granularity),
              task: Type.Optional(
                Type.Integer({
                  minimum: 1,
                  maximum: PG_INTEGER_MAX,
                  description: 'Validate with this labelling task (default: the newest task covering the window with enough labels)',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              data: Type.Object({
                series: Type.Array(Period, { description: 'Model-only figures per period' }),
                total: Type.Object(
                  { ...Period.properties, validated: Type.Optional(Validated) },
                  { description: 'The window total: model-only figures, and validated shares when the window is validated' },
                ),
              }),
              disclosure: DisclosureRef,
            }),
            ...KEYED_ERRORS,
            ...errorAnswers(404),
          },
        },
      },
      async (request) =>
        aggregate(app, request.query, { route: 'sentiment' }, (window, query) => sentimentFigures(app, options, window, query.task)),
    );
  }
};

/** What a task's summary reads: its labels and sample, and the stored labels and posts it scores. */
const SUMMARY_TABLES = ['annotation_labels', 'annotation_adjudications', 'annotation_task_items', 'sentiment_labels', 'posts'];

/** The figures of `GET /v1/sentiment` for a resolved window: per period and in total, validated when a task allows. */
async function sentimentFigures(app: FastifyInstance, options: SentimentOptions, window: ResolvedWindow, taskId: number | undefined) {
  const modelVersion = app.model.manifest.version;
  const scope = { ...window, modelVersion };
  const languages = window.languages;
  const [validation, { series: rows, coordinated, population }] = await Promise.all([
    (async () =>
      languages
        ? // A labelled sample is drawn from the posts of every language: it does not validate a language's share.
          validateWindow(app.db, { window, modelVersion, taskId: undefined, minLabels: options.validationMinLabels, tasks: [] }).then(
            (v) => ({
              ...v,
              disclosure: {
                ...v.disclosure,
                reason: 'the figures are filtered by language; labelling tasks sample the posts of every language',
              },
            }),
          )
        : validateWindow(app.db, {
            window,
            modelVersion,
            taskId,
            minLabels: options.validationMinLabels,
            // Every task, and each task's summary (agreement and evaluation, each with a bootstrap), kept until the tables
            // they read are written, so a window no task covers costs no statement and one task's windows share its summary.
            tasks: await app.answers.get('annotation-tasks', () => listAnnotationTasks(app.db), ['annotation_tasks']),
            summarize: (task) =>
              app.answers.get(
                `annotation-task-summary:${task.id}:${modelVersion}`,
                () => summarizeTask(app.db, task, modelVersion),
                SUMMARY_TABLES,
              ),
          }))(),
    // Summed from the rollups kept in memory when they are; the same figures from the database otherwise (filtered by
    // language: from the language rollup).
    (async () =>
      languages
        ? languageSentimentOverview(app.db, { ...scope, languages })
        : ((await app.kept.sentimentOverview(scope)) ?? (await sentimentOverview(app.db, scope))))(),
  ]);
  const coordinatedOf = (period: string) => {
    const c = coordinated.get(period);
    return wilsonInterval(c?.coordinatedPosts ?? 0, c?.posts ?? 0);
  };
  const total = rows.reduce<PeriodCounts>(
    (t, r) => {
      for (const k of Object.keys(t) as (keyof PeriodCounts)[]) t[k] += r[k];
      return t;
    },
    { posts: 0, negative: 0, neutral: 0, positive: 0, uncertain: 0, likes: 0, replies: 0, shares: 0, views: 0 },
  );
  return {
    data: {
      series: rows.map((r) => ({ ...describePeriod(r.period, r), coordinated: coordinatedOf(r.period) })),
      // Model-only figures of the window, and beside them the validated shares when a labelled sample validates it.
      total: {
        ...describePeriod(`${window.from}/${window.to}`, total),
        ...(validation.validated ? { validated: validation.validated } : {}),
      },
    },
    known: { coordinated: sumOf(coordinated), population, validation: validation.disclosure },
  };
}
