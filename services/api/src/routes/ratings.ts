import { ratingAgreement } from '@pantau/db';
import { Type } from '@sinclair/typebox';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { buildDisclosure } from '../disclosure.ts';
import { requireScope } from '../plugins/auth.ts';
import { DisclosureSchema, WindowQuery } from '../schemas.ts';
import { resolveWindow } from '../window.ts';

const Share = Type.Union([Type.Number(), Type.Null()]);
const LabelCounts = Type.Object({ negative: Type.Integer(), neutral: Type.Integer(), positive: Type.Integer(), uncertain: Type.Integer() });

const AgreementSchema = Type.Object({
  app: Type.Union([Type.String(), Type.Null()], { description: "The app's package" }),
  reviews: Type.Integer({ description: 'Rated reviews labelled by the active model in the window' }),
  uncertain: Type.Integer({ description: 'Reviews the model left uncertain (not in the share)' }),
  agree: Type.Integer({ description: "Confident labels matching the stars' sentiment (1–2 negative, 3 neutral, 4–5 positive)" }),
  share: Share,
  low: Share,
  high: Share,
  byStars: Type.Object({ 1: LabelCounts, 2: LabelCounts, 3: LabelCounts, 4: LabelCounts, 5: LabelCounts }),
});

const METHOD =
  "Each rated app review's stars are read as a sentiment (1–2 negative, 3 neutral, 4–5 positive) and compared with the model's label of " +
  'the review text; the share is over confident labels, with a Wilson 95% interval. A weak in-domain check: stars rate the app, the text ' +
  'may be about something else; the annotation tasks are the evaluation.';

/** `GET /v1/ratings/agreement`: per app, how far reviewers' stars and the model's labels of their reviews agree. */
export function ratingRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/v1/ratings/agreement',
    {
      onRequest: requireScope(ctx.db, 'read'),
      schema: {
        tags: ['model'],
        summary: "Per app, agreement between reviewers' stars and the model's labels of the same reviews (a weak in-domain check)",
        security: [{ bearer: [] }],
        querystring: Type.Object({ ...WindowQuery }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            data: Type.Object({ method: Type.String(), modelVersion: Type.String(), apps: Type.Array(AgreementSchema) }),
            disclosure: DisclosureSchema,
          }),
        },
      },
    },
    async (request) => {
      const window = await resolveWindow(ctx, request.query);
      const [apps, disclosure] = await Promise.all([
        ratingAgreement(ctx.db, { ...window, modelVersion: ctx.model.manifest.version }),
        buildDisclosure(ctx, ctx.model, ctx.software, window, ctx.coordinationRule),
      ]);
      return { data: { method: METHOD, modelVersion: ctx.model.manifest.version, apps }, disclosure };
    },
  );
}
