import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EMOTION_CLASSES, PantauError } from '@pantau/contracts';
import { type EmotionPeriod, emotionSeries, population } from '@pantau/db';
import { emotionDisclosureOf, wilsonInterval } from '@pantau/disclosure';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { aggregate } from '../aggregate.ts';
import { requireScope } from '../plugins/auth.ts';
import { DisclosureRef, errorAnswers, Granularity, KEYED_ERRORS, ShareSchema, WindowQuery } from '../schemas.ts';
import type { ResolvedWindow } from '../window.ts';

const Counts = Type.Object(
  Object.fromEntries(EMOTION_CLASSES.map((c) => [c, Type.Integer()])) as Record<
    (typeof EMOTION_CLASSES)[number],
    ReturnType<typeof Type.Integer>
  >,
);
const Shares = Type.Object(
  Object.fromEntries(EMOTION_CLASSES.map((c) => [c, ShareSchema])) as Record<(typeof EMOTION_CLASSES)[number], typeof ShareSchema>,
  { description: 'Share of the answered posts per emotion, Wilson 95%' },
);
const EmotionPeriodSchema = Type.Object({
  period: Type.String({ description: 'Day (or Monday of the ISO week), Asia/Jakarta; the window for the total' }),
  posts: Type.Integer({ description: 'Posts with an emotion label, abstained included' }),
  abstained: Type.Integer({ description: 'Posts labelled uncertain (below the abstain threshold)' }),
  answered: Type.Integer({ description: 'Posts with an emotion: the denominator of the shares' }),
  counts: Counts,
  shares: Shares,
});

/** Counts of a period in the published shape: counts, abstained, answered, Wilson shares over answered posts. */
export function describeEmotionPeriod(period: string, c: Omit<EmotionPeriod, 'period'>) {
  const answered = EMOTION_CLASSES.reduce((s, k) => s + c[k], 0);
  return {
    period,
    posts: c.posts,
    abstained: c.uncertain,
    answered,
    counts: Object.fromEntries(EMOTION_CLASSES.map((k) => [k, c[k]])) as Record<(typeof EMOTION_CLASSES)[number], number>,
    shares: Object.fromEntries(EMOTION_CLASSES.map((k) => [k, wilsonInterval(c[k], answered)])) as Record<
      (typeof EMOTION_CLASSES)[number],
      ReturnType<typeof wilsonInterval>
    >,
  };
}

/** `GET /v1/emotions`: posts per emotion per day (or week) with Wilson intervals, and the emotion head in the disclosure. */
export const emotionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/emotions',
    {
      onRequest: requireScope(app.db, 'read'),
      schema: {
        operationId: 'getEmotions',
        tags: ['aggregates'],
        summary: 'Emotions (anger, fear, happy, love, sadness) per day (or week) with Wilson 95% intervals',
        security: [{ bearer: [] }],
        querystring: Type.Object({ ...WindowQuery, granularity: Type.Optional(Granularity) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            data: Type.Object({
              series: Type.Array(EmotionPeriodSchema, { description: 'Model-only figures per period' }),
              total: Type.Object(EmotionPeriodSchema.properties, { description: 'The window total' }),
            }),
            disclosure: DisclosureRef,
          }),
          ...KEYED_ERRORS,
          ...errorAnswers(404, 503),
        },
      },
    },
    async (request) => aggregate(app, request.query, { route: 'emotions' }, (window) => emotionFigures(app, window)),
  );
};

/** The figures of `GET /v1/emotions` for a resolved window, and the emotion part of its disclosure. */
async function emotionFigures(app: FastifyInstance, window: ResolvedWindow) {
  const head = app.model.emotion;
  if (!head) {
    throw new PantauError(
      'MODEL_UNAVAILABLE',
      'the active model has no emotion head (models/<version>/emotion/): run `pantau train --emotions-only`',
    );
  }
  const modelVersion = app.model.manifest.version;
  const [rows, counted] = await Promise.all([
    emotionSeries(app.db, { ...window, modelVersion: head.manifest.version }),
    population(app.db, { ...window, modelVersion }),
  ]);
  const total = rows.reduce<Omit<EmotionPeriod, 'period'>>(
    (t, r) => {
      for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += r[k];
      return t;
    },
    { posts: 0, anger: 0, fear: 0, happy: 0, love: 0, sadness: 0, uncertain: 0 },
  );
  return {
    data: {
      series: rows.map((r) => describeEmotionPeriod(r.period, r)),
      total: describeEmotionPeriod(`${window.from}/${window.to}`, total),
    },
    known: {
      population: counted,
      emotion: emotionDisclosureOf(head.disclosure(), head.manifest, {
        posts: total.posts,
        uncertain: total.uncertain,
        postsCounted: counted.postsCounted,
      }),
    },
  };
}
