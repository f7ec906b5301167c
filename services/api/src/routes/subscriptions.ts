import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PantauError } from '@pantau/contracts';
import {
  createSubscription,
  deleteSubscription,
  getBriefProfile,
  getSubscription,
  getTopic,
  listBriefDeliveries,
  listSubscriptions,
  type Subscription,
  setBriefProfile,
  updateSubscription,
} from '@pantau/db';
import type { ReportLanguage } from '@pantau/report';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { requireScope } from '../plugins/auth.ts';
import { errorAnswers, KEYED_ERRORS, TopicId } from '../schemas.ts';

const Language = Type.Union([Type.Literal('id'), Type.Literal('en')], { description: 'Language of the brief' });
const Email = Type.String({ format: 'email', maxLength: 320, description: "The user's address the brief is e-mailed to" });
const Webhook = Type.Object(
  {
    url: Type.String({ pattern: '^https?://', maxLength: 2000, description: 'Receives a signed JSON POST' }),
    secret: Type.String({
      minLength: 16,
      maxLength: 200,
      description: 'Key of the HMAC-SHA-256 signature (X-Pantau-Signature); never shown again',
    }),
  },
  { additionalProperties: false },
);
const Status = Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]);
const DeliveryState = Type.Object({
  day: Type.String({ description: 'The report day' }),
  status: Status,
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  sentAt: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
});
const SubscriptionSchema = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  userName: Type.String(),
  topicId: Type.Union([Type.Integer(), Type.Null()], { description: 'The topic whose report is sent; null: all posts' }),
  language: Language,
  channel: Type.Union([Type.Literal('email'), Type.Literal('webhook')]),
  webhook: Type.Union([
    Type.Object({ url: Type.String(), secret: Type.Literal('set', { description: 'The secret is never shown' }) }),
    Type.Null(),
  ]),
  active: Type.Boolean({ description: 'false: paused' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  lastDelivery: Type.Union([DeliveryState, Type.Null()]),
});
const Profile = Type.Object({
  email: Type.Union([Type.String(), Type.Null()]),
  language: Language,
  languageSet: Type.Boolean({ description: 'false: the deployment default (REPORT_LANGUAGE) applies' }),
});
const IdParams = Type.Object({ id: TopicId('Subscription id') });
const TopicField = Type.Union([TopicId('Only this topic'), Type.Null()], { description: "The topic's report; null for all posts" });

const shown = (s: Subscription): Static<typeof SubscriptionSchema> => {
  const { webhookUrl, ...rest } = s;
  return { ...rest, webhook: webhookUrl === null ? null : { url: webhookUrl, secret: 'set' } };
};

const isAdmin = (request: FastifyRequest) => request.apiKey?.scopes.includes('admin') === true;

/** The signed-in user (or the user a key belongs to): subscriptions are a person's own. */
function userOf(request: FastifyRequest): number {
  const user = request.apiKey?.user;
  if (!user) throw new PantauError('FORBIDDEN', 'subscriptions belong to a user: sign in, or use a key made for a user');
  return user.id;
}

/**
 * `/v1/subscriptions`: the signed-in user's subscriptions to the morning brief (any role; admins may list and change
 * everyone's), and their address and language for it.
 */
export const subscriptionRoutes: FastifyPluginAsyncTypebox<{ language?: ReportLanguage | undefined }> = async (app, options) => {
  const read = requireScope(app.db, 'read');
  const fallback: ReportLanguage = options.language ?? 'id';

  const profileOf = async (userId: number): Promise<Static<typeof Profile>> => {
    const p = await getBriefProfile(app.db, userId);
    return { email: p?.email ?? null, language: p?.language ?? fallback, languageSet: p?.language != null };
  };
  /** A subscription the caller may see and change (their own; an admin's: any), else 404. */
  const mine = async (request: FastifyRequest, id: number): Promise<Subscription> => {
    const userId = userOf(request);
    const s = await getSubscription(app.db, id);
    if (!s || (s.userId !== userId && !isAdmin(request))) {
      throw new PantauError('NOT_FOUND', `no subscription ${id}`, { details: { parameter: 'id' } });
    }
    return s;
  };
  const checkTopic = async (topicId: number | null | undefined) => {
    if (topicId !== undefined && topicId !== null && !(await getTopic(app.db, topicId))) {
      throw new PantauError('INVALID_QUERY', `topicId: no topic ${topicId}`, { details: { parameter: 'topicId' } });
    }
  };

  app.get(
    '/v1/subscriptions',
    {
      onRequest: read,
      schema: {
        operationId: 'listSubscriptions',
        tags: ['subscriptions'],
        summary:
          "The caller's morning-brief subscriptions with each one's latest delivery (sent, or failed and why), and their address and language",
        querystring: Type.Object(
          { all: Type.Optional(Type.Boolean({ description: "Everyone's subscriptions (admins only)" })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(SubscriptionSchema), profile: Profile }), ...KEYED_ERRORS },
      },
    },
    async (request) => {
      const userId = userOf(request);
      if (request.query.all && !isAdmin(request)) {
        throw new PantauError('FORBIDDEN', "only an admin lists everyone's subscriptions");
      }
      const list = await listSubscriptions(app.db, request.query.all ? {} : { userId });
      return { data: list.map(shown), profile: await profileOf(userId) };
    },
  );

  app.patch(
    '/v1/subscriptions/profile',
    {
      onRequest: read,
      schema: {
        operationId: 'updateSubscriptionProfile',
        tags: ['subscriptions'],
        summary: "Set the caller's address for e-mailed briefs and their language (null: the deployment default)",
        body: Type.Object(
          { email: Type.Optional(Type.Union([Email, Type.Null()])), language: Type.Optional(Type.Union([Language, Type.Null()])) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Type.Object({ data: Profile }), ...KEYED_ERRORS },
      },
    },
    async (request) => {
      const userId = userOf(request);
      await setBriefProfile(app.db, userId, request.body);
      return { data: await profileOf(userId) };
    },
  );

  app.post(
    '/v1/subscriptions',
    {
      onRequest: read,
      schema: {
        operationId: 'createSubscription',
        tags: ['subscriptions'],
        summary:
          "Subscribe to the morning brief (all posts or one topic) by e-mail to the caller's address or by signed webhook; it is sent once per report day from the next report on",
        body: Type.Object(
          {
            channel: Type.Union([Type.Literal('email'), Type.Literal('webhook')]),
            topicId: Type.Optional(TopicField),
            language: Type.Optional(Language),
            email: Type.Optional(Email),
            webhook: Type.Optional(Webhook),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ data: SubscriptionSchema }), ...KEYED_ERRORS },
      },
    },
    async (request, reply) => {
      const userId = userOf(request);
      const body = request.body;
      await checkTopic(body.topicId);
      if (body.channel === 'webhook') {
        if (!body.webhook)
          throw new PantauError('INVALID_QUERY', 'webhook: url and secret are needed', { details: { parameter: 'webhook' } });
        if (body.email !== undefined) {
          throw new PantauError('INVALID_QUERY', 'email: only for the email channel', { details: { parameter: 'email' } });
        }
      } else {
        if (body.webhook) {
          throw new PantauError('INVALID_QUERY', 'webhook: only for the webhook channel', { details: { parameter: 'webhook' } });
        }
        if (body.email !== undefined) await setBriefProfile(app.db, userId, { email: body.email });
        else if (!(await getBriefProfile(app.db, userId))?.email) {
          throw new PantauError('INVALID_QUERY', 'email: you have no e-mail address yet; give one', { details: { parameter: 'email' } });
        }
      }
      const profile = await profileOf(userId);
      const created = await createSubscription(app.db, {
        userId,
        topicId: body.topicId ?? null,
        language: body.language ?? profile.language,
        channel: body.channel,
        webhook: body.channel === 'webhook' && body.webhook ? body.webhook : null,
      });
      return reply.status(201).send({ data: shown(created) });
    },
  );

  app.patch(
    '/v1/subscriptions/:id',
    {
      onRequest: read,
      schema: {
        operationId: 'updateSubscription',
        tags: ['subscriptions'],
        summary: 'Pause or resume a subscription (a resumed one gets the next report on), or change its topic, language or webhook',
        params: IdParams,
        body: Type.Object(
          {
            topicId: Type.Optional(TopicField),
            language: Type.Optional(Language),
            active: Type.Optional(Type.Boolean({ description: 'false pauses it' })),
            webhook: Type.Optional(Webhook),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Type.Object({ data: SubscriptionSchema }), ...KEYED_ERRORS, ...errorAnswers(404) },
      },
    },
    async (request) => {
      const s = await mine(request, request.params.id);
      await checkTopic(request.body.topicId);
      if (request.body.webhook && s.channel !== 'webhook') {
        throw new PantauError('INVALID_QUERY', 'webhook: this subscription is sent by e-mail', { details: { parameter: 'webhook' } });
      }
      return { data: shown((await updateSubscription(app.db, s.id, request.body)) as Subscription) };
    },
  );

  app.delete(
    '/v1/subscriptions/:id',
    {
      onRequest: read,
      schema: {
        operationId: 'deleteSubscription',
        tags: ['subscriptions'],
        summary: 'Unsubscribe: the subscription and its delivery history are deleted',
        params: IdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...KEYED_ERRORS, ...errorAnswers(404) },
      },
    },
    async (request, reply) => {
      const s = await mine(request, request.params.id);
      await deleteSubscription(app.db, s.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/v1/subscriptions/:id/deliveries',
    {
      onRequest: read,
      schema: {
        operationId: 'listSubscriptionDeliveries',
        tags: ['subscriptions'],
        summary: "A subscription's briefs, newest report day first, with each one's state (pending, sent, failed and why)",
        params: IdParams,
        response: {
          200: Type.Object({
            data: Type.Array(
              Type.Object({
                ...DeliveryState.properties,
                id: Type.Integer(),
                topicId: Type.Union([Type.Integer(), Type.Null()]),
                language: Language,
                channel: Type.Union([Type.Literal('email'), Type.Literal('webhook')]),
              }),
            ),
          }),
          ...KEYED_ERRORS,
          ...errorAnswers(404),
        },
      },
    },
    async (request) => {
      const s = await mine(request, request.params.id);
      const list = await listBriefDeliveries(app.db, s.id);
      return { data: list.map(({ subscriptionId: _, ...d }) => d) };
    },
  );
};
