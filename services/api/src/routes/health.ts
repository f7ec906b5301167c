import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AuditWriter } from '../audit-writer.ts';
import { errorAnswers } from '../schemas.ts';

const Readiness = Type.Object({
  ready: Type.Boolean({ description: 'True when every check passes' }),
  checks: Type.Record(Type.String(), Type.Boolean(), { description: 'Each check by name: model, database, auditLog and any extra ones' }),
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

export interface HealthOptions {
  /** Resolves when the database answers. */
  pingDatabase: () => Promise<void>;
  /** Extra readiness checks (e.g. the analysis consumer's database health in the all-in-one process). */
  readiness?: (() => Promise<Record<string, boolean>>) | undefined;
  /** The audit-log writer, whose overflow fails readiness. */
  audit?: AuditWriter | undefined;
}

/**
 * Liveness and readiness, without authentication (for load balancers and orchestrators). Readiness also fails
 * while the audit buffer is full, so a balancer stops sending requests this process cannot audit.
 */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthOptions> = async (app, { pingDatabase, readiness, audit }) => {
  app.get(
    '/v1/health',
    {
      schema: {
        operationId: 'getHealth',
        tags: ['health'],
        summary: 'Liveness',
        security: [],
        response: { 200: Type.Object({ status: Type.Literal('ok', { description: 'The process answers' }) }), ...errorAnswers(400) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/v1/ready',
    {
      schema: {
        operationId: 'getReadiness',
        tags: ['health'],
        summary: 'Readiness: database reachable, model loaded, audit log not overflowing',
        security: [],
        response: {
          200: Type.Object(Readiness.properties, { description: 'Ready' }),
          503: Type.Object(Readiness.properties, { description: 'Not ready: a check failed' }),
          ...errorAnswers(400),
        },
      },
    },
    async (_request, reply) => {
      const checks: Record<string, boolean> = { model: true };
      checks.database = await pingDatabase().then(
        () => true,
        () => false,
      );
      const auditStatus = audit?.status();
      if (auditStatus) checks.auditLog = !auditStatus.overflowing;
      Object.assign(checks, (await readiness?.()) ?? {});
      const ready = Object.values(checks).every(Boolean);
      return reply.status(ready ? 200 : 503).send({ ready, checks, ...(auditStatus ? { audit: auditStatus } : {}) });
    },
  );
};
