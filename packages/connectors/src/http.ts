import { PantauError } from '@pantau/contracts';

/** A response the client accepted (2xx or 304): status, headers and the body as text. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
  url: string;
}

/** What a connector makes of a non-2xx answer: the error to raise, and how long to wait when it is a rate limit. */
export interface UpstreamFailure {
  error: PantauError;
  /** For RATE_LIMITED: how long until the platform allows the next call, when it says. */
  retryAfterMs?: number | null;
}

export interface HttpClientOptions {
  /** Connector name, used in error messages. */
  name: string;
  /** Timeout of one attempt (connect, headers and body). */
  timeoutMs?: number;
  /** Attempts after the first on network errors, timeouts and 5xx. */
  retries?: number;
  /** Backoff: full jitter over min(maxDelayMs, baseDelayMs × 2^attempt). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest rate-limit wait honoured in place; a longer one raises RATE_LIMITED (the run stops, the checkpoint stays). */
  maxRateLimitWaitMs?: number;
  /** Rate-limit waits honoured in place per request before giving up. */
  rateLimitRetries?: number;
  /** Requests in flight at once for this connector. */
  concurrency?: number;
  /** Headers on every request (authorization, user agent). */
  headers?: Record<string, string>;
  /** Platform-specific reading of a failed response (Graph error objects); the default reads the status. */
  classify?: (status: number, headers: Headers, body: string) => UpstreamFailure | null;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/** The one HTTP client of the connectors: timeouts, jittered retries, rate-limit waits, a concurrency limit. */
export interface HttpClient {
  /** GETs a URL; resolves with 2xx and 304 answers, throws a coded PantauError otherwise. */
  get(url: string | URL, options?: RequestOptions): Promise<HttpResponse>;
  /** GETs a URL and parses its JSON body. */
  getJson<T = unknown>(url: string | URL, options?: RequestOptions): Promise<{ response: HttpResponse; json: T }>;
  /** POSTs a form (an OAuth token exchange) and parses the JSON answer; retried like a GET. */
  postFormJson<T = unknown>(
    url: string | URL,
    form: Record<string, string>,
    options?: RequestOptions,
  ): Promise<{ response: HttpResponse; json: T }>;
  /** POSTs a JSON body (a value, or its text when already serialized); resolves with the answer as text, retried like a GET. */
  postJson(url: string | URL, body: unknown, options?: RequestOptions): Promise<HttpResponse>;
}

/** A request body and its media type. */
interface RequestBody {
  text: string;
  contentType: string;
}

/** Sleeps `ms`, or rejects as soon as the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Milliseconds to wait from `x-rate-limit-reset` (X: epoch seconds) or `Retry-After` (seconds or an HTTP date). */
export function rateLimitWaitMs(headers: Headers, nowMs: number): number | null {
  const reset = headers.get('x-rate-limit-reset');
  if (reset && /^\d+$/.test(reset.trim())) return Math.max(0, Number(reset) * 1000 - nowMs);
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter.trim())) return Math.max(0, Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs);
  }
  return null;
}

/** The default reading of a failed response: 429 rate limit, 401 expired credentials, 403 forbidden, 5xx upstream. */
export function classifyStatus(name: string, status: number, headers: Headers, body: string, nowMs: number): UpstreamFailure {
  const excerpt = body.slice(0, 300);
  if (status === 429)
    return {
      error: new PantauError('RATE_LIMITED', `${name}: rate limited (429)`, { retryable: true }),
      retryAfterMs: rateLimitWaitMs(headers, nowMs),
    };
  if (status === 401)
    return { error: new PantauError('AUTH_EXPIRED', `${name}: credentials rejected (401): ${excerpt}`, { details: { status } }) };
  if (status === 403) return { error: new PantauError('FORBIDDEN', `${name}: not permitted (403): ${excerpt}`, { details: { status } }) };
  return {
    error: new PantauError('UPSTREAM_ERROR', `${name}: HTTP ${status}: ${excerpt}`, { retryable: status >= 500, details: { status } }),
  };
}

/** A counting semaphore: at most `limit` holders at once, first come first served. */
function semaphore(limit: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return {
    async acquire(): Promise<() => void> {
      if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      else active++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const next = waiting.shift();
        if (next) next();
        else active--;
      };
    },
  };
}

/** Creates the HTTP client of one connector (share it between that connector's queries so the limit holds). */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 15 * 60_000;
  const rateLimitRetries = options.rateLimitRetries ?? 3;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const slots = semaphore(Math.max(1, options.concurrency ?? 2));

  const backoffMs = (attempt: number) => Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));

  type Attempt = { ok: true; response: HttpResponse } | { ok: false; failure: UpstreamFailure };

  async function attempt(url: string, request: RequestOptions & { body?: RequestBody }): Promise<Attempt> {
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (request.signal) signals.push(request.signal);
    let response: Response;
    let body: string;
    try {
      response = await fetch(url, {
        ...(request.body ? { method: 'POST', body: request.body.text } : {}),
        headers: {
          accept: 'application/json',
          ...options.headers,
          ...request.headers,
          ...(request.body ? { 'content-type': request.body.contentType } : {}),
        },
        signal: AbortSignal.any(signals),
        redirect: 'follow',
      });
      body = await response.text();
    } catch (cause) {
      if (request.signal?.aborted) throw request.signal.reason;
      const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
      const message = `${options.name}: ${timedOut ? `no answer within ${timeoutMs} ms` : 'network error'}`;
      return { ok: false, failure: { error: new PantauError('UPSTREAM_ERROR', message, { retryable: true, cause }) } };
    }
    if ((response.status >= 200 && response.status < 300) || response.status === 304)
      return { ok: true, response: { status: response.status, headers: response.headers, body, url: response.url || url } };
    const failure =
      options.classify?.(response.status, response.headers, body) ??
      classifyStatus(options.name, response.status, response.headers, body, now());
    return { ok: false, failure };
  }

  async function get(input: string | URL, request: RequestOptions & { body?: RequestBody } = {}): Promise<HttpResponse> {
    const url = String(input);
    const release = await slots.acquire();
    try {
      let failures = 0;
      let rateLimits = 0;
      for (;;) {
        const result = await attempt(url, request);
        if (result.ok) return result.response;
        const { error, retryAfterMs } = result.failure;
        if (error.code === 'RATE_LIMITED') {
          // Without a stated reset, back off as for a server error.
          const wait = retryAfterMs ?? Math.max(baseDelayMs, backoffMs(rateLimits + 1));
          if (rateLimits >= rateLimitRetries || wait > maxRateLimitWaitMs)
            throw new PantauError('RATE_LIMITED', `${error.message}; retry after ${Math.ceil(wait / 1000)} s`, {
              retryable: true,
              cause: error,
              details: { retryAfterMs: wait, retryAt: new Date(now() + wait).toISOString() },
            });
          rateLimits++;
          // A little past the reset, so the next call does not land just before it.
          await sleep(wait + 250, request.signal);
          continue;
        }
        if (!error.retryable || failures >= retries) throw error;
        await sleep(backoffMs(failures), request.signal);
        failures++;
      }
    } finally {
      release();
    }
  }

  const parseJson = <T>(response: HttpResponse) => {
    try {
      return { response, json: JSON.parse(response.body) as T };
    } catch (cause) {
      throw new PantauError('UPSTREAM_ERROR', `${options.name}: the answer is not JSON`, { retryable: false, cause });
    }
  };

  return {
    get,
    async getJson<T>(input: string | URL, request: RequestOptions = {}) {
      return parseJson<T>(await get(input, request));
    },
    async postFormJson<T>(input: string | URL, form: Record<string, string>, request: RequestOptions = {}) {
      const body = { text: new URLSearchParams(form).toString(), contentType: 'application/x-www-form-urlencoded' };
      return parseJson<T>(await get(input, { ...request, body }));
    },
    postJson(input: string | URL, body: unknown, request: RequestOptions = {}) {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      return get(input, { ...request, body: { text, contentType: 'application/json' } });
    },
  };
}
