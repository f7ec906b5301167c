import { type Database, recordAudit } from '@pantau/db';
import type { FastifyInstance } from 'fastify';

/** Rows buffered before a write; a flush also runs every second and on close. */
const FLUSH_ROWS = 200;
const FLUSH_MS = 1_000;

/**
 * One audit-log row per API request (key id, route, query, status, duration), written in small batches so
 * auditing does not cost a database round trip per request. Health and readiness probes are not audited.
 */
export function installAuditLog(app: FastifyInstance, db: Database): void {
  let buffer: Parameters<typeof recordAudit>[1] = [];
  const flush = async () => {
    if (buffer.length === 0) return;
    const rows = buffer;
    buffer = [];
    try {
      await recordAudit(db, rows);
    } catch (err) {
      app.log.error({ err, rows: rows.length }, 'audit rows could not be written');
    }
  };
  const timer = setInterval(() => void flush(), FLUSH_MS);
  timer.unref();
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
    if (!route.startsWith('/v1/') || route.startsWith('/v1/health') || route.startsWith('/v1/ready')) return;
    buffer.push({
      keyId: request.apiKey?.id ?? null,
      action: 'request',
      detail: {
        method: request.method,
        route,
        query: request.query ?? {},
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
    });
    if (buffer.length >= FLUSH_ROWS) await flush();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await flush();
  });
}

/** Security headers on every response; JSON answers are never cached or framed. */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-resource-policy', 'same-origin');
    if (request.url.startsWith('/v1/')) {
      reply.header('cache-control', 'no-store');
      reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    }
    return payload;
  });
}
