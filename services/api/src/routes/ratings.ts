import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ratingAgreement } from '@pantau/db';
import { Type } from '@sinclair/typebox';
import { aggregate } from '../aggregate.ts';
import { requireScope } from '../plugins/auth.ts';
import { DisclosureRef, errorAnswers, KEYED_ERRORS, WindowQuery } from '../schemas.ts';

const Share = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });
const LabelCounts = Type.Object(
  { negative: Type.Integer(), neutral: Type.Integer(), positive: Type.Integer(), uncertain: Type.Integer() },
  { description: 'The model labels of the reviews that gave these stars' },
);

const AgreementSchema = Type.Object({
  app: Type.Union([Type.String(), Type.Null()], { description: "The app's package; null for reviews stored without one" }),
  reviews: Type.Integer({ description: 'Rated reviews labelled by the active model in the window' }),
  uncertain: Type.Integer({ description: 'Reviews the model left uncertain (not in the share)' }),
  agree: Type.Integer({ description: "Confident labels matching the stars' sentiment (1–2 negative, 3 neutral, 4–5 positive)" }),
  share: Share('agree / (reviews − uncertain); null without a confident label'),
  low: Share('Lower end of the Wilson 95% interval of the share'),
  high: Share('Upper end of the Wilson 95% interval of the share'),
  byStars: Type.Object(
    { 1: LabelCounts, 2: LabelCounts, 3: LabelCounts, 4: LabelCounts, 5: LabelCounts },
    { description: 'Model labels per star count' },
  ),
});

const METHOD =
  "Each rated app review's stars are read as a sentiment (1–2 negative, 3 neutral, 4–5 positive) and compared with the model's label of " +
  'the review text; the share is over confident labels, with a Wilson 95% interval. A weak in-domain check: stars rate the app, the text ' +
  'may be about something else; the annotation tasks are the evaluation.';

/** `GET /v1/ratings/agreement`: per app, how far reviewers' stars and the model's labels of their reviews agree. */
export const ratingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/ratings/agreement',
    {
      onRequest: requireScope(app.db, 'read'),
      schema: {
        operationId: 'getRatingAgreement',
        tags: ['model'],
        summary: "Per app, agreement between reviewers' stars and the model's labels of the same reviews (a weak in-domain check)",
        security: [{ bearer: [] }],
        querystring: Type.Object({ ...WindowQuery }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            data: Type.Object({
              method: Type.String({ description: 'How the stars are compared with the labels, and what the check is worth' }),
              modelVersion: Type.String({
                description:
                  'The active model; each review is compared under its current label, of the model version that labelled it last',
              }),
              apps: Type.Array(AgreementSchema),
            }),
            disclosure: DisclosureRef,
          }),
          ...KEYED_ERRORS,
          ...errorAnswers(404),
        },
      },
    },
    // The disclosure's queries run beside the agreement's own.
    async (request) =>
      aggregate(app, request.query, { route: 'ratings/agreement', alongside: true }, async (window) => {
        const modelVersion = app.model.manifest.version;
        const apps = await ratingAgreement(app.db, { ...window, modelVersion });
        return { data: { method: METHOD, modelVersion, apps } };
      }),
  );
};
