import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PantauError } from '@pantau/contracts';
import { type ApiScope, createTopic, deleteTopic, getTopic, listTopics, mentions, previewTopic, updateTopic } from '@pantau/db';
import { analyzeText, parseTopicQuery, TopicQueryError, topicMatcher } from '@pantau/text';
import { Type } from '@sinclair/typebox';
import { aggregate } from '../aggregate.ts';
import { requireScope } from '../plugins/auth.ts';
import { DisclosureRef, errorAnswers, KEYED_ERRORS, TopicId, WindowQuery } from '../schemas.ts';
import { MentionSchema, mentionOf } from './mentions.ts';

/**
 * The scopes that may create, change and delete topics: the one place this is decided (the `topics` scope, held by
 * the analyst and admin roles and by keys made with it).
 */
export const TOPIC_WRITE_SCOPES: readonly ApiScope[] = ['topics'];

/** Most posts one preview reads (the newest of its window); a larger window is previewed on these and says so. */
export const PREVIEW_MAX_POSTS = 5_000;

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

/**
 * Validates a topic query; a syntax error is a 400 naming the parameter, the position and the text there (`near`).
 */
function checkQuery(query: string): void {
  try {
    parseTopicQuery(query);
  } catch (error) {
    if (error instanceof TopicQueryError) {
      throw new PantauError('INVALID_QUERY', `query: ${error.message}`, {
        details: { parameter: 'query', position: error.position, near: query.slice(error.position, error.position + 20) },
      });
    }
    throw error;
  }
}

/** A name as stored: without surrounding spaces, tabs and line breaks (other characters are kept as sent), not blank. */
function topicName(name: string): string {
  const trimmed = name.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  if (trimmed === '') throw new PantauError('INVALID_INPUT', 'name: must not be blank', { details: { parameter: 'name' } });
  return trimmed;
}

const { topic: _topic, ...PreviewWindow } = WindowQuery;
const PreviewSchema = Type.Object({
  query: Type.String({ description: 'The query previewed, as sent' }),
  postsInWindow: Type.Integer({ description: 'Posts of the window (after platform and coordination filters)' }),
  scanned: Type.Integer({ description: `Posts read, newest first: all of the window, or its newest ${PREVIEW_MAX_POSTS}` }),
  complete: Type.Boolean({ description: 'Whether every post of the window was read (else matched counts the newest only)' }),
  matched: Type.Integer({ description: 'Posts read that the query matches' }),
  samples: Type.Array(MentionSchema, { description: 'The newest matching posts' }),
});

const notFound = (id: number) => new PantauError('NOT_FOUND', `no topic ${id}`, { details: { parameter: 'id' } });

export interface TopicOptions {
  /** Starts the back-fill of a created or re-queried topic in the background. */
  startBackfill?: ((topicId: number, query: string) => void) | undefined;
}

/** `/v1/topics`: monitored topics (topics scope to change, read to list); creating or re-querying back-fills stored posts. */
export const topicRoutes: FastifyPluginAsyncTypebox<TopicOptions> = async (app, { startBackfill }) => {
  const edit = requireScope(app.db, TOPIC_WRITE_SCOPES);
  const read = requireScope(app.db, 'read');
  app.post(
    '/v1/topics',
    {
      onRequest: edit,
      schema: {
        operationId: 'createTopic',
        tags: ['topics'],
        summary: 'Create a topic; stored posts are back-filled in the background',
        description: 'Names are unique without regard to case: a name already taken is a 409 CONFLICT naming `name`.',
        security: [{ bearer: [] }],
        body: Type.Object({ name: Name, query: Query }, { additionalProperties: false }),
        response: { 201: Type.Object({ data: TopicSchema }), ...KEYED_ERRORS, ...errorAnswers(409) },
      },
    },
    async (request, reply) => {
      checkQuery(request.body.query);
      const topic = await createTopic(app.db, { name: topicName(request.body.name), query: request.body.query });
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
    '/v1/topics/preview',
    {
      onRequest: read,
      schema: {
        operationId: 'previewTopic',
        tags: ['topics'],
        summary: 'What a topic query would match in a window, before it is saved: count and the newest matching posts',
        description:
          'Nothing is stored. A query that does not parse is a 400 INVALID_QUERY with `parameter: "query"` and, in `details`, the `position` and the text there (`near`).',
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            query: Query,
            ...PreviewWindow,
            sample: Type.Optional(Type.Integer({ minimum: 0, maximum: 20, default: 5, description: 'How many matching posts to show' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: PreviewSchema, disclosure: DisclosureRef }), ...KEYED_ERRORS },
      },
    },
    async (request) => {
      checkQuery(request.query.query);
      const matches = topicMatcher(request.query.query, analyzeText);
      return aggregate(app, request.query, { route: 'topic-preview', keep: false, alongside: true }, async (window, query) => {
        const preview = await previewTopic(app.db, window, matches, { sample: query.sample ?? 5, maxPosts: PREVIEW_MAX_POSTS });
        const samples =
          preview.sampleIds.length === 0
            ? []
            : await mentions(app.db, {
                ...window,
                modelVersion: app.model.manifest.version,
                ids: preview.sampleIds,
                limit: preview.sampleIds.length,
              });
        return {
          data: {
            query: query.query,
            postsInWindow: preview.postsInWindow,
            scanned: preview.scanned,
            complete: preview.scanned >= preview.postsInWindow,
            matched: preview.matched,
            samples: samples.map(mentionOf),
          },
        };
      });
    },
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
        response: { 200: Type.Object({ data: TopicSchema }), ...KEYED_ERRORS, ...errorAnswers(404, 409) },
      },
    },
    async (request) => {
      const { name, query } = request.body;
      if (query !== undefined) checkQuery(query);
      const before = await getTopic(app.db, request.params.id);
      const topic = await updateTopic(app.db, request.params.id, { name: name === undefined ? undefined : topicName(name), query });
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
