import { PantauError } from '@pantau/contracts';
import type { CollectWindow, Connector, ConnectorPage, SourceItem } from './connector.ts';
import type { HttpClient } from './http.ts';

/** X API v2 `GET /2/tweets/search/recent`, as far as Pantau reads it. */
interface XTweet {
  id?: string;
  text?: string;
  author_id?: string;
  created_at?: string;
  lang?: string;
  possibly_sensitive?: boolean;
  public_metrics?: { retweet_count?: number; reply_count?: number; like_count?: number; quote_count?: number; impression_count?: number };
  withheld?: { copyright?: boolean; country_codes?: string[] };
}
interface XUser {
  id: string;
  username?: string;
}
interface XProblem {
  resource_type?: string;
  resource_id?: string;
  value?: string;
  title?: string;
  type?: string;
}
interface XSearchResponse {
  data?: XTweet[];
  includes?: { users?: XUser[] };
  errors?: XProblem[];
  meta?: { result_count?: number; next_token?: string; newest_id?: string; oldest_id?: string };
}

/** A tweet with its author's handle from `includes.users`, as the connector hands it to `map`. */
export interface XItem {
  tweet: XTweet;
  username: string | undefined;
}

export interface XRecentSearchOptions {
  /** The search query (X search operators, e.g. `(bpjs OR jkn) lang:in -is:retweet`). */
  query: string;
  /** App-only bearer token (X_BEARER_TOKEN). */
  bearerToken: string;
  /** API origin (X_API_BASE_URL); tests point it at a local replay server. */
  baseUrl?: string;
  /** Tweets per page, 10–100. */
  maxResults?: number;
  http: HttpClient;
}

/** Recent search reaches back seven days. */
export const X_RECENT_SEARCH_LOOKBACK_MS = 7 * 24 * 3_600_000;

type XCheckpoint = { from: string; to: string; next: string | null };

function parseCheckpoint(checkpoint: string | null, window: CollectWindow): XCheckpoint | null {
  if (!checkpoint) return null;
  try {
    const cp = JSON.parse(checkpoint) as XCheckpoint;
    // A checkpoint of another window is of no use: that window is finished.
    return cp.from === window.from.toISOString() && cp.to === window.to.toISOString() ? cp : null;
  } catch {
    return null;
  }
}

// X reports the times as `2026-11-24T09:41:12Z`; it refuses fractional seconds in start_time/end_time.
const xTime = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

/** Why a tweet cannot be published: withheld, or its author is protected, suspended or gone. */
function dropOf(tweet: XTweet, username: string | undefined, problems: XProblem[]): SourceItem | null {
  const ref = `tweet ${tweet.id ?? '?'}`;
  if (tweet.withheld) {
    const where = tweet.withheld.copyright ? 'copyright' : (tweet.withheld.country_codes ?? []).join(',');
    return { ref, dropped: { reason: 'withheld', detail: `withheld (${where})` } };
  }
  if (username === undefined && tweet.author_id) {
    const problem = problems.find((p) => (p.resource_id ?? p.value) === tweet.author_id);
    const gone = problem?.type?.endsWith('/resource-not-found') ?? false;
    return {
      ref,
      dropped: gone
        ? { reason: 'deleted', detail: 'author account not found (deleted or suspended)' }
        : { reason: 'not_public', detail: `author not visible (${problem?.title ?? 'not in includes.users'})` },
    };
  }
  return null;
}

/** The X recent-search connector: pages back through a window with `next_token`, checkpointing each page. */
export function xRecentSearchConnector(options: XRecentSearchOptions): Connector {
  if (!options.bearerToken) throw new PantauError('CONFIG_INVALID', 'X_BEARER_TOKEN: required for the x-recent-search connector');
  const baseUrl = (options.baseUrl ?? 'https://api.x.com').replace(/\/$/, '');
  const maxResults = Math.min(100, Math.max(10, options.maxResults ?? 100));

  async function* pages(window: CollectWindow | null, checkpoint: string | null, signal?: AbortSignal): AsyncGenerator<ConnectorPage> {
    if (!window) throw new PantauError('INVALID_INPUT', 'x-recent-search: needs a window (--from and --to)');
    const resume = parseCheckpoint(checkpoint, window);
    if (resume && resume.next === null) return;
    let next = resume?.next ?? null;
    for (;;) {
      const url = new URL(`${baseUrl}/2/tweets/search/recent`);
      url.searchParams.set('query', options.query);
      url.searchParams.set('start_time', xTime(window.from));
      url.searchParams.set('end_time', xTime(window.to));
      url.searchParams.set('max_results', String(maxResults));
      url.searchParams.set('expansions', 'author_id');
      url.searchParams.set('user.fields', 'username');
      url.searchParams.set('tweet.fields', 'created_at,public_metrics,lang,possibly_sensitive');
      if (next) url.searchParams.set('next_token', next);
      const { json } = await options.http.getJson<XSearchResponse>(url, {
        headers: { authorization: `Bearer ${options.bearerToken}` },
        signal,
      });
      const users = new Map((json.includes?.users ?? []).map((u) => [u.id, u.username]));
      const items: SourceItem[] = (json.data ?? []).map((tweet) => {
        const username = tweet.author_id ? users.get(tweet.author_id) : undefined;
        return dropOf(tweet, username, json.errors ?? []) ?? { ref: `tweet ${tweet.id ?? '?'}`, item: { tweet, username } };
      });
      next = json.meta?.next_token ?? null;
      yield { items, checkpoint: JSON.stringify({ from: window.from.toISOString(), to: window.to.toISOString(), next }) };
      if (!next) return;
    }
  }

  return {
    name: 'x-recent-search',
    platform: 'x',
    query: options.query,
    maxLookbackMs: X_RECENT_SEARCH_LOOKBACK_MS,
    // end_time must be at least 10 s before the request; a little more lets the index catch up.
    settleMs: 30_000,
    fetch: pages,
    map(item) {
      const { tweet, username } = item as XItem;
      const m = tweet.public_metrics ?? {};
      return {
        platform: 'x',
        externalId: tweet.id,
        author: username,
        publishedAt: tweet.created_at,
        text: tweet.text,
        // The handle-free form: a URL with the handle would store what pseudonymization removes.
        url: tweet.id ? `https://x.com/i/status/${tweet.id}` : null,
        engagement: {
          likes: m.like_count ?? 0,
          replies: m.reply_count ?? 0,
          shares: (m.retweet_count ?? 0) + (m.quote_count ?? 0),
          views: m.impression_count ?? 0,
        },
        lang: tweet.lang ?? null,
        isPublic: true,
      };
    },
  };
}
