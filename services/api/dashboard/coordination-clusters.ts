import htm from 'htm';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type Answer, answer, apiClient } from './api.ts';
import type { components } from './api-types.ts';
import { formatCount, formatInstant, formatShare } from './format.ts';
import type { Labels, Lang } from './i18n.ts';
import type { PostsFilter, PostsRequest } from './posts-dialog.ts';

const html = htm.bind(h);

type Cluster = Answer<'/v1/coordination/clusters'>['data']['clusters'][number];
type Coordination = components['schemas']['Disclosure']['coordination'];

/** Clusters per page. */
const PAGE = 10;

/** A text cut to a line for the table (the dialog shows every post whole). */
const excerpt = (text: string, max = 140) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * The coordinated clusters of the window, largest first, with the switch that recomputes every figure without their
 * posts; each row opens its posts in the window.
 */
export function CoordinationClusters(props: {
  t: Labels;
  lang: Lang;
  apiKey: string;
  filter: PostsFilter;
  coordination: Coordination | undefined;
  withoutCoordinated: boolean;
  onSwitch: (without: boolean) => void;
  onOpen: (request: PostsRequest) => void;
}) {
  const { t, lang, apiKey, filter, coordination, onOpen } = props;
  const [clusters, setClusters] = useState<Cluster[] | null>(null);
  const [offset, setOffset] = useState(0);
  const [nextOffset, setNextOffset] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Clusters are the same with or without the switch: only the window, topic and platform choose them.
  const { from, to, topic, platform } = filter;
  const scope = { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(topic ? { topic } : {}), ...(platform ? { platform } : {}) };
  const key = JSON.stringify(scope);
  useEffect(() => setOffset(0), [key]);
  useEffect(() => {
    let stale = false;
    answer(apiClient(apiKey).GET('/v1/coordination/clusters', { params: { query: { ...scope, limit: PAGE, offset, posts: 0 } } }))
      .then((r) => {
        if (stale) return;
        setClusters(r.data.clusters);
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
  const share = coordination?.share;
  return html`<section aria-labelledby="h-clusters" data-testid="clusters">
    <h2 id="h-clusters">${t.clusters}</h2>
    <p class="muted small">${t.clustersNote}</p>
    ${
      share
        ? html`<p data-testid="clusters-share">${t.coordinatedShareOf(formatShare(share.share, lang), formatCount(share.successes, lang), formatCount(share.trials, lang))}</p>`
        : null
    }
    <label><input type="checkbox" name="clustersExcludeCoordinated" checked=${props.withoutCoordinated}
      onChange=${(e: Event) => props.onSwitch((e.target as HTMLInputElement).checked)} /> ${t.withoutCoordinated}</label>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${clusters && clusters.length === 0 ? html`<p>${t.noClusters}</p>` : null}
    ${
      clusters && clusters.length > 0
        ? html`<div class="scroll"><table class="data clusters"><thead><tr><th>${t.clusterText}</th><th>${t.clusterPosts}</th><th>${t.clusterAuthors}</th><th>${t.clusterSpan}</th></tr></thead><tbody>
          ${clusters.map(
            (c) => html`<tr data-cluster=${c.id}>
              <td class="text"><small>${t.clusterKind[c.kind] ?? c.kind}</small><br />${c.kind === 'link' && c.link ? c.link : excerpt(c.representativeText)}</td>
              <td><button type="button" class="link" data-field="cluster-posts" aria-label=${t.openPostsOf(`${t.clusters} #${c.id}`)}
                onClick=${() => onOpen({ title: `${t.clusters} #${c.id}`, filter: { ...scope, cluster: c.id } })}>${formatCount(c.postsInWindow, lang)}</button>
                <small> / ${t.clusterSize} ${formatCount(c.size, lang)}</small></td>
              <td>${formatCount(c.distinctAuthors, lang)}</td>
              <td><small>${formatInstant(c.firstAt, lang)} – ${formatInstant(c.lastAt, lang)}</small></td></tr>`,
          )}
        </tbody></table></div>`
        : null
    }
    ${
      offset > 0 || nextOffset !== null
        ? html`<div class="posts-bar pager">
          <button type="button" disabled=${offset === 0} onClick=${() => setOffset(Math.max(0, offset - PAGE))}>${t.previousPage}</button>
          <button type="button" disabled=${nextOffset === null} onClick=${() => nextOffset !== null && setOffset(nextOffset)}>${t.moreClusters}</button>
        </div>`
        : null
    }
  </section>`;
}
