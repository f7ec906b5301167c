import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { COORDINATION_CAVEATS, describeCoordinationMethod, describeEvaluation } from '@pantau/contracts';
import { methodOf } from '@pantau/disclosure';
import { describeValidationMethod, type SentimentModel } from '@pantau/sentiment';
import { Type } from '@sinclair/typebox';
import { requireScope } from '../plugins/auth.ts';
import { KEYED_ERRORS } from '../schemas.ts';

export interface ModelOptions {
  /** Least gold labels inside a window for validated sentiment shares (VALIDATION_MIN_LABELS). */
  validationMinLabels: number;
}

/** The folder's other heads as the disclosure names them: the emotion head and the regional-language head, when present. */
function headsOf(model: SentimentModel) {
  return {
    emotion: model.emotion ? model.emotion.disclosure() : null,
    regional: model.regional
      ? {
          ...model.regional.disclosure(),
          languages: [...model.regional.languages],
          note: 'Posts identified as one of these languages are labelled by this head and counted in the default sentiment shares; language=id gives the Indonesian model alone.',
        }
      : null,
  };
}

/** `GET /v1/model` (the active model's manifest) and `GET /v1/methodology` (method, model, caveats). */
export const modelRoutes: FastifyPluginAsyncTypebox<ModelOptions> = async (app, { validationMinLabels }) => {
  app.get(
    '/v1/model',
    {
      onRequest: requireScope(app.db, 'read'),
      schema: {
        operationId: 'getModel',
        tags: ['method'],
        summary: "The active model's manifest",
        description:
          '`heads` names the emotion head and the regional-language head of the same folder (version, languages, held-out figures). `evaluation` holds the held-out benchmark figures (`heldOut: true`, `role`, dataset, n, macro-F1 with its bootstrap 95% interval, ECE, abstain rate); `development` the dev-split figures that chose temperature, threshold and hyper-parameters; `choices` which set chose what.',
        security: [{ bearer: [] }],
        response: {
          200: Type.Object({
            data: Type.Unknown({ description: 'The model manifest, with the backend that runs it and whether it is the placeholder' }),
          }),
          ...KEYED_ERRORS,
        },
      },
    },
    async () => ({
      data: { ...app.model.manifest, backend: app.model.backend, placeholder: app.model.placeholder, heads: headsOf(app.model) },
    }),
  );
  app.get(
    '/v1/methodology',
    {
      onRequest: requireScope(app.db, 'read'),
      schema: {
        operationId: 'getMethodology',
        tags: ['method'],
        summary: 'How every figure is produced: method, model, interval method, caveats',
        security: [{ bearer: [] }],
        response: {
          200: Type.Object({
            data: Type.Any({ description: 'Method, model, benchmark, uncertainty, coordination, validation and software' }),
          }),
          ...KEYED_ERRORS,
        },
      },
    },
    async () => ({
      data: {
        method: methodOf(app.model),
        model: app.model.disclosure(),
        heads: headsOf(app.model),
        benchmark: {
          figures: app.model.disclosure().evaluation.map(describeEvaluation),
          note: 'Benchmark figures are from held-out sets (SmSA valid, IndoLEM fold-0 dev) that chose nothing: hyper-parameters, temperature and abstain threshold were chosen on a seeded dev split carved from the training files, and the held-out sets were scored once, after training. Posts unlike the training data (reviews and general tweets) may score lower.',
        },
        uncertainty: 'Wilson score interval, 95%, for every share.',
        coordination: {
          method: describeCoordinationMethod(app.coordinationRule),
          rule: app.coordinationRule,
          caveats: COORDINATION_CAVEATS,
          exclusion:
            'Every aggregate accepts excludeCoordinated=true to recompute without the posts in coordinated clusters, or coposting or repeated_text to leave out only the posts that rule flagged.',
        },
        validation: {
          method: describeValidationMethod(),
          minLabels: validationMinLabels,
          perDay:
            'Validated shares are given for the window total only: a sample of a few hundred posts spread over the window leaves too few labels on any one day for a useful interval. Per-day figures stay model-only.',
        },
        software: app.software,
      },
    }),
  );
};
