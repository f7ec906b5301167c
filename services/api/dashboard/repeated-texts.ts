import htm from 'htm';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type Answer, answer, apiClient } from './api.ts';
import type { components } from './api-types.ts';
import { CsvButton, type CsvTable, type ExportScope } from './export.ts';
import { formatCount, formatInstant, formatShare } from './format.ts';
import type { Labels, Lang } from './i18n.ts';
import type { PostsFilter, PostsRequest } from './posts-dialog.ts';

const html = htm.bind(h);

type RepeatedText = Answer<'/v1/repeated-texts'>['data']['texts'][number];
type Coordination = components['schemas']['Disclosure']['coordination'];

/** Groups per page. */
const PAGE = 10;

const excerpt = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The groups as a CSV table: raw values as the API gives them. */
export function repeatedTextsCsv(texts: readonly RepeatedText[]): CsvTable {
  return {
    head: ['group', 'text', 'posts_in_window', 'authors_in_window', 'posts_all_days', 'authors_all_days', 'first_at', 'last_at', 'flagged'],
    rows: texts.map((r) => [r.id, r.text, r.postsInWindow, r.authorsInWindow, r.size, r.distinctAuthors, r.firstAt, r.lastAt, r.flagged]),
  };
}

/**
 * The repeated texts of the window: near-identical texts grouped (the grouping the repeated-text rule flags), with their
 * post and author counts; each opens its posts in the posts dialog.
 */
export function RepeatedTexts(props: {
  t: Labels;
  lang: Lang;
  apiKey: string;
  filter: PostsFilter;
  coordination: Coordination | undefined;
  exportScope: ExportScope;
  onOpen: (request: PostsRequest) => void;
}) {
  const { t, lang, apiKey, filter, coordination, onOpen } = props;
  const [texts, setTexts] = useState<RepeatedText[] | null>(null);
  const [offset, setOffset] = useState(0);
  const [nextOffset, setNextOffset] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { from, to, topic, platform } = filter;
  const scope = { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(topic ? { topic } : {}), ...(platform ? { platform } : {}) };
  const key = JSON.stringify(scope);
  useEffect(() => setOffset(0), [key]);
  useEffect(() => {
    let stale = false;
    answer(apiClient(apiKey).GET('/v1/repeated-texts', { params: { query: { ...scope, limit: PAGE, offset } } }))
      .then((r) => {
        if (stale) return;
        setTexts(r.data.texts);
        setNextOffset(r.data.nextOffset);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!stale) setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      stale = true;
    };
  }, [apiKey, key, offset]);
  const rule = coordination?.rule?.repeated;
  const share = coordination?.byRule?.repeated;
  const lag = coordination?.lag;
  return html`<section aria-labelledby="h-repeated" data-testid="repeated-texts">
    <h2 id="h-repeated">${t.repeatedTitle}</h2>
    <p class="muted small">${rule ? t.repeatedNote(rule.minAuthors, Math.round(rule.windowSeconds / 3600)) : t.repeatedOff}</p>
    ${share ? html`<p data-testid="repeated-share">${t.repeatedShare(formatShare(share.share, lang), formatCount(share.successes, lang), formatCount(share.trials, lang))}</p>` : null}
    ${lag ? html`<p class="muted small" data-testid="repeated-lag">${t.repeatedLag((lag.p99Ms / 1000).toFixed(1))}</p>` : null}
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${texts && texts.length === 0 ? html`<p>${t.repeatedNone}</p>` : null}
    ${
      texts && texts.length > 0
        ? html`<div class="scroll"><table class="data repeated"><thead><tr><th>${t.repeatedText}</th><th>${t.repeatedPosts}</th><th>${t.repeatedAuthors}</th><th>${t.repeatedSpan}</th><th>${t.repeatedFlag}</th></tr></thead><tbody>
          ${texts.map(
            (r) => html`<tr data-repeated=${r.id} data-flagged=${String(r.flagged)}>
              <td class="text">${excerpt(r.text)}</td>
              <td><button type="button" class="link" data-field="repeated-posts" aria-label=${t.repeatedOpen(r.id)}
                onClick=${() => onOpen({ title: `${t.repeatedTitle} #${r.id}`, filter: { ...scope, cluster: r.id } })}>${formatCount(r.postsInWindow, lang)}</button></td>
              <td data-field="repeated-authors">${formatCount(r.authorsInWindow, lang)}</td>
              <td><small>${formatInstant(r.firstAt, lang)} – ${formatInstant(r.lastAt, lang)}</small></td>
              <td>${r.flagged ? html`<strong>${t.repeatedFlagged}</strong>` : t.repeatedNotFlagged}</td></tr>`,
          )}
        </tbody></table></div>
        <p class="exports-row"><${CsvButton} t=${t} table=${repeatedTextsCsv(texts)} scope=${props.exportScope} what="teks-berulang" label=${t.repeatedTitle} /></p>`
        : null
    }
    ${
      offset > 0 || nextOffset !== null
        ? html`<div class="posts-bar pager">
          <button type="button" disabled=${offset === 0} onClick=${() => setOffset(Math.max(0, offset - PAGE))}>${t.previousPage}</button>
          <button type="button" disabled=${nextOffset === null} onClick=${() => nextOffset !== null && setOffset(nextOffset)}>${t.repeatedMore}</button>
        </div>`
        : null
    }
  </section>`;
}
