import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isDay, PantauError } from '@pantau/contracts';
import { Type } from '@sinclair/typebox';
import { auditExport } from '../export-audit.ts';
import { requireScope } from '../plugins/auth.ts';
import { KEYED_ERRORS, TopicId } from '../schemas.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, Asia/Jakarta' });

/**
 * `POST /v1/audit/export`: the dashboard records a file it made in the browser (a table as CSV, a chart as PNG or SVG)
 * from answers it had already read, so those exports reach the audit log like the API's own downloads.
 */
export const auditExportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/audit/export',
    {
      onRequest: requireScope(app.db, 'read'),
      schema: {
        operationId: 'recordExport',
        tags: ['audit'],
        summary: 'Record a file the dashboard made in the browser (CSV, PNG, SVG) in the audit log',
        description:
          'The file itself is made by the browser from answers the signed-in user already read; this call writes the export row (who, what, topic, window). A client that skips the call can still save what it read: the request rows of those reads stay in the log.',
        security: [{ bearer: [] }],
        body: Type.Object(
          {
            what: Type.String({ minLength: 1, maxLength: 100, description: 'What was exported (the table or chart)' }),
            format: Type.Union([Type.Literal('csv'), Type.Literal('png'), Type.Literal('svg')]),
            topicId: Type.Optional(Type.Union([TopicId('The topic of the view'), Type.Null()])),
            from: Type.Optional(Day),
            to: Type.Optional(Day),
            file: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The name the file was saved under' })),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null({ description: 'Recorded' }), ...KEYED_ERRORS },
      },
    },
    async (request, reply) => {
      const { what, format, topicId, from, to, file } = request.body;
      for (const [name, day] of [
        ['from', from],
        ['to', to],
      ] as const) {
        if (day !== undefined && !isDay(day)) {
          throw new PantauError('INVALID_QUERY', `${name}: must be a calendar day YYYY-MM-DD`, { details: { parameter: name } });
        }
      }
      if (from !== undefined && to !== undefined && from > to) {
        throw new PantauError('INVALID_QUERY', 'from: after to', { details: { parameter: 'from' } });
      }
      await auditExport(app, request, {
        route: 'dashboard',
        format,
        what,
        topicId: topicId ?? null,
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        ...(file !== undefined ? { file } : {}),
      });
      return reply.status(204).send(null);
    },
  );
};
