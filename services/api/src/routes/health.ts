import { Type } from '@sinclair/typebox';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';

/** Liveness and readiness, without authentication (for load balancers and orchestrators). */
export function healthRoutes(app: App, ctx: AppContext): void {
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
        summary: 'Readiness: database reachable and model loaded',
        response: {
          200: Type.Object({ ready: Type.Boolean(), checks: Type.Record(Type.String(), Type.Boolean()) }),
          503: Type.Object({ ready: Type.Boolean(), checks: Type.Record(Type.String(), Type.Boolean()) }),
        },
      },
    },
    async (_request, reply) => {
      const checks: Record<string, boolean> = { model: true };
      checks.database = await ctx.pingDatabase().then(
        () => true,
        () => false,
      );
      Object.assign(checks, (await ctx.readiness?.()) ?? {});
      const ready = Object.values(checks).every(Boolean);
      return reply.status(ready ? 200 : 503).send({ ready, checks });
    },
  );
}
