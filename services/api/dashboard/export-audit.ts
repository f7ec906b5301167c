import { answer, apiClient, KEY_STORAGE } from './api.ts';
import type { ExportScope } from './export.ts';

/** A file the browser makes from answers it already read: what it is, in which format, of which view. */
export interface BrowserExport {
  what: string;
  format: 'csv' | 'png' | 'svg';
  scope: ExportScope;
  file: string;
}

/**
 * Records a browser-made file in the audit log (`POST /v1/audit/export`) before it is saved: the signed-in user, what,
 * the topic of the view (from the address) and its window. Rejects when the API refuses, so the file is not saved
 * unrecorded.
 */
export async function recordExport(entry: BrowserExport): Promise<void> {
  const key = sessionStorage.getItem(KEY_STORAGE);
  if (!key) throw new Error('not signed in');
  const topic = Number(new URLSearchParams(window.location.search).get('topic'));
  await answer(
    apiClient(key)
      .POST('/v1/audit/export', {
        body: {
          what: entry.what,
          format: entry.format,
          file: entry.file,
          ...(Number.isInteger(topic) && topic > 0 ? { topicId: topic } : {}),
          ...(entry.scope.from ? { from: entry.scope.from } : {}),
          ...(entry.scope.to ? { to: entry.scope.to } : {}),
        },
      })
      // 204 has no body: `answer` wants data, so the empty answer is made explicit.
      .then((r) => ({ ...r, data: r.response.ok ? true : undefined })),
  );
}
