import { z } from 'zod';
import { RedactionCounts } from './redact.ts';

/** Platforms Pantau can collect from (`app_review`: reviews of the agency's own app in an app store). */
export const PLATFORMS = ['x', 'facebook', 'instagram', 'tiktok', 'youtube', 'news', 'forum', 'app_review', 'other'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Current version of the `Post` message on `posts.raw`. */
export const POST_SCHEMA_VERSION = 1;

/** Longest post text accepted, in characters; longer posts are dead-lettered, not truncated. */
export const MAX_TEXT_CHARS = 10_000;

/** Latest accepted clock skew for `publishedAt` in the future, in milliseconds. */
export const MAX_FUTURE_SKEW_MS = 60 * 60 * 1000;

const isoDateTime = z.iso.datetime({ offset: true });
/** A star rating the author gave with the post (an app review: 1 to 5 stars). */
const Rating = z.number().int().min(1).max(5);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Engagement counters as the platform reported them at collection time. */
export const Engagement = z
  .object({
    likes: count.default(0),
    replies: count.default(0),
    shares: count.default(0),
    views: count.default(0),
  })
  .strict();
export type Engagement = z.infer<typeof Engagement>;

/** The patterns of a post's external id, author pseudonym and outlet (the schema's, and the hand check's in post-check.ts). */
export const EXTERNAL_ID_PATTERN = /^[\w.:-]+$/;
export const AUTHOR_PSEUDONYM_PATTERN = /^[0-9a-f]{64}$/;
export const OUTLET_PATTERN = /^[A-Za-z0-9][\w.-]*$/;

/** A news outlet's short name (`kompas`, `antaranews.com`), or the package of an app whose reviews these are. */
const Outlet = z.string().min(1).max(128).regex(OUTLET_PATTERN, 'letters, digits, and . _ - only');

/** Where a post came from: connector name and the run that fetched it (a coverage ledger row), and the news outlet. */
export const PostSource = z
  .object({
    connector: z.string().min(1).max(64),
    runId: z.string().min(1).max(64),
    /** The outlet that published a news article, or the app (package name) a review is of. */
    outlet: Outlet.optional(),
  })
  .strict();
export type PostSource = z.infer<typeof PostSource>;

/** A public post after ingest: author pseudonymized, validated; the message on `posts.raw`. */
export const Post = z
  .object({
    schemaVersion: z.literal(POST_SCHEMA_VERSION),
    platform: z.enum(PLATFORMS),
    externalId: z.string().min(1).max(128).regex(EXTERNAL_ID_PATTERN, 'letters, digits, and . _ : - only'),
    authorPseudonym: z.string().regex(AUTHOR_PSEUDONYM_PATTERN, 'hex HMAC-SHA-256'),
    publishedAt: isoDateTime,
    text: z.string().min(1).max(MAX_TEXT_CHARS),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .nullable(),
    engagement: Engagement,
    langHint: z.string().min(2).max(16).nullable(),
    collectedAt: isoDateTime,
    source: PostSource,
    /** Personal data replaced by placeholders in `text` at ingest, per kind (absent from older producers). */
    redactions: RedactionCounts.optional(),
    /** The stars the author gave (app reviews); absent where the platform has none. */
    rating: Rating.optional(),
  })
  .strict();
export type Post = z.infer<typeof Post>;

/**
 * A post as a connector or the webhook receives it, before pseudonymization.
 * `author` is the platform handle or id: it is hashed at the edge and never stored.
 */
export const IncomingPost = z
  .object({
    platform: z.enum(PLATFORMS),
    externalId: z.union([z.string(), z.number().int().nonnegative()]).transform(String).pipe(Post.shape.externalId),
    author: z.string().min(1).max(256),
    publishedAt: isoDateTime,
    text: z.string().max(MAX_TEXT_CHARS),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .nullish(),
    engagement: Engagement.partial().optional(),
    lang: z.string().min(2).max(16).nullish(),
    isPublic: z.boolean().default(true),
    rating: Rating.nullish(),
    outlet: Outlet.nullish(),
  })
  .strict();
export type IncomingPost = z.input<typeof IncomingPost>;
export type ParsedIncomingPost = z.output<typeof IncomingPost>;

/** The Kafka message key of a post: deduplication rests on it. */
export function postKey(post: Pick<Post, 'platform' | 'externalId'>): string {
  return `${post.platform}:${post.externalId}`;
}
