import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { type ErrorCode, isPantauError } from '@pantau/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './types.ts';

/** HTTP status of each error code: the one place where codes meet HTTP. */
export const STATUS_OF: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  INVALID_QUERY: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  NOT_IN_TASK: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CSRF_INVALID: 403,
  RATE_LIMITED: 429,
  AUTH_EXPIRED: 502,
  UPSTREAM_ERROR: 502,
  PAYLOAD_TOO_LARGE: 413,
  INVALID_TEXT: 400,
  URI_TOO_LONG: 414,
  HEADERS_TOO_LARGE: 431,
  UNSUPPORTED_MEDIA_TYPE: 415,
  REQUEST_TIMEOUT: 408,
  DB_UNAVAILABLE: 503,
  BROKER_UNAVAILABLE: 503,
  MODEL_UNAVAILABLE: 503,
  RENDERER_UNAVAILABLE: 503,
  CONFIG_INVALID: 500,
  INTERNAL: 500,
};

/** The error body every failed request gets: a code, a message and, for bad input, the parameter at fault. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; parameter?: string; details?: Record<string, unknown> };
}

// Codes of the client errors Fastify and Node raise themselves; any other 4xx of theirs is INVALID_INPUT.
const FRAMEWORK_CODES: Partial<Record<number, ErrorCode>> = {
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  431: 'HEADERS_TOO_LARGE',
};

// Fastify's own messages name its internals or echo the URL; these say what the caller can change.
const FRAMEWORK_MESSAGES: Partial<Record<string, string>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported content-type; send application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'content-length does not match the body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'body: empty, but content-type is application/json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'body: not valid JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request body is too large',
};

/** The coded body of a client error raised by Fastify or Node rather than by Pantau. */
export function frameworkErrorBody(statusCode: number, fastifyCode: string | undefined, message: string): ErrorBody {
  const code = FRAMEWORK_CODES[statusCode] ?? 'INVALID_INPUT';
  const text = (fastifyCode && FRAMEWORK_MESSAGES[fastifyCode]) ?? message.replace(/\s+at .*/s, '');
  return { error: { code, message: text } };
}

/**
 * Fastify's `frameworkErrors`: a path that is not valid percent-encoded UTF-8, or a path parameter over the length
 * limit, answered in the documented shape instead of Fastify's own.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_BAD_URL') {
    void reply.status(400).send({
      error: { code: 'INVALID_TEXT', message: 'path: malformed percent-encoding or not UTF-8', parameter: 'path' },
    } satisfies ErrorBody);
    return;
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply
      .status(414)
      .send({ error: { code: 'URI_TOO_LONG', message: 'path: a path segment is too long', parameter: 'path' } } satisfies ErrorBody);
    return;
  }
  request.log.error({ err: error }, 'unexpected framework error');
  void reply.status(500).send({ error: { code: 'INTERNAL', message: 'internal error' } } satisfies ErrorBody);
}

/**
 * Fastify's `clientErrorHandler`: what Node refuses before any route runs (headers over the size limit, a request
 * line that is not HTTP, a client too slow) still gets the documented body.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const message =
    status === 431
      ? 'request headers (or the URL) exceed the size limit'
      : status === 408
        ? 'request not received in time'
        : 'malformed HTTP request';
  const body = JSON.stringify(frameworkErrorBody(status, undefined, message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** Installs the error and not-found handlers: coded bodies, no stack traces, no SQL, no secrets. */
export function installErrorHandling(app: App): void {
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
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(frameworkErrorBody(error.statusCode, error.code, error.message));
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
