import htm from 'htm';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type Answer, answer, apiClient } from './api.ts';
import type { Labels, Lang } from './i18n.ts';
import { PostItem, type PostsFilter, type PostsRequest } from './posts-dialog.ts';

const html = htm.bind(h);

/** Posts shown in the panel; the dialog pages through the rest. */
const TOP = 5;

/** The window's posts with the most engagement (likes + replies + shares), each with its link; opens all of them. */
export function TopPosts(props: { t: Labels; lang: Lang; apiKey: string; filter: PostsFilter; onOpen: (request: PostsRequest) => void }) {
  const { t, lang, apiKey, filter, onOpen } = props;
  const [top, setTop] = useState<Answer<'/v1/mentions'>['data'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(filter);
  useEffect(() => {
    let stale = false;
    answer(apiClient(apiKey).GET('/v1/mentions', { params: { query: { ...filter, sort: 'engagement', limit: TOP } } }))
      .then((r) => {
        if (stale) return;
        setTop(r.data);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!stale) setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      stale = true;
    };
  }, [apiKey, key]);
  return html`<section aria-labelledby="h-top-posts" data-testid="top-posts">
    <h2 id="h-top-posts">${t.topPosts}</h2>
    <p class="muted small">${t.topPostsNote}</p>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${top && top.mentions.length === 0 ? html`<p>${t.empty}</p>` : null}
    <ol class="posts panel-list">${(top?.mentions ?? []).map((m) => html`<${PostItem} key=${`${m.platform}:${m.externalId}`} t=${t} lang=${lang} m=${m} />`)}</ol>
    ${
      top && top.total > 0
        ? html`<button type="button" class="link" data-testid="all-top-posts" onClick=${() => onOpen({ title: t.allInWindow, filter, sort: 'engagement' })}>${t.allTopPosts} (${t.postsTotal(String(top.total))})</button>`
        : null
    }
  </section>`;
}
