import { appendAudit } from '@pantau/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** What an `export` audit row says of a download besides who made it. */
export interface ExportDetail {
  /** The route that served the file, or `dashboard` for a file the browser made from answers it had read. */
  route: string;
  format: string;
  [key: string]: unknown;
}

/**
 * Writes one `export` row to the audit chain for a download, before the file is sent: the key (`user:<id>` for a
 * signed-in person) and the user's id and name, so every export can be traced to whoever made it.
 */
export async function auditExport(app: FastifyInstance, request: FastifyRequest, detail: ExportDetail): Promise<void> {
  const key = request.apiKey;
  await appendAudit(app.db, [
    {
      keyId: key?.id ?? null,
      action: 'export',
      detail: { ...detail, ...(key?.user ? { user: { id: key.user.id, name: key.user.name } } : {}) },
    },
  ]);
}
