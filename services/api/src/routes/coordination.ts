import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { coordinationClusters } from '@pantau/db';
import { Type } from '@sinclair/typebox';
import { aggregate } from '../aggregate.ts';
import { requireScope } from '../plugins/auth.ts';
import { DisclosureRef, errorAnswers, KEYED_ERRORS, WindowQuery } from '../schemas.ts';

const ClusterPost = Type.Object({
  platform: Type.String(),
  externalId: Type.String(),
  author: Type.String({ description: 'Author pseudonym (keyed HMAC); never the handle' }),
  publishedAt: Type.String(),
  text: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
});

const Cluster = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([Type.Literal('text'), Type.Literal('link')], { description: 'near-identical text, or one shared link' }),
  link: Type.Union([Type.String(), Type.Null()]),
  size: Type.Integer({ description: 'Posts in the cluster (all days)' }),
  distinctAuthors: Type.Integer({ description: 'Distinct author pseudonyms in the cluster' }),
  firstAt: Type.String(),
  lastAt: Type.String(),
  representativeText: Type.String({ description: 'Text of the earliest post' }),
  similarityThreshold: Type.Number(),
  minAuthors: Type.Integer(),
  windowSeconds: Type.Integer(),
  coordinated: Type.Boolean(),
  postsInWindow: Type.Integer({ description: 'Posts of the cluster in the window (and topic, platform)' }),
  posts: Type.Array(ClusterPost, { description: 'Up to `posts` of them, oldest first' }),
});

/** `GET /v1/coordination/clusters`: coordinated clusters of a window (and topic) with their posts, pseudonymized, paged. */
export const coordinationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/coordination/clusters',
    {
      onRequest: requireScope(app.db, 'read'),
      schema: {
        operationId: 'getCoordinatedClusters',
        tags: ['aggregates'],
        summary: 'Coordinated clusters (near-identical text or one link from at least k authors within w) with their posts',
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            from: WindowQuery.from,
            to: WindowQuery.to,
            platform: WindowQuery.platform,
            topic: WindowQuery.topic,
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Clusters per page' })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0, description: 'Clusters to skip (paging)' })),
            posts: Type.Optional(Type.Integer({ minimum: 0, maximum: 200, default: 20, description: 'Posts listed per cluster' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            data: Type.Object({
              clusters: Type.Array(Cluster),
              nextOffset: Type.Union([Type.Integer(), Type.Null()], { description: 'Offset of the next page; null on the last page' }),
            }),
            disclosure: DisclosureRef,
          }),
          ...KEYED_ERRORS,
          ...errorAnswers(404),
        },
      },
    },
    // A page read by offset is not kept.
    async (request) =>
      aggregate(app, request.query, { route: 'coordination/clusters', keep: false }, async (window, query) => {
        const limit = query.limit ?? 20;
        const offset = query.offset ?? 0;
        const rows = await coordinationClusters(app.db, { ...window, limit: limit + 1, offset, postsPerCluster: query.posts ?? 20 });
        return {
          data: {
            clusters: rows.slice(0, limit).map((c) => ({
              ...c,
              posts: c.posts.map(({ id: _id, authorPseudonym, ...p }) => ({ ...p, author: authorPseudonym.slice(0, 16) })),
            })),
            nextOffset: rows.length > limit ? offset + limit : null,
          },
        };
      }),
  );
};
