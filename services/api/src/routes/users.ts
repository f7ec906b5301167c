import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PantauError } from '@pantau/contracts';
import { type Actor, createUser, findUser, listUsers, resetPassword, setUserDisabled, setUserRole } from '@pantau/db';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { requireScope } from '../plugins/auth.ts';
import { errorAnswers, KEYED_ERRORS } from '../schemas.ts';
import { UserSchema } from './auth.ts';

const Role = Type.Union([Type.Literal('viewer'), Type.Literal('analyst'), Type.Literal('admin')]);
const Password = Type.String({ minLength: 1, maxLength: 1000, description: 'At least 10 characters' });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'User id' }) });

/** Who acts, for the audit log: the signed-in user, or the key. */
export function actorOf(request: FastifyRequest): Actor {
  const key = request.apiKey;
  return { keyId: key?.id ?? null, by: key?.user?.name ?? `key:${key?.id ?? 'unknown'}` };
}

/** `/v1/users` (admin): create users, change their role, disable them (their sessions and keys stop at once), reset passwords. */
export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const admin = requireScope(app.db, 'admin');
  const one = async (id: number) => {
    const user = await findUser(app.db, id);
    if (!user) throw new PantauError('NOT_FOUND', `no user ${id}`, { details: { parameter: 'id' } });
    return user;
  };

  app.get(
    '/v1/users',
    {
      onRequest: admin,
      schema: {
        operationId: 'listUsers',
        tags: ['users'],
        summary: 'Every user with role and state',
        response: { 200: Type.Object({ data: Type.Array(UserSchema) }), ...KEYED_ERRORS },
      },
    },
    async () => ({ data: await listUsers(app.db) }),
  );

  app.post(
    '/v1/users',
    {
      onRequest: admin,
      schema: {
        operationId: 'createUser',
        tags: ['users'],
        summary: 'Create a user who signs in with a password',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 64 }), role: Role, password: Password },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ data: UserSchema }), ...KEYED_ERRORS },
      },
    },
    async (request, reply) => reply.status(201).send({ data: await createUser(app.db, request.body, actorOf(request)) }),
  );

  app.patch(
    '/v1/users/:id',
    {
      onRequest: admin,
      schema: {
        operationId: 'updateUser',
        tags: ['users'],
        summary: "Change a user's role, or disable (enable) them: disabling ends their sessions and stops their API keys at once",
        params: IdParams,
        body: Type.Object(
          { role: Type.Optional(Role), disabled: Type.Optional(Type.Boolean()) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Type.Object({ data: UserSchema }), ...KEYED_ERRORS, ...errorAnswers(404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      await one(id);
      const self = request.apiKey?.user?.id === id;
      if (self && (request.body.disabled === true || (request.body.role && request.body.role !== 'admin'))) {
        throw new PantauError('INVALID_INPUT', 'you cannot disable or demote yourself; ask another admin', {
          details: { parameter: 'id' },
        });
      }
      const actor = actorOf(request);
      let user = request.body.role ? await setUserRole(app.db, id, request.body.role, actor) : null;
      if (request.body.disabled !== undefined) user = await setUserDisabled(app.db, id, request.body.disabled, actor);
      // Other instances hear of it through the change feed; this one stops trusting its cached keys now.
      app.auth.forgetKeys();
      return { data: user ?? (await one(id)) };
    },
  );

  app.post(
    '/v1/users/:id/password',
    {
      onRequest: admin,
      schema: {
        operationId: 'resetUserPassword',
        tags: ['users'],
        summary: "Set a user's password: their sessions end and the lockout of their name is lifted",
        params: IdParams,
        body: Type.Object({ password: Password }, { additionalProperties: false }),
        response: { 200: Type.Object({ data: UserSchema }), ...KEYED_ERRORS, ...errorAnswers(404) },
      },
    },
    async (request) => {
      await one(request.params.id);
      return { data: await resetPassword(app.db, request.params.id, request.body.password, actorOf(request)) };
    },
  );
};
