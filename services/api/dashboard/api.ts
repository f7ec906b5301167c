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

/** Calls the Pantau API with the signed-in key (kept in session storage, never in the URL). */
export async function api<T>(path: string, key: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${key}`, accept: 'application/json' } });
  } catch {
    throw new ApiError('The Pantau API cannot be reached.', 0, 'NETWORK');
  }
  const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!response.ok) throw new ApiError(body?.error?.message ?? `HTTP ${response.status}`, response.status, body?.error?.code ?? 'HTTP');
  return body as T;
}

export const KEY_STORAGE = 'pantau.apiKey';
