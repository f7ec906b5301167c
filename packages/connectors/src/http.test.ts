import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, rateLimitWaitMs } from './http.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;
let close: (() => Promise<void>) | null = null;

async function serve(handler: Handler): Promise<string> {
  let n = 0;
  const server = createServer((req, res) => handler(req, res, ++n));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}
afterEach(async () => {
  await close?.();
  close = null;
});

describe('connector HTTP client', () => {
  it('retries 5xx with jittered exponential backoff, then succeeds', async () => {
    const url = await serve((_req, res, n) => {
      res.writeHead(n < 3 ? 502 : 200).end(n < 3 ? 'bad gateway' : '{"ok":true}');
    });
    const waits: number[] = [];
    const http = createHttpClient({
      name: 'test',
      baseDelayMs: 100,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect((await http.getJson(url)).json).toEqual({ ok: true });
    // Full jitter: random × base × 2^attempt.
    expect(waits).toEqual([50, 100]);
  });

  it('gives up after its retries with a retryable UPSTREAM_ERROR naming the status', async () => {
    const url = await serve((_req, res) => res.writeHead(503).end('maintenance'));
    const http = createHttpClient({ name: 'test', retries: 2, sleep: async () => {} });
    await expect(http.get(url)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', retryable: true, message: 'test: HTTP 503: maintenance' });
  });

  it('does not retry a 401 (AUTH_EXPIRED) or another 4xx', async () => {
    let calls = 0;
    const url = await serve((req, res) => {
      calls++;
      res.writeHead(req.url === '/gone' ? 404 : 401).end('{}');
    });
    const http = createHttpClient({ name: 'test', sleep: async () => {} });
    await expect(http.get(url)).rejects.toMatchObject({ code: 'AUTH_EXPIRED', retryable: false });
    await expect(http.get(`${url}gone`)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', retryable: false });
    expect(calls).toBe(2);
  });

  it('times out a silent server and reports it', async () => {
    const url = await serve(() => {});
    const http = createHttpClient({ name: 'test', timeoutMs: 200, retries: 0 });
    await expect(http.get(url)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', message: 'test: no answer within 200 ms' });
  });

  it('holds at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const url = await serve((_req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200).end('{}');
      }, 50);
    });
    const http = createHttpClient({ name: 'test', concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, () => http.get(url)));
    expect(most).toBe(2);
  });

  it('stops waiting when the signal aborts', async () => {
    const url = await serve((_req, res) => res.writeHead(429, { 'retry-after': '60' }).end());
    const http = createHttpClient({ name: 'test', maxRateLimitWaitMs: 120_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutdown')), 100);
    const started = Date.now();
    await expect(http.get(url, { signal: controller.signal })).rejects.toThrow('shutdown');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reads rate-limit resets from x-rate-limit-reset, Retry-After seconds and Retry-After dates', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    expect(rateLimitWaitMs(new Headers({ 'x-rate-limit-reset': String(now / 1000 + 90) }), now)).toBe(90_000);
    expect(rateLimitWaitMs(new Headers({ 'retry-after': '30' }), now)).toBe(30_000);
    expect(rateLimitWaitMs(new Headers({ 'retry-after': 'Tue, 24 Nov 2026 10:02:00 GMT' }), now)).toBe(120_000);
    expect(rateLimitWaitMs(new Headers(), now)).toBeNull();
  });
});
