import {
  EXTERNAL_ID_PATTERN as EXTERNAL_ID,
  MAX_TEXT_CHARS,
  OUTLET_PATTERN as OUTLET,
  PLATFORMS,
  type Platform,
  POST_SCHEMA_VERSION,
  type Post,
  AUTHOR_PSEUDONYM_PATTERN as PSEUDONYM,
} from './post.ts';

/*
 * The analysis decodes every `posts.raw` message, and the `Post` schema's generic parse was about a tenth of its
 * per-post CPU. The common shape of a message (no url, dates as `Date.prototype.toISOString` writes them) is checked
 * here by hand and built into the object the schema returns; anything else (a url, another date form, any fault) goes
 * to the schema, which also words the rejections. A test holds this to the schema's verdicts and output.
 */

const POST_KEYS: ReadonlySet<string> = new Set([
  'schemaVersion',
  'platform',
  'externalId',
  'authorPseudonym',
  'publishedAt',
  'text',
  'url',
  'engagement',
  'langHint',
  'collectedAt',
  'source',
  'redactions',
  'rating',
]);
const PLATFORM_SET: ReadonlySet<string> = new Set(PLATFORMS);
const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

type Fields = { [key: string]: unknown };

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown, max: number): v is number => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;
const isText = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;
/** Digits of `s` from `at` to `at + n` as a number (the caller has matched them as digits). */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) v = v * 10 + (s.charCodeAt(i) - 48);
  return v;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A date-time exactly as `toISOString` writes one for years 0000–9999: a real calendar date, a time, UTC, milliseconds. */
const isIsoUtc = (v: unknown): v is string => {
  if (typeof v !== 'string' || !ISO_UTC_MS.test(v)) return false;
  const year = digits(v, 0, 4);
  const month = digits(v, 5, 2);
  const day = digits(v, 8, 2);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day >= 1 && day <= monthDays && digits(v, 11, 2) <= 23 && digits(v, 14, 2) <= 59 && digits(v, 17, 2) <= 59;
};

function onlyKeys(o: Fields, allowed: readonly string[]): boolean {
  for (const key in o) if (!allowed.includes(key)) return false;
  return true;
}

const ENGAGEMENT_KEYS = ['likes', 'replies', 'shares', 'views'];
const SOURCE_KEYS = ['connector', 'runId', 'outlet'];
const REDACTION_KEYS = ['phone', 'email', 'nik', 'bpjs'];

/**
 * The post `Post.parse(json)` returns, for a message of the common shape, or null for anything else (which the schema
 * then reads). `json` is a parsed JSON object.
 */
export function commonPost(json: Fields): Post | null {
  for (const key in json) if (!POST_KEYS.has(key)) return null;
  const { schemaVersion, platform, externalId, authorPseudonym, publishedAt, text, url, engagement, langHint, collectedAt, source } = json;
  if (schemaVersion !== POST_SCHEMA_VERSION || typeof platform !== 'string' || !PLATFORM_SET.has(platform)) return null;
  if (!isText(externalId, 1, 128) || !EXTERNAL_ID.test(externalId)) return null;
  if (typeof authorPseudonym !== 'string' || !PSEUDONYM.test(authorPseudonym)) return null;
  if (!isIsoUtc(publishedAt) || !isIsoUtc(collectedAt)) return null;
  if (!isText(text, 1, MAX_TEXT_CHARS) || url !== null) return null;
  if (langHint !== null && !isText(langHint, 2, 16)) return null;
  if (!isObject(engagement) || !onlyKeys(engagement, ENGAGEMENT_KEYS)) return null;
  const { likes = 0, replies = 0, shares = 0, views = 0 } = engagement;
  const max = Number.MAX_SAFE_INTEGER;
  if (!isCount(likes, max) || !isCount(replies, max) || !isCount(shares, max) || !isCount(views, max)) return null;
  if (!isObject(source) || !onlyKeys(source, SOURCE_KEYS)) return null;
  const { connector, runId, outlet } = source;
  if (!isText(connector, 1, 64) || !isText(runId, 1, 64)) return null;
  if ('outlet' in source && !(isText(outlet, 1, 128) && OUTLET.test(outlet))) return null;
  const post: Post = {
    schemaVersion: POST_SCHEMA_VERSION,
    platform: platform as Platform,
    externalId,
    authorPseudonym,
    publishedAt,
    text,
    url: null,
    engagement: { likes, replies, shares, views },
    langHint: langHint as string | null,
    collectedAt,
    source: { connector, runId, ...('outlet' in source ? { outlet: outlet as string } : {}) },
  };
  if ('redactions' in json) {
    const r = json.redactions;
    if (!isObject(r) || !onlyKeys(r, REDACTION_KEYS)) return null;
    const { phone, email, nik, bpjs } = r;
    if (!isCount(phone, 100_000) || !isCount(email, 100_000) || !isCount(nik, 100_000) || !isCount(bpjs, 100_000)) return null;
    post.redactions = { phone, email, nik, bpjs };
  }
  if ('rating' in json) {
    const rating = json.rating;
    if (!Number.isSafeInteger(rating) || (rating as number) < 1 || (rating as number) > 5) return null;
    post.rating = rating as number;
  }
  return post;
}
