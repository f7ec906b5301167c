import { PantauError } from '@pantau/contracts';
import type { CollectWindow, Connector, ConnectorPage, SourceItem } from './connector.ts';
import type { HttpClient, HttpResponse, UpstreamFailure } from './http.ts';

/** TikTok Research API resources, as far as Pantau reads them (ids are 64-bit: read as text). */
interface TikTokVideo {
  id?: string;
  video_description?: string;
  create_time?: number;
  region_code?: string;
  username?: string;
  like_count?: number;
  comment_count?: number;
  share_count?: number;
  view_count?: number;
}
interface TikTokComment {
  id?: string;
  video_id?: string;
  text?: string;
  create_time?: number;
  like_count?: number;
  reply_count?: number;
  parent_comment_id?: string;
}
interface TikTokAnswer<T> {
  data?: T;
  error?: { code?: string; message?: string; log_id?: string };
}

/** What the connector hands to `map`: a video, or a comment under one. */
export type TikTokItem = { kind: 'video'; video: TikTokVideo } | { kind: 'comment'; comment: TikTokComment };

export interface TikTokResearchOptions {
  /** `tiktok:<keywords>`: videos whose description holds a keyword (space-separated keywords: any of them). */
  query: string;
  /** Client key and secret of an approved Research API client (TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET). */
  clientKey: string;
  clientSecret: string;
  /** API origin (TIKTOK_API_BASE_URL); tests point it at a local replay server. */
  baseUrl?: string;
  /** Region codes of the videos (default Indonesia). */
  regionCodes?: string[];
  /** Items per page (the API allows up to 100). */
  maxCount?: number;
  http: HttpClient;
  now?: () => number;
}

const VIDEO_FIELDS = 'id,video_description,create_time,region_code,username,like_count,comment_count,share_count,view_count';
const COMMENT_FIELDS = 'id,video_id,text,like_count,reply_count,parent_comment_id,create_time';
/** A video query spans at most 30 days. */
const MAX_QUERY_DAYS = 30;
const DAY_MS = 86_400_000;

/** Quotes 64-bit ids in a JSON text so they survive `JSON.parse` (TikTok sends them as bare numbers). */
export function parseTikTokJson<T>(body: string): T {
  return JSON.parse(body.replace(/"(id|video_id|parent_comment_id)"\s*:\s*(\d{16,})/g, '"$1":"$2"')) as T;
}

const nextUtcMidnight = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS + DAY_MS;

/**
 * Reads a failed TikTok answer: `rate_limit_exceeded` (the daily request limit, reset at midnight UTC: the run stops
 * and resumes after it), an invalid or expired token, a scope the client is not approved for.
 */
export function classifyTikTokError(
  nowMs: () => number = Date.now,
): (status: number, headers: Headers, body: string) => UpstreamFailure | null {
  return (status, _headers, body) => {
    let error: TikTokAnswer<unknown>['error'];
    try {
      error = (JSON.parse(body) as TikTokAnswer<unknown>).error;
    } catch {
      return null;
    }
    if (!error?.code) return null;
    const details = { status, tiktokCode: error.code, logId: error.log_id ?? null };
    const text = `tiktok: ${error.code} (${status}): ${(error.message ?? '').slice(0, 200)}`;
    if (error.code === 'rate_limit_exceeded' || status === 429) {
      const at = nowMs();
      return { error: new PantauError('RATE_LIMITED', text, { retryable: true, details }), retryAfterMs: nextUtcMidnight(at) - at };
    }
    if (error.code === 'access_token_invalid' || status === 401) return { error: new PantauError('AUTH_EXPIRED', text, { details }) };
    if (error.code === 'scope_not_authorized' || error.code === 'scope_permission_missed' || status === 403)
      return { error: new PantauError('FORBIDDEN', text, { details }) };
    return { error: new PantauError('UPSTREAM_ERROR', text, { retryable: status >= 500, details }) };
  };
}

/** Where the walk stands: the query chunk of days, the video cursor, the videos left, the comment cursor. */
interface TikTokCheckpoint {
  from: string;
  to: string;
  /** Start of the current chunk of at most 30 days. */
  chunkFrom: string;
  /** The video query's paging: a cursor and its search id; null before the first page of a chunk. */
  videoCursor: { cursor: number; searchId: string } | null;
  /** Whether the chunk has more video pages after `videoCursor`. */
  moreVideos: boolean;
  pending: string[];
  commentCursor: number | null;
}

const yyyymmdd = (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');

/**
 * The TikTok Research API connector (approved research clients only): `tiktok:<keywords>` runs a video query over
 * the window's UTC days (in chunks of at most 30 days, paged with cursor and search id), keeps the videos created in
 * the window, then lists each one's comments up to the window's end. A client-credentials token is fetched and reused
 * until shortly before it expires. At the daily request limit the run stops; the checkpoint resumes it the next day.
 */
export function tiktokResearchConnector(options: TikTokResearchOptions): Connector {
  if (!options.clientKey || !options.clientSecret)
    throw new PantauError('CONFIG_INVALID', 'TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET: required for the tiktok connector');
  const match = /^tiktok:(.+)$/.exec(options.query.trim());
  const keywords = (match?.[1] ?? '').split(/\s+/).filter(Boolean);
  if (keywords.length === 0) throw new PantauError('INVALID_INPUT', `--query: tiktok takes tiktok:<keywords>, got ${options.query}`);
  const baseUrl = (options.baseUrl ?? 'https://open.tiktokapis.com').replace(/\/$/, '');
  const regionCodes = options.regionCodes ?? ['ID'];
  const maxCount = Math.min(100, Math.max(1, options.maxCount ?? 100));
  const now = options.now ?? Date.now;
  let token: { value: string; expiresAt: number } | null = null;

  async function accessToken(signal?: AbortSignal): Promise<string> {
    if (token && token.expiresAt > now() + 60_000) return token.value;
    const { json } = await options.http.postFormJson<{ access_token?: string; expires_in?: number }>(
      `${baseUrl}/v2/oauth/token/`,
      { client_key: options.clientKey, client_secret: options.clientSecret, grant_type: 'client_credentials' },
      { signal },
    );
    if (!json.access_token) throw new PantauError('AUTH_EXPIRED', 'tiktok: the token endpoint gave no access token');
    token = { value: json.access_token, expiresAt: now() + (json.expires_in ?? 7200) * 1000 };
    return token.value;
  }

  async function post<T>(path: string, fields: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const url = `${baseUrl}${path}?fields=${fields}`;
    for (let attempt = 0; ; attempt++) {
      const bearer = await accessToken(signal);
      let response: HttpResponse;
      try {
        // A video id goes out as the 64-bit number it is, not as text.
        const text = JSON.stringify(body).replace(/"video_id":"(\d+)"/, '"video_id":$1');
        response = await options.http.postJson(url, text, { headers: { authorization: `Bearer ${bearer}` }, signal });
      } catch (error) {
        // A token expired early: one new token, then the error stands.
        if (attempt > 0 || !(error instanceof PantauError) || error.code !== 'AUTH_EXPIRED') throw error;
        token = null;
        continue;
      }
      let answer: TikTokAnswer<T>;
      try {
        answer = parseTikTokJson<TikTokAnswer<T>>(response.body);
      } catch (cause) {
        throw new PantauError('UPSTREAM_ERROR', 'tiktok: the answer is not JSON', { cause });
      }
      if (answer.error?.code && answer.error.code !== 'ok')
        throw new PantauError('UPSTREAM_ERROR', `tiktok: ${answer.error.code}: ${answer.error.message ?? ''}`.slice(0, 300));
      return answer.data ?? ({} as T);
    }
  }

  const createdAt = (seconds: number | undefined) => (typeof seconds === 'number' ? seconds * 1000 : Number.NaN);

  async function* pages(window: CollectWindow | null, checkpoint: string | null, signal?: AbortSignal): AsyncGenerator<ConnectorPage> {
    if (!window) throw new PantauError('INVALID_INPUT', 'tiktok: needs a window (--from and --to)');
    const firstDay = Math.floor(window.from.getTime() / DAY_MS) * DAY_MS;
    const lastDay = Math.floor((window.to.getTime() - 1) / DAY_MS) * DAY_MS;
    let state: TikTokCheckpoint = {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      chunkFrom: new Date(firstDay).toISOString(),
      videoCursor: null,
      moreVideos: true,
      pending: [],
      commentCursor: null,
    };
    try {
      const cp = checkpoint ? (JSON.parse(checkpoint) as TikTokCheckpoint) : null;
      if (cp && cp.from === state.from && cp.to === state.to && Array.isArray(cp.pending)) state = cp;
    } catch {}
    for (;;) {
      const videoId = state.pending[0];
      if (videoId === undefined) {
        const chunkFrom = Date.parse(state.chunkFrom);
        if (!state.moreVideos) {
          const nextChunk = chunkFrom + MAX_QUERY_DAYS * DAY_MS;
          if (nextChunk > lastDay) return;
          state = { ...state, chunkFrom: new Date(nextChunk).toISOString(), videoCursor: null, moreVideos: true };
          continue;
        }
        const chunkTo = Math.min(lastDay, chunkFrom + (MAX_QUERY_DAYS - 1) * DAY_MS);
        const data = await post<{ videos?: TikTokVideo[]; cursor?: number; has_more?: boolean; search_id?: string }>(
          '/v2/research/video/query/',
          VIDEO_FIELDS,
          {
            query: {
              and: [
                { operation: 'IN', field_name: 'keyword', field_values: keywords },
                { operation: 'IN', field_name: 'region_code', field_values: regionCodes },
              ],
            },
            start_date: yyyymmdd(chunkFrom),
            end_date: yyyymmdd(chunkTo),
            max_count: maxCount,
            ...(state.videoCursor ? { cursor: state.videoCursor.cursor, search_id: state.videoCursor.searchId } : {}),
          },
          signal,
        );
        const items: SourceItem[] = [];
        const pending: string[] = [];
        for (const video of data.videos ?? []) {
          const at = createdAt(video.create_time);
          if (!Number.isNaN(at) && (at < window.from.getTime() || at >= window.to.getTime())) continue;
          items.push({ ref: `video ${video.id ?? '?'}`, item: { kind: 'video', video } satisfies TikTokItem });
          if (video.id && (video.comment_count ?? 1) > 0) pending.push(video.id);
        }
        const more = data.has_more === true && typeof data.cursor === 'number' && !!data.search_id;
        state = {
          ...state,
          videoCursor: more ? { cursor: data.cursor as number, searchId: data.search_id as string } : null,
          moreVideos: more,
          pending,
          commentCursor: null,
        };
        yield { items, checkpoint: JSON.stringify(state) };
        continue;
      }
      const data = await post<{ comments?: TikTokComment[]; cursor?: number; has_more?: boolean }>(
        '/v2/research/video/comment/list/',
        COMMENT_FIELDS,
        { video_id: videoId, max_count: maxCount, ...(state.commentCursor !== null ? { cursor: state.commentCursor } : {}) },
        signal,
      );
      const items: SourceItem[] = [];
      for (const comment of data.comments ?? []) {
        const at = createdAt(comment.create_time);
        // The video is of the window, so are its comments up to the window's end.
        if (!Number.isNaN(at) && at >= window.to.getTime()) continue;
        items.push({ ref: `comment ${comment.id ?? '?'}`, item: { kind: 'comment', comment } satisfies TikTokItem });
      }
      const more = data.has_more === true && typeof data.cursor === 'number';
      state = more
        ? { ...state, commentCursor: data.cursor as number }
        : { ...state, pending: state.pending.slice(1), commentCursor: null };
      yield { items, checkpoint: JSON.stringify(state) };
    }
  }

  return {
    name: 'tiktok',
    platform: 'tiktok',
    query: `tiktok:${keywords.join(' ')}`,
    // Videos reach the Research API with a delay: live windows end a day before now.
    settleMs: DAY_MS,
    fetch: pages,
    map(raw) {
      const item = raw as TikTokItem;
      const iso = (seconds: number | undefined) => (typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : undefined);
      if (item.kind === 'video') {
        const v = item.video;
        return {
          platform: 'tiktok',
          externalId: v.id,
          author: v.username,
          publishedAt: iso(v.create_time),
          text: v.video_description ?? '',
          // The handle-free form: a URL with the handle would store what pseudonymization removes.
          url: v.id ? `https://m.tiktok.com/v/${v.id}.html` : null,
          engagement: { likes: v.like_count ?? 0, replies: v.comment_count ?? 0, shares: v.share_count ?? 0, views: v.view_count ?? 0 },
          isPublic: true,
        };
      }
      const c = item.comment;
      return {
        platform: 'tiktok',
        externalId: c.id,
        // The Research API does not name commenters: each comment stands alone.
        author: c.id ? `comment:${c.id}` : undefined,
        publishedAt: iso(c.create_time),
        text: c.text ?? '',
        url: c.video_id ? `https://m.tiktok.com/v/${c.video_id}.html` : null,
        engagement: { likes: c.like_count ?? 0, replies: c.reply_count ?? 0 },
        isPublic: true,
      };
    },
  };
}
