import { PLATFORMS } from '@pantau/contracts';
import { Type } from '@sinclair/typebox';

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
  topic: Type.Optional(Type.Integer({ minimum: 1, description: 'Only posts tagged with this topic id' })),
  excludeCoordinated: Type.Optional(
    Type.Boolean({ description: 'Recompute without the posts in coordinated clusters (the share is in disclosure.coordination)' }),
  ),
};

/** The disclosure envelope, loosely typed in the OpenAPI document (its fields are described in the README). */
export const DisclosureSchema = Type.Object(
  {
    model: Type.Any(),
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
