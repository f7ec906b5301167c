import { createServer } from 'node:net';

/**
 * Fails with EADDRINUSE (as `listen` would) when the port is taken, so `serve` and `start` say so at once instead of
 * after migrations and the model load; the real `listen` still maps a port taken in between the same way.
 */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}
