import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { coverageLedger } from '@pantau/db';
import { Type } from '@sinclair/typebox';
import { aggregate } from '../aggregate.ts';
import { requireScope } from '../plugins/auth.ts';
import { DisclosureRef, KEYED_ERRORS, WindowQuery } from '../schemas.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const GapStatus = Type.Union([Type.Literal('partial'), Type.Literal('failed'), Type.Literal('empty'), Type.Literal('not_run')]);
// not_due: no run covered the day and none was due (a pushed source, or before a schedule began); not a gap.
const DayStatus = Type.Union([Type.Literal('ok'), ...GapStatus.anyOf, Type.Literal('not_due')]);

const RunSchema = Type.Object({
  runId: Type.String(),
  connector: Type.String(),
  query: Type.String(),
  platform: Nullable(Type.String()),
  windowFrom: Nullable(Type.String()),
  windowTo: Nullable(Type.String()),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String({ description: 'null: the run never finished (counted as failed)' })),
  fetched: Type.Integer(),
  published: Type.Integer(),
  rejected: Type.Record(Type.String(), Type.Integer(), { description: 'rejected items by reason' }),
  lastError: Nullable(Type.String()),
});

const ConnectorSchema = Type.Object({
  connector: Type.String(),
  query: Type.String(),
  platform: Nullable(Type.String()),
  limits: Nullable(Type.String({ description: "What the source can and cannot reach (X recent search: seven days), a platform's limit" })),
  runs: Type.Integer(),
  fetched: Type.Integer(),
  published: Type.Integer(),
  rejected: Type.Integer(),
  lastRunAt: Nullable(Type.String()),
  days: Type.Array(
    Type.Object({
      day: Type.String(),
      status: DayStatus,
      runs: Type.Integer(),
      fetched: Type.Integer(),
      published: Type.Integer(),
      errors: Type.Array(Type.String()),
    }),
  ),
});

const GapSchema = Type.Object({
  connector: Type.String(),
  query: Type.String(),
  platform: Nullable(Type.String()),
  day: Type.String(),
  status: GapStatus,
  detail: Type.String(),
});

/** `GET /v1/coverage`: the coverage ledger over a window, each connector's day statuses, and the gaps. */
export const coverageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/coverage',
    {
      onRequest: requireScope(app.db, 'read'),
      schema: {
        operationId: 'getCoverage',
        tags: ['aggregates'],
        summary: 'Collector runs in a window and, per connector, query and day: ok, partial, failed, empty or not_run (a gap, not a zero)',
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            from: WindowQuery.from,
            to: WindowQuery.to,
            platform: WindowQuery.platform,
            connector: Type.Optional(
              Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\w.:-]+$', description: 'Only this connector (ledger name)' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            data: Type.Object({
              window: Type.Object({
                from: Type.String({ description: 'First day of the window' }),
                to: Type.String({ description: 'Last day of the window' }),
              }),
              connectors: Type.Array(ConnectorSchema),
              gaps: Type.Array(GapSchema),
              runs: Type.Array(RunSchema),
            }),
            disclosure: DisclosureRef,
          }),
          ...KEYED_ERRORS,
        },
      },
    },
    // The ledger is not about posts: the disclosure states no co-posting rule.
    async (request) =>
      aggregate(app, request.query, { route: 'coverage', coordinationRule: null }, async (window, query) => {
        const scope = { from: window.from, to: window.to, platform: window.platform, connector: query.connector };
        const { runs, connectors } = (await app.kept.coverageLedger(scope)) ?? (await coverageLedger(app.db, scope));
        const gaps = connectors.flatMap(({ connector, query, platform, gaps }) => gaps.map((g) => ({ connector, query, platform, ...g })));
        return {
          data: {
            window: { from: window.from, to: window.to },
            connectors: connectors.map(({ gaps: _gaps, ...c }) => c),
            gaps,
            runs,
          },
        };
      }),
  );
};
