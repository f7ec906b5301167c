import htm from 'htm';
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { authHeaders } from './api.ts';
import { formatDay } from './format.ts';
import type { Labels, Lang } from './i18n.ts';
import './summary.css';

const html = htm.bind(h);

/** The report's address in the API (the dashboard fetches it with the signed-in key). */
const reportUrl = (day: string, topic: string, lang: Lang, format: 'html' | 'pdf') =>
  `/v1/reports/daily/${day}?format=${format}&lang=${lang}${topic ? `&topic=${topic}` : ''}`;

/** Fetches a report with the key; the API's own message when it refuses. */
async function fetchReport(apiKey: string, url: string): Promise<Response> {
  // A key as a bearer token; a session by its cookie (with its CSRF token, as every session request carries).
  const response = await fetch(url, { headers: authHeaders(apiKey) });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
  }
  return response;
}

/** Saves a fetched file under a name (a download: the page itself is never a `blob:` address). */
async function download(apiKey: string, url: string, name: string) {
  const blob = await (await fetchReport(apiKey, url)).blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/**
 * A day's report at its own address (`/?topic=1#report/2026-11-10`): opened after sign-in like any view, shown in a
 * frame that runs no scripts, with the PDF and HTML to download, in the dashboard's language.
 */
export function ReportView(props: { t: Labels; lang: Lang; apiKey: string; day: string; topic: string }) {
  const { t, lang, apiKey, day, topic } = props;
  const [report, setReport] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  useEffect(() => {
    let stale = false;
    setReport(null);
    fetchReport(apiKey, reportUrl(day, topic, lang, 'html'))
      .then((r) => r.text())
      .then((text) => {
        if (!stale) setReport(text);
      })
      .catch((e: unknown) => {
        if (!stale) setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      stale = true;
    };
  }, [apiKey, day, topic, lang]);
  // The frame is as tall as the report, so the page scrolls once (no scripts run inside it).
  const fit = () => {
    const doc = frame.current?.contentDocument;
    if (frame.current && doc) frame.current.style.height = `${doc.documentElement.scrollHeight + 8}px`;
  };
  const name = `pantau-${day}${topic ? `-topic-${topic}` : ''}-${lang}`;
  const save = (format: 'html' | 'pdf') =>
    download(apiKey, reportUrl(day, topic, lang, format), `${name}.${format}`).catch((e: unknown) =>
      setError(e instanceof Error ? e.message : String(e)),
    );
  return html`<section class="report-view" aria-labelledby="h-report" data-testid="report-view">
    <h2 id="h-report">${t.reportTitle(formatDay(day, lang, true))}</h2>
    <div class="actions">
      <a href=${window.location.search || '?'} onClick=${(e: Event) => {
        e.preventDefault();
        history.pushState(history.state, '', `${window.location.pathname}${window.location.search}`);
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      }}>← ${t.backToDashboard}</a>
      <button type="button" data-testid="download-pdf" onClick=${() => save('pdf')}>${t.downloadPdf}</button>
      <button type="button" data-testid="download-html" onClick=${() => save('html')}>${t.downloadHtml}</button>
    </div>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${report === null && !error ? html`<p class="status" role="status">${t.reportLoading}</p>` : null}
    ${
      report !== null
        ? html`<iframe ref=${frame} title=${t.reportTitle(formatDay(day, lang, true))} sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox" srcdoc=${report} onLoad=${fit}></iframe>`
        : null
    }
  </section>`;
}
