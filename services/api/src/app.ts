import accepts from '@fastify/accepts';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DEFAULT_RETENTION_DAYS } from '@pantau/config';
import { PantauError } from '@pantau/contracts';
import { type LockoutPolicy, type SessionPolicy, UNWATCHED } from '@pantau/db';
import { DisclosureSchema } from '@pantau/disclosure/schema';
import { DEFAULT_STORY_MAX_BEHIND_MS, DEFAULT_VALIDATION_MIN_LABELS } from '@pantau/report';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { AnswerCache } from './answer-cache.ts';
import { installAnswerJson } from './answer-json.ts';
import type { AuditWriterOptions } from './audit-writer.ts';
import { OidcClient } from './auth/oidc.ts';
import type { AppContext } from './context.ts';
import { installErrorHandling } from './errors.ts';
import { INPUT_OPTIONS, installInputRules } from './input.ts';
import { installAuditLog, installSecurityHeaders } from './plugins/audit.ts';
import { installAuth } from './plugins/auth.ts';
import { installDashboard } from './plugins/dashboard.ts';
import { RollupMemory } from './rollup-memory.ts';
import { alertRoutes } from './routes/alerts.ts';
import { annotationRoutes } from './routes/annotation.ts';
import { auditExportRoutes } from './routes/audit-export.ts';
import { authRoutes } from './routes/auth.ts';
import { authorRoutes } from './routes/authors.ts';
import { coordinationRoutes } from './routes/coordination.ts';
import { coverageRoutes } from './routes/coverage.ts';
import { emotionRoutes } from './routes/emotions.ts';
import { healthRoutes } from './routes/health.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { keywordRoutes } from './routes/keywords.ts';
import { mentionRoutes } from './routes/mentions.ts';
import { modelRoutes } from './routes/model.ts';
import { ratingRoutes } from './routes/ratings.ts';
import { repeatedTextsRoutes } from './routes/repeated-texts.ts';
import { reportRoutes } from './routes/reports.ts';
import { sentimentRoutes } from './routes/sentiment.ts';
import { subscriptionRoutes } from './routes/subscriptions.ts';
import { summaryRoutes } from './routes/summary.ts';
import { topicRoutes } from './routes/topics.ts';
import { userRoutes } from './routes/users.ts';
import { volumeRoutes } from './routes/volume.ts';
import { ErrorSchema } from './schemas.ts';
import type { App } from './types.ts';

export type { App } from './types.ts';

export interface BuildAppOptions {
  /** The service's pino logger; requests are logged through it. No logging when absent. */
  logger?: FastifyBaseLogger;
  /** Audit buffer bound, batch size and retry pauses (defaults in AuditWriter). */
  audit?: AuditWriterOptions;
}

/** Sessions end after an hour without a request, or 12 hours after sign-in. */
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 60 * 60_000, absoluteMs: 12 * 3_600_000 };
/** From the 5th failed sign-in in a row a user name is locked for 60 s, doubling per further failure up to an hour. */
export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { after: 5, baseSeconds: 60, maxSeconds: 3_600 };

/** Fastify's trustProxy from TRUST_PROXY: a number trusts that many hops nearest to the server. */
function trustProxyOption(trust: AppContext['trustProxy']): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : (trust ?? false);
}

/** Builds the API (no port is opened: tests call `inject`, `server.ts` listens). */
export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<App> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    // Behind a TLS-terminating proxy (TRUST_PROXY) the request's protocol and address come from X-Forwarded-*.
    trustProxy: trustProxyOption(ctx.trustProxy),
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } },
    ...INPUT_OPTIONS,
  }).withTypeProvider<TypeBoxTypeProvider>();
  const feed = ctx.dataChanges ?? UNWATCHED;
  app.decorate('db', ctx.db);
  app.decorate('model', ctx.model);
  app.decorate('software', ctx.software);
  app.decorate('coordinationRule', ctx.coordinationRule ?? null);
  app.decorate('retentionDays', ctx.retentionDays ?? DEFAULT_RETENTION_DAYS);
  app.decorate('answers', new AnswerCache(feed));
  app.decorate('kept', new RollupMemory(ctx.db, feed));
  app.decorate('mentionCounts', new AnswerCache(feed));
  app.addHook('onClose', async () => {
    await ctx.dataChanges?.close();
  });
  installErrorHandling(app);
  // Before the routes: aggregate answers are written from fixed parts kept as bytes.
  installAnswerJson(app);
  installInputRules(app);
  installSecurityHeaders(app);
  // Before every route: the key or session of each request, CSRF on cookie writes, a default scope for unguarded routes.
  await installAuth(app, {
    session: { ...DEFAULT_SESSION_POLICY, ...ctx.sessionPolicy },
    lockout: { ...DEFAULT_LOCKOUT_POLICY, ...ctx.lockoutPolicy },
    feed,
  });
  const audit = installAuditLog(app, ctx.db, options.audit);

  app.addSchema(DisclosureSchema);
  app.addSchema(ErrorSchema);
  await app.register(swagger, {
    // Shared schemas keep their own names as components (`#/components/schemas/Disclosure`).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    openapi: {
      info: {
        title: 'Pantau API',
        version: ctx.software.version,
        description: 'Aggregates of Indonesian public posts. Every aggregate answers { data, disclosure }.',
        license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
      },
      // Self-hosted: the API answers wherever it is deployed, on the origin that serves this document.
      servers: [{ url: '/', description: 'The origin serving this document' }],
      // Every operation needs an API key unless it says otherwise (health and readiness).
      security: [{ bearer: [] }],
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
  const validationMinLabels = ctx.validationMinLabels ?? DEFAULT_VALIDATION_MIN_LABELS;
  await app.register(authRoutes, { oidc: ctx.oidc ? new OidcClient(ctx.oidc) : undefined });
  await app.register(userRoutes);
  await app.register(healthRoutes, { pingDatabase: ctx.pingDatabase, readiness: ctx.readiness, audit });
  await app.register(sentimentRoutes, { validationMinLabels });
  await app.register(emotionRoutes);
  await app.register(keywordRoutes);
  await app.register(volumeRoutes);
  await app.register(mentionRoutes);
  await app.register(ratingRoutes);
  await app.register(coverageRoutes);
  await app.register(modelRoutes, { validationMinLabels });
  await app.register(topicRoutes, { startBackfill: ctx.startBackfill });
  await app.register(authorRoutes);
  await app.register(annotationRoutes);
  const reportOptions = {
    spikeRule: ctx.spikeRule,
    validationMinLabels: ctx.validationMinLabels,
    language: ctx.reportLanguage,
    chromiumPath: ctx.reportChromiumPath,
  };
  await app.register(reportRoutes, reportOptions);
  await app.register(summaryRoutes, { ...reportOptions, storyMaxBehindMs: ctx.storyMaxBehindMs ?? DEFAULT_STORY_MAX_BEHIND_MS });
  await app.register(coordinationRoutes);
  await app.register(repeatedTextsRoutes);
  await app.register(alertRoutes);
  await app.register(auditExportRoutes);
  await app.register(subscriptionRoutes, { language: ctx.reportLanguage });
  installDashboard(app);
  await app.register(ingestRoutes, { producer: ctx.producer, pepper: ctx.pepper });
  return app;
}
