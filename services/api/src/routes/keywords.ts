import { addDays, daysBetween, PantauError } from '@pantau/contracts';
import { coordinatedKeywordCounts, keywordSeries, topKeywords } from '@pantau/db';
import { keywordKey } from '@pantau/text';
import { Type } from '@sinclair/typebox';
import { answerKey, served } from '../answer-cache.ts';
import type { App } from '../app.ts';
import type { RouteContext } from '../context.ts';
import { buildDisclosure } from '../disclosure.ts';
import { requireScope } from '../plugins/auth.ts';
import { DisclosureSchema, WindowQuery } from '../schemas.ts';
import { resolveWindow } from '../window.ts';

const KeywordSchema = Type.Object({
  term: Type.String({ description: 'Display form (normalized, not stemmed)' }),
  key: Type.String({ description: 'Stem key the keyword is counted under' }),
  kind: Type.String(),
  posts: Type.Integer({ description: 'Posts in the window that use the keyword' }),
  previousPosts: Type.Integer({ description: 'Posts in the previous window of the same length' }),
  change: Type.Union([Type.Number(), Type.Null()], { description: 'posts / previousPosts − 1; null when previousPosts is 0' }),
  sentiment: Type.Object({ negative: Type.Integer(), neutral: Type.Integer(), positive: Type.Integer(), uncertain: Type.Integer() }),
  coordinatedPosts: Type.Integer({ description: 'Of `posts`, those in coordinated clusters (0 with excludeCoordinated=true)' }),
});

/** `GET /v1/keywords/top`: the most used keywords in a window with change against the previous window. */
export function keywordRoutes(app: App, ctx: RouteContext): void {
  app.get(
    '/v1/keywords/top',
    {
      onRequest: requireScope(ctx.db, 'read'),
      schema: {
        tags: ['aggregates'],
        summary: 'Top keywords with change versus the previous period and their sentiment mix',
        security: [{ bearer: [] }],
        querystring: Type.Object(
          { ...WindowQuery, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            data: Type.Object({
              window: Type.Object({ from: Type.String(), to: Type.String(), previousFrom: Type.String(), previousTo: Type.String() }),
              keywords: Type.Array(KeywordSchema),
            }),
            disclosure: DisclosureSchema,
          }),
        },
      },
    },
    async (request) =>
      served(
        await ctx.answers.get(answerKey('keywords/top', request.query, ctx.model.manifest.version), () =>
          topKeywordsAnswer(ctx, request.query),
        ),
      ),
  );
  keywordSeriesRoute(app, ctx);
}

/** The answer of `GET /v1/keywords/top` for a validated query. */
async function topKeywordsAnswer(ctx: RouteContext, query: Parameters<typeof resolveWindow>[1] & { limit?: number | undefined }) {
  const window = await resolveWindow(ctx, query);
  const length = daysBetween(window.from, window.to) + 1;
  const previousTo = addDays(window.from, -1);
  const previousFrom = addDays(previousTo, -(length - 1));
  // The disclosure's queries run beside the figures' own (each takes a pooled connection).
  const [rows, disclosure] = await Promise.all([
    topKeywords(ctx.db, {
      ...window,
      modelVersion: ctx.model.manifest.version,
      limit: query.limit ?? 20,
      previousFrom,
      previousTo,
    }),
    buildDisclosure(ctx, ctx.model, ctx.software, window, ctx.coordinationRule),
  ]);
  const coordinated = window.excludeCoordinated
    ? new Map<string, number>()
    : await coordinatedKeywordCounts(ctx.db, { ...window, modelVersion: ctx.model.manifest.version, keys: rows.map((r) => r.key) });
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
    disclosure,
  };
}

/** `GET /v1/keywords/:term/series`: one keyword per day or week. */
function keywordSeriesRoute(app: App, ctx: RouteContext): void {
  app.get(
    '/v1/keywords/:term/series',
    {
      onRequest: requireScope(ctx.db, 'read'),
      schema: {
        tags: ['aggregates'],
        summary: 'One keyword per day or week with its sentiment mix (the term is normalized and stemmed as keywords are)',
        security: [{ bearer: [] }],
        params: Type.Object({ term: Type.String({ minLength: 1, maxLength: 100, examples: ['iuran', 'antrean online', '#MobileJKN'] }) }),
        querystring: Type.Object(
          { ...WindowQuery, granularity: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week')])) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            data: Type.Object({
              term: Type.String(),
              key: Type.String(),
              series: Type.Array(
                Type.Object({
                  period: Type.String(),
                  posts: Type.Integer(),
                  negative: Type.Integer(),
                  neutral: Type.Integer(),
                  positive: Type.Integer(),
                  uncertain: Type.Integer(),
                }),
              ),
            }),
            disclosure: DisclosureSchema,
          }),
        },
      },
    },
    async (request) => {
      const key = keywordKey(request.params.term);
      if (!key) {
        throw new PantauError('INVALID_QUERY', 'term: one word, two words or a #hashtag', { details: { parameter: 'term' } });
      }
      const term = request.params.term;
      const modelVersion = ctx.model.manifest.version;
      const answer = await ctx.answers.get(answerKey('keywords/series', { ...request.query, term }, modelVersion), async () => {
        const window = await resolveWindow(ctx, request.query);
        const series = await keywordSeries(ctx.db, { ...window, key, modelVersion });
        return {
          data: { term, key, series },
          disclosure: await buildDisclosure(ctx, ctx.model, ctx.software, window, ctx.coordinationRule),
        };
      });
      return served(answer);
    },
  );
}
