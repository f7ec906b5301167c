import type { DlqReason } from './topics.ts';

/**
 * The one rule for text entering Pantau (API query, path, headers, JSON bodies, connector payloads, `posts.raw`):
 * no NUL (Postgres cannot store it in text or jsonb) and no lone UTF-16 surrogate (it has no UTF-8 form, so drivers
 * silently turn it into U+FFFD); JSON nested no deeper than {@link MAX_JSON_DEPTH}, checked before anything recurses.
 */

/** Deepest nesting of arrays and objects accepted in any JSON that enters (a post needs 3). */
export const MAX_JSON_DEPTH = 32;

/** What is wrong with a piece of entering text. */
export type TextFault = 'nul' | 'lone_surrogate' | 'malformed_encoding' | 'too_deep';

/** A fault and where it is: a dotted path into a JSON value (`posts.3.text`), or a parameter name. */
export interface TextProblem {
  path: string;
  fault: TextFault;
}

const FAULT_MESSAGES: Record<TextFault, string> = {
  nul: 'contains a NUL character (U+0000)',
  lone_surrogate: 'contains a lone UTF-16 surrogate (not representable in UTF-8)',
  malformed_encoding: 'malformed percent-encoding or not UTF-8',
  too_deep: `nested deeper than ${MAX_JSON_DEPTH} levels`,
};

/** The dead-letter reason of each fault in a message or connector item (NUL is a control character; a lone surrogate has no UTF-8 form). */
export const DLQ_REASON_OF_TEXT_FAULT: Record<TextFault, DlqReason> = {
  nul: 'control_characters',
  lone_surrogate: 'invalid_utf8',
  malformed_encoding: 'invalid_utf8',
  too_deep: 'schema_invalid',
};

/** A short human-readable description of a fault, for error messages and dead-letter details. */
export function describeTextFault(fault: TextFault): string {
  return FAULT_MESSAGES[fault];
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A diagnostic that may quote its input (a JSON parser's message does) made safe to store and to serve:
 * NUL and lone surrogates become U+FFFD.
 */
export function printableDetail(text: string): string {
  return text.replace(new RegExp(`\\u0000|${LONE_SURROGATE.source}`, 'g'), '\uFFFD');
}

/** The fault of one string, or null when it may enter. */
export function stringFault(value: string): 'nul' | 'lone_surrogate' | null {
  if (value.includes('\u0000')) return 'nul';
  // `isWellFormed` (ES2024, not in the configured lib) is false exactly when LONE_SURROGATE matches, without a regex run.
  if (!(value as string & { isWellFormed(): boolean }).isWellFormed()) return 'lone_surrogate';
  return null;
}

/**
 * The first fault in a parsed JSON-like value (keys and string values, depth), walking iteratively so a hostile
 * nesting cannot overflow the stack; `prefix` names the root in the path.
 */
export function findTextProblem(value: unknown, prefix = '', maxDepth = MAX_JSON_DEPTH): TextProblem | null {
  // Paths are built only for the fault found: a clean message (nearly all) allocates no path strings.
  const stack: PathStep[] = [{ value, key: prefix, parent: null, depth: 0 }];
  while (stack.length > 0) {
    const step = stack.pop() as PathStep;
    const current = step.value;
    if (typeof current === 'string') {
      const fault = stringFault(current);
      if (fault) return { path: pathOf(step) || '(root)', fault };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (step.depth >= maxDepth) return { path: pathOf(step) || '(root)', fault: 'too_deep' };
    if (Array.isArray(current)) {
      // Pushed in reverse so the first fault in document order is the one named.
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], key: i, parent: step, depth: step.depth + 1 });
      continue;
    }
    const keys = Object.keys(current);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      const keyFault = stringFault(key);
      if (keyFault) return { path: joinPath(pathOf(step), '(key)'), fault: keyFault };
      stack.push({ value: (current as Record<string, unknown>)[key], key, parent: step, depth: step.depth + 1 });
    }
  }
  return null;
}

/** A value met by findTextProblem: its key (an array index as a number) under its parent step. */
interface PathStep {
  value: unknown;
  key: string | number;
  parent: PathStep | null;
  depth: number;
}

const joinPath = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/** The dotted path of a step (the root's key is the prefix). */
function pathOf(step: PathStep): string {
  const keys: string[] = [];
  for (let s: PathStep | null = step; s !== null; s = s.parent) keys.push(String(s.key));
  let path = keys[keys.length - 1] as string;
  for (let i = keys.length - 2; i >= 0; i--) path = joinPath(path, keys[i] as string);
  return path;
}

/** True when JSON text nests arrays and objects deeper than `maxDepth`; a linear scan, run before `JSON.parse`. */
export function jsonNestsDeeperThan(text: string, maxDepth = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Parses JSON text under the rule: depth bounded before parsing, every key and string checked after. */
export function parseJsonText(
  text: string,
  maxDepth = MAX_JSON_DEPTH,
): { ok: true; value: unknown } | { ok: false; problem: TextProblem } | { ok: false; syntax: string } {
  if (jsonNestsDeeperThan(text, maxDepth)) return { ok: false, problem: { path: '(root)', fault: 'too_deep' } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, syntax: error instanceof Error ? error.message.slice(0, 200) : 'invalid JSON' };
  }
  const problem = findTextProblem(value, '', maxDepth);
  return problem ? { ok: false, problem } : { ok: true, value };
}

/**
 * Decodes one `application/x-www-form-urlencoded` component (`+` is a space) strictly: malformed percent-encoding
 * and bytes that are not UTF-8 (an encoded surrogate such as `%ED%A0%80` included) are a fault, never kept raw.
 */
export function decodeQueryComponent(raw: string): { ok: true; value: string } | { ok: false; fault: TextFault } {
  let value: string;
  try {
    value = decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return { ok: false, fault: 'malformed_encoding' };
  }
  const fault = stringFault(value);
  return fault ? { ok: false, fault } : { ok: true, value };
}
