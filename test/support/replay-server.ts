import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** One recorded exchange: which request it answers and the response to replay. */
export interface ReplayRoute {
  request: {
    method?: string;
    path: string;
    /** Query parameters that must be present with these values; `null` means "must be absent". */
    query?: Record<string, string | null>;
    /** Request headers that must be present with these values (lower-case names). */
    headers?: Record<string, string>;
    /** Top-level fields a JSON request body must hold with these values; `null` means "must be absent". */
    json?: Record<string, unknown>;
  };
  response: {
    status?: number;
    headers?: Record<string, string>;
    /** A file beside the manifest (JSON or XML), or an inline body. */
    file?: string;
    body?: unknown;
    /** Answer after this long (a slow or hanging platform). */
    delayMs?: number;
  };
  /** Answer only this many times (then the next matching route answers), e.g. a 429 before the page. */
  times?: number;
}

/** A request the fake server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  /** The request body as text (empty for a GET). */
  body: string;
}

/** A local stand-in for a platform API: replays recorded responses by path and query, and records the requests. */
export interface ReplayServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Adds routes in front of the recorded ones (they match first). */
  prepend(...routes: ReplayRoute[]): void;
  close(): Promise<void>;
}

/** Reads a fixture folder's `replay.json` (an array of routes; files relative to the folder). */
export function loadReplayRoutes(dir: string): ReplayRoute[] {
  const routes = JSON.parse(readFileSync(join(dir, 'replay.json'), 'utf8')) as ReplayRoute[];
  return routes.map((r) => (r.response.file ? { ...r, response: { ...r.response, file: join(dir, r.response.file) } } : r));
}

function jsonBodyMatches(expected: Record<string, unknown>, body: string): boolean {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return false;
  }
  return Object.entries(expected).every(([name, value]) =>
    value === null ? parsed[name] === undefined : JSON.stringify(parsed[name]) === JSON.stringify(value),
  );
}

function matches(
  route: ReplayRoute,
  method: string,
  path: string,
  query: URLSearchParams,
  headers: IncomingMessage['headers'],
  body: string,
) {
  if ((route.request.method ?? 'GET') !== method || route.request.path !== path) return false;
  for (const [name, value] of Object.entries(route.request.query ?? {})) {
    if (value === null ? query.has(name) : query.get(name) !== value) return false;
  }
  for (const [name, value] of Object.entries(route.request.headers ?? {})) if (headers[name] !== value) return false;
  return !route.request.json || jsonBodyMatches(route.request.json, body);
}

/** Starts the fake server on 127.0.0.1 and a free port; `${baseUrl}` appears in bodies as `{{baseUrl}}`. */
export async function startReplayServer(routes: ReplayRoute[]): Promise<ReplayServer> {
  const table = routes.map((r) => ({ ...r, used: 0 }));
  const requests: RecordedRequest[] = [];
  let baseUrl = '';
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://replay');
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const requestBody = Buffer.concat(chunks).toString('utf8');
    requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body: requestBody });
    const route = table.find(
      (r) => (r.times === undefined || r.used < r.times) && matches(r, method, url.pathname, url.searchParams, req.headers, requestBody),
    );
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `no recorded response for ${method} ${url.pathname}${url.search}` }));
      return;
    }
    route.used++;
    const { status = 200, headers = {}, file, body, delayMs = 0 } = route.response;
    const text = file ? readFileSync(file, 'utf8') : body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    const type = file?.endsWith('.xml') ? 'application/xml; charset=utf-8' : 'application/json; charset=utf-8';
    const answer = () => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': type, ...headers });
      res.end(status === 304 ? undefined : text.replaceAll('{{baseUrl}}', baseUrl));
    };
    if (delayMs > 0) {
      const timer = setTimeout(answer, delayMs);
      res.on('close', () => clearTimeout(timer));
    } else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    requests,
    prepend(...extra) {
      table.unshift(...extra.map((r) => ({ ...r, used: 0 })));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
