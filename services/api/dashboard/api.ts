import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './api-types.ts';

/** An API error in words: the API's own message, or what went wrong with the request. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    /** The API's `error.details` (for bad input: the parameter, and for a topic query the position and text there). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The typed client of the Pantau API: paths, parameters and answers as the API's OpenAPI document states them. */
export type ApiClient = Client<paths>;

/** The JSON body of a successful `GET path`, as the OpenAPI document states it. */
export type Answer<Path extends keyof paths> = paths[Path] extends {
  get: { responses: { 200: { content: { 'application/json': infer Body } } } };
}
  ? Body
  : never;

/** What the dashboard keeps as its "key" when signed in with a session: the cookie carries the credential. */
export const SESSION_KEY = 'session';
let csrfToken = '';

/** Remembers the session's CSRF token, sent with every request made with the session cookie. */
export function rememberCsrfToken(token: string): void {
  csrfToken = token;
}

/** The headers that authenticate a request: the API key, or for a session (cookie) its CSRF token. */
export function authHeaders(key: string): Record<string, string> {
  return key === SESSION_KEY ? { 'x-csrf-token': csrfToken } : { authorization: `Bearer ${key}` };
}

/** A client that calls the API with the signed-in key (kept in session storage, never in the URL) or session. */
export function apiClient(key: string): ApiClient {
  return createClient<paths>({
    baseUrl: window.location.origin,
    headers: { ...authHeaders(key), accept: 'application/json' },
  });
}

/** The body of a successful call; otherwise an ApiError with the API's own message and code. */
export async function answer<Data>(call: Promise<{ data?: Data; error?: unknown; response: Response }>): Promise<Data> {
  let result: { data?: Data; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiError('The Pantau API cannot be reached.', 0, 'NETWORK');
  }
  const { data, error, response } = result;
  if (response.ok && data !== undefined) return data;
  const body = (typeof error === 'object' ? error : null) as Partial<components['schemas']['Error']> | null;
  throw new ApiError(body?.error?.message ?? `HTTP ${response.status}`, response.status, body?.error?.code ?? 'HTTP', body?.error?.details);
}

export const KEY_STORAGE = 'pantau.apiKey';
