import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RULE_PARAMS } from '@pantau/alerts';
import { PantauError } from '@pantau/contracts';
import {
  ALERT_KINDS,
  type AlertChannel,
  type AlertRule,
  type AlertRuleInput,
  createAlertRule,
  deleteAlertRule,
  getAlertRule,
  getTopic,
  listAlertRules,
  listAlerts,
  updateAlertRule,
} from '@pantau/db';
import { type Static, Type } from '@sinclair/typebox';
import { requireScope } from '../plugins/auth.ts';
import { errorAnswers, KEYED_ERRORS, TopicId } from '../schemas.ts';

const HHMM = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM, Asia/Jakarta' });
const Kind = Type.Union(
  [Type.Literal('spike'), Type.Literal('negative_rise'), Type.Literal('volume_jump'), Type.Literal('coverage_failure')],
  {
    description:
      'spike: the published spike rule on today so far; negative_rise: negative share up against the 7 days before; volume_jump: posts today against the 7-day mean; coverage_failure: a connector run ended with an error',
  },
);
// The schema lists every kind the store knows (a compile error otherwise).
export const ALERT_KIND_VALUES: readonly Static<typeof Kind>[] = ALERT_KINDS;
const Params = Type.Record(Type.String(), Type.Number(), {
  description: `Thresholds of the kind; defaults: ${JSON.stringify(RULE_PARAMS)}`,
});
const ChannelIn = Type.Union([
  Type.Object({ type: Type.Literal('email'), to: Type.String({ format: 'email', maxLength: 320 }) }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('webhook'),
      url: Type.String({ pattern: '^https?://', maxLength: 2000, description: 'Receives a signed JSON POST' }),
      secret: Type.String({
        minLength: 16,
        maxLength: 200,
        description: 'Key of the HMAC-SHA-256 signature (X-Pantau-Signature); never shown again',
      }),
    },
    { additionalProperties: false },
  ),
]);
const ChannelOut = Type.Union([
  Type.Object({ type: Type.Literal('email'), to: Type.String() }),
  Type.Object({
    type: Type.Literal('webhook'),
    url: Type.String(),
    secret: Type.Literal('set', { description: 'The secret is never shown' }),
  }),
]);
const QuietHours = Type.Union([Type.Object({ from: HHMM, to: HHMM }, { additionalProperties: false }), Type.Null()], {
  description: 'E-mail and webhook deliveries detected in these hours wait until they end (from > to spans midnight)',
});
const RuleFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  topicId: Type.Union([TopicId('Only this topic'), Type.Null()], { description: 'Only this topic; null for all posts' }),
  kind: Kind,
  params: Params,
  quietHours: QuietHours,
  minIntervalMinutes: Type.Integer({ minimum: 0, maximum: 10_080, description: 'Least minutes between two alerts of the rule' }),
  language: Type.Union([Type.Literal('id'), Type.Literal('en')], { description: 'Language of the alert text' }),
  enabled: Type.Boolean(),
};
const RuleSchema = Type.Object({
  id: Type.Integer(),
  ...RuleFields,
  channels: Type.Array(ChannelOut),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const RuleBody = Type.Object(
  {
    name: RuleFields.name,
    kind: RuleFields.kind,
    topicId: Type.Optional(RuleFields.topicId),
    params: Type.Optional(RuleFields.params),
    quietHours: Type.Optional(RuleFields.quietHours),
    minIntervalMinutes: Type.Optional(RuleFields.minIntervalMinutes),
    language: Type.Optional(RuleFields.language),
    enabled: Type.Optional(RuleFields.enabled),
    channels: Type.Array(ChannelIn, { maxItems: 20, description: 'Where alerts go besides the dashboard list' }),
  },
  { additionalProperties: false },
);
const RulePatch = Type.Partial(RuleBody, { additionalProperties: false, minProperties: 1 });
const IdParams = Type.Object({ id: TopicId('Alert rule id') });

const Example = Type.Object({
  platform: Type.String(),
  publishedAt: Type.String(),
  text: Type.Union([Type.String(), Type.Null()]),
  url: Type.Union([Type.String(), Type.Null()]),
  label: Type.String(),
});
const AlertSchema = Type.Object({
  id: Type.Integer(),
  ruleId: Type.Integer(),
  ruleName: Type.String(),
  kind: Kind,
  topicId: Type.Union([Type.Integer(), Type.Null()]),
  eventKey: Type.String({ description: 'The event within the rule: one alert per rule and event' }),
  day: Type.String(),
  detectedAt: Type.String(),
  headline: Type.Object({ id: Type.String(), en: Type.String() }),
  numbers: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Null()]), { description: 'What the rule compared' }),
  examples: Type.Array(Example),
  link: Type.String({ description: 'The dashboard view of the event' }),
  method: Type.String({ description: 'The rule in words' }),
  deliveries: Type.Array(
    Type.Object({
      channel: Type.Union([Type.Literal('email'), Type.Literal('webhook')]),
      target: Type.String({ description: 'The address, masked: an e-mail domain or a webhook origin' }),
      status: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]),
      attempts: Type.Integer(),
      nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
      lastError: Type.Union([Type.String(), Type.Null()]),
      sentAt: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

/** A delivery target as readers see it: who receives alerts is not everyone's business, and webhook paths are secrets. */
const masked = (channel: 'email' | 'webhook', target: string) => {
  if (channel === 'email') return `…@${target.split('@')[1] ?? ''}`;
  try {
    return `${new URL(target).origin}/…`;
  } catch {
    return '…';
  }
};

const shown = (rule: AlertRule): Static<typeof RuleSchema> => ({
  ...rule,
  channels: rule.channels.map((c) => (c.type === 'email' ? c : { type: 'webhook', url: c.url, secret: 'set' as const })),
});

const notFound = (id: number) => new PantauError('NOT_FOUND', `no alert rule ${id}`, { details: { parameter: 'id' } });

/** Checks what the schema cannot: the topic exists, the params belong to the kind. */
async function check(app: Parameters<FastifyPluginAsyncTypebox>[0], rule: Partial<AlertRuleInput>, kind: AlertRule['kind']): Promise<void> {
  if (rule.topicId !== undefined && rule.topicId !== null && !(await getTopic(app.db, rule.topicId))) {
    throw new PantauError('INVALID_QUERY', `topicId: no topic ${rule.topicId}`, { details: { parameter: 'topicId' } });
  }
  const known = Object.keys(RULE_PARAMS[kind]);
  for (const [name, value] of Object.entries(rule.params ?? {})) {
    if (!known.includes(name)) {
      throw new PantauError('INVALID_QUERY', `params.${name}: not a threshold of ${kind} (${known.join(', ') || 'none'})`, {
        details: { parameter: `params.${name}` },
      });
    }
    if (!(value > 0))
      throw new PantauError('INVALID_QUERY', `params.${name}: a positive number`, { details: { parameter: `params.${name}` } });
  }
}

/** `/v1/alerts` (read) and `/v1/alert-rules` (admin): what fired and where it went; the rules. */
export const alertRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const admin = requireScope(app.db, 'admin');
  const read = requireScope(app.db, 'read');
  app.get(
    '/v1/alerts',
    {
      onRequest: read,
      schema: {
        operationId: 'listAlerts',
        tags: ['alerts'],
        summary: 'Alerts newest first, with the state of every delivery (pending, sent, failed and why)',
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            rule: Type.Optional(TopicId('Only this rule')),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(AlertSchema) }), ...KEYED_ERRORS },
      },
    },
    async (request) => {
      const alerts = await listAlerts(app.db, { limit: request.query.limit ?? 50, ruleId: request.query.rule });
      return {
        data: alerts.map((a) => {
          const p = a.payload as unknown as Pick<Static<typeof AlertSchema>, 'headline' | 'numbers' | 'examples' | 'link' | 'method'>;
          return {
            ...a,
            headline: p.headline,
            numbers: p.numbers,
            examples: p.examples,
            link: p.link,
            method: p.method,
            deliveries: a.deliveries.map((d) => ({ ...d, target: masked(d.channel, d.target) })),
          };
        }),
      };
    },
  );
  app.get(
    '/v1/alert-rules',
    {
      onRequest: admin,
      schema: {
        operationId: 'listAlertRules',
        tags: ['alerts'],
        summary: 'Alert rules',
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ data: Type.Array(RuleSchema) }), ...KEYED_ERRORS },
      },
    },
    async () => ({ data: (await listAlertRules(app.db)).map(shown) }),
  );
  app.post(
    '/v1/alert-rules',
    {
      onRequest: admin,
      schema: {
        operationId: 'createAlertRule',
        tags: ['alerts'],
        summary: 'Create an alert rule',
        security: [{ bearer: [] }],
        body: RuleBody,
        response: { 201: Type.Object({ data: RuleSchema }), ...KEYED_ERRORS },
      },
    },
    async (request, reply) => {
      const body = request.body;
      await check(app, body, body.kind);
      const rule = await createAlertRule(app.db, {
        name: body.name,
        kind: body.kind,
        topicId: body.topicId ?? null,
        params: body.params ?? {},
        quietHours: body.quietHours ?? null,
        minIntervalMinutes: body.minIntervalMinutes ?? 60,
        language: body.language ?? 'id',
        enabled: body.enabled ?? true,
        channels: body.channels as AlertChannel[],
      });
      return reply.status(201).send({ data: shown(rule) });
    },
  );
  app.patch(
    '/v1/alert-rules/:id',
    {
      onRequest: admin,
      schema: {
        operationId: 'updateAlertRule',
        tags: ['alerts'],
        summary: 'Change an alert rule (channels are replaced as a whole)',
        security: [{ bearer: [] }],
        params: IdParams,
        body: RulePatch,
        response: { 200: Type.Object({ data: RuleSchema }), ...KEYED_ERRORS, ...errorAnswers(404) },
      },
    },
    async (request) => {
      const current = await getAlertRule(app.db, request.params.id);
      if (!current) throw notFound(request.params.id);
      const { channels, ...rest } = request.body;
      await check(app, { ...rest, params: rest.params ?? (rest.kind ? current.params : {}) }, rest.kind ?? current.kind);
      const rule = await updateAlertRule(app.db, current.id, { ...rest, ...(channels ? { channels: channels as AlertChannel[] } : {}) });
      if (!rule) throw notFound(request.params.id);
      return { data: shown(rule) };
    },
  );
  app.delete(
    '/v1/alert-rules/:id',
    {
      onRequest: admin,
      schema: {
        operationId: 'deleteAlertRule',
        tags: ['alerts'],
        summary: 'Delete an alert rule with its alerts',
        security: [{ bearer: [] }],
        params: IdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...KEYED_ERRORS, ...errorAnswers(404) },
      },
    },
    async (request, reply) => {
      if (!(await deleteAlertRule(app.db, request.params.id))) throw notFound(request.params.id);
      return reply.status(204).send(null);
    },
  );
};
