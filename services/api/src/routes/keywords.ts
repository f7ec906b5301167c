import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addDays, daysBetween, PantauError } from '@pantau/contracts';
import { coordinatedKeywordCounts, keywordSeries, languageCoordinatedKeywordCounts, languageTopKeywords, topKeywords } from '@pantau/db';
import { keywordKey } from '@pantau/text';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { aggregate } from '../aggregate.ts';
import { requireScope } from '../plugins/auth.ts';
import { DisclosureRef, errorAnswers, Granularity, KEYED_ERRORS, LanguageQuery, WindowQuery } from '../schemas.ts';
import type { ResolvedWindow } from '../window.ts';

const KeywordSchema = Type.Object({
  term: Type.String({ description: 'Display form (normalized, not stemmed)' }),
  key: Type.String({ description: 'Stem key the keyword is counted under' }),
  kind: Type.String({ description: 'unigram, bigram or hashtag' }),
  posts: Type.Integer({ description: 'Posts in the window that use the keyword' }),
  previousPosts: Type.Integer({ description: 'Posts in the previous window of the same length' }),
  change: Type.Union([Type.Number(), Type.Null()], { description: 'posts / previousPosts − 1; null when previousPosts is 0' }),
  sentiment: Type.Object(
    { negative: Type.Integer(), neutral: Type.Integer(), positive: Type.Integer(), uncertain: Type.Integer() },
    { description: 'Posts using the keyword by sentiment label' },
  ),
  coordinatedPosts: Type.Integer({
    description:
      'Of `posts`, those in coordinated clusters (0 with excludeCoordinated=true; with one rule excluded, those the other flagged)',
  }),
});

/** `GET /v1/keywords/top` and `GET /v1/keywords/:term/series`: the most used keywords in a window, and one keyword over time. */
export const keywordRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/keywords/top',
    {
      onRequest: requireScope(app.db, 'read'),
      schema: {
        operationId: 'getTopKeywords',
        tags: ['aggregates'],
        summary: 'Top keywords with change versus the previous period and their sentiment mix',
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            ...WindowQuery,
            ...LanguageQuery,
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20, description: 'Keywords listed' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            data: Type.Object({
              window: Type.Object({
                from: Type.String({ description: 'First day of the window' }),
                to: Type.String({ description: 'Last day of the window' }),
                previousFrom: Type.String({ description: 'First day of the previous window of the same length' }),
                previousTo: Type.String({ description: 'Last day of the previous window' }),
              }),
              keywords: Type.Array(KeywordSchema),
            }),
            disclosure: DisclosureRef,
          }),
          ...KEYED_ERRORS,
          ...errorAnswers(404),
        },
      },
    },
    // The disclosure's queries run beside the figures' own (each takes a pooled connection).
    async (request) =>
      aggregate(app, request.query, { route: 'keywords/top', alongside: true }, (window, query) =>
        topKeywordFigures(app, window, query.limit ?? 20),
      ),
  );

  app.get(
    '/v1/keywords/:term/series',
    {
      onRequest: requireScope(app.db, 'read'),
      schema: {
        operationId: 'getKeywordSeries',
        tags: ['aggregates'],
        summary: 'One keyword per day or week with its sentiment mix (the term is normalized and stemmed as keywords are)',
        security: [{ bearer: [] }],
        params: Type.Object({
          term: Type.String({
            minLength: 1,
            maxLength: 100,
            description: 'One word, two words or a #hashtag',
            examples: ['iuran', 'antrean online', '#MobileJKN'],
          }),
        }),
        querystring: Type.Object(
          { ...WindowQuery, ...LanguageQuery, granularity: Type.Optional(Granularity) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            data: Type.Object({
              term: Type.String({ description: 'The term as asked' }),
              key: Type.String({ description: 'Stem key the term is counted under' }),
              series: Type.Array(
                Type.Object({
                  period: Type.String({ description: 'Day (or Monday of the ISO week), Asia/Jakarta' }),
                  posts: Type.Integer({ description: 'Posts that use the keyword' }),
                  negative: Type.Integer({ description: 'Of them, labelled negative' }),
                  neutral: Type.Integer({ description: 'Of them, labelled neutral' }),
                  positive: Type.Integer({ description: 'Of them, labelled positive' }),
                  uncertain: Type.Integer({ description: 'Of them, labelled uncertain' }),
                }),
              ),
            }),
            disclosure: DisclosureRef,
          }),
          ...KEYED_ERRORS,
          ...errorAnswers(404),
        },
      },
    },
    async (request) => {
      const { term } = request.params;
      const key = keywordKey(term);
      if (!key) {
        throw new PantauError('INVALID_QUERY', 'term: one word, two words or a #hashtag', { details: { parameter: 'term' } });
      }
      return aggregate(app, { ...request.query, term }, { route: 'keywords/series' }, async (window) => {
        const scope = { ...window, key, modelVersion: app.model.manifest.version };
        // Summed from the keyword rollups kept in memory when they are; the same figures from the database otherwise.
        return { data: { term, key, series: (await app.kept.keywordSeries(scope)) ?? (await keywordSeries(app.db, scope)) } };
      });
    },
  );
};

/** The figures of `GET /v1/keywords/top` for a resolved window. */
async function topKeywordFigures(app: FastifyInstance, window: ResolvedWindow, limit: number) {
  const modelVersion = app.model.manifest.version;
  const length = daysBetween(window.from, window.to) + 1;
  const previousTo = addDays(window.from, -1);
  const previousFrom = addDays(previousTo, -(length - 1));
  const languages = window.languages;
  // Filtered by language: counted from the posts of those languages (the regional ones through their own index).
  // Otherwise summed from the keyword rollups kept in memory when they are, or read from them in the database.
  const scope = { ...window, modelVersion, limit, previousFrom, previousTo };
  const rows = languages
    ? await languageTopKeywords(app.db, { ...scope, languages })
    : ((await app.kept.topKeywords(scope)) ?? (await topKeywords(app.db, scope)));
  const keys = rows.map((r) => r.key);
  // Without either rule's posts none is left; without one rule's, those the other flagged alone.
  const counted = rows.every((r) => r.coordinatedPosts !== undefined);
  const coordinated =
    (window.excludeCoordinated && !window.excludeRule) || counted
      ? new Map<string, number>(counted ? rows.map((r) => [r.key, r.coordinatedPosts ?? 0]) : [])
      : languages
        ? await languageCoordinatedKeywordCounts(app.db, { ...window, modelVersion, keys, languages })
        : await coordinatedKeywordCounts(app.db, { ...window, modelVersion, keys });
  return {
    data: {
      window: { from: window.from, to: window.to, previousFrom, previousTo },
      keywords: rows.map((r) => ({
        term: r.term,
        key: r.key,
        kind: r.kind,
        posts: r.posts,
        previousPosts: r.previousPosts,
        change: r.previousPosts > 0 ? r.posts / r.previousPosts - 1 : null,
        sentiment: { negative: r.negative, neutral: r.neutral, positive: r.positive, uncertain: r.uncertain },
        coordinatedPosts: coordinated.get(r.key) ?? 0,
      })),
    },
  };
}
