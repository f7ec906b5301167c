import accepts from '@fastify/accepts';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { PantauError } from '@pantau/contracts';
import { RollupMemory, UNWATCHED } from '@pantau/db';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { AnswerCache } from './answer-cache.ts';
import type { AuditWriterOptions } from './audit-writer.ts';
import type { AppContext, RouteContext } from './context.ts';
import { installErrorHandling } from './errors.ts';
import { INPUT_OPTIONS, installInputRules } from './input.ts';
import { installAuditLog, installSecurityHeaders } from './plugins/audit.ts';
import { installDashboard } from './plugins/dashboard.ts';
import { annotationRoutes } from './routes/annotation.ts';
import { authorRoutes } from './routes/authors.ts';
import { coordinationRoutes } from './routes/coordination.ts';
import { coverageRoutes } from './routes/coverage.ts';
import { healthRoutes } from './routes/health.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { keywordRoutes } from './routes/keywords.ts';
import { mentionRoutes } from './routes/mentions.ts';
import { modelRoutes } from './routes/model.ts';
import { ratingRoutes } from './routes/ratings.ts';
import { reportRoutes } from './routes/reports.ts';
import { sentimentRoutes } from './routes/sentiment.ts';
import { topicRoutes } from './routes/topics.ts';
import { volumeRoutes } from './routes/volume.ts';

/** The Fastify instance type with TypeBox schemas driving request and reply types. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface BuildAppOptions {
  /** The service's pino logger; requests are logged through it. No logging when absent. */
  logger?: FastifyBaseLogger;
  /** Audit buffer bound, batch size and retry pauses (defaults in AuditWriter). */
  audit?: AuditWriterOptions;
}

/** Builds the API (no port is opened: tests call `inject`, `server.ts` listens). */
export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<App> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } },
    ...INPUT_OPTIONS,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorateRequest('apiKey', null);
  const feed = ctx.dataChanges ?? UNWATCHED;
  const routeCtx: RouteContext = { ...ctx, answers: new AnswerCache(feed), kept: new RollupMemory(ctx.db, feed) };
  app.addHook('onClose', async () => {
    await ctx.dataChanges?.close();
  });
  installErrorHandling(app as unknown as FastifyInstance);
  installInputRules(app as unknown as FastifyInstance);
  installSecurityHeaders(app as unknown as FastifyInstance);
  const audit = installAuditLog(app as unknown as FastifyInstance, ctx.db, options.audit);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Pantau API',
        version: ctx.software.version,
        description: 'Aggregates of Indonesian public posts. Every aggregate answers { data, disclosure }.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(accepts);
  // Per key (after authentication), else per address; health and readiness are not limited.
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: ctx.rateLimitPerMinute ?? 600,
    timeWindow: 60_000,
    allowList: (request) => request.url.startsWith('/v1/health') || request.url.startsWith('/v1/ready'),
    keyGenerator: (request) => (request.apiKey ? `key:${request.apiKey.id}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new PantauError(
        'RATE_LIMITED',
        `rate limit of ${context.max} requests per minute exceeded; retry in ${Math.ceil(context.ttl / 1000)} s`,
        {
          retryable: true,
          details: { retryAfterSeconds: Math.ceil(context.ttl / 1000) },
        },
      ),
  });

  // JSON Schema coercion turns "1e309" into Infinity, which passes integer and maximum checks: refuse it here.
  app.addHook('preHandler', async (request) => {
    for (const [source, values] of [
      ['query', request.query],
      ['params', request.params],
    ] as const) {
      for (const [name, value] of Object.entries((values ?? {}) as Record<string, unknown>)) {
        if (typeof value === 'number' && !Number.isSafeInteger(value) && !Number.isFinite(value)) {
          throw new PantauError('INVALID_QUERY', `${name}: not a finite number`, { details: { parameter: name, in: source } });
        }
      }
    }
  });
  healthRoutes(app, ctx, audit);
  sentimentRoutes(app, routeCtx);
  keywordRoutes(app, routeCtx);
  volumeRoutes(app, routeCtx);
  mentionRoutes(app, routeCtx);
  ratingRoutes(app, routeCtx);
  coverageRoutes(app, routeCtx);
  modelRoutes(app, ctx);
  topicRoutes(app, ctx);
  authorRoutes(app, ctx);
  annotationRoutes(app, ctx);
  reportRoutes(app, routeCtx);
  coordinationRoutes(app, routeCtx);
  installDashboard(app as unknown as FastifyInstance);
  ingestRoutes(app, ctx);
  return app;
}
