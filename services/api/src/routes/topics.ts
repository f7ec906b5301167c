import { PantauError } from '@pantau/contracts';
import { createTopic, deleteTopic, getTopic, listTopics, updateTopic } from '@pantau/db';
import { parseTopicQuery, TopicQueryError } from '@pantau/text';
import { Type } from '@sinclair/typebox';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { requireScope } from '../plugins/auth.ts';
import { TopicId } from '../schemas.ts';

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

/** `/v1/topics`: monitored topics (admin to change, read to list); creating or re-querying back-fills stored posts. */
export function topicRoutes(app: App, ctx: AppContext): void {
  const admin = requireScope(ctx.db, 'admin');
  const read = requireScope(ctx.db, 'read');
  app.post(
    '/v1/topics',
    {
      onRequest: admin,
      schema: {
        tags: ['topics'],
        summary: 'Create a topic; stored posts are back-filled in the background',
        security: [{ bearer: [] }],
        body: Type.Object({ name: Name, query: Query }, { additionalProperties: false }),
        response: { 201: Type.Object({ data: TopicSchema }) },
      },
    },
    async (request, reply) => {
      checkQuery(request.body.query);
      const topic = await createTopic(ctx.db, request.body);
      ctx.startBackfill?.(topic.id, topic.query);
      return reply.status(201).send({ data: topic });
    },
  );
  app.get(
    '/v1/topics',
    {
      onRequest: read,
      schema: {
        tags: ['topics'],
        summary: 'List topics',
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ data: Type.Array(TopicSchema) }) },
      },
    },
    async () => ({ data: await listTopics(ctx.db) }),
  );
  app.get(
    '/v1/topics/:id',
    {
      onRequest: read,
      schema: {
        tags: ['topics'],
        summary: 'One topic with its back-fill progress',
        security: [{ bearer: [] }],
        params: IdParams,
        response: { 200: Type.Object({ data: TopicSchema }) },
      },
    },
    async (request) => {
      const topic = await getTopic(ctx.db, request.params.id);
      if (!topic) throw notFound(request.params.id);
      return { data: topic };
    },
  );
  app.patch(
    '/v1/topics/:id',
    {
      onRequest: admin,
      schema: {
        tags: ['topics'],
        summary: 'Rename or re-query a topic (a new query re-runs the back-fill)',
        security: [{ bearer: [] }],
        params: IdParams,
        body: Type.Object({ name: Type.Optional(Name), query: Type.Optional(Query) }, { additionalProperties: false, minProperties: 1 }),
        response: { 200: Type.Object({ data: TopicSchema }) },
      },
    },
    async (request) => {
      if (request.body.query !== undefined) checkQuery(request.body.query);
      const before = await getTopic(ctx.db, request.params.id);
      const topic = await updateTopic(ctx.db, request.params.id, request.body);
      if (!topic || !before) throw notFound(request.params.id);
      if (topic.query !== before.query) ctx.startBackfill?.(topic.id, topic.query);
      return { data: topic };
    },
  );
  app.delete(
    '/v1/topics/:id',
    {
      onRequest: admin,
      schema: { tags: ['topics'], summary: 'Delete a topic and its matches', security: [{ bearer: [] }], params: IdParams },
    },
    async (request, reply) => {
      if (!(await deleteTopic(ctx.db, request.params.id))) throw notFound(request.params.id);
      return reply.status(204).send();
    },
  );
}
