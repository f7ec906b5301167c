import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PantauError } from '@pantau/contracts';
import { createTopic, deleteTopic, getTopic, listTopics, updateTopic } from '@pantau/db';
import { parseTopicQuery, TopicQueryError } from '@pantau/text';
import { Type } from '@sinclair/typebox';
import { requireScope } from '../plugins/auth.ts';
import { errorAnswers, KEYED_ERRORS, TopicId } from '../schemas.ts';

const TopicSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  query: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  backfill: Type.Object({
    state: Type.String({ description: 'pending, running, done or failed' }),
    total: Type.Integer(),
    processed: Type.Integer(),
    matched: Type.Integer(),
    error: Type.Union([Type.String(), Type.Null()]),
  }),
});
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Query = Type.String({
  minLength: 1,
  maxLength: 1000,
  description: 'Words and "phrases" (normalized and stemmed as posts are), #hashtags, AND, OR, NOT, parentheses',
  examples: ['"bpjs kesehatan" AND (iuran OR tunggakan) NOT promo'],
});
const IdParams = Type.Object({ id: TopicId('Topic id') });

/** Validates a topic query; a syntax error is a 400 naming the parameter and the position. */
function checkQuery(query: string): void {
  try {
    parseTopicQuery(query);
  } catch (error) {
    if (error instanceof TopicQueryError) {
      throw new PantauError('INVALID_QUERY', `query: ${error.message}`, { details: { parameter: 'query', position: error.position } });
    }
    throw error;
  }
}

const notFound = (id: number) => new PantauError('NOT_FOUND', `no topic ${id}`, { details: { parameter: 'id' } });

export interface TopicOptions {
  /** Starts the back-fill of a created or re-queried topic in the background. */
  startBackfill?: ((topicId: number, query: string) => void) | undefined;
}

/** `/v1/topics`: monitored topics (topics scope to change, read to list); creating or re-querying back-fills stored posts. */
export const topicRoutes: FastifyPluginAsyncTypebox<TopicOptions> = async (app, { startBackfill }) => {
  const edit = requireScope(app.db, 'topics');
  const read = requireScope(app.db, 'read');
  app.post(
    '/v1/topics',
    {
      onRequest: edit,
      schema: {
        operationId: 'createTopic',
        tags: ['topics'],
        summary: 'Create a topic; stored posts are back-filled in the background',
        security: [{ bearer: [] }],
        body: Type.Object({ name: Name, query: Query }, { additionalProperties: false }),
        response: { 201: Type.Object({ data: TopicSchema }), ...KEYED_ERRORS },
      },
    },
    async (request, reply) => {
      checkQuery(request.body.query);
      const topic = await createTopic(app.db, request.body);
      startBackfill?.(topic.id, topic.query);
      return reply.status(201).send({ data: topic });
    },
  );
  app.get(
    '/v1/topics',
    {
      onRequest: read,
      schema: {
        operationId: 'listTopics',
        tags: ['topics'],
        summary: 'List topics',
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ data: Type.Array(TopicSchema) }), ...KEYED_ERRORS },
      },
    },
    async () => ({ data: await listTopics(app.db) }),
  );
  app.get(
    '/v1/topics/:id',
    {
      onRequest: read,
      schema: {
        operationId: 'getTopic',
        tags: ['topics'],
        summary: 'One topic with its back-fill progress',
        security: [{ bearer: [] }],
        params: IdParams,
        response: { 200: Type.Object({ data: TopicSchema }), ...KEYED_ERRORS, ...errorAnswers(404) },
      },
    },
    async (request) => {
      const topic = await getTopic(app.db, request.params.id);
      if (!topic) throw notFound(request.params.id);
      return { data: topic };
    },
  );
  app.patch(
    '/v1/topics/:id',
    {
      onRequest: edit,
      schema: {
        operationId: 'updateTopic',
        tags: ['topics'],
        summary: 'Rename or re-query a topic (a new query re-runs the back-fill)',
        security: [{ bearer: [] }],
        params: IdParams,
        body: Type.Object({ name: Type.Optional(Name), query: Type.Optional(Query) }, { additionalProperties: false, minProperties: 1 }),
        response: { 200: Type.Object({ data: TopicSchema }), ...KEYED_ERRORS, ...errorAnswers(404) },
      },
    },
    async (request) => {
      if (request.body.query !== undefined) checkQuery(request.body.query);
      const before = await getTopic(app.db, request.params.id);
      const topic = await updateTopic(app.db, request.params.id, request.body);
      if (!topic || !before) throw notFound(request.params.id);
      if (topic.query !== before.query) startBackfill?.(topic.id, topic.query);
      return { data: topic };
    },
  );
  app.delete(
    '/v1/topics/:id',
    {
      onRequest: edit,
      schema: {
        operationId: 'deleteTopic',
        tags: ['topics'],
        summary: 'Delete a topic and its matches',
        security: [{ bearer: [] }],
        params: IdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...KEYED_ERRORS, ...errorAnswers(404) },
      },
    },
    async (request, reply) => {
      if (!(await deleteTopic(app.db, request.params.id))) throw notFound(request.params.id);
      return reply.status(204).send(null);
    },
  );
};
