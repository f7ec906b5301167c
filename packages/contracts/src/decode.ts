import type { z } from 'zod';
import {
  DLQ_REASON_OF_TEXT_FAULT,
  describeTextFault,
  findTextProblem,
  jsonNestsDeeperThan,
  MAX_JSON_DEPTH,
  printableDetail,
} from './input-text.ts';
import { MAX_FUTURE_SKEW_MS, POST_SCHEMA_VERSION, Post, postKey } from './post.ts';
import { commonPost } from './post-check.ts';
import type { DlqReason } from './topics.ts';

/** A message that could not be accepted: the dead-letter reason and a short human-readable detail. */
export interface Rejection {
  ok: false;
  reason: DlqReason;
  detail: string;
}

export type Decoded<T> = { ok: true; value: T } | Rejection;

// Details can quote the input (JSON.parse does): they are stored in the exclusions table, so they follow the text rule.
const reject = (reason: DlqReason, detail: string): Rejection => ({ ok: false, reason, detail: printableDetail(detail) });

// C0 controls except tab, newline and carriage return, plus DEL: never part of a real post.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// Active markup never occurs in a platform's plain-text post; it marks a broken or hostile source.
const ACTIVE_MARKUP = /<\s*(script|iframe|object|embed|svg|style)\b|\bon(error|load|click)\s*=|javascript:/i;
const EARLIEST_POST_MS = Date.parse('2000-01-01T00:00:00Z');

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Maps the first zod issue to a dead-letter reason, naming the field; `input` tells a missing field from a wrong type. */
export function rejectionFromZod(error: z.ZodError, input: unknown): Rejection {
  // A missing field is named first, whatever zod listed before it.
  const missing = error.issues.find((i) => i.code !== 'unrecognized_keys' && i.path.length > 0 && valueAt(input, i.path) === undefined);
  if (missing) return reject('missing_field', `${missing.path.join('.')}: required`);
  const issue = error.issues[0];
  if (!issue) return reject('schema_invalid', 'invalid');
  const field = issue.path.join('.') || '(root)';
  const detail = `${field}: ${issue.message}`;
  if (issue.code === 'invalid_type') {
    return reject('wrong_type', detail);
  }
  if (issue.code === 'too_big' && field === 'text') return reject('text_too_long', detail);
  if (issue.code === 'too_small' && field === 'text') return reject('empty_text', detail);
  if (issue.code === 'invalid_format' && (field === 'publishedAt' || field === 'collectedAt')) return reject('invalid_date', detail);
  return reject('schema_invalid', detail);
}

/** Checks that need more than the schema: blank or control-character text, impossible or future dates. */
export function checkPostContent(post: { text: string; publishedAt: string }, nowMs: number): Rejection | null {
  if (post.text.trim() === '') return reject('empty_text', 'text: blank');
  if (CONTROL_CHARACTERS.test(post.text)) return reject('control_characters', 'text: contains control characters');
  if (ACTIVE_MARKUP.test(post.text)) return reject('html_markup', 'text: contains active HTML or script markup');
  const published = Date.parse(post.publishedAt);
  if (Number.isNaN(published) || published < EARLIEST_POST_MS) return reject('invalid_date', `publishedAt: ${post.publishedAt}`);
  if (published > nowMs + MAX_FUTURE_SKEW_MS) return reject('future_date', `publishedAt: ${post.publishedAt} is in the future`);
  return null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes and validates a `posts.raw` message; every failure names a dead-letter reason. */
export function decodePostMessage(key: string | null, value: Uint8Array, nowMs: number): Decoded<Post> {
  let text: string;
  try {
    text = utf8.decode(value);
  } catch {
    return reject('invalid_utf8', 'value is not valid UTF-8');
  }
  // Bounded before parsing: a hostile nesting must not reach any recursive code (zod, JSON.stringify).
  if (jsonNestsDeeperThan(text)) return reject('schema_invalid', `value: nested deeper than ${MAX_JSON_DEPTH} levels`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return reject('invalid_json', error instanceof Error ? error.message.slice(0, 200) : 'invalid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return reject('not_an_object', 'value is not a JSON object');
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (version !== POST_SCHEMA_VERSION)
    return reject('schema_version', `schemaVersion ${JSON.stringify(version)} is not ${POST_SCHEMA_VERSION}`);
  const problem = findTextProblem(json);
  if (problem) return reject(DLQ_REASON_OF_TEXT_FAULT[problem.fault], `${problem.path}: ${describeTextFault(problem.fault)}`);
  let post = commonPost(json as { [key: string]: unknown });
  if (!post) {
    const parsed = Post.safeParse(json);
    if (!parsed.success) return rejectionFromZod(parsed.error, json);
    post = parsed.data;
  }
  const content = checkPostContent(post, nowMs);
  if (content) return content;
  const expected = postKey(post);
  if (key !== expected) return reject('key_mismatch', `key ${JSON.stringify(key)} is not ${expected}`);
  return { ok: true, value: post };
}
