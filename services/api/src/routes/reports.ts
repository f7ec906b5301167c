import { isDay, PantauError } from '@pantau/contracts';
import { getReport, getTopic, listReports, saveReport } from '@pantau/db';
import { buildDailyReport, type DailyReport, renderHtml, renderMarkdown } from '@pantau/report';
import { Type } from '@sinclair/typebox';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { buildDisclosure, methodOf } from '../disclosure.ts';
import { requireScope } from '../plugins/auth.ts';
import { TopicId } from '../schemas.ts';

/** `GET /v1/reports` and `GET /v1/reports/daily/:date`: stored daily reports as JSON, Markdown or HTML (by Accept). */
export function reportRoutes(app: App, ctx: AppContext): void {
  const read = requireScope(ctx.db, 'read');
  app.get(
    '/v1/reports',
    {
      onRequest: read,
      schema: {
        tags: ['reports'],
        summary: 'Stored daily reports, newest first',
        security: [{ bearer: [] }],
        response: {
          200: Type.Object({
            data: Type.Array(
              Type.Object({ day: Type.String(), topicId: Type.Union([Type.Integer(), Type.Null()]), generatedAt: Type.String() }),
            ),
          }),
        },
      },
    },
    async () => ({ data: await listReports(ctx.db) }),
  );
  app.get(
    '/v1/reports/daily/:date',
    {
      onRequest: read,
      schema: {
        tags: ['reports'],
        summary:
          'The daily keyword monitoring report (Accept: application/json, text/markdown or text/html); built and stored on first request',
        security: [{ bearer: [] }],
        params: Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }),
        querystring: Type.Object(
          {
            topic: Type.Optional(TopicId('The report of this topic')),
            excludeCoordinated: Type.Optional(
              Type.Boolean({ description: 'Build the report without the posts in coordinated clusters (computed on request, not stored)' }),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { date } = request.params;
      if (!isDay(date))
        throw new PantauError('INVALID_QUERY', 'date: must be a calendar day YYYY-MM-DD', { details: { parameter: 'date' } });
      const topicId = request.query.topic;
      if (topicId !== undefined && !(await getTopic(ctx.db, topicId))) {
        throw new PantauError('NOT_FOUND', `topic: no topic ${topicId}`, { details: { parameter: 'topic' } });
      }
      const excludeCoordinated = request.query.excludeCoordinated === true;
      let report = excludeCoordinated ? null : ((await getReport(ctx.db, date, topicId ?? null)) as DailyReport | null);
      if (!report) {
        report = await buildDailyReport(ctx.db, {
          date,
          topicId,
          model: ctx.model.disclosure(),
          method: methodOf(ctx.model),
          ...(ctx.spikeRule ? { rule: ctx.spikeRule } : {}),
          coordinationRule: ctx.coordinationRule ?? null,
          excludeCoordinated,
          ...(ctx.validationMinLabels !== undefined ? { validationMinLabels: ctx.validationMinLabels } : {}),
        });
        if (!excludeCoordinated) {
          await saveReport(ctx.db, { day: date, topicId: topicId ?? null, generatedAt: new Date(report.generatedAt), content: report });
        }
      }
      const format = request.accepts().type(['application/json', 'text/markdown', 'text/html']);
      if (format === 'text/html') return reply.type('text/html; charset=utf-8').send(renderHtml(report));
      if (format === 'text/markdown') return reply.type('text/markdown; charset=utf-8').send(renderMarkdown(report));
      return {
        data: report,
        disclosure: await buildDisclosure(
          ctx,
          ctx.model,
          ctx.software,
          {
            from: date,
            to: date,
            granularity: 'day',
            ...(topicId ? { topicId } : {}),
            ...(excludeCoordinated ? { excludeCoordinated } : {}),
          },
          ctx.coordinationRule,
          undefined,
          undefined,
          // The day's validation as the report states it (reports stored before validation existed have none).
          report.validation?.disclosure,
        ),
      };
    },
  );
}
