import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { forgetAuthor } from '@pantau/db';
import { Type } from '@sinclair/typebox';
import { requireScope } from '../plugins/auth.ts';
import { KEYED_ERRORS } from '../schemas.ts';

/** `DELETE /v1/authors/:pseudonym` (admin): forget an author; every post and derived record goes, rollups are adjusted. */
export const authorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.delete(
    '/v1/authors/:pseudonym',
    {
      onRequest: requireScope(app.db, 'admin'),
      schema: {
        operationId: 'deleteAuthor',
        tags: ['privacy'],
        summary: 'Delete all posts of an author pseudonym and everything derived from them, adjust the daily rollups, record an audit row',
        security: [{ bearer: [] }],
        params: Type.Object({
          pseudonym: Type.String({
            pattern: '^[0-9a-fA-F]{16,64}$',
            description: 'The 64-hex author pseudonym, or its first 16+ hex as /v1/mentions shows it',
          }),
        }),
        response: {
          200: Type.Object({
            data: Type.Object({
              pseudonym: Type.String(),
              postsDeleted: Type.Integer(),
              days: Type.Array(Type.String()),
              reportsDeleted: Type.Integer(),
              auditId: Type.Integer(),
            }),
          }),
          ...KEYED_ERRORS,
        },
      },
    },
    async (request) => {
      const requestedBy = `api-key:${request.apiKey?.id ?? 'unknown'}`;
      return { data: await forgetAuthor(app.db, { pseudonym: request.params.pseudonym, requestedBy }) };
    },
  );
};
