import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { repeatedTexts } from '@pantau/db';
import { Type } from '@sinclair/typebox';
import { aggregate } from '../aggregate.ts';
import { requireScope } from '../plugins/auth.ts';
import { DisclosureRef, errorAnswers, KEYED_ERRORS, WindowQuery } from '../schemas.ts';

const RepeatedText = Type.Object({
  id: Type.Integer({ description: 'The group; its posts: GET /v1/posts?cluster=<id>' }),
  text: Type.String({ description: 'Text of the earliest post of the group' }),
  postsInWindow: Type.Integer({ description: 'Posts of the group in the window (and topic, platform)' }),
  authorsInWindow: Type.Integer({ description: 'Distinct author pseudonyms among them' }),
  size: Type.Integer({ description: 'Posts of the group, every day' }),
  distinctAuthors: Type.Integer({ description: 'Distinct author pseudonyms of the group, every day' }),
  firstAt: Type.String(),
  lastAt: Type.String(),
  flagged: Type.Boolean({ description: 'True once the group reached the repeated-text rule: its posts count as coordinated' }),
  minAuthors: Type.Integer({ description: "The rule's k when the group was last updated" }),
  windowSeconds: Type.Integer({ description: "The rule's window when the group was last updated" }),
});

/**
 * `GET /v1/repeated-texts`: near-identical texts grouped across a day (the grouping the repeated-text rule flags), with
 * their post and author counts in a window, flagged groups first, then most authors, paged.
 */
export const repeatedTextsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/repeated-texts',
    {
      onRequest: requireScope(app.db, 'read'),
      schema: {
        operationId: 'getRepeatedTexts',
        tags: ['aggregates'],
        summary: 'Near-identical texts of a window grouped with their post and author counts, flagged when the repeated-text rule holds',
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            from: WindowQuery.from,
            to: WindowQuery.to,
            platform: WindowQuery.platform,
            topic: WindowQuery.topic,
            flagged: Type.Optional(Type.Boolean({ description: 'Only groups the repeated-text rule flagged' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20, description: 'Groups per page' })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0, description: 'Groups to skip (paging)' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            data: Type.Object({
              texts: Type.Array(RepeatedText),
              nextOffset: Type.Union([Type.Integer(), Type.Null()], { description: 'Offset of the next page; null on the last page' }),
            }),
            disclosure: DisclosureRef,
          }),
          ...KEYED_ERRORS,
          ...errorAnswers(404),
        },
      },
    },
    async (request) =>
      aggregate(app, request.query, { route: 'repeated-texts', keep: false }, async (window, query) => {
        const limit = query.limit ?? 20;
        const offset = query.offset ?? 0;
        const rows = await repeatedTexts(app.db, { ...window, limit: limit + 1, offset, ...(query.flagged ? { flaggedOnly: true } : {}) });
        return { data: { texts: rows.slice(0, limit), nextOffset: rows.length > limit ? offset + limit : null } };
      }),
  );
};
