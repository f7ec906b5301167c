/** Every error code Pantau raises; the API maps them to HTTP statuses in one place. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'INVALID_QUERY',
  'NOT_FOUND',
  // A write that would break a uniqueness rule (a second topic of the same name).
  'CONFLICT',
  // A label or adjudication for a post that is not in the task's sample.
  'NOT_IN_TASK',
  'UNAUTHORIZED',
  'FORBIDDEN',
  // A write with a session cookie but without the session's CSRF token (x-csrf-token).
  'CSRF_INVALID',
  'RATE_LIMITED',
  'AUTH_EXPIRED',
  'UPSTREAM_ERROR',
  'PAYLOAD_TOO_LARGE',
  'INVALID_TEXT',
  'URI_TOO_LONG',
  'HEADERS_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'REQUEST_TIMEOUT',
  'DB_UNAVAILABLE',
  'BROKER_UNAVAILABLE',
  'MODEL_UNAVAILABLE',
  // Headless Chromium, which prints the report as PDF, could not be started.
  'RENDERER_UNAVAILABLE',
  'CONFIG_INVALID',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The one error class of Pantau: a code, whether retrying can help, and the underlying cause. */
export class PantauError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { retryable?: boolean; cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PantauError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

/** True when an error is a PantauError (also across module copies). */
export function isPantauError(error: unknown): error is PantauError {
  return error instanceof Error && error.name === 'PantauError' && 'code' in error;
}
