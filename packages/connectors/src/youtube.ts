import { PantauError } from '@pantau/contracts';
import type { CollectWindow, Connector, ConnectorPage, SourceItem } from './connector.ts';
import type { HttpClient, UpstreamFailure } from './http.ts';

/** YouTube Data API v3 resources, as far as Pantau reads them. */
interface YouTubeVideo {
  id?: string;
  snippet?: { publishedAt?: string; channelId?: string; title?: string; description?: string; defaultLanguage?: string };
  statistics?: { viewCount?: string; likeCount?: string; commentCount?: string };
}
interface YouTubeComment {
  id?: string;
  snippet?: {
    videoId?: string;
    textOriginal?: string;
    authorChannelId?: { value?: string };
    likeCount?: number;
    publishedAt?: string;
    parentId?: string;
  };
}
interface YouTubeThread {
  id?: string;
  snippet?: { videoId?: string; topLevelComment?: YouTubeComment; totalReplyCount?: number; isPublic?: boolean };
  replies?: { comments?: YouTubeComment[] };
}
interface YouTubeList<T> {
  items?: T[];
  nextPageToken?: string;
}
interface YouTubeErrorBody {
  error?: { code?: number; message?: string; errors?: Array<{ reason?: string; domain?: string }> };
}

/** What the connector hands to `map`: a video, or a comment (top-level or reply) under one. */
export type YouTubeItem =
  | { kind: 'video'; video: YouTubeVideo }
  | { kind: 'comment'; videoId: string; comment: YouTubeComment; replies: number };

/** Quota units of each call (YouTube Data API v3 quota costs). */
export const YOUTUBE_UNITS = { search: 100, videos: 1, commentThreads: 1, comments: 1 } as const;
/** The default daily quota of a Google Cloud project. */
export const YOUTUBE_DEFAULT_DAILY_UNITS = 10_000;

/** A day's quota of the API key, shared by every YouTube query of the process; the platform resets it at midnight Pacific time. */
export interface YouTubeQuota {
  readonly dailyUnits: number;
  /** Units spent on the current Pacific day (as counted here, or all of them once the platform said the quota is spent). */
  used(): number;
  /** Counts a call's units before it is made; throws RATE_LIMITED (with the reset time) when they do not fit. */
  spend(units: number): void;
  /** The platform answered `quotaExceeded`: nothing more until the reset. */
  exhaust(): void;
}

/** Wall-clock parts of an instant in a time zone. */
function zonedParts(ms: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: n('year'), mo: n('month'), d: n('day'), h: n('hour'), mi: n('minute'), s: n('second') };
}

/** The next midnight in America/Los_Angeles after `ms`: when the YouTube quota resets. */
export function nextPacificMidnight(ms: number): number {
  const zone = 'America/Los_Angeles';
  const offsetAt = (at: number) => {
    const p = zonedParts(at, zone);
    return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(at / 1000) * 1000;
  };
  const p = zonedParts(ms, zone);
  const wallMidnight = Date.UTC(p.y, p.mo - 1, p.d + 1);
  // The offset of the next day decides (a daylight-saving change falls at 2 am, after midnight).
  let at = wallMidnight - offsetAt(ms);
  at = wallMidnight - offsetAt(at);
  return at;
}

const pacificDay = (ms: number) => {
  const p = zonedParts(ms, 'America/Los_Angeles');
  return `${p.y}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
};

/** A quota counter for one API key: `dailyUnits` per Pacific day (YOUTUBE_DAILY_QUOTA). */
export function youtubeQuota(dailyUnits: number = YOUTUBE_DEFAULT_DAILY_UNITS, now: () => number = Date.now): YouTubeQuota {
  let day = pacificDay(now());
  let spent = 0;
  const roll = () => {
    const today = pacificDay(now());
    if (today !== day) {
      day = today;
      spent = 0;
    }
  };
  return {
    dailyUnits,
    used() {
      roll();
      return spent;
    },
    spend(units) {
      roll();
      if (spent + units > dailyUnits) throw quotaSpent(dailyUnits, spent, now());
      spent += units;
    },
    exhaust() {
      roll();
      spent = dailyUnits;
    },
  };
}

function quotaSpent(dailyUnits: number, spent: number, nowMs: number): PantauError {
  const retryAt = nextPacificMidnight(nowMs);
  return new PantauError(
    'RATE_LIMITED',
    `youtube: daily quota of ${dailyUnits} units spent (${spent} used); resumes after the reset at ${new Date(retryAt).toISOString()}`,
    {
      retryable: true,
      details: { quota: true, dailyUnits, used: spent, retryAfterMs: retryAt - nowMs, retryAt: new Date(retryAt).toISOString() },
    },
  );
}

/** The first `reason` of a Google API error body, or null. */
function googleReason(body: string): { reason: string | null; message: string } {
  try {
    const error = (JSON.parse(body) as YouTubeErrorBody).error;
    return { reason: error?.errors?.[0]?.reason ?? null, message: error?.message ?? '' };
  } catch {
    return { reason: null, message: '' };
  }
}

/**
 * Reads a failed YouTube answer: `quotaExceeded` (the day's quota is spent: wait until the Pacific midnight reset),
 * `rateLimitExceeded` (too fast: back off), `commentsDisabled` and `videoNotFound` (per video, not fatal to the run).
 */
export function classifyYouTubeError(
  nowMs: () => number = Date.now,
): (status: number, headers: Headers, body: string) => UpstreamFailure | null {
  return (status, _headers, body) => {
    const { reason, message } = googleReason(body);
    if (!reason) return null;
    const details = { status, reason };
    const text = `youtube: ${reason} (${status}): ${message.slice(0, 200)}`;
    if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded') {
      const at = nowMs();
      return {
        error: new PantauError('RATE_LIMITED', text, { retryable: true, details: { ...details, quota: true } }),
        retryAfterMs: nextPacificMidnight(at) - at,
      };
    }
    if (reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded')
      return { error: new PantauError('RATE_LIMITED', text, { retryable: true, details }), retryAfterMs: null };
    if (reason === 'keyInvalid' || status === 401 || (status === 400 && /API key/i.test(message)))
      return { error: new PantauError('AUTH_EXPIRED', text, { details }) };
    if (status === 403) return { error: new PantauError('FORBIDDEN', text, { details }) };
    if (status === 404) return { error: new PantauError('NOT_FOUND', text, { details }) };
    return { error: new PantauError('UPSTREAM_ERROR', text, { retryable: status >= 500, details }) };
  };
}

export interface YouTubeOptions {
  /** `video:<video-id>` (comments on one video) or `search:<query>` (videos published in the window, then their comments). */
  query: string;
  /** API key of a Google Cloud project with the YouTube Data API v3 enabled (YOUTUBE_API_KEY). */
  apiKey: string;
  /** API origin (YOUTUBE_API_BASE_URL); tests point it at a local replay server. */
  baseUrl?: string;
  /** The key's daily quota, shared by every YouTube query of the process. */
  quota: YouTubeQuota;
  /** Items per page (search: up to 50; comment threads: up to 100). */
  maxResults?: number;
  http: HttpClient;
}

/** Where a YouTube collection stands: the next search page, the videos whose comments are left, the comment page. */
interface YouTubeCheckpoint {
  from: string;
  to: string;
  /** Whether the first list of videos was read. */
  listed: boolean;
  /** The next search page (search mode), null when the search is exhausted. */
  nextSearch: string | null;
  /** Videos whose comments are still to read; the first is being read. */
  pending: string[];
  /** The next comment-thread page of `pending[0]`. */
  commentPage: string | null;
}

const videoIdPattern = /^[\w-]{6,20}$/;

/**
 * The YouTube Data API v3 connector. `video:<id>`: the video (when published in the window) and its comments and
 * replies published in the window. `search:<query>`: videos published in the window (`search.list`, 100 units a page),
 * then each one's comments and replies up to the window's end. Every call is counted against the day's quota; at the
 * quota the run stops with RATE_LIMITED and the checkpoint (search page, videos left, comment page) lets the next run,
 * after the Pacific midnight reset, continue where it stopped.
 */
export function youtubeConnector(options: YouTubeOptions): Connector {
  if (!options.apiKey) throw new PantauError('CONFIG_INVALID', 'YOUTUBE_API_KEY: required for the youtube connector');
  const match = /^(video|search):(.+)$/.exec(options.query.trim());
  if (!match?.[1] || !match[2])
    throw new PantauError('INVALID_INPUT', `--query: youtube takes video:<video-id> or search:<query>, got ${options.query}`);
  const kind = match[1] as 'video' | 'search';
  const target = match[2].trim();
  if (kind === 'video' && !videoIdPattern.test(target))
    throw new PantauError('INVALID_INPUT', `--query: not a YouTube video id: ${target}`);
  const baseUrl = (options.baseUrl ?? 'https://www.googleapis.com/youtube/v3').replace(/\/$/, '');
  const maxResults = options.maxResults ?? 50;

  const call = async <T>(resource: keyof typeof YOUTUBE_UNITS, params: Record<string, string | null>, signal?: AbortSignal) => {
    options.quota.spend(YOUTUBE_UNITS[resource]);
    const url = new URL(`${baseUrl}/${resource}`);
    for (const [name, value] of Object.entries(params)) if (value !== null) url.searchParams.set(name, value);
    url.searchParams.set('key', options.apiKey);
    try {
      return (await options.http.getJson<T>(url, { signal })).json;
    } catch (error) {
      if (error instanceof PantauError && error.code === 'RATE_LIMITED' && quotaError(error)) options.quota.exhaust();
      throw error;
    }
  };
  const quotaError = (error: PantauError): boolean =>
    error.details?.quota === true || (error.cause instanceof PantauError && error.cause.details?.quota === true);

  const inWindow = (at: string | undefined, window: CollectWindow, lowerBound: boolean) => {
    const ms = Date.parse(at ?? '');
    // An unreadable time goes through, for validation to dead-letter it.
    if (Number.isNaN(ms)) return true;
    return ms < window.to.getTime() && (!lowerBound || ms >= window.from.getTime());
  };

  /** The videos as items (statistics from `videos.list`, 1 unit for up to 50 ids). */
  async function videoItems(ids: string[], window: CollectWindow, signal?: AbortSignal): Promise<SourceItem[]> {
    if (ids.length === 0) return [];
    const list = await call<YouTubeList<YouTubeVideo>>(
      'videos',
      { part: 'snippet,statistics', id: ids.join(','), maxResults: '50' },
      signal,
    );
    const found = new Map((list.items ?? []).map((v) => [v.id, v]));
    return ids.flatMap((id): SourceItem[] => {
      const video = found.get(id);
      if (!video) return [{ ref: `video ${id}`, dropped: { reason: 'deleted', detail: 'video not listed (deleted or private)' } }];
      if (!inWindow(video.snippet?.publishedAt, window, true)) return [];
      return [{ ref: `video ${id}`, item: { kind: 'video', video } satisfies YouTubeItem }];
    });
  }

  /** Every reply of a thread beyond those the thread listed (`comments.list`, 1 unit a page). */
  async function moreReplies(threadId: string, signal?: AbortSignal): Promise<YouTubeComment[]> {
    const out: YouTubeComment[] = [];
    let page: string | null = null;
    do {
      const list: YouTubeList<YouTubeComment> = await call<YouTubeList<YouTubeComment>>(
        'comments',
        { part: 'snippet', parentId: threadId, maxResults: '100', textFormat: 'plainText', pageToken: page },
        signal,
      );
      out.push(...(list.items ?? []));
      page = list.nextPageToken ?? null;
    } while (page);
    return out;
  }

  /** One page of a video's comment threads as items, and whether older pages can still hold comments of the window. */
  async function commentPage(videoId: string, pageToken: string | null, window: CollectWindow, signal?: AbortSignal) {
    let list: YouTubeList<YouTubeThread>;
    try {
      list = await call<YouTubeList<YouTubeThread>>(
        'commentThreads',
        { part: 'snippet,replies', videoId, maxResults: '100', order: 'time', textFormat: 'plainText', pageToken },
        signal,
      );
    } catch (error) {
      const reason = error instanceof PantauError ? error.details?.reason : undefined;
      if (reason === 'commentsDisabled')
        return {
          items: [
            { ref: `comments of ${videoId}`, dropped: { reason: 'not_public', detail: 'comments disabled on the video' } },
          ] as SourceItem[],
          next: null,
        };
      if (reason === 'videoNotFound')
        return {
          items: [
            { ref: `comments of ${videoId}`, dropped: { reason: 'deleted', detail: 'video deleted before its comments were read' } },
          ] as SourceItem[],
          next: null,
        };
      throw error;
    }
    // In video mode only the window's comments count; in search mode the video is of the window, so are its comments.
    const lowerBound = kind === 'video';
    const items: SourceItem[] = [];
    let anyInWindow = false;
    for (const thread of list.items ?? []) {
      const top = thread.snippet?.topLevelComment;
      const ref = `comment ${thread.id ?? '?'}`;
      if (!top) {
        items.push({
          ref,
          invalid: {
            reason: 'missing_field',
            detail: 'comment thread without its top-level comment',
            raw: JSON.stringify({ id: thread.id ?? null }),
          },
        });
        continue;
      }
      if (thread.snippet?.isPublic === false) {
        items.push({ ref, dropped: { reason: 'not_public', detail: 'thread not public' } });
        continue;
      }
      const replyCount = thread.snippet?.totalReplyCount ?? 0;
      if (inWindow(top.snippet?.publishedAt, window, lowerBound)) {
        anyInWindow = true;
        items.push({ ref, item: { kind: 'comment', videoId, comment: top, replies: replyCount } satisfies YouTubeItem });
      }
      let replies = thread.replies?.comments ?? [];
      if (replyCount > replies.length && thread.id) replies = await moreReplies(thread.id, signal);
      for (const reply of replies) {
        if (!inWindow(reply.snippet?.publishedAt, window, lowerBound)) continue;
        anyInWindow = true;
        items.push({
          ref: `comment ${reply.id ?? '?'}`,
          item: { kind: 'comment', videoId, comment: reply, replies: 0 } satisfies YouTubeItem,
        });
      }
    }
    // Threads come newest first: a page with nothing of the window (video mode) means older pages have nothing either.
    const next = list.nextPageToken && (kind === 'search' || anyInWindow) ? list.nextPageToken : null;
    return { items, next };
  }

  async function* pages(window: CollectWindow | null, checkpoint: string | null, signal?: AbortSignal): AsyncGenerator<ConnectorPage> {
    if (!window) throw new PantauError('INVALID_INPUT', 'youtube: needs a window (--from and --to)');
    let state: YouTubeCheckpoint = {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      listed: false,
      nextSearch: null,
      pending: [],
      commentPage: null,
    };
    try {
      const cp = checkpoint ? (JSON.parse(checkpoint) as YouTubeCheckpoint) : null;
      if (cp && cp.from === state.from && cp.to === state.to && Array.isArray(cp.pending)) state = cp;
    } catch {}
    for (;;) {
      const videoId = state.pending[0];
      if (videoId === undefined) {
        if (state.listed && state.nextSearch === null) return;
        if (kind === 'video') {
          const items = await videoItems([target], window, signal);
          state = { ...state, listed: true, nextSearch: null, pending: [target], commentPage: null };
          yield { items, checkpoint: JSON.stringify(state) };
          continue;
        }
        const found = await call<YouTubeList<{ id?: { videoId?: string } }>>(
          'search',
          {
            part: 'id',
            type: 'video',
            q: target,
            order: 'date',
            publishedAfter: window.from.toISOString(),
            publishedBefore: window.to.toISOString(),
            maxResults: String(Math.min(50, maxResults)),
            pageToken: state.nextSearch,
          },
          signal,
        );
        const ids = [...new Set((found.items ?? []).flatMap((r) => (r.id?.videoId ? [r.id.videoId] : [])))];
        const items = await videoItems(ids, window, signal);
        state = { ...state, listed: true, nextSearch: found.nextPageToken ?? null, pending: ids, commentPage: null };
        yield { items, checkpoint: JSON.stringify(state) };
        continue;
      }
      const { items, next } = await commentPage(videoId, state.commentPage, window, signal);
      state = next ? { ...state, commentPage: next } : { ...state, pending: state.pending.slice(1), commentPage: null };
      yield { items, checkpoint: JSON.stringify(state) };
    }
  }

  return {
    name: 'youtube',
    platform: 'youtube',
    query: `${kind}:${target}`,
    settleMs: 60_000,
    fetch: pages,
    map(raw) {
      const item = raw as YouTubeItem;
      if (item.kind === 'video') {
        const v = item.video;
        const s = v.statistics ?? {};
        const count = (value: string | undefined) => (value && /^\d+$/.test(value) ? Number(value) : 0);
        return {
          platform: 'youtube',
          externalId: v.id,
          author: v.snippet?.channelId,
          publishedAt: v.snippet?.publishedAt,
          text: [v.snippet?.title, v.snippet?.description].filter(Boolean).join('\n\n'),
          url: v.id ? `https://www.youtube.com/watch?v=${v.id}` : null,
          engagement: { likes: count(s.likeCount), replies: count(s.commentCount), views: count(s.viewCount) },
          lang: v.snippet?.defaultLanguage ?? null,
          isPublic: true,
        };
      }
      const c = item.comment;
      return {
        platform: 'youtube',
        externalId: c.id,
        // The channel id, never the display name; a comment without one stands alone.
        author: c.snippet?.authorChannelId?.value ?? (c.id ? `comment:${c.id}` : undefined),
        publishedAt: c.snippet?.publishedAt,
        text: c.snippet?.textOriginal ?? '',
        url: c.id ? `https://www.youtube.com/watch?v=${item.videoId}&lc=${c.id}` : null,
        engagement: { likes: c.snippet?.likeCount ?? 0, replies: item.replies },
        isPublic: true,
      };
    },
  };
}
