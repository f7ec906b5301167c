import htm from 'htm';
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Answer, ApiError, answer, apiClient } from './api.ts';
import type { paths } from './api-types.ts';
import { formatCompact, formatCount, formatInstant, formatShare } from './format.ts';
import type { Labels, Lang } from './i18n.ts';
import './posts.css';

const html = htm.bind(h);

/** The query of `GET /v1/mentions` (window, filters, sort, paging), as the document states it. */
export type MentionsQuery = NonNullable<paths['/v1/mentions']['get']['parameters']['query']>;
/** The filters behind a number: the mentions query without sort, paging or format. */
export type PostsFilter = Omit<MentionsQuery, 'sort' | 'limit' | 'cursor' | 'format'>;
type Mention = Answer<'/v1/mentions'>['data']['mentions'][number];
type Sort = NonNullable<MentionsQuery['sort']>;

/** What a number opens: a title naming the number, and its filter. */
export interface PostsRequest {
  title: string;
  filter: PostsFilter;
  sort?: Sort;
}

/** Posts per page of the dialog. */
const PAGE = 20;

/** Likes + replies + shares: the engagement the API sorts by. */
export const engagementOf = (m: Mention) => m.engagement.likes + m.engagement.replies + m.engagement.shares;

/** A count in short (`3,2 jt`), the full count on hover. */
export const compactCount = (n: number, lang: Lang, name: string) =>
  html`<span title=${`${formatCount(n, lang)} ${name}`}>${formatCompact(n, lang)} ${name}</span>`;

/** The engagement of a post in short: likes, replies, shares, views. */
export function EngagementLine(props: { t: Labels; lang: Lang; m: Mention }) {
  const { t, lang, m } = props;
  return html`<span class="engagement" data-field="engagement" data-engagement=${engagementOf(m)}>${(
    [
      [m.engagement.likes, t.likes],
      [m.engagement.replies, t.repliesCount],
      [m.engagement.shares, t.sharesCount],
      [m.engagement.views, t.views],
    ] as const
  ).map(([n, name], i) => html`${i > 0 ? ' · ' : ''}${compactCount(n, lang, name)}`)}</span>`;
}

/** One post: label and probabilities, platform, pseudonym, time, engagement, the text (or why it is gone), the link. */
export function PostItem(props: { t: Labels; lang: Lang; m: Mention }) {
  const { t, lang, m } = props;
  const platform = (t.platforms as Record<string, string>)[m.platform] ?? m.platform;
  return html`<li class="post" data-external-id=${m.externalId}>
    <div class="post-head"><span class=${`label ${m.label}`} data-field="label">${t.sentimentLabels[m.label] ?? m.label}</span>
      <span class="probabilities" data-field="probabilities" title=${t.probabilities}>${t.sentimentLabels.negative} ${formatShare(m.probabilities.negative, lang, 0)} · ${t.sentimentLabels.neutral} ${formatShare(m.probabilities.neutral, lang, 0)} · ${t.sentimentLabels.positive} ${formatShare(m.probabilities.positive, lang, 0)}</span></div>
    <div class="muted">${platform}${m.outlet ? ` (${m.outlet})` : ''}${m.rating ? html` · <span title=${t.stars}>${'★'.repeat(m.rating)}</span>` : null} · <span title=${t.author}>${m.author ?? '–'}</span> · <time datetime=${m.publishedAt}>${formatInstant(m.publishedAt, lang)}</time></div>
    <p class="post-text">${m.text ?? html`<i data-field="removed">${t.removed}</i>`}</p>
    <div class="post-foot"><${EngagementLine} t=${t} lang=${lang} m=${m} />${
      m.url
        ? html` · <a href=${m.url} target="_blank" rel="noopener noreferrer" data-field="url">${t.original}</a>`
        : html` · <span class="muted">${t.noLink}</span>`
    }</div>
  </li>`;
}

/** The query string of a mentions request (what is unset left out). */
export function mentionsSearch(query: MentionsQuery): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '' && v !== false) q.set(k, String(v));
  return q.toString();
}

/** Downloads the posts of a filter as the API's CSV file (the key goes in the header, so through a fetch). */
async function downloadCsv(apiKey: string, query: MentionsQuery): Promise<void> {
  const response = await fetch(`/v1/mentions?${mentionsSearch({ ...query, format: 'csv' })}`, {
    headers: { authorization: `Bearer ${apiKey}`, accept: 'text/csv' },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string; code?: string } } | null;
    throw new ApiError(body?.error?.message ?? `HTTP ${response.status}`, response.status, body?.error?.code ?? 'HTTP');
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'pantau-mentions.csv';
  const href = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

const FOCUSABLE = 'a[href], button:not([disabled]), select:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog that keeps the keyboard inside (Tab and Shift+Tab cycle through its controls), closes on Escape and
 * on a click outside its panel, and gives the focus back to what opened it.
 */
export function useModal(panel: { current: HTMLElement | null }, onClose: () => void) {
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    panel.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const onKey = (e: KeyboardEvent) => {
      const el = panel.current;
      if (!el) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
        return;
      }
      if (e.key !== 'Tab') return;
      const items = [...el.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((x) => x.offsetParent !== null);
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) return;
      const inside = el.contains(document.activeElement);
      if (e.shiftKey && (!inside || document.activeElement === first)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (!inside || document.activeElement === last)) {
        e.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (opener?.isConnected) opener.focus();
    };
  }, []);
}

/** The posts behind a number: total, pages, sort by time or engagement, each post with its link, and CSV export. */
export function PostsDialog(props: { t: Labels; lang: Lang; apiKey: string; request: PostsRequest; onClose: () => void }) {
  const { t, lang, apiKey, request, onClose } = props;
  const panel = useRef<HTMLDivElement>(null);
  useModal(panel, onClose);
  const [sort, setSort] = useState<Sort>(request.sort ?? 'time');
  // The cursor of each page read so far (undefined: the first page); the last one is the page shown.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<Answer<'/v1/mentions'>['data'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const cursor = cursors[cursors.length - 1];
  useEffect(() => {
    let stale = false;
    setError(null);
    answer(
      apiClient(apiKey).GET('/v1/mentions', { params: { query: { ...request.filter, sort, limit: PAGE, ...(cursor ? { cursor } : {}) } } }),
    )
      .then((r) => {
        if (!stale) setPage(r.data);
      })
      .catch((e: unknown) => {
        if (!stale) setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      stale = true;
    };
  }, [sort, cursor]);
  const first = (cursors.length - 1) * PAGE + 1;
  const shown = page?.mentions.length ?? 0;
  const exportCsv = async () => {
    setExporting(true);
    setError(null);
    try {
      await downloadCsv(apiKey, { ...request.filter, sort });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };
  return html`<div class="modal posts-modal" data-testid="mentions" onMouseDown=${(e: MouseEvent) => {
    if (e.target === e.currentTarget) onClose();
  }}>
    <div class="panel" ref=${panel} role="dialog" aria-modal="true" aria-labelledby="h-mentions" aria-describedby="posts-total">
      <div class="posts-bar">
        <h2 id="h-mentions" tabindex="-1">${t.mentions}: ${request.title}</h2>
        <button type="button" class="close" onClick=${onClose} data-autofocus>${t.close}</button>
      </div>
      <div class="posts-bar">
        <p id="posts-total" role="status" data-testid="posts-total" data-total=${page?.total ?? ''}>${
          page
            ? html`<b>${t.postsTotal(formatCount(page.total, lang))}</b>${shown > 0 ? ` · ${t.postsPage(formatCount(first, lang), formatCount(first + shown - 1, lang), formatCount(page.total, lang))}` : ''}`
            : t.loading
        }</p>
        <label>${t.sortBy} <select name="sort" value=${sort} onChange=${(e: Event) => {
          setSort((e.target as HTMLSelectElement).value === 'engagement' ? 'engagement' : 'time');
          setCursors([undefined]);
        }}><option value="time">${t.sortTime}</option><option value="engagement">${t.sortEngagement}</option></select></label>
        <button type="button" data-testid="export-csv" disabled=${exporting || page?.total === 0} onClick=${exportCsv} title=${t.exportNote}>${exporting ? t.exporting : t.exportCsv}</button>
      </div>
      ${error ? html`<p class="error" role="alert">${error}</p>` : null}
      ${page && page.mentions.length === 0 ? html`<p>${t.empty}</p>` : null}
      <ul class="posts">${(page?.mentions ?? []).map((m) => html`<${PostItem} key=${`${m.platform}:${m.externalId}`} t=${t} lang=${lang} m=${m} />`)}</ul>
      <nav class="posts-bar pager" aria-label=${t.mentions}>
        <button type="button" data-testid="previous-page" disabled=${cursors.length <= 1} onClick=${() => setCursors(cursors.slice(0, -1))}>${t.previousPage}</button>
        <button type="button" data-testid="next-page" disabled=${!page?.nextCursor} onClick=${() => page?.nextCursor && setCursors([...cursors, page.nextCursor])}>${t.nextPage}</button>
      </nav>
      <p class="muted small">${t.exportNote}</p>
    </div>
  </div>`;
}
