import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PantauError, SENTIMENT_CLASSES } from '@pantau/contracts';
import { type Mention, type MentionCursor, mentions } from '@pantau/db';
import { keywordKey } from '@pantau/text';
import { Type } from '@sinclair/typebox';
import { aggregate } from '../aggregate.ts';
import { requireScope } from '../plugins/auth.ts';
import { DisclosureRef, errorAnswers, KEYED_ERRORS, WindowQuery } from '../schemas.ts';

/** A post behind a number, as `/v1/mentions` and the topic preview show it. */
export const MentionSchema = Type.Object({
  platform: Type.String(),
  externalId: Type.String(),
  author: Type.Union([Type.String(), Type.Null()], {
    description: 'Author pseudonym (keyed HMAC, first 16 hex); never the handle; null once retention removed it',
  }),
  publishedAt: Type.String(),
  day: Type.String(),
  text: Type.Union([Type.String(), Type.Null()], { description: 'Null once retention removed it (see removed)' }),
  url: Type.Union([Type.String(), Type.Null()]),
  removed: Type.Union([Type.Literal('retention'), Type.Null()], {
    description: '"retention": text, url and author were removed after RETENTION_DAYS; the post is still counted',
  }),
  label: Type.String(),
  probabilities: Type.Object({ negative: Type.Number(), neutral: Type.Number(), positive: Type.Number() }),
  engagement: Type.Object({ likes: Type.Integer(), replies: Type.Integer(), shares: Type.Integer(), views: Type.Integer() }),
  rating: Type.Union([Type.Integer({ minimum: 1, maximum: 5 }), Type.Null()], {
    description: 'The stars the author gave (app reviews, platform app_review); null where the platform has none',
  }),
  outlet: Type.Union([Type.String(), Type.Null()], { description: 'The news outlet, or the app package of an app review' }),
});

/** A stored post as an answer shows it: the author as the first 16 hex of the pseudonym, the row id left out. */
export const mentionOf = ({ id: _id, authorPseudonym, ...m }: Mention) => ({ ...m, author: authorPseudonym?.slice(0, 16) ?? null });

const encodeCursor = (c: MentionCursor) => Buffer.from(JSON.stringify([c.publishedAt, c.id])).toString('base64url');

function decodeCursor(raw: string): MentionCursor {
  try {
    const [publishedAt, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof publishedAt === 'string' && !Number.isNaN(Date.parse(publishedAt)) && Number.isSafeInteger(id)) {
      return { publishedAt, id: id as number };
    }
  } catch {
    // fall through to the coded error
  }
  throw new PantauError('INVALID_QUERY', 'cursor: not a cursor returned by this endpoint', { details: { parameter: 'cursor' } });
}

/** `GET /v1/mentions`: the posts behind a number, newest first, with cursor pagination. */
export const mentionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/mentions',
    {
      onRequest: requireScope(app.db, 'read'),
      schema: {
        operationId: 'getMentions',
        tags: ['aggregates'],
        summary: 'The posts behind the aggregates: pseudonymized author, text, label, probabilities, url',
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            ...WindowQuery,
            label: Type.Optional(
              Type.Union(
                [...SENTIMENT_CLASSES, 'uncertain'].map((l) => Type.Literal(l)),
                { description: 'Only posts with this label' },
              ),
            ),
            term: Type.Optional(
              Type.String({ minLength: 1, maxLength: 100, description: 'A keyword as written (normalized and stemmed like keywords)' }),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Posts per page' })),
            cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            data: Type.Object({
              mentions: Type.Array(MentionSchema),
              nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page; null on the last page' }),
            }),
            disclosure: DisclosureRef,
          }),
          ...KEYED_ERRORS,
          ...errorAnswers(404),
        },
      },
    },
    // A page read by cursor is not kept; the disclosure's queries run beside the page's own.
    async (request) =>
      aggregate(app, request.query, { route: 'mentions', keep: false, alongside: true }, async (window, query) => {
        const limit = query.limit ?? 50;
        const rows = await mentions(app.db, {
          ...window,
          modelVersion: app.model.manifest.version,
          label: query.label,
          key: query.term === undefined ? undefined : (keywordKey(query.term) ?? query.term.toLowerCase()),
          limit: limit + 1,
          after: query.cursor ? decodeCursor(query.cursor) : undefined,
        });
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return {
          data: {
            mentions: page.map(mentionOf),
            nextCursor: rows.length > limit && last ? encodeCursor({ publishedAt: last.publishedAt, id: last.id }) : null,
          },
        };
      }),
  );
};
