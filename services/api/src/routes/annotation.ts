import { randomInt } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ANNOTATION_LABELS, type AnnotationLabel, daysBetween, isDay, PantauError } from '@pantau/contracts';
import {
  adjudicate,
  annotatorNames,
  createAnnotationTask,
  getAnnotationTask,
  getTopic,
  itemsToLabel,
  listAnnotationTasks,
  recordLabels,
  sampledPosts,
  taskItemLabels,
} from '@pantau/db';
import { NumberPair } from '@pantau/disclosure/schema';
import { summarizeTask } from '@pantau/report';
import { Type } from '@sinclair/typebox';
import { requireScope } from '../plugins/auth.ts';
import { errorAnswers, KEYED_ERRORS, PG_INTEGER_MAX, TopicId } from '../schemas.ts';
import { MAX_WINDOW_DAYS } from '../window.ts';

/** Largest sample one task may draw. */
export const MAX_TASK_SIZE = 10_000;
/** Most labels one request may carry. */
export const MAX_LABELS_PER_REQUEST = 1_000;

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Asia/Jakarta calendar day, YYYY-MM-DD' });
const Label = Type.Union(
  ANNOTATION_LABELS.map((l) => Type.Literal(l)),
  { description: 'negative, neutral, positive, not_relevant (not about the subject) or not_indonesian' },
);
const PostId = Type.String({ pattern: '^[1-9][0-9]{0,17}$', description: 'A post id as the items list gives it' });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: PG_INTEGER_MAX, description: 'Labelling task id' }) });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const TaskSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  from: Type.String(),
  to: Type.String(),
  topic: Nullable(Type.Integer()),
  size: Type.Integer(),
  seed: Type.Integer(),
  population: Type.Integer({ description: 'Posts of the window (and topic) when the sample was drawn' }),
  sampled: Type.Integer({ description: 'Posts in the sample (size, or the population when smaller)' }),
  createdBy: Nullable(Type.String()),
  createdAt: Type.String(),
});

const Scores = Type.Object({ precision: Type.Number(), recall: Type.Number(), f1: Type.Number(), support: Type.Integer() });
const Evaluation = Type.Object({
  n: Type.Integer(),
  accuracy: Type.Number(),
  macroF1: Type.Number(),
  macroF1CI: NumberPair('Bootstrap 95% interval of the macro-F1: [low, high]'),
  perClass: Type.Record(Type.String(), Scores),
  confusion: Type.Record(Type.String(), Type.Record(Type.String(), Type.Integer())),
  ece: Type.Number(),
  abstainRate: Type.Number(),
  answeredAccuracy: Nullable(Type.Number()),
  binary: Type.Boolean(),
});
const TaskReport = Type.Object({
  task: TaskSchema,
  progress: Type.Object({
    sampled: Type.Integer(),
    labelled: Type.Integer({ description: 'Sampled posts with at least one label' }),
    gold: Type.Integer({ description: 'Sampled posts with a gold label: adjudicated, or all their annotators agree' }),
    annotators: Type.Integer(),
    byAnnotator: Type.Array(Type.Object({ annotator: Type.String(), name: Nullable(Type.String()), labelled: Type.Integer() })),
  }),
  agreement: Nullable(
    Type.Object({
      alpha: Nullable(Type.Number()),
      low: Nullable(Type.Number()),
      high: Nullable(Type.Number()),
      units: Type.Integer({ description: 'Posts with two or more labels' }),
    }),
  ),
  disagreements: Type.Integer({ description: 'Posts whose annotators disagree, not adjudicated yet' }),
  evaluation: Nullable(Evaluation),
});

const taskNotFound = (id: number) => new PantauError('NOT_FOUND', `no annotation task ${id}`, { details: { parameter: 'id' } });
const bad = (parameter: string, message: string) =>
  new PantauError('INVALID_QUERY', `${parameter}: ${message}`, { details: { parameter } });

/**
 * `/v1/annotation/…`: labelling tasks (a seeded random sample of a window's posts, drawn once), the items an annotator
 * still has to label, labels (annotate scope; the annotator is the key), progress, agreement and in-domain evaluation,
 * and disagreements with their adjudication (admin).
 */
export const annotationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const annotate = requireScope(app.db, 'annotate');
  const readOrAnnotate = requireScope(app.db, ['read', 'annotate']);
  const admin = requireScope(app.db, 'admin');
  const task = async (id: number) => {
    const found = await getAnnotationTask(app.db, id);
    if (!found) throw taskNotFound(id);
    return found;
  };

  app.post(
    '/v1/annotation/tasks',
    {
      onRequest: annotate,
      schema: {
        operationId: 'createAnnotationTask',
        tags: ['annotation'],
        summary: 'Create a labelling task: a seeded simple random sample of the posts of a window (and topic), drawn once',
        security: [{ bearer: [] }],
        body: Type.Object(
          {
            // No control characters: a NUL cannot be stored in Postgres text, and a name is read by people.
            name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f]+$' }),
            from: Day,
            to: Day,
            topic: Type.Optional(TopicId('Sample only posts tagged with this topic')),
            size: Type.Integer({ minimum: 1, maximum: MAX_TASK_SIZE }),
            seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'Random when absent' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ data: TaskSchema }), ...KEYED_ERRORS, ...errorAnswers(404) },
      },
    },
    async (request, reply) => {
      const { name, from, to, topic, size } = request.body;
      if (!isDay(from)) throw bad('from', 'must be a calendar day YYYY-MM-DD');
      if (!isDay(to)) throw bad('to', 'must be a calendar day YYYY-MM-DD');
      if (daysBetween(from, to) < 0) throw bad('from', `must not be after to (${to})`);
      if (daysBetween(from, to) >= MAX_WINDOW_DAYS) throw bad('from', `window is longer than ${MAX_WINDOW_DAYS} days`);
      if (topic !== undefined && !(await getTopic(app.db, topic))) {
        throw new PantauError('NOT_FOUND', `topic: no topic ${topic}`, { details: { parameter: 'topic' } });
      }
      const created = await createAnnotationTask(app.db, {
        name,
        from,
        to,
        topicId: topic ?? null,
        size,
        seed: request.body.seed ?? randomInt(2_147_483_647),
        createdBy: request.apiKey?.id ?? null,
      });
      return reply.status(201).send({ data: created });
    },
  );

  app.get(
    '/v1/annotation/tasks',
    {
      onRequest: readOrAnnotate,
      schema: {
        operationId: 'listAnnotationTasks',
        tags: ['annotation'],
        summary: 'List labelling tasks, newest first',
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ data: Type.Array(TaskSchema) }), ...KEYED_ERRORS },
      },
    },
    async () => ({ data: await listAnnotationTasks(app.db) }),
  );

  app.get(
    '/v1/annotation/tasks/:id',
    {
      onRequest: readOrAnnotate,
      schema: {
        operationId: 'getAnnotationTask',
        tags: ['annotation'],
        summary: "A task's progress, agreement (Krippendorff's alpha), disagreements and the model's in-domain evaluation",
        security: [{ bearer: [] }],
        params: IdParams,
        response: { 200: Type.Object({ data: TaskReport }), ...KEYED_ERRORS, ...errorAnswers(404) },
      },
    },
    async (request) => {
      const found = await task(request.params.id);
      return { data: { task: found, ...(await summarizeTask(app.db, found, app.model.manifest.version)) } };
    },
  );

  app.get(
    '/v1/annotation/tasks/:id/items',
    {
      onRequest: annotate,
      schema: {
        operationId: 'getAnnotationItems',
        tags: ['annotation'],
        summary: 'The sampled posts the requesting key has not labelled yet, in sample order (the model label hidden unless asked)',
        security: [{ bearer: [] }],
        params: IdParams,
        querystring: Type.Object(
          {
            annotator: Type.Optional(Type.Literal('me', { description: 'Whose open items: the requesting key' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
            showModel: Type.Optional(Type.Boolean({ default: false, description: "Include the model's label (may anchor labels)" })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            data: Type.Object({
              task: Type.Object({ id: Type.Integer(), name: Type.String() }),
              remaining: Type.Integer({ description: 'Sampled posts this key has not labelled yet' }),
              items: Type.Array(
                Type.Object({
                  postId: Type.String(),
                  position: Type.Integer({ description: 'Place in the sample (1 = first)' }),
                  text: Nullable(Type.String()),
                  url: Nullable(Type.String()),
                  platform: Type.String(),
                  publishedAt: Type.String(),
                  model: Type.Optional(
                    Type.Object({
                      label: Type.String(),
                      probabilities: Type.Object({ negative: Type.Number(), neutral: Type.Number(), positive: Type.Number() }),
                    }),
                  ),
                }),
              ),
            }),
          }),
          ...KEYED_ERRORS,
          ...errorAnswers(404),
        },
      },
    },
    async (request) => {
      const found = await task(request.params.id);
      const open = await itemsToLabel(app.db, {
        taskId: found.id,
        annotator: (request.apiKey as NonNullable<typeof request.apiKey>).id,
        limit: request.query.limit ?? 50,
        modelVersion: app.model.manifest.version,
      });
      const showModel = request.query.showModel === true;
      return {
        data: {
          task: { id: found.id, name: found.name },
          remaining: open.remaining,
          items: open.items.map(({ model, ...item }) => ({ ...item, ...(showModel && model ? { model } : {}) })),
        },
      };
    },
  );

  app.post(
    '/v1/annotation/tasks/:id/labels',
    {
      onRequest: annotate,
      bodyLimit: 256 * 1024,
      schema: {
        operationId: 'labelPosts',
        tags: ['annotation'],
        summary: 'Label sampled posts as the requesting key: { postId, label } or { labels: [...] }; relabelling keeps the revision',
        security: [{ bearer: [] }],
        params: IdParams,
        body: Type.Object(
          {
            postId: Type.Optional(PostId),
            label: Type.Optional(Label),
            labels: Type.Optional(
              Type.Array(Type.Object({ postId: PostId, label: Label }, { additionalProperties: false }), {
                minItems: 1,
                maxItems: MAX_LABELS_PER_REQUEST,
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Object({ accepted: Type.Integer() }) }), ...KEYED_ERRORS, ...errorAnswers(404) },
      },
    },
    async (request) => {
      const found = await task(request.params.id);
      const { postId, label, labels } = request.body;
      let given: { postId: string; label: AnnotationLabel }[];
      if (labels) {
        if (postId !== undefined || label !== undefined) throw bad('labels', 'give either { postId, label } or { labels }, not both');
        given = labels;
      } else {
        if (postId === undefined) throw bad('postId', 'required (or labels)');
        if (label === undefined) throw bad('label', `required: one of ${ANNOTATION_LABELS.join(', ')}`);
        given = [{ postId, label }];
      }
      const accepted = await recordLabels(app.db, {
        taskId: found.id,
        annotator: (request.apiKey as NonNullable<typeof request.apiKey>).id,
        labels: given.map((l) => ({ postId: Number(l.postId), label: l.label })),
      });
      return { data: { accepted } };
    },
  );

  app.get(
    '/v1/annotation/tasks/:id/disagreements',
    {
      onRequest: admin,
      schema: {
        operationId: 'getDisagreements',
        tags: ['annotation'],
        summary: 'Sampled posts whose annotators disagree and that are not adjudicated yet, with their labels',
        security: [{ bearer: [] }],
        params: IdParams,
        response: {
          200: Type.Object({
            data: Type.Object({
              pending: Type.Integer(),
              items: Type.Array(
                Type.Object({
                  postId: Type.String(),
                  position: Type.Integer(),
                  text: Nullable(Type.String()),
                  url: Nullable(Type.String()),
                  labels: Type.Array(
                    Type.Object({
                      annotator: Type.String(),
                      name: Nullable(Type.String()),
                      label: Type.String(),
                      labelledAt: Type.String(),
                    }),
                  ),
                }),
              ),
            }),
          }),
          ...KEYED_ERRORS,
          ...errorAnswers(404),
        },
      },
    },
    async (request) => {
      const found = await task(request.params.id);
      const disputed = (await taskItemLabels(app.db, found.id)).filter((i) => i.gold === null && i.labels.length > 0);
      const posts = await sampledPosts(app.db, { taskId: found.id, postIds: disputed.map((i) => Number(i.postId)) });
      const names = await annotatorNames(app.db, [...new Set(disputed.flatMap((i) => i.labels.map((l) => l.annotator)))]);
      return {
        data: {
          pending: disputed.length,
          items: disputed.map((i) => ({
            postId: i.postId,
            position: i.position,
            text: posts.get(i.postId)?.text ?? null,
            url: posts.get(i.postId)?.url ?? null,
            labels: i.labels.map((l) => ({ ...l, name: names.get(l.annotator) ?? null })),
          })),
        },
      };
    },
  );

  app.post(
    '/v1/annotation/tasks/:id/adjudications',
    {
      onRequest: admin,
      schema: {
        operationId: 'adjudicate',
        tags: ['annotation'],
        summary: 'Set the gold label of a sampled post (settles a disagreement)',
        security: [{ bearer: [] }],
        params: IdParams,
        body: Type.Object({ postId: PostId, label: Label }, { additionalProperties: false }),
        response: {
          200: Type.Object({ data: Type.Object({ postId: Type.String(), label: Type.String() }) }),
          ...KEYED_ERRORS,
          ...errorAnswers(404),
        },
      },
    },
    async (request) => {
      const found = await task(request.params.id);
      const { postId, label } = request.body;
      await adjudicate(app.db, {
        taskId: found.id,
        postId: Number(postId),
        label,
        adjudicator: (request.apiKey as NonNullable<typeof request.apiKey>).id,
      });
      return { data: { postId, label } };
    },
  );
};
