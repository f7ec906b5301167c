/** An API error in words: the API's own message, or what went wrong with the request. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Calls the Pantau API with the signed-in key (kept in session storage, never in the URL); a body makes it a JSON POST. */
export async function api<T>(path: string, key: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }),
      headers: {
        authorization: `Bearer ${key}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
    });
  } catch {
    throw new ApiError('The Pantau API cannot be reached.', 0, 'NETWORK');
  }
  const answer = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!response.ok) throw new ApiError(answer?.error?.message ?? `HTTP ${response.status}`, response.status, answer?.error?.code ?? 'HTTP');
  return answer as T;
}

export const KEY_STORAGE = 'pantau.apiKey';
