import { type ErrorCode, isPantauError } from '@pantau/contracts';
import type { FastifyError, FastifyInstance } from 'fastify';

/** HTTP status of each error code: the one place where codes meet HTTP. */
export const STATUS_OF: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  INVALID_QUERY: 400,
  NOT_FOUND: 404,
  NOT_IN_TASK: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  AUTH_EXPIRED: 502,
  UPSTREAM_ERROR: 502,
  PAYLOAD_TOO_LARGE: 413,
  DB_UNAVAILABLE: 503,
  BROKER_UNAVAILABLE: 503,
  MODEL_UNAVAILABLE: 503,
  CONFIG_INVALID: 500,
  INTERNAL: 500,
};

/** The error body every failed request gets: a code, a message and, for bad input, the parameter at fault. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; parameter?: string; details?: Record<string, unknown> };
}

/** Installs the error and not-found handlers: coded bodies, no stack traces, no SQL, no secrets. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isPantauError(error)) {
      const status = STATUS_OF[error.code];
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      const parameter = typeof error.details?.parameter === 'string' ? error.details.parameter : undefined;
      // Details of client errors help the caller (the parameter, a position); server errors say nothing more.
      const details = status < 500 && error.details ? error.details : undefined;
      const body: ErrorBody = {
        error: { code: error.code, message: error.message, ...(parameter ? { parameter } : {}), ...(details ? { details } : {}) },
      };
      if (error.code === 'RATE_LIMITED' && typeof error.details?.retryAfterSeconds === 'number') {
        void reply.header('retry-after', String(error.details.retryAfterSeconds));
      }
      return reply.status(status).send(body);
    }
    if (error.validation) {
      const first = error.validation[0];
      const parameter =
        (first?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') ||
        (first?.params as { missingProperty?: string } | undefined)?.missingProperty ||
        (first?.params as { additionalProperty?: string } | undefined)?.additionalProperty ||
        error.validationContext ||
        'request';
      const body: ErrorBody = {
        error: { code: 'INVALID_QUERY', message: `${parameter}: ${first?.message ?? 'invalid'}`, parameter },
      };
      return reply.status(400).send(body);
    }
    if (error.statusCode === 413) {
      return reply.status(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'request body is too large' } } satisfies ErrorBody);
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply
        .status(error.statusCode)
        .send({ error: { code: 'INVALID_INPUT', message: error.message.replace(/\s+at .*/s, '') } } satisfies ErrorBody);
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'internal error' } } satisfies ErrorBody);
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` } } satisfies ErrorBody),
  );
}
