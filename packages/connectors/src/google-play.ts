import { createSign } from 'node:crypto';
import { PantauError } from '@pantau/contracts';
import type { CollectWindow, Connector, ConnectorPage, SourceItem } from './connector.ts';
import type { HttpClient } from './http.ts';

/** The fields of a Google service-account key file that signing needs. */
export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri?: string;
}

/** Google Play Developer API `reviews.list`, as far as Pantau reads it. */
interface PlayTimestamp {
  seconds?: string | number;
  nanos?: number;
}
interface PlayUserComment {
  text?: string;
  lastModified?: PlayTimestamp;
  starRating?: number;
  reviewerLanguage?: string;
  appVersionName?: string;
  thumbsUpCount?: number;
}
interface PlayReview {
  reviewId?: string;
  authorName?: string;
  comments?: Array<{ userComment?: PlayUserComment; developerComment?: { text?: string; lastModified?: PlayTimestamp } }>;
}
interface PlayReviewList {
  reviews?: PlayReview[];
  tokenPagination?: { nextPageToken?: string };
}

/** A review as handed to `map`: the app's package and the review. */
export interface PlayReviewItem {
  packageName: string;
  review: PlayReview;
}

export interface GooglePlayOptions {
  /** `play:<package-name>`: reviews of the agency's own app. */
  query: string;
  /** The service-account key (JSON) with access to the app in the Play Console (GOOGLE_PLAY_SERVICE_ACCOUNT). */
  serviceAccount: string;
  /** API origin (GOOGLE_PLAY_API_BASE_URL); tests point it at a local replay server. */
  baseUrl?: string;
  /** Reviews per page (the API allows up to 100). */
  maxResults?: number;
  http: HttpClient;
  now?: () => number;
}

/** reviews.list returns reviews created or changed in the last seven days only. */
export const PLAY_REVIEWS_LOOKBACK_MS = 7 * 24 * 3_600_000;
const SCOPE = 'https://www.googleapis.com/auth/androidpublisher';
const DEFAULT_TOKEN_URI = 'https://oauth2.googleapis.com/token';

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** Parses a service-account key file's JSON; a missing field is a configuration error naming it. */
export function parseServiceAccount(json: string): ServiceAccountKey {
  let key: Partial<ServiceAccountKey>;
  try {
    key = JSON.parse(json) as Partial<ServiceAccountKey>;
  } catch (cause) {
    throw new PantauError('CONFIG_INVALID', 'GOOGLE_PLAY_SERVICE_ACCOUNT: not a JSON service-account key', { cause });
  }
  for (const field of ['client_email', 'private_key'] as const)
    if (typeof key[field] !== 'string' || !key[field])
      throw new PantauError('CONFIG_INVALID', `GOOGLE_PLAY_SERVICE_ACCOUNT: the key has no ${field}`);
  return key as ServiceAccountKey;
}

/**
 * A signed JWT assertion (RS256) for the OAuth 2.0 service-account flow, made locally with the key's private key:
 * the key never leaves the machine, only the short-lived assertion does.
 */
export function serviceAccountAssertion(key: ServiceAccountKey, scope: string, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const header = { alg: 'RS256', typ: 'JWT', ...(key.private_key_id ? { kid: key.private_key_id } : {}) };
  const claims = { iss: key.client_email, scope, aud: key.token_uri ?? DEFAULT_TOKEN_URI, iat, exp: iat + 3600 };
  const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  let signature: Buffer;
  try {
    signature = createSign('RSA-SHA256').update(unsigned).sign(key.private_key);
  } catch (cause) {
    throw new PantauError('CONFIG_INVALID', 'GOOGLE_PLAY_SERVICE_ACCOUNT: the private key cannot sign (not a PEM RSA key)', { cause });
  }
  return `${unsigned}.${base64url(signature)}`;
}

/** Seconds (and nanos) since the epoch as ISO 8601; anything unreadable is passed on for validation to reject. */
function isoOf(t: PlayTimestamp | undefined): string | undefined {
  if (!t || t.seconds === undefined) return undefined;
  const seconds = Number(t.seconds);
  if (!Number.isFinite(seconds)) return undefined;
  return new Date(seconds * 1000 + Math.floor((t.nanos ?? 0) / 1e6)).toISOString();
}

type PlayCheckpoint = { from: string; to: string; next: string | null; done: boolean };

/**
 * The Google Play reviews connector: `reviews.list` of the agency's own app, newest first, cursor paging with
 * `token`, reviews of the window only (a page wholly older than the window ends the walk). Authenticates as a
 * service account: a JWT signed locally, exchanged for an access token that is reused until shortly before it expires.
 */
export function googlePlayConnector(options: GooglePlayOptions): Connector {
  if (!options.serviceAccount)
    throw new PantauError('CONFIG_INVALID', 'GOOGLE_PLAY_SERVICE_ACCOUNT: required for the google-play connector');
  const match = /^play:([A-Za-z][\w]*(\.[A-Za-z][\w]*)+)$/.exec(options.query.trim());
  if (!match?.[1]) throw new PantauError('INVALID_INPUT', `--query: google-play takes play:<package-name>, got ${options.query}`);
  const packageName = match[1];
  const key = parseServiceAccount(options.serviceAccount);
  const baseUrl = (options.baseUrl ?? 'https://androidpublisher.googleapis.com/androidpublisher/v3').replace(/\/$/, '');
  const maxResults = Math.min(100, Math.max(1, options.maxResults ?? 100));
  const now = options.now ?? Date.now;
  let token: { value: string; expiresAt: number } | null = null;

  async function accessToken(signal?: AbortSignal): Promise<string> {
    if (token && token.expiresAt > now() + 60_000) return token.value;
    const assertion = serviceAccountAssertion(key, SCOPE, now());
    const { json } = await options.http.postFormJson<{ access_token?: string; expires_in?: number }>(
      key.token_uri ?? DEFAULT_TOKEN_URI,
      { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion },
      { signal },
    );
    if (!json.access_token) throw new PantauError('AUTH_EXPIRED', 'google-play: the token endpoint gave no access token');
    token = { value: json.access_token, expiresAt: now() + (json.expires_in ?? 3600) * 1000 };
    return token.value;
  }

  async function list(next: string | null, signal?: AbortSignal): Promise<PlayReviewList> {
    const url = new URL(`${baseUrl}/applications/${encodeURIComponent(packageName)}/reviews`);
    url.searchParams.set('maxResults', String(maxResults));
    if (next) url.searchParams.set('token', next);
    for (let attempt = 0; ; attempt++) {
      const bearer = await accessToken(signal);
      try {
        return (await options.http.getJson<PlayReviewList>(url, { headers: { authorization: `Bearer ${bearer}` }, signal })).json;
      } catch (error) {
        // A token revoked or expired early: one new token, then the error stands.
        if (attempt > 0 || !(error instanceof PantauError) || error.code !== 'AUTH_EXPIRED') throw error;
        token = null;
      }
    }
  }

  async function* pages(window: CollectWindow | null, checkpoint: string | null, signal?: AbortSignal): AsyncGenerator<ConnectorPage> {
    if (!window) throw new PantauError('INVALID_INPUT', 'google-play: needs a window (--from and --to)');
    let resume: PlayCheckpoint | null = null;
    try {
      const cp = checkpoint ? (JSON.parse(checkpoint) as PlayCheckpoint) : null;
      if (cp && cp.from === window.from.toISOString() && cp.to === window.to.toISOString()) resume = cp;
    } catch {}
    if (resume?.done) return;
    let next = resume?.next ?? null;
    for (;;) {
      const page = await list(next, signal);
      const items: SourceItem[] = [];
      const reviews = page.reviews ?? [];
      let older = 0;
      for (const review of reviews) {
        const ref = `review ${review.reviewId ?? '?'}`;
        const user = review.comments?.find((c) => c.userComment)?.userComment;
        if (!user) {
          items.push({
            ref,
            invalid: {
              reason: 'missing_field',
              detail: 'review without a user comment',
              raw: JSON.stringify({ reviewId: review.reviewId ?? null }),
            },
          });
          continue;
        }
        const at = Date.parse(isoOf(user.lastModified) ?? '');
        if (!Number.isNaN(at) && at < window.from.getTime()) {
          older++;
          continue;
        }
        // Changed after the window's end: a later window takes it.
        if (!Number.isNaN(at) && at >= window.to.getTime()) continue;
        items.push({ ref, item: { packageName, review } satisfies PlayReviewItem });
      }
      next =
        page.tokenPagination?.nextPageToken && !(reviews.length > 0 && older === reviews.length)
          ? page.tokenPagination.nextPageToken
          : null;
      yield {
        items,
        checkpoint: JSON.stringify({
          from: window.from.toISOString(),
          to: window.to.toISOString(),
          next,
          done: next === null,
        } satisfies PlayCheckpoint),
      };
      if (!next) return;
    }
  }

  return {
    name: 'google-play',
    platform: 'app_review',
    query: `play:${packageName}`,
    maxLookbackMs: PLAY_REVIEWS_LOOKBACK_MS,
    settleMs: 60_000,
    fetch: pages,
    map(raw) {
      const { review } = raw as PlayReviewItem;
      const user = review.comments?.find((c) => c.userComment)?.userComment ?? {};
      const lang = user.reviewerLanguage?.toLowerCase().split(/[-_]/)[0];
      return {
        platform: 'app_review',
        externalId: review.reviewId,
        // Play names a reviewer only by display name, which is not an identity: each review stands alone.
        author: review.reviewId ? `review:${review.reviewId}` : undefined,
        publishedAt: isoOf(user.lastModified),
        // Play separates a review's title from its body with a tab.
        text: (user.text ?? '').replace(/\t/g, '\n').trim(),
        url: review.reviewId
          ? `https://play.google.com/store/apps/details?id=${encodeURIComponent(packageName)}&reviewId=${encodeURIComponent(review.reviewId)}`
          : null,
        engagement: { likes: user.thumbsUpCount ?? 0 },
        lang: lang && lang.length >= 2 ? lang : null,
        rating: user.starRating,
        outlet: packageName,
        isPublic: true,
      };
    },
  };
}
