import { COORDINATION_CAVEATS, describeCoordinationMethod, describeEvaluation } from '@pantau/contracts';
import { describeValidationMethod } from '@pantau/sentiment';
import { Type } from '@sinclair/typebox';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { methodOf } from '../disclosure.ts';
import { requireScope } from '../plugins/auth.ts';

/** `GET /v1/model` (the active model's manifest) and `GET /v1/methodology` (method, model, caveats). */
export function modelRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/v1/model',
    {
      onRequest: requireScope(ctx.db, 'read'),
      schema: {
        tags: ['method'],
        summary: "The active model's manifest",
        description:
          '`evaluation` holds the held-out benchmark figures (`heldOut: true`, `role`, dataset, n, macro-F1 with its bootstrap 95% interval, ECE, abstain rate); `development` the dev-split figures that chose temperature, threshold and hyper-parameters; `choices` which set chose what.',
        security: [{ bearer: [] }],
      },
    },
    async () => ({ data: { ...ctx.model.manifest, backend: ctx.model.backend, placeholder: ctx.model.placeholder } }),
  );
  app.get(
    '/v1/methodology',
    {
      onRequest: requireScope(ctx.db, 'read'),
      schema: {
        tags: ['method'],
        summary: 'How every figure is produced: method, model, interval method, caveats',
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ data: Type.Any() }) },
      },
    },
    async () => ({
      data: {
        method: methodOf(ctx.model),
        model: ctx.model.disclosure(),
        benchmark: {
          figures: ctx.model.disclosure().evaluation.map(describeEvaluation),
          note: 'Benchmark figures are from held-out sets (SmSA valid, IndoLEM fold-0 dev) that chose nothing: hyper-parameters, temperature and abstain threshold were chosen on a seeded dev split carved from the training files, and the held-out sets were scored once, after training. Posts unlike the training data (reviews and general tweets) may score lower.',
        },
        uncertainty: 'Wilson score interval, 95%, for every share.',
        coordination: {
          method: describeCoordinationMethod(ctx.coordinationRule ?? null),
          rule: ctx.coordinationRule ?? null,
          caveats: COORDINATION_CAVEATS,
          exclusion: 'Every aggregate accepts excludeCoordinated=true to recompute without the posts in coordinated clusters.',
        },
        validation: {
          method: describeValidationMethod(),
          minLabels: ctx.validationMinLabels ?? 100,
          perDay:
            'Validated shares are given for the window total only: a sample of a few hundred posts spread over the window leaves too few labels on any one day for a useful interval. Per-day figures stay model-only.',
        },
        software: ctx.software,
      },
    }),
  );
}
