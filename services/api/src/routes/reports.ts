import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isDay, PantauError } from '@pantau/contracts';
import { getReport, getTopic, listReports, saveReport } from '@pantau/db';
import { methodOf } from '@pantau/disclosure';
import {
  buildDailyReport,
  type DailyReport,
  type ReportLanguage,
  renderHtml,
  renderMarkdown,
  renderPdf,
  type SpikeRule,
} from '@pantau/report';
import { Type } from '@sinclair/typebox';
import { disclosureOf } from '../aggregate.ts';
import { auditExport } from '../export-audit.ts';
import { requireScope } from '../plugins/auth.ts';
import { DisclosureRef, ExcludeCoordinated, errorAnswers, KEYED_ERRORS, TopicId } from '../schemas.ts';
import { exclusionOf } from '../window.ts';

export interface ReportOptions {
  /** Spike rule for reports built on request (SPIKE_* variables); the default rule when absent. */
  spikeRule?: SpikeRule | undefined;
  /** Least gold labels inside the day for validated shares (VALIDATION_MIN_LABELS); the report's default when absent. */
  validationMinLabels?: number | undefined;
  /** Language of the HTML, Markdown and PDF (REPORT_LANGUAGE); Indonesian when absent. */
  language?: ReportLanguage | undefined;
  /** Chromium that prints the PDF (REPORT_CHROMIUM_PATH). */
  chromiumPath?: string | undefined;
}

/** The formats a report is served in, by `format` or by the Accept header. */
const REPORT_FORMATS = { json: 'application/json', md: 'text/markdown', html: 'text/html', pdf: 'application/pdf' } as const;
type ReportFormat = keyof typeof REPORT_FORMATS;

/** `GET /v1/reports` and `GET /v1/reports/daily/:date`: stored daily reports as JSON, Markdown or HTML (by Accept). */
export const reportRoutes: FastifyPluginAsyncTypebox<ReportOptions> = async (app, options) => {
  const { spikeRule, validationMinLabels } = options;
  const read = requireScope(app.db, 'read');
  app.get(
    '/v1/reports',
    {
      onRequest: read,
      schema: {
        operationId: 'listReports',
        tags: ['reports'],
        summary: 'Stored daily reports, newest first',
        security: [{ bearer: [] }],
        response: {
          200: Type.Object({
            data: Type.Array(
              Type.Object({ day: Type.String(), topicId: Type.Union([Type.Integer(), Type.Null()]), generatedAt: Type.String() }),
            ),
          }),
          ...KEYED_ERRORS,
        },
      },
    },
    async () => ({ data: await listReports(app.db) }),
  );
  app.get(
    '/v1/reports/daily/:date',
    {
      onRequest: read,
      schema: {
        operationId: 'getDailyReport',
        tags: ['reports'],
        summary:
          'The daily keyword monitoring report (Accept: application/json, text/markdown, text/html or application/pdf, or `format`); built and stored on first request',
        security: [{ bearer: [] }],
        response: {
          200: Type.Object(
            {
              data: Type.Unknown({ description: 'The daily report (DailyReport in @pantau/report)' }),
              disclosure: DisclosureRef,
            },
            {
              description:
                'The report as JSON; as Markdown, HTML or PDF (printed by headless Chromium) when `format` or the Accept header asks for it, in one language (`lang`, else REPORT_LANGUAGE)',
            },
          ),
          ...KEYED_ERRORS,
          ...errorAnswers(404, 503),
        },
        params: Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }),
        querystring: Type.Object(
          {
            topic: Type.Optional(TopicId('The report of this topic')),
            excludeCoordinated: ExcludeCoordinated('Build the report without coordinated posts (computed on request, not stored)'),
            format: Type.Optional(
              Type.Union([Type.Literal('json'), Type.Literal('md'), Type.Literal('html'), Type.Literal('pdf')], {
                description: 'The format, whatever the Accept header says (a link cannot set Accept)',
              }),
            ),
            lang: Type.Optional(
              Type.Union([Type.Literal('id'), Type.Literal('en')], {
                description: 'Language of the Markdown, HTML and PDF (default REPORT_LANGUAGE, Indonesian); JSON carries both',
              }),
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
      if (topicId !== undefined && !(await getTopic(app.db, topicId))) {
        throw new PantauError('NOT_FOUND', `topic: no topic ${topicId}`, { details: { parameter: 'topic' } });
      }
      const exclusion = exclusionOf(request.query.excludeCoordinated);
      const excludeCoordinated = exclusion.excludeCoordinated === true;
      let report = excludeCoordinated ? null : ((await getReport(app.db, date, topicId ?? null)) as DailyReport | null);
      if (!report) {
        report = await buildDailyReport(app.db, {
          date,
          topicId,
          model: app.model.disclosure(),
          emotionModel: app.model.emotion?.disclosure(),
          method: methodOf(app.model),
          ...(spikeRule ? { rule: spikeRule } : {}),
          coordinationRule: app.coordinationRule,
          ...exclusion,
          ...(validationMinLabels !== undefined ? { validationMinLabels } : {}),
        });
        if (!excludeCoordinated) {
          await saveReport(app.db, { day: date, topicId: topicId ?? null, generatedAt: new Date(report.generatedAt), content: report });
        }
      }
      const lang = request.query.lang ?? options.language ?? 'id';
      const accepted = request.accepts().type(Object.values(REPORT_FORMATS));
      const format: ReportFormat =
        request.query.format ?? (Object.keys(REPORT_FORMATS) as ReportFormat[]).find((f) => REPORT_FORMATS[f] === accepted) ?? 'json';
      const name = `pantau-${date}${topicId ? `-topic-${topicId}` : ''}-${lang}`;
      // A report served as a document (Markdown, HTML, PDF), or as JSON asked for by `format` (a download link), is an
      // export: one audit row with the key and user, written once the file is made. JSON read by content negotiation is
      // an API read like any other (its request row is in the log).
      const exported = () =>
        auditExport(app, request, {
          route: '/v1/reports/daily/:date',
          format,
          date,
          topicId: topicId ?? null,
          lang,
          ...(excludeCoordinated ? { excludeCoordinated: request.query.excludeCoordinated } : {}),
        });
      if (format === 'html') {
        const page = renderHtml(report, lang);
        await exported();
        return reply.type('text/html; charset=utf-8').send(page);
      }
      if (format === 'md') {
        const text = renderMarkdown(report, lang);
        await exported();
        return reply.type('text/markdown; charset=utf-8').send(text);
      }
      if (format === 'pdf') {
        const pdf = await renderPdf(renderHtml(report, lang), { executablePath: options.chromiumPath ?? '/usr/bin/chromium' });
        await exported();
        return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).send(pdf);
      }
      if (request.query.format === 'json') await exported();
      return {
        data: report,
        disclosure: await disclosureOf(
          app,
          {
            from: date,
            to: date,
            granularity: 'day',
            ...(topicId ? { topicId } : {}),
            ...exclusion,
          },
          // The day's validation as the report states it (reports stored before validation existed have none).
          { validation: report.validation?.disclosure },
        ),
      };
    },
  );
};
