import htm from 'htm';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type Answer, ApiError, answer, apiClient } from './api.ts';
import { formatCount, formatShare } from './format.ts';
import type { Labels, Lang } from './i18n.ts';

const html = htm.bind(h);

type Emotions = Answer<'/v1/emotions'>;
type Query = NonNullable<NonNullable<Parameters<ReturnType<typeof apiClient>['GET']>[1]>['params']>['query'];
const CLASSES = ['anger', 'fear', 'happy', 'love', 'sadness'] as const;

/** The window's emotions: per class posts and share of the answered posts with its interval, abstained apart, the head named. */
export function EmotionPanel(props: { t: Labels; lang: Lang; apiKey: string; filter: Record<string, unknown> }) {
  const { t, lang, apiKey, filter } = props;
  const [emotions, setEmotions] = useState<Emotions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(filter);
  useEffect(() => {
    let stale = false;
    answer(apiClient(apiKey).GET('/v1/emotions', { params: { query: filter as Query } }))
      .then((r) => {
        if (stale) return;
        setEmotions(r);
        setError(null);
      })
      .catch((e: unknown) => {
        if (stale) return;
        setEmotions(null);
        setError(
          e instanceof ApiError && e.code === 'MODEL_UNAVAILABLE' ? t.emotionUnavailable : e instanceof Error ? e.message : String(e),
        );
      });
    return () => {
      stale = true;
    };
  }, [apiKey, key, t]);
  const total = emotions?.data.total;
  const head = emotions?.disclosure.emotion;
  const interval = (s: { low: number | null; high: number | null }) =>
    s.low === null || s.high === null ? '' : ` (${formatShare(s.low, lang)}–${formatShare(s.high, lang)})`;
  return html`<section aria-labelledby="h-emotions" data-testid="emotions">
    <h2 id="h-emotions">${t.emotionsTitle}</h2>
    <p class="muted small">${t.emotionsHelp}</p>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${total && total.posts === 0 ? html`<p>${t.empty}</p>` : null}
    ${
      total && total.posts > 0
        ? html`<div class="scroll"><table class="data" data-testid="emotions-table"><thead><tr><th>${t.emotionColumn}</th><th>${t.emotionPosts}</th><th>${t.emotionShare}</th><th aria-hidden="true"></th></tr></thead>
          <tbody>${CLASSES.map((c) => {
            const s = total.shares[c];
            return html`<tr data-emotion=${c}><td data-field="name">${t.emotionNames[c]}</td><td data-field="posts" data-count=${total.counts[c]}>${formatCount(total.counts[c], lang)}</td>
              <td data-field="share">${formatShare(s.share, lang)}<small>${interval(s)}</small></td>
              <td aria-hidden="true"><span class="bar" style=${`display:inline-block;height:0.7em;background:currentColor;opacity:0.5;width:${Math.round(100 * (s.share ?? 0))}px`}></span></td></tr>`;
          })}</tbody></table></div>
          <p data-testid="emotions-abstained">${t.emotionAbstained(formatCount(total.abstained, lang), formatShare(total.posts > 0 ? total.abstained / total.posts : null, lang))}</p>`
        : null
    }
    ${head && head.unlabelled > 0 ? html`<p class="muted small">${t.emotionUnlabelled(formatCount(head.unlabelled, lang))}</p>` : null}
    ${
      head
        ? html`<p class="muted small" data-testid="emotions-model">${t.emotionModel(head.model.name, head.model.version)}. ${t.emotionHeldOut}: <span lang="en">${head.heldOut.join('; ')}</span></p>`
        : null
    }
  </section>`;
}
