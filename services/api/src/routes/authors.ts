import { forgetAuthor } from '@pantau/db';
import { Type } from '@sinclair/typebox';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { requireScope } from '../plugins/auth.ts';

/** `DELETE /v1/authors/:pseudonym` (admin): forget an author; every post and derived record goes, rollups are adjusted. */
export function authorRoutes(app: App, ctx: AppContext): void {
  app.delete(
    '/v1/authors/:pseudonym',
    {
      onRequest: requireScope(ctx.db, 'admin'),
      schema: {
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
        },
      },
    },
    async (request) => {
      const requestedBy = `api-key:${request.apiKey?.id ?? 'unknown'}`;
      return { data: await forgetAuthor(ctx.db, { pseudonym: request.params.pseudonym, requestedBy }) };
    },
  );
}
