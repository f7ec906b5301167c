import { Type } from '@sinclair/typebox';
import type { App } from '../app.ts';
import type { AuditWriter } from '../audit-writer.ts';
import type { AppContext } from '../context.ts';

const Readiness = Type.Object({
  ready: Type.Boolean(),
  checks: Type.Record(Type.String(), Type.Boolean()),
  audit: Type.Optional(
    Type.Object(
      {
        buffered: Type.Integer({ description: 'Audit rows waiting for the database' }),
        dropped: Type.Integer({ description: 'Audit rows dropped because the buffer was full, since the process started' }),
        overflowing: Type.Boolean({ description: 'The buffer is full: requests are not being audited (check auditLog false)' }),
        retrying: Type.Boolean({ description: 'Audit writes fail and are being retried' }),
      },
      { description: 'The audit-log writer of this API process' },
    ),
  ),
});

/**
 * Liveness and readiness, without authentication (for load balancers and orchestrators). Readiness also fails
 * while the audit buffer is full, so a balancer stops sending requests this process cannot audit.
 */
export function healthRoutes(app: App, ctx: AppContext, audit?: AuditWriter): void {
  app.get(
    '/v1/health',
    { schema: { tags: ['health'], summary: 'Liveness', response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/v1/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: database reachable, model loaded, audit log not overflowing',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      const checks: Record<string, boolean> = { model: true };
      checks.database = await ctx.pingDatabase().then(
        () => true,
        () => false,
      );
      const auditStatus = audit?.status();
      if (auditStatus) checks.auditLog = !auditStatus.overflowing;
      Object.assign(checks, (await ctx.readiness?.()) ?? {});
      const ready = Object.values(checks).every(Boolean);
      return reply.status(ready ? 200 : 503).send({ ready, checks, ...(auditStatus ? { audit: auditStatus } : {}) });
    },
  );
}
