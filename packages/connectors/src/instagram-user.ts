import { PantauError } from '@pantau/contracts';
import type { CollectWindow, Connector, ConnectorPage, SourceItem } from './connector.ts';
import type { HttpClient } from './http.ts';

interface GraphList<T> {
  data?: T[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string };
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
interface InstagramComment {
  id?: string;
  text?: string;
  timestamp?: string;
  from?: { id?: string; username?: string };
  username?: string;
  like_count?: number;
  hidden?: boolean;
  replies?: GraphList<InstagramComment>;
}

/** What the connector hands to `map`: one of the account's media, or a comment (or reply) under one. */
export type InstagramUserItem =
  | { kind: 'media'; media: InstagramMedia }
  | { kind: 'comment'; mediaId: string; permalink: string | null; comment: InstagramComment };

export interface InstagramUserOptions {
  /** `ig-user:<ig-user-id>`: the agency's own Instagram professional account. */
  query: string;
  /** A token of the account's Page with instagram_basic and instagram_manage_comments (META_ACCESS_TOKEN). */
  accessToken: string;
  /** Graph API origin with its version (META_GRAPH_BASE_URL). */
  baseUrl?: string;
  /** How far before the window a media's comments are still read (comments keep coming on older posts). */
  mediaLookbackMs?: number;
  /** Items per page. */
  limit?: number;
  http: HttpClient;
}

/** By default the comments of the account's media of the last 30 days are read. */
export const INSTAGRAM_MEDIA_LOOKBACK_MS = 30 * 24 * 3_600_000;

const COMMENT_FIELDS = 'id,text,timestamp,from{id},like_count,hidden';

const isMissingObject = (error: unknown) =>
  error instanceof PantauError && error.details?.graphCode === 100 && error.details.graphSubcode === 33;

/** Graph times (`2026-11-24T09:30:11+0000`) as ISO 8601; anything else is passed on for validation to reject. */
function isoTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** Where the walk stands: the next media page, the media whose comments are left, the comment page of the first. */
interface InstagramUserCheckpoint {
  from: string;
  to: string;
  listed: boolean;
  mediaAfter: string | null;
  pending: Array<{ id: string; permalink: string | null }>;
  commentAfter: string | null;
}

/**
 * Comments on the agency's own Instagram media (`ig-user:<id>`): the account's media (`/{ig-user-id}/media`, time
 * paging from `mediaLookbackMs` before the window), each one published in the window as a post, then every media's
 * comments and replies of the window (`/{media-id}/comments`, `/{comment-id}/replies`). Hidden comments are dropped.
 * The checkpoint holds the media page, the media left and the comment cursor, so a run resumes mid-media.
 */
export function instagramUserConnector(options: InstagramUserOptions): Connector {
  if (!options.accessToken) throw new PantauError('CONFIG_INVALID', 'META_ACCESS_TOKEN: required for the meta-graph connector');
  const match = /^ig-user:(\d+)$/.exec(options.query.trim());
  if (!match?.[1]) throw new PantauError('INVALID_INPUT', `--query: ig-user takes a numeric Instagram user id, got ${options.query}`);
  const userId = match[1];
  const baseUrl = (options.baseUrl ?? 'https://graph.facebook.com/v21.0').replace(/\/$/, '');
  const limit = options.limit ?? 25;
  const lookbackMs = options.mediaLookbackMs ?? INSTAGRAM_MEDIA_LOOKBACK_MS;
  const headers = { authorization: `Bearer ${options.accessToken}` };

  const get = <T>(path: string, params: Record<string, string | null>, signal?: AbortSignal) => {
    const url = new URL(`${baseUrl}/${path}`);
    for (const [name, value] of Object.entries(params)) if (value !== null) url.searchParams.set(name, value);
    return options.http.getJson<T>(url, { headers, signal }).then((r) => r.json);
  };
  const inWindow = (at: string | undefined, window: CollectWindow) => {
    const ms = Date.parse(isoTime(at) ?? '');
    // An unreadable time goes through, for validation to dead-letter it.
    return Number.isNaN(ms) || (ms >= window.from.getTime() && ms < window.to.getTime());
  };

  /** A comment and its replies of the window as items (reply pages beyond the first followed). */
  async function commentItems(
    comment: InstagramComment,
    media: { id: string; permalink: string | null },
    window: CollectWindow,
    signal?: AbortSignal,
  ): Promise<SourceItem[]> {
    const out: SourceItem[] = [];
    const push = (c: InstagramComment) => {
      const ref = `comment ${c.id ?? '?'}`;
      if (c.hidden) out.push({ ref, dropped: { reason: 'not_public', detail: 'comment hidden by the account' } });
      else if (inWindow(c.timestamp, window))
        out.push({ ref, item: { kind: 'comment', mediaId: media.id, permalink: media.permalink, comment: c } satisfies InstagramUserItem });
    };
    push(comment);
    let replies = comment.replies;
    while (replies) {
      for (const reply of replies.data ?? []) push(reply);
      const after = replies.paging?.next ? replies.paging.cursors?.after : undefined;
      replies =
        after && comment.id
          ? await get<GraphList<InstagramComment>>(`${comment.id}/replies`, { fields: COMMENT_FIELDS, after, limit: '50' }, signal)
          : undefined;
    }
    return out;
  }

  async function* pages(window: CollectWindow | null, checkpoint: string | null, signal?: AbortSignal): AsyncGenerator<ConnectorPage> {
    if (!window) throw new PantauError('INVALID_INPUT', 'meta-graph: needs a window (--from and --to)');
    let state: InstagramUserCheckpoint = {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      listed: false,
      mediaAfter: null,
      pending: [],
      commentAfter: null,
    };
    try {
      const cp = checkpoint ? (JSON.parse(checkpoint) as InstagramUserCheckpoint) : null;
      if (cp && cp.from === state.from && cp.to === state.to && Array.isArray(cp.pending)) state = cp;
    } catch {}
    for (;;) {
      const media = state.pending[0];
      if (!media) {
        if (state.listed && state.mediaAfter === null) return;
        const list = await get<GraphList<InstagramMedia>>(
          `${userId}/media`,
          {
            fields: 'id,caption,media_type,permalink,timestamp,like_count,comments_count',
            since: String(Math.floor((window.from.getTime() - lookbackMs) / 1000)),
            until: String(Math.floor(window.to.getTime() / 1000)),
            limit: String(limit),
            after: state.mediaAfter,
          },
          signal,
        );
        const items: SourceItem[] = [];
        const pending: InstagramUserCheckpoint['pending'] = [];
        for (const m of list.data ?? []) {
          if (inWindow(m.timestamp, window))
            items.push({ ref: `media ${m.id ?? '?'}`, item: { kind: 'media', media: m } satisfies InstagramUserItem });
          if (m.id && (m.comments_count ?? 1) > 0) pending.push({ id: m.id, permalink: m.permalink ?? null });
        }
        const after = list.paging?.next ? (list.paging.cursors?.after ?? null) : null;
        state = { ...state, listed: true, mediaAfter: after, pending, commentAfter: null };
        yield { items, checkpoint: JSON.stringify(state) };
        continue;
      }
      const items: SourceItem[] = [];
      let after: string | null = null;
      try {
        const page = await get<GraphList<InstagramComment>>(
          `${media.id}/comments`,
          { fields: `${COMMENT_FIELDS},replies.limit(50){${COMMENT_FIELDS}}`, limit: '50', after: state.commentAfter },
          signal,
        );
        for (const comment of page.data ?? []) items.push(...(await commentItems(comment, media, window, signal)));
        after = page.paging?.next ? (page.paging.cursors?.after ?? null) : null;
      } catch (error) {
        if (!isMissingObject(error)) throw error;
        items.push({
          ref: `comments of ${media.id}`,
          dropped: { reason: 'deleted', detail: 'media deleted before its comments were read' },
        });
      }
      state = after ? { ...state, commentAfter: after } : { ...state, pending: state.pending.slice(1), commentAfter: null };
      yield { items, checkpoint: JSON.stringify(state) };
    }
  }

  return {
    name: 'meta-graph',
    platform: 'instagram',
    query: `ig-user:${userId}`,
    settleMs: 60_000,
    fetch: pages,
    map(raw) {
      const item = raw as InstagramUserItem;
      if (item.kind === 'media') {
        const m = item.media;
        return {
          platform: 'instagram',
          externalId: m.id,
          author: userId,
          publishedAt: isoTime(m.timestamp),
          text: m.caption ?? '',
          url: m.permalink ?? null,
          engagement: { likes: m.like_count ?? 0, replies: m.comments_count ?? 0 },
          isPublic: true,
        };
      }
      const c = item.comment;
      return {
        platform: 'instagram',
        externalId: c.id,
        // The commenter's Instagram-scoped id, never the username; without one each comment stands alone.
        author: c.from?.id ?? (c.id ? `comment:${c.id}` : undefined),
        publishedAt: isoTime(c.timestamp),
        text: c.text ?? '',
        // Instagram has no comment permalink: the media's.
        url: item.permalink,
        engagement: { likes: c.like_count ?? 0, replies: c.replies?.data?.length ?? 0 },
        isPublic: true,
      };
    },
  };
}
