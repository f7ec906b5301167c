import { ERROR_CODES, PLATFORMS } from '@pantau/contracts';
import { type Disclosure, DisclosureSchema, ShareIntervalSchema } from '@pantau/disclosure/schema';
import { type Static, type StringOptions, type TUnsafe, Type } from '@sinclair/typebox';

/** Largest value of a Postgres `integer` column (topic ids are `serial`): a larger id is a 400, never sent to SQL. */
export const PG_INTEGER_MAX = 2_147_483_647;

/** A topic id, bounded to what the database can hold (so a huge id is refused by name, not echoed rounded). */
export const TopicId = (description: string) => Type.Integer({ minimum: 1, maximum: PG_INTEGER_MAX, description });

/**
 * A string or null, stated with `nullable` rather than as a union: the response serializer writes it with a null check
 * where a union costs a schema validation per value, and the OpenAPI 3.0 document states both alike.
 */
export const NullableString = (options: StringOptions = {}) => Type.Unsafe<string | null>({ ...options, type: 'string', nullable: true });

/** One of a few strings, stated as an `enum` (serialized as a string, where a union of literals is matched one by one). */
export const StringEnum = <T extends string>(values: readonly T[], options: StringOptions = {}) =>
  Type.Unsafe<T>({ ...options, type: 'string', enum: [...values] });

/** Period of a series: a day, or an ISO week (Monday to Sunday). */
export const Granularity = Type.Union([Type.Literal('day'), Type.Literal('week')], { description: 'Period of the series (default day)' });

/** The values of `excludeCoordinated`: both coordination rules' posts left out, or one rule's, or none. */
export const COORDINATED_EXCLUSIONS = ['coposting', 'repeated_text'] as const;

/** `excludeCoordinated` as every endpoint that takes it accepts it. */
export const ExcludeCoordinated = (description: string) =>
  Type.Optional(
    Type.Union([Type.Boolean(), ...COORDINATED_EXCLUSIONS.map((r) => Type.Literal(r))], {
      description: `${description}: true leaves out the posts either coordination rule flagged, coposting only those of co-posting, repeated_text only those of the repeated-text rule (disclosure.coordination.excludedRules says which)`,
    }),
  );

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
  excludeCoordinated: ExcludeCoordinated('Recompute without coordinated posts (the share is in disclosure.coordination)'),
};

/** The `language` filter of the aggregates: stored language codes, comma-separated (`id`, `jav,sun`). */
export const LanguageQuery = {
  language: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        'Only posts stored in these languages, comma-separated: id (Indonesian), jav, sun, min, bjn, bug, ace, ban, mad, nij, bbc ' +
        '(the regional languages, ISO 639-3). Posts in jav, sun, min, bjn, ban and mad are labelled by the regional head ' +
        '(in the shares with or without this filter); posts in bug, ace, nij and bbc have no sentiment class (counted, left out of the shares)',
    }),
  ),
};

/**
 * The disclosure envelope of every aggregate answer, by reference to the shared `Disclosure` schema the app registers
 * (one OpenAPI component, typed and documented field by field in @pantau/disclosure).
 */
export const DisclosureRef = Type.Unsafe<Disclosure>(Type.Ref(DisclosureSchema.$id as 'Disclosure'));

/** A share with its Wilson 95% interval and the numbers behind it. */
export const ShareSchema = ShareIntervalSchema;

/** Error body of every failed request: a code, a message and, for bad input, the parameter at fault. */
export const ErrorSchema = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.Union(
          ERROR_CODES.map((c) => Type.Literal(c)),
          { description: 'What went wrong, as a stable code' },
        ),
        message: Type.String({ description: 'What went wrong and what to change, in words' }),
        parameter: Type.Optional(Type.String({ description: 'The parameter at fault (bad input only)' })),
        details: Type.Optional(
          Type.Record(Type.String(), Type.Unknown(), { description: 'More about a client error (e.g. the position in a topic query)' }),
        ),
      },
      { description: 'The error' },
    ),
  },
  { $id: 'Error', description: 'Error body of every failed request' },
);
export type ErrorAnswer = Static<typeof ErrorSchema>;

const ERROR_ANSWERS = {
  400: 'Invalid input: the parameter at fault is named (`error.parameter`)',
  401: 'Missing, malformed, unknown or revoked API key',
  403: 'The API key lacks the scope this operation needs',
  404: 'The named resource does not exist',
  409: 'Conflicts with a stored resource (a topic name already taken): the parameter at fault is named',
  429: 'Rate limit exceeded; the Retry-After header says when to retry',
  503: 'A service this operation needs is unavailable (the database; for a PDF, headless Chromium)',
} as const;

/** The documented error answers of an operation, each the shared `Error` body. */
export function errorAnswers<Status extends keyof typeof ERROR_ANSWERS>(...statuses: Status[]): Record<Status, TUnsafe<ErrorAnswer>> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      Type.Unsafe<ErrorAnswer>(Type.Ref(ErrorSchema.$id as 'Error', { description: ERROR_ANSWERS[status] })),
    ]),
  ) as Record<Status, TUnsafe<ErrorAnswer>>;
}

/** Error answers of an operation behind an API key: bad input, no key, wrong scope, rate limit. */
export const KEYED_ERRORS = errorAnswers(400, 401, 403, 429);
