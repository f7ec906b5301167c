import type { Database } from '@pantau/db';
import { AuditWriter, type AuditWriterOptions } from '../audit-writer.ts';
import type { App } from '../types.ts';

/** A write runs every second, when a batch is full, and on close. */
const FLUSH_MS = 1_000;

/**
 * One audit-log row per API request (key id, route, query, status, duration), written in small batches to the
 * hash chain so auditing does not cost a database round trip per request (see AuditWriter for what happens when a
 * row or the database fails). Health and readiness probes are not audited. Returns the writer for readiness details.
 */
export function installAuditLog(app: App, db: Database, options: AuditWriterOptions = {}): AuditWriter {
  const writer = new AuditWriter(db, app.log, options);
  const timer = setInterval(() => void writer.flush(), FLUSH_MS);
  timer.unref();
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
    if (!route.startsWith('/v1/') || route.startsWith('/v1/health') || route.startsWith('/v1/ready')) return;
    writer.record({
      keyId: request.apiKey?.id ?? null,
      action: 'request',
      detail: {
        method: request.method,
        route,
        query: request.query ?? {},
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        ...(request.apiKey?.user ? { user: request.apiKey.user.name } : {}),
      },
    });
    if (writer.due) await writer.flush();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await writer.close();
  });
  return writer;
}

/** The policy of an HTML report: its own inline styles and nothing else (no scripts, no requests, never framed). */
const REPORT_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

/** Security headers on every response; JSON answers are never cached or framed. */
export function installSecurityHeaders(app: App): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-resource-policy', 'same-origin');
    if (request.url.startsWith('/v1/')) {
      reply.header('cache-control', 'no-store');
      // The HTML report styles itself inline and runs no script; every other answer loads nothing.
      const page = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
      reply.header('content-security-policy', page ? REPORT_PAGE_CSP : "default-src 'none'; frame-ancestors 'none'");
    }
    return payload;
  });
}
