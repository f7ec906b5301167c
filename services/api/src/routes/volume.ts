import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { coordinatedSeries, languageSentimentOverview, volumeSeries } from '@pantau/db';
import { wilsonInterval } from '@pantau/disclosure';
import { Type } from '@sinclair/typebox';
import { aggregate, sumOf } from '../aggregate.ts';
import { requireScope } from '../plugins/auth.ts';
import { DisclosureRef, errorAnswers, Granularity, KEYED_ERRORS, LanguageQuery, ShareSchema, WindowQuery } from '../schemas.ts';

const VolumePeriod = Type.Object({
  period: Type.String({ description: 'Day (or Monday of the ISO week), Asia/Jakarta' }),
  posts: Type.Integer({ description: 'Posts collected in the period' }),
  uniqueAuthors: Type.Integer({
    description: 'Distinct author pseudonyms of the period (not additive across periods); estimated, see disclosure.distinctAuthors',
  }),
  likes: Type.Integer({ description: 'Sum of likes' }),
  replies: Type.Integer({ description: 'Sum of replies' }),
  shares: Type.Integer({ description: 'Sum of shares' }),
  views: Type.Integer({ description: 'Sum of views' }),
  coordinated: Type.Object(ShareSchema.properties, {
    description: 'Posts of the period in coordinated clusters, of all its posts (before excludeCoordinated), Wilson 95%',
  }),
});

/** `GET /v1/volume`: posts, distinct author pseudonyms and engagement per day or week. */
export const volumeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/volume',
    {
      onRequest: requireScope(app.db, 'read'),
      schema: {
        operationId: 'getVolume',
        tags: ['aggregates'],
        summary: 'Posts, distinct author pseudonyms and engagement sums per day or week',
        security: [{ bearer: [] }],
        querystring: Type.Object(
          { ...WindowQuery, ...LanguageQuery, granularity: Type.Optional(Granularity) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            data: Type.Object({
              series: Type.Array(VolumePeriod),
              uniqueAuthors: Type.Integer({
                description: 'Distinct author pseudonyms of the whole window (fewer than the sum of the periods when authors return)',
              }),
            }),
            disclosure: DisclosureRef,
          }),
          ...KEYED_ERRORS,
          ...errorAnswers(404),
        },
      },
    },
    // Distinct authors are estimated from the daily sketches (counted exactly when coordinated posts are left out); posts,
    // engagement and the coordinated share come from the rollups kept in memory while the data-change feed is live.
    async (request) =>
      aggregate(app, request.query, { route: 'volume' }, async (window) => {
        const modelVersion = app.model.manifest.version;
        const languages = window.languages;
        if (languages) {
          // Filtered by language: volume (distinct authors exactly) from the posts, the rest from the language rollup.
          const [volume, overview] = await Promise.all([
            volumeSeries(app.db, window),
            languageSentimentOverview(app.db, { ...window, modelVersion, languages }),
          ]);
          const series = volume.series.map((r) => {
            const c = overview.coordinated.get(r.period);
            return { ...r, coordinated: wilsonInterval(c?.coordinatedPosts ?? 0, c?.posts ?? 0) };
          });
          return {
            data: { series, uniqueAuthors: volume.uniqueAuthors },
            known: { coordinated: sumOf(overview.coordinated), distinctAuthors: volume.distinctAuthors, population: overview.population },
          };
        }
        const [volume, overview] = await Promise.all([
          app.kept.volume(window).then((kept) => kept ?? volumeSeries(app.db, window)),
          app.kept.sentimentOverview({ ...window, modelVersion }),
        ]);
        const coordinated = overview?.coordinated ?? (await coordinatedSeries(app.db, { ...window, modelVersion }));
        const series = volume.series.map((r) => {
          const c = coordinated.get(r.period);
          return { ...r, coordinated: wilsonInterval(c?.coordinatedPosts ?? 0, c?.posts ?? 0) };
        });
        return {
          data: { series, uniqueAuthors: volume.uniqueAuthors },
          known: {
            coordinated: sumOf(coordinated),
            distinctAuthors: volume.distinctAuthors,
            ...(overview ? { population: overview.population } : {}),
          },
        };
      }),
  );
};
