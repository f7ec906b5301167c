import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { AppContext } from './context.ts';
import { installErrorHandling } from './errors.ts';
import { healthRoutes } from './routes/health.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { keywordRoutes } from './routes/keywords.ts';
import { sentimentRoutes } from './routes/sentiment.ts';

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
}

/** Builds the API (no port is opened: tests call `inject`, `server.ts` listens). */
export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<App> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorateRequest('apiKey', null);
  installErrorHandling(app as unknown as FastifyInstance);

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

  healthRoutes(app, ctx);
  sentimentRoutes(app, ctx);
  keywordRoutes(app, ctx);
  ingestRoutes(app, ctx);
  return app;
}
