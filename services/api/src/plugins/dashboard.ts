import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from '../types.ts';

/** Where `pnpm install` builds the dashboard (services/api/dashboard → services/api/public). */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};
const CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'";

/**
 * Serves the dashboard at `/`: the built files are read once into memory and served by exact name, so no request
 * path ever reaches the file system. Without a build, `/` says how to make one.
 */
export function installDashboard(app: App, dir = DASHBOARD_DIR): void {
  const files = new Map<string, { body: Buffer; type: string }>();
  if (existsSync(join(dir, 'index.html'))) {
    files.set('index.html', { body: readFileSync(join(dir, 'index.html')), type: TYPES['.html'] as string });
    const assets = join(dir, 'assets');
    if (existsSync(assets)) {
      for (const name of readdirSync(assets)) {
        files.set(`assets/${name}`, { body: readFileSync(join(assets, name)), type: TYPES[extname(name)] ?? 'application/octet-stream' });
      }
    }
  }
  const send = (name: string) => files.get(name);
  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    const index = send('index.html');
    if (!index)
      return reply
        .status(404)
        .type('text/plain')
        .send('The dashboard is not built: run pnpm install (or pnpm --filter @pantau/api build:dashboard).');
    return reply.type(index.type).header('content-security-policy', CSP).header('cache-control', 'no-cache').send(index.body);
  });
  app.get<{ Params: { file: string } }>('/assets/:file', { schema: { hide: true } }, async (request, reply) => {
    const asset = send(`assets/${request.params.file}`);
    if (!asset) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'no such asset' } });
    // Built file names carry a content hash, so they can be cached for good.
    return reply.type(asset.type).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body);
  });
}
