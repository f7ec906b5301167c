import htm from 'htm';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type Answer, answer, apiClient } from './api.ts';
import { formatInstant } from './format.ts';
import type { Labels, Lang } from './i18n.ts';

const html = htm.bind(h);

type Alert = Answer<'/v1/alerts'>['data'][number];

/** The latest alerts with where each delivery stands: failures are shown with their error, not hidden in a log. */
export function AlertList(props: { t: Labels; lang: Lang; apiKey: string }) {
  const { t, lang } = props;
  const [alerts, setAlerts] = useState<Alert[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    answer(apiClient(props.apiKey).GET('/v1/alerts', { params: { query: { limit: 20 } } }))
      .then((r) => live && setAlerts(r.data))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [props.apiKey]);
  return html`<section aria-labelledby="h-alerts" data-testid="alerts">
    <h2 id="h-alerts">${t.alerts}</h2>
    ${error ? html`<p role="alert">${error}</p>` : null}
    ${alerts && alerts.length === 0 ? html`<p>${t.noAlerts}</p>` : null}
    <ul class="alerts">${(alerts ?? []).map(
      (a) => html`<li data-testid="alert">
        <span class="alert-kind">${t.alertKinds[a.kind]}</span> <time datetime=${a.detectedAt}>${formatInstant(a.detectedAt, lang)}</time> ·
        ${a.headline[lang]} · <a href=${a.link}>${t.openView}</a>
        <ul class="deliveries">${
          a.deliveries.length === 0
            ? html`<li>${t.dashboardOnly}</li>`
            : a.deliveries.map(
                (d) => html`<li class=${`delivery-${d.status}`} data-status=${d.status}>
                  ${t.channels[d.channel]} ${d.target}: <b>${t.deliveryStatus[d.status]}</b> (${t.attempts(d.attempts)})${
                    d.lastError ? html` — <span lang="en">${d.lastError}</span>` : null
                  }${d.status === 'pending' && d.nextAttemptAt ? html` · ${t.nextAttempt} ${formatInstant(d.nextAttemptAt, lang)}` : null}
                </li>`,
              )
        }</ul>
      </li>`,
    )}</ul>
  </section>`;
}
