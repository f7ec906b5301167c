import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type CoverageDayStatus, type CoverageGap, type LedgerRun, PantauError, summarizeCoverage } from '@pantau/contracts';
import { coverageLedger } from '@pantau/db';
import { Type } from '@sinclair/typebox';
import { aggregate } from '../aggregate.ts';
import { requireScope } from '../plugins/auth.ts';
import { DisclosureRef, KEYED_ERRORS, NullableString, StringEnum, WindowQuery } from '../schemas.ts';

const GAP_STATUSES = ['partial', 'failed', 'empty', 'not_run'] as const satisfies readonly CoverageGap['status'][];
const GapStatus = StringEnum(GAP_STATUSES);
// not_due: no run covered the day and none was due (a pushed source, or before a schedule began); not a gap.
const DayStatus = StringEnum(['ok', ...GAP_STATUSES, 'not_due'] as const satisfies readonly CoverageDayStatus[]);

const RunSchema = Type.Object({
  runId: Type.String(),
  connector: Type.String(),
  query: Type.String(),
  platform: NullableString(),
  windowFrom: NullableString(),
  windowTo: NullableString(),
  startedAt: Type.String(),
  finishedAt: NullableString({ description: 'null: the run never finished (counted as failed)' }),
  fetched: Type.Integer(),
  published: Type.Integer(),
  rejected: Type.Record(Type.String(), Type.Integer(), { description: 'rejected items by reason' }),
  lastError: NullableString(),
});

const ConnectorSchema = Type.Object({
  connector: Type.String(),
  query: Type.String(),
  platform: NullableString(),
  limits: NullableString({ description: "What the source can and cannot reach (X recent search: seven days), a platform's limit" }),
  runs: Type.Integer(),
  fetched: Type.Integer(),
  published: Type.Integer(),
  rejected: Type.Integer(),
  lastRunAt: NullableString(),
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
  platform: NullableString(),
  day: Type.String(),
  status: GapStatus,
  detail: Type.String(),
});

/** Runs on one page of `GET /v1/coverage` unless `limit` says otherwise, and the most a page may hold. */
export const COVERAGE_PAGE = { default: 20, max: 1_000 } as const;

/** The position after a run in the ledger's order (start, then run id), opaque to clients. */
const encodeCursor = (run: LedgerRun) => Buffer.from(JSON.stringify([run.startedAt, run.runId])).toString('base64url');

function decodeCursor(raw: string): { startedAt: string; runId: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { startedAt: value[0], runId: value[1] };
    }
  } catch {
    // Not base64url JSON: the same answer as any other wrong cursor.
  }
  throw new PantauError('INVALID_QUERY', 'cursor: not a cursor returned by this endpoint', { details: { parameter: 'cursor' } });
}

/**
 * `GET /v1/coverage`: the coverage ledger over a window, each connector's day statuses and the gaps (whole), and the
 * window's runs a page at a time.
 */
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
            limit: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: COVERAGE_PAGE.max,
                default: COVERAGE_PAGE.default,
                description: `Runs on this page (default ${COVERAGE_PAGE.default}, at most ${COVERAGE_PAGE.max})`,
              }),
            ),
            cursor: Type.Optional(Type.String({ maxLength: 300, description: 'nextCursor of the previous page' })),
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
              runs: Type.Array(RunSchema, { description: 'One page of the runs that covered a day of the window, by start' }),
              runsTotal: Type.Integer({ description: 'Runs that covered a day of the window, on every page' }),
              nextCursor: NullableString({ description: 'Cursor of the next page of runs; null on the last page' }),
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
        const kept = await app.kept.coverageLedger(scope);
        const ledger = kept ?? (await coverageLedger(app.db, scope));
        const { connectors } = ledger;
        const gaps = connectors.flatMap(({ connector, query, platform, gaps }) => gaps.map((g) => ({ connector, query, platform, ...g })));
        const { page, more } = ledger.runsAfter(
          query.cursor === undefined ? undefined : decodeCursor(query.cursor),
          query.limit ?? COVERAGE_PAGE.default,
        );
        const last = page[page.length - 1];
        return {
          data: {
            window: { from: window.from, to: window.to },
            connectors: connectors.map(({ gaps: _gaps, ...c }) => c),
            gaps,
            runs: page,
            runsTotal: ledger.runsTotal,
            nextCursor: more && last ? encodeCursor(last) : null,
          },
          // Without a connector filter the ledger read is the disclosure's own: summarized here, not read twice.
          ...(kept && query.connector === undefined ? { known: { coverage: summarizeCoverage(connectors) } } : {}),
        };
      }),
  );
};
