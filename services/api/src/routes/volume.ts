import { coordinatedSeries, volumeSeries } from '@pantau/db';
import { wilsonInterval } from '@pantau/report';
import { Type } from '@sinclair/typebox';
import { answerKey, served } from '../answer-cache.ts';
import type { App } from '../app.ts';
import type { RouteContext } from '../context.ts';
import { buildDisclosure } from '../disclosure.ts';
import { requireScope } from '../plugins/auth.ts';
import { DisclosureSchema, ShareSchema, WindowQuery } from '../schemas.ts';
import { resolveWindow } from '../window.ts';
import { sumOf } from './sentiment.ts';

const VolumePeriod = Type.Object({
  period: Type.String(),
  posts: Type.Integer(),
  uniqueAuthors: Type.Integer({ description: 'Distinct author pseudonyms (per period; not additive across periods)' }),
  likes: Type.Integer(),
  replies: Type.Integer(),
  shares: Type.Integer(),
  views: Type.Integer(),
  coordinated: Type.Object(ShareSchema.properties, {
    description: 'Posts of the period in coordinated clusters, of all its posts (before excludeCoordinated), Wilson 95%',
  }),
});

/** `GET /v1/volume`: posts, distinct author pseudonyms and engagement per day or week. */
export function volumeRoutes(app: App, ctx: RouteContext): void {
  app.get(
    '/v1/volume',
    {
      onRequest: requireScope(ctx.db, 'read'),
      schema: {
        tags: ['aggregates'],
        summary: 'Posts, distinct author pseudonyms and engagement sums per day or week',
        security: [{ bearer: [] }],
        querystring: Type.Object(
          { ...WindowQuery, granularity: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week')])) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Object({ series: Type.Array(VolumePeriod) }), disclosure: DisclosureSchema }) },
      },
    },
    async (request) =>
      served(await ctx.answers.get(answerKey('volume', request.query, ctx.model.manifest.version), () => volumeAnswer(ctx, request.query))),
  );
}

/** The answer of `GET /v1/volume` for a validated query. */
async function volumeAnswer(ctx: RouteContext, query: Parameters<typeof resolveWindow>[1]) {
  const window = await resolveWindow(ctx, query);
  const [rows, coordinated] = await Promise.all([
    volumeSeries(ctx.db, window),
    coordinatedSeries(ctx.db, { ...window, modelVersion: ctx.model.manifest.version }),
  ]);
  const series = rows.map((r) => {
    const c = coordinated.get(r.period);
    return { ...r, coordinated: wilsonInterval(c?.coordinatedPosts ?? 0, c?.posts ?? 0) };
  });
  return {
    data: { series },
    disclosure: await buildDisclosure(ctx, ctx.model, ctx.software, window, ctx.coordinationRule, sumOf(coordinated)),
  };
}
