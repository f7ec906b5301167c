import { PantauError, type Platform } from '@pantau/contracts';
import type { CollectWindow, Connector, ConnectorPage, SourceItem } from './connector.ts';
import type { HttpClient, UpstreamFailure } from './http.ts';

/** A Graph API error object (`{ "error": { ... } }`). */
interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  fbtrace_id?: string;
}
interface GraphList<T> {
  data?: T[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string };
}
interface FacebookPost {
  id?: string;
  message?: string;
  created_time?: string;
  permalink_url?: string;
  from?: { id?: string; name?: string };
  is_published?: boolean;
  shares?: { count?: number };
  reactions?: { summary?: { total_count?: number } };
  comments?: { summary?: { total_count?: number } };
}
interface FacebookComment {
  id?: string;
  message?: string;
  created_time?: string;
  permalink_url?: string;
  from?: { id?: string; name?: string };
  like_count?: number;
  comment_count?: number;
  is_hidden?: boolean;
}
interface InstagramMedia {
  id?: string;
  caption?: string;
  media_type?: string;
  permalink?: string;
  timestamp?: string;
  like_count?: number;
  comments_count?: number;
}

/** What the connector hands to `map`: a Page post, one of its comments, or an Instagram media of a hashtag. */
export type MetaItem =
  | { kind: 'post'; pageId: string; post: FacebookPost }
  | { kind: 'comment'; comment: FacebookComment }
  | { kind: 'media'; media: InstagramMedia };

export interface MetaGraphOptions {
  /** `page:<page-id>` (Facebook Page posts and their comments) or `hashtag:<name>` (Instagram recent media). */
  query: string;
  /** Access token (META_ACCESS_TOKEN): a Page token, or a system-user token with Page Public Content Access. */
  accessToken: string;
  /** Graph API origin with its version (META_GRAPH_BASE_URL). */
  baseUrl?: string;
  /** Instagram professional account that makes hashtag searches (META_IG_USER_ID). */
  igUserId?: string | undefined;
  /** Items per page. */
  limit?: number;
  http: HttpClient;
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const PERMISSION_CODES = new Set([10, 200]);
/** Instagram's recent_media lists the last 24 hours only. */
export const INSTAGRAM_RECENT_MEDIA_LOOKBACK_MS = 24 * 3_600_000;

/**
 * Minutes until access is regained, from `x-business-use-case-usage` (per business object, a list of usages) or
 * `x-app-usage`-style headers; null when the platform does not say.
 */
function regainAccessMs(headers: Headers): number | null {
  const raw = headers.get('x-business-use-case-usage');
  if (!raw) return null;
  try {
    const usage = JSON.parse(raw) as Record<string, Array<{ estimated_time_to_regain_access?: number }>>;
    const minutes = Object.values(usage)
      .flat()
      .map((u) => u.estimated_time_to_regain_access ?? 0);
    return minutes.length > 0 ? Math.max(...minutes) * 60_000 : null;
  } catch {
    return null;
  }
}

/** Reads a Graph error object: rate limits (4, 17, 32, 613), expired tokens (190), permissions (10, 200–299). */
export function classifyGraphError(status: number, headers: Headers, body: string): UpstreamFailure | null {
  let error: GraphError | undefined;
  try {
    error = (JSON.parse(body) as { error?: GraphError }).error;
  } catch {
    return null;
  }
  if (!error || typeof error.code !== 'number') return null;
  const code = error.code;
  const details = { status, graphCode: code, graphSubcode: error.error_subcode ?? null, fbtraceId: error.fbtrace_id ?? null };
  const message = error.message ?? error.type ?? 'error';
  // Graph often starts its message with the code already: `(#32) Page request limit reached`.
  const text = message.startsWith('(#')
    ? `meta-graph: ${message}`
    : `meta-graph: (#${code}${error.error_subcode ? `/${error.error_subcode}` : ''}) ${message}`;
  if (RATE_LIMIT_CODES.has(code))
    return { error: new PantauError('RATE_LIMITED', text, { retryable: true, details }), retryAfterMs: regainAccessMs(headers) };
  if (code === 190) return { error: new PantauError('AUTH_EXPIRED', text, { details }) };
  if (PERMISSION_CODES.has(code) || (code >= 200 && code < 300)) return { error: new PantauError('FORBIDDEN', text, { details }) };
  // 1 and 2 are Graph's "temporary" errors.
  return { error: new PantauError('UPSTREAM_ERROR', text, { retryable: code === 1 || code === 2 || status >= 500, details }) };
}

const isMissingObject = (error: unknown) =>
  error instanceof PantauError && error.details?.graphCode === 100 && error.details.graphSubcode === 33;

/** Graph times (`2026-11-24T09:30:11+0000`) as ISO 8601; anything else is passed on for validation to reject. */
function isoTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

type PageCheckpoint = { from: string; to: string; after: string | null; done: boolean; hashtagId?: string };

/**
 * The Meta Graph connector: Facebook Page posts (`/{page-id}/posts`, cursor paging) with each post's comments, or
 * Instagram hashtag media (`ig_hashtag_search`, then `/{hashtag-id}/recent_media`). One connector page is one Graph
 * page of posts (with their comments) or of media; the checkpoint is the `after` cursor.
 */
export function metaGraphConnector(options: MetaGraphOptions): Connector {
  if (!options.accessToken) throw new PantauError('CONFIG_INVALID', 'META_ACCESS_TOKEN: required for the meta-graph connector');
  const match = /^(page|hashtag):(.+)$/.exec(options.query.trim());
  if (!match?.[1] || !match[2])
    throw new PantauError('INVALID_INPUT', `--query: meta-graph takes page:<page-id> or hashtag:<name>, got ${options.query}`);
  const kind = match[1] as 'page' | 'hashtag';
  const target = match[2].trim().replace(/^#/, '');
  if (kind === 'hashtag' && !options.igUserId)
    throw new PantauError('CONFIG_INVALID', 'META_IG_USER_ID: required for Instagram hashtag search');
  if (kind === 'page' && !/^[\w.-]+$/.test(target)) throw new PantauError('INVALID_INPUT', `--query: not a page id: ${target}`);
  const baseUrl = (options.baseUrl ?? 'https://graph.facebook.com/v21.0').replace(/\/$/, '');
  const limit = options.limit ?? 25;
  const headers = { authorization: `Bearer ${options.accessToken}` };

  const get = <T>(path: string, params: Record<string, string | null>, signal?: AbortSignal) => {
    const url = new URL(`${baseUrl}/${path}`);
    for (const [name, value] of Object.entries(params)) if (value !== null) url.searchParams.set(name, value);
    return options.http.getJson<T>(url, { headers, signal }).then((r) => r.json);
  };

  /** Every comment of one post (all pages); a post deleted meanwhile yields one `deleted` drop. */
  async function comments(postId: string, signal?: AbortSignal): Promise<SourceItem[]> {
    const out: SourceItem[] = [];
    let after: string | null = null;
    do {
      let page: GraphList<FacebookComment>;
      try {
        page = await get<GraphList<FacebookComment>>(
          `${postId}/comments`,
          {
            fields: 'id,message,created_time,from{id,name},like_count,comment_count,permalink_url,is_hidden',
            filter: 'stream',
            limit: '100',
            after,
          },
          signal,
        );
      } catch (error) {
        if (!isMissingObject(error)) throw error;
        out.push({ ref: `comments of ${postId}`, dropped: { reason: 'deleted', detail: 'post deleted before its comments were read' } });
        return out;
      }
      for (const comment of page.data ?? []) {
        const ref = `comment ${comment.id ?? '?'}`;
        if (comment.is_hidden) out.push({ ref, dropped: { reason: 'not_public', detail: 'comment hidden by the page' } });
        else out.push({ ref, item: { kind: 'comment', comment } satisfies MetaItem });
      }
      after = page.paging?.next ? (page.paging.cursors?.after ?? null) : null;
    } while (after);
    return out;
  }

  async function* pagePosts(window: CollectWindow, resume: PageCheckpoint | null, signal?: AbortSignal): AsyncGenerator<ConnectorPage> {
    let after = resume?.after ?? null;
    const cp = (next: string | null) =>
      JSON.stringify({
        from: window.from.toISOString(),
        to: window.to.toISOString(),
        after: next,
        done: next === null,
      } satisfies PageCheckpoint);
    for (;;) {
      const page = await get<GraphList<FacebookPost>>(
        `${target}/posts`,
        {
          fields:
            'id,message,created_time,permalink_url,from{id,name},is_published,shares,reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0)',
          since: String(Math.floor(window.from.getTime() / 1000)),
          until: String(Math.floor(window.to.getTime() / 1000)),
          limit: String(limit),
          after,
        },
        signal,
      );
      const items: SourceItem[] = [];
      for (const post of page.data ?? []) {
        const ref = `post ${post.id ?? '?'}`;
        if (post.is_published === false) {
          items.push({ ref, dropped: { reason: 'not_public', detail: 'post not published' } });
          continue;
        }
        items.push({ ref, item: { kind: 'post', pageId: target, post } satisfies MetaItem });
        if (post.id && (post.comments?.summary?.total_count ?? 1) > 0) items.push(...(await comments(post.id, signal)));
      }
      after = page.paging?.next ? (page.paging.cursors?.after ?? null) : null;
      yield { items, checkpoint: cp(after) };
      if (!after) return;
    }
  }

  async function* hashtagMedia(window: CollectWindow, resume: PageCheckpoint | null, signal?: AbortSignal): AsyncGenerator<ConnectorPage> {
    let hashtagId = resume?.hashtagId;
    if (!hashtagId) {
      const found = await get<GraphList<{ id: string }>>('ig_hashtag_search', { user_id: options.igUserId ?? null, q: target }, signal);
      hashtagId = found.data?.[0]?.id;
      if (!hashtagId) throw new PantauError('UPSTREAM_ERROR', `meta-graph: no Instagram hashtag #${target}`);
    }
    let after = resume?.after ?? null;
    for (;;) {
      const page = await get<GraphList<InstagramMedia>>(
        `${hashtagId}/recent_media`,
        {
          user_id: options.igUserId ?? null,
          fields: 'id,caption,media_type,permalink,timestamp,like_count,comments_count',
          limit: String(limit),
          after,
        },
        signal,
      );
      const items: SourceItem[] = [];
      let older = 0;
      for (const media of page.data ?? []) {
        const at = Date.parse(isoTime(media.timestamp) ?? '');
        if (!Number.isNaN(at) && (at < window.from.getTime() || at >= window.to.getTime())) {
          if (at < window.from.getTime()) older++;
          continue;
        }
        items.push({ ref: `media ${media.id ?? '?'}`, item: { kind: 'media', media } satisfies MetaItem });
      }
      // recent_media runs newest first: a page wholly before the window ends the walk.
      const data = page.data ?? [];
      after = page.paging?.next && older < data.length ? (page.paging.cursors?.after ?? null) : null;
      const cp: PageCheckpoint = { from: window.from.toISOString(), to: window.to.toISOString(), after, done: after === null, hashtagId };
      yield { items, checkpoint: JSON.stringify(cp) };
      if (!after) return;
    }
  }

  return {
    name: 'meta-graph',
    platform: (kind === 'page' ? 'facebook' : 'instagram') satisfies Platform,
    query: `${kind}:${target}`,
    ...(kind === 'hashtag' ? { maxLookbackMs: INSTAGRAM_RECENT_MEDIA_LOOKBACK_MS } : {}),
    settleMs: 60_000,
    async *fetch(window, checkpoint, signal) {
      if (!window) throw new PantauError('INVALID_INPUT', 'meta-graph: needs a window (--from and --to)');
      let resume: PageCheckpoint | null = null;
      try {
        const cp = checkpoint ? (JSON.parse(checkpoint) as PageCheckpoint) : null;
        if (cp && cp.from === window.from.toISOString() && cp.to === window.to.toISOString()) resume = cp;
      } catch {}
      if (resume?.done) return;
      yield* kind === 'page' ? pagePosts(window, resume, signal) : hashtagMedia(window, resume, signal);
    },
    map(raw) {
      const item = raw as MetaItem;
      if (item.kind === 'post') {
        const p = item.post;
        return {
          platform: 'facebook',
          externalId: p.id,
          author: p.from?.id ?? item.pageId,
          publishedAt: isoTime(p.created_time),
          text: p.message ?? '',
          url: p.permalink_url ?? null,
          engagement: {
            likes: p.reactions?.summary?.total_count ?? 0,
            replies: p.comments?.summary?.total_count ?? 0,
            shares: p.shares?.count ?? 0,
          },
          isPublic: true,
        };
      }
      if (item.kind === 'comment') {
        const c = item.comment;
        return {
          platform: 'facebook',
          externalId: c.id,
          // Graph names a commenter only to the Page's own token: otherwise each comment stands alone.
          author: c.from?.id ?? (c.id ? `comment:${c.id}` : undefined),
          publishedAt: isoTime(c.created_time),
          text: c.message ?? '',
          url: c.permalink_url ?? null,
          engagement: { likes: c.like_count ?? 0, replies: c.comment_count ?? 0 },
          isPublic: true,
        };
      }
      const m = item.media;
      return {
        platform: 'instagram',
        externalId: m.id,
        // Hashtag search does not name the account that posted: each media stands alone.
        author: m.id ? `media:${m.id}` : undefined,
        publishedAt: isoTime(m.timestamp),
        text: m.caption ?? '',
        url: m.permalink ?? null,
        engagement: { likes: m.like_count ?? 0, replies: m.comments_count ?? 0 },
        isPublic: true,
      };
    },
  };
}
