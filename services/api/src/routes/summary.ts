import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isDay, jakartaDay, PantauError } from '@pantau/contracts';
import { coverageSummary, getTopic, latestDay } from '@pantau/db';
import { buildDaySummary } from '@pantau/report';
import { type TSchema, Type } from '@sinclair/typebox';
import { disclosureOf } from '../aggregate.ts';
import { answerKey, served } from '../answer-cache.ts';
import { requireScope } from '../plugins/auth.ts';
import { DisclosureRef, ExcludeCoordinated, errorAnswers, KEYED_ERRORS, ShareSchema, TopicId, WindowQuery } from '../schemas.ts';
import { exclusionOf } from '../window.ts';
import type { ReportOptions } from './reports.ts';

/** The summary's options: the report's, and how long a changed day's stored stories are still served. */
export interface SummaryOptions extends ReportOptions {
  storyMaxBehindMs: number;
}

const Nullable = <T extends TSchema>(t: T, description?: string) => Type.Union([t, Type.Null()], description ? { description } : {});
const Day = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });

const EvidenceSchema = Type.Object(
  {
    rule: Type.Union([Type.Literal('z-score'), Type.Literal('new-term')]),
    count: Type.Integer({ description: "The term's posts on the day" }),
    baselineMean: Type.Number({ description: 'Mean posts per day over the 7 days before' }),
    baselineSd: Type.Number(),
    spread: Type.Number({ description: 'max(sd, √mean, 1): the spread the rule divides by' }),
    z: Nullable(Type.Number(), 'null for a new term'),
    baseline: Type.Array(Type.Integer(), { description: 'Posts per day over the 7 days before, oldest first' }),
  },
  { description: "The numbers that fired the spike rule for the story's strongest term" },
);

const ExampleSchema = Type.Object({
  id: Type.Optional(Type.Integer({ description: 'Post id' })),
  platform: Type.String(),
  author: Nullable(Type.String(), 'Author pseudonym (16 hex); null once retention removed it'),
  publishedAt: Type.String(),
  text: Nullable(Type.String(), 'null once retention removed it'),
  label: Type.String(),
  url: Nullable(Type.String(), 'Link to the original post'),
  removed: Type.Optional(Nullable(Type.Literal('retention'))),
  engagement: Type.Optional(Type.Integer({ description: 'Likes, replies and shares' })),
  sameText: Type.Optional(Type.Integer({ description: 'Posts of the story with this same text (verbatim repeats)' })),
});

/** A story of the day: the terms that fired on the same posts, folded into one event. */
export const StorySchema = Type.Object(
  {
    key: Type.String({ description: "The strongest term's key: the story's id on its day" }),
    term: Type.String({ description: 'The strongest term (ask /v1/mentions with term= and the day for its posts)' }),
    title: Type.Optional(Type.String({ description: "The story's name: its strongest distinct terms" })),
    posts: Type.Optional(Type.Integer({ description: 'Distinct posts of the day that use any of its terms' })),
    evidence: EvidenceSchema,
    examples: Type.Array(ExampleSchema, { description: 'Up to 3 example posts, one per distinct text' }),
    related: Type.Array(
      Type.Object({ term: Type.String(), count: Type.Integer(), rule: Type.Union([Type.Literal('z-score'), Type.Literal('new-term')]) }),
      { description: 'The other terms folded into the story, strongest first' },
    ),
    coordinated: Type.Optional(ShareSchema),
  },
  { description: 'One event of the day' },
);

const Comparison = Type.Object({
  day: Type.String(),
  posts: Type.Integer(),
  change: Nullable(Type.Number(), 'posts / these posts − 1; null when there were none'),
});

const SummarySchema = Type.Object({
  date: Type.String({ description: 'The Asia/Jakarta day summarized' }),
  topic: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), query: Type.String() })),
  platform: Nullable(Type.String(), 'The platform every figure is of (posts, net sentiment, stories, gaps); null: all platforms'),
  posts: Type.Integer({ description: 'Posts counted on the day' }),
  previousDay: Comparison,
  sameWeekday: Comparison,
  answered: Type.Integer({ description: 'Posts with a confident label' }),
  abstained: Type.Integer({ description: 'Posts labelled uncertain' }),
  net: Type.Object(
    {
      value: Nullable(Type.Number(), 'positive share − negative share, of the shares named by source'),
      source: Type.Union([Type.Literal('validated'), Type.Literal('model')], {
        description: 'validated when a labelling task validates the day (disclosure.validation), else model',
      }),
      model: Nullable(Type.Number(), 'Model-only net sentiment'),
      validated: Nullable(Type.Number(), 'Net sentiment from the validated (PPI++) shares'),
      previousDay: Nullable(Type.Number(), 'Model-only net sentiment of the day before'),
      sameWeekday: Nullable(Type.Number(), 'Model-only net sentiment of the same weekday a week before'),
    },
    { description: 'Net sentiment of the day' },
  ),
  stories: Type.Array(StorySchema, { description: "The day's spikes as stories, strongest first" }),
  moreStories: Type.Integer({ description: 'Stories beyond those listed' }),
  baselineAvailable: Type.Boolean({ description: 'False when the data does not reach 7 days back: spikes were not assessed' }),
  gaps: Type.Array(
    Type.Object({
      connector: Type.String(),
      query: Type.String(),
      platform: Nullable(Type.String()),
      day: Type.String(),
      status: Type.Union([Type.Literal('partial'), Type.Literal('failed'), Type.Literal('empty'), Type.Literal('not_run')]),
      detail: Type.String(),
    }),
    { description: "The day's coverage gaps: a collector that should have brought posts and did not (a gap, not a zero)" },
  ),
  storiesAsOf: Type.Object(
    {
      computedAt: Type.String({ description: 'When the stories were computed (ISO 8601): ahead by the story job, or for this answer' }),
      posts: Type.Integer({ description: 'Posts of the day (in this scope) when the stories were computed' }),
      behind: Type.Boolean({
        description:
          'True when the day (or the 7 days before it) changed after the stories were computed: `posts` may differ from the figures, and the story job is computing them again',
      }),
    },
    { description: 'When and from how many posts the stories were computed' },
  ),
  headlines: Type.Object(
    {
      id: Type.Array(Type.String(), { description: 'What changed, why, where to look — in Indonesian' }),
      en: Type.Array(Type.String(), { description: 'The same in English' }),
    },
    { description: "The three headlines the day's report opens with" },
  ),
});

/** `GET /v1/summary`: the day in three headlines, its figures against the day before and the same weekday, its stories and gaps. */
export const summaryRoutes: FastifyPluginAsyncTypebox<SummaryOptions> = async (app, options) => {
  app.get(
    '/v1/summary',
    {
      onRequest: requireScope(app.db, 'read'),
      schema: {
        operationId: 'getDaySummary',
        tags: ['aggregates'],
        summary:
          "One day's summary (all platforms, or one): posts and net sentiment against the day before and the same weekday, the spikes as stories with example posts, the coverage gaps, and the report's three headlines",
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            date: Type.Optional(Day('The Asia/Jakarta day, YYYY-MM-DD (default: the latest day with data)')),
            topic: Type.Optional(TopicId('Only posts tagged with this topic id')),
            platform: WindowQuery.platform,
            excludeCoordinated: ExcludeCoordinated('Without coordinated posts'),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: SummarySchema, disclosure: DisclosureRef }), ...KEYED_ERRORS, ...errorAnswers(404) },
      },
    },
    async (request) => {
      const { query } = request;
      if (query.date !== undefined && !isDay(query.date))
        throw new PantauError('INVALID_QUERY', 'date: must be a calendar day YYYY-MM-DD', { details: { parameter: 'date' } });
      if (query.topic !== undefined && !(await getTopic(app.db, query.topic)))
        throw new PantauError('NOT_FOUND', `topic: no topic ${query.topic}`, { details: { parameter: 'topic' } });
      const date = query.date ?? (await latestDay(app.db)) ?? jakartaDay(Date.now());
      const exclusion = exclusionOf(query.excludeCoordinated);
      const window = {
        from: date,
        to: date,
        granularity: 'day' as const,
        ...(query.topic !== undefined ? { topicId: query.topic } : {}),
        ...(query.platform !== undefined ? { platform: query.platform } : {}),
        ...exclusion,
      };
      const modelVersion = app.model.manifest.version;
      // A day's summary is computed once per data generation: repeated and concurrent requests for the same day share
      // it until a write to the data behind it (posts, labels, rollups, coverage, topics) moves the generation.
      const key = answerKey(
        '/v1/summary',
        {
          to: date,
          topic: query.topic,
          platform: query.platform,
          excludeCoordinated: exclusion.excludeRule ?? exclusion.excludeCoordinated,
        },
        modelVersion,
      );
      const compute = async () => {
        const coverage = (await app.kept.coverageSummary(window)) ?? (await coverageSummary(app.db, window));
        const { validation, ...data } = await buildDaySummary(app.db, {
          date,
          modelVersion,
          topicId: query.topic,
          platform: query.platform,
          ...exclusion,
          rule: options.spikeRule,
          validationMinLabels: options.validationMinLabels,
          coverage,
          stored: { maxBehindMs: options.storyMaxBehindMs },
        });
        return { data, disclosure: await disclosureOf(app, window, { validation: validation.disclosure }) };
      };
      return served(await app.answers.get(key, compute));
    },
  );
};
