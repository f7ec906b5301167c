import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { BusProducer } from '@pantau/bus';
import { newRunId, publishItems } from '@pantau/connectors';
import { PantauError } from '@pantau/contracts';
import { recordCoverageRun } from '@pantau/db';
import { Type } from '@sinclair/typebox';
import { requireScope } from '../plugins/auth.ts';
import { errorAnswers, KEYED_ERRORS } from '../schemas.ts';

/** Most posts one webhook call may carry. */
export const MAX_WEBHOOK_POSTS = 1_000;

export interface IngestOptions {
  /** Producer for the webhook; absent when this API instance does not accept posts. */
  producer?: BusProducer | undefined;
  /** Pepper for author pseudonyms. */
  pepper?: string | undefined;
}

/**
 * `POST /v1/ingest/posts`: the authenticated webhook. Each post is validated on its own; good ones are
 * published, bad ones are dead-lettered and listed in the answer; the call is one coverage-ledger run.
 */
export const ingestRoutes: FastifyPluginAsyncTypebox<IngestOptions> = async (app, { producer, pepper }) => {
  app.post(
    '/v1/ingest/posts',
    {
      onRequest: requireScope(app.db, 'ingest'),
      bodyLimit: 8 * 1024 * 1024,
      // Each post is checked against the text rule on its own and, if it breaks it, rejected and counted.
      config: { textCheckedPerItem: true },
      schema: {
        operationId: 'submitPosts',
        tags: ['ingest'],
        summary: 'Submit public posts (author handles are pseudonymized on arrival and never stored)',
        security: [{ bearer: [] }],
        body: Type.Object(
          { posts: Type.Array(Type.Unknown(), { minItems: 1, maxItems: MAX_WEBHOOK_POSTS }) },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({
            runId: Type.String(),
            received: Type.Integer(),
            published: Type.Integer(),
            rejected: Type.Array(Type.Object({ index: Type.Integer(), reason: Type.String(), detail: Type.String() })),
          }),
          ...KEYED_ERRORS,
          ...errorAnswers(404),
        },
      },
    },
    async (request, reply) => {
      if (!producer || !pepper) throw new PantauError('NOT_FOUND', 'this instance does not accept posts');
      const runId = newRunId();
      const startedAt = new Date();
      const items = request.body.posts.map((item, index) => ({ ref: String(index), item }));
      const { stats, rejections } = await publishItems(items, { producer, pepper, source: { connector: 'webhook', runId } });
      await recordCoverageRun(app.db, {
        runId,
        connector: 'webhook',
        query: request.apiKey?.name ?? '',
        startedAt,
        finishedAt: new Date(),
        windowFrom: stats.firstPublishedAt,
        windowTo: stats.lastPublishedAt,
        fetched: stats.fetched,
        published: stats.published,
        rejected: stats.rejected,
      });
      return reply.status(202).send({
        runId,
        received: stats.fetched,
        published: stats.published,
        rejected: rejections.map((r) => ({ index: Number(r.ref), reason: r.reason, detail: r.detail })),
      });
    },
  );
};
