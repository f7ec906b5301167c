import { PLATFORMS } from '@pantau/contracts';
import { Type } from '@sinclair/typebox';

/** Largest value of a Postgres `integer` column (topic ids are `serial`): a larger id is a 400, never sent to SQL. */
export const PG_INTEGER_MAX = 2_147_483_647;

/** A topic id, bounded to what the database can hold (so a huge id is refused by name, not echoed rounded). */
export const TopicId = (description: string) => Type.Integer({ minimum: 1, maximum: PG_INTEGER_MAX, description });

/** Query parameters shared by aggregate endpoints. */
export const WindowQuery = {
  from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'First day (Asia/Jakarta), YYYY-MM-DD' })),
  to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Last day (Asia/Jakarta), YYYY-MM-DD' })),
  platform: Type.Optional(
    Type.Union(
      PLATFORMS.map((p) => Type.Literal(p)),
      { description: 'Only posts from this platform' },
    ),
  ),
  topic: Type.Optional(TopicId('Only posts tagged with this topic id')),
  excludeCoordinated: Type.Optional(
    Type.Boolean({ description: 'Recompute without the posts in coordinated clusters (the share is in disclosure.coordination)' }),
  ),
};

/** The disclosure envelope, loosely typed in the OpenAPI document (its fields are described in the README). */
export const DisclosureSchema = Type.Object(
  {
    model: Type.Any({
      description:
        'The model behind the labels (ModelDisclosure in @pantau/contracts); `evaluation` holds its held-out benchmark figures: dataset, n, macroF1, macroF1CI, ece, abstainRate, heldOut, role',
    }),
    method: Type.Any(),
    window: Type.Any(),
    population: Type.Any(),
    coverage: Type.Any(),
    uncertainty: Type.Any(),
    coordination: Type.Optional(Type.Any()),
    validation: Type.Optional(Type.Any({ description: 'Whether the sentiment shares are validated by human labels (see README)' })),
    caveats: Type.Array(Type.String()),
    software: Type.Any(),
    generatedAt: Type.String(),
  },
  { description: 'How every number in `data` was produced' },
);

/** A share with its Wilson 95% interval and the numbers behind it. */
export const ShareSchema = Type.Object({
  share: Type.Union([Type.Number(), Type.Null()]),
  low: Type.Union([Type.Number(), Type.Null()]),
  high: Type.Union([Type.Number(), Type.Null()]),
  successes: Type.Integer(),
  trials: Type.Integer(),
});

/** Error body of every failed request. */
export const ErrorSchema = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), parameter: Type.Optional(Type.String()) }),
});
