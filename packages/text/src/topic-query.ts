import { normalizeText } from './normalize.ts';
import { stem } from './stem.ts';
import { tokenize } from './tokenize.ts';

/** A parsed topic query: terms, phrases and hashtags combined with AND, OR and NOT. */
export type TopicQuery =
  | { kind: 'term'; text: string; stems: string[] }
  | { kind: 'hashtag'; tag: string }
  | { kind: 'and' | 'or'; items: TopicQuery[] }
  | { kind: 'not'; item: TopicQuery };

/** A syntax error with the character position where it was found. */
export class TopicQueryError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(`${message} at position ${position}`);
    this.name = 'TopicQueryError';
    this.position = position;
  }
}

type Token = { type: 'word' | 'phrase' | 'hashtag' | 'and' | 'or' | 'not' | 'lparen' | 'rparen'; value: string; position: number };

const MAX_QUERY_CHARS = 1_000;

function lex(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: c === '(' ? 'lparen' : 'rparen', value: c, position: i });
      i++;
    } else if (c === '"') {
      const end = query.indexOf('"', i + 1);
      if (end < 0) throw new TopicQueryError('unclosed quote', i);
      const value = query.slice(i + 1, end);
      if (value.trim() === '') throw new TopicQueryError('empty phrase', i);
      tokens.push({ type: 'phrase', value, position: i });
      i = end + 1;
    } else {
      const start = i;
      while (i < query.length && !/[\s()"]/.test(query[i] as string)) i++;
      const word = query.slice(start, i);
      if (word === 'AND' || word === 'OR' || word === 'NOT')
        tokens.push({ type: word.toLowerCase() as Token['type'], value: word, position: start });
      else if (word.startsWith('#')) {
        if (!/^#[\p{L}\p{N}_]+$/u.test(word)) throw new TopicQueryError(`invalid hashtag ${word}`, start);
        tokens.push({ type: 'hashtag', value: word.toLowerCase(), position: start });
      } else tokens.push({ type: 'word', value: word, position: start });
    }
  }
  return tokens;
}

/** The normalized tokens of a term or phrase, as analysis normalizes post text (so "antri" finds "antre"). */
function termOf(text: string, position: number): TopicQuery {
  const tokens = tokenize(normalizeText(text)).filter((t) => !t.startsWith('#'));
  if (tokens.length === 0) throw new TopicQueryError(`"${text}" has no searchable word`, position);
  return { kind: 'term', text: tokens.join(' '), stems: tokens.map(stem) };
}

/**
 * Parses a topic query: words and "quoted phrases" (matched after the same normalization and stemming as posts),
 * #hashtags, AND, OR, NOT and parentheses; adjacent terms are joined by AND; NOT binds tightest, then AND, then OR.
 * A syntax error is a TopicQueryError naming the position.
 */
export function parseTopicQuery(query: string): TopicQuery {
  if (query.length > MAX_QUERY_CHARS) throw new TopicQueryError(`query is longer than ${MAX_QUERY_CHARS} characters`, MAX_QUERY_CHARS);
  const tokens = lex(query);
  if (tokens.length === 0) throw new TopicQueryError('empty query', 0);
  let at = 0;
  const peek = () => tokens[at];
  const end = () => query.length;

  function parseOr(): TopicQuery {
    const items = [parseAnd()];
    while (peek()?.type === 'or') {
      at++;
      items.push(parseAnd());
    }
    return items.length === 1 ? (items[0] as TopicQuery) : { kind: 'or', items };
  }
  function parseAnd(): TopicQuery {
    const items = [parseNot()];
    for (;;) {
      const next = peek();
      if (next?.type === 'and') {
        at++;
        items.push(parseNot());
      } else if (next && next.type !== 'or' && next.type !== 'rparen') {
        // "bpjs iuran NOT promo": adjacent terms mean AND, and so does a NOT that follows a term.
        items.push(parseNot());
      } else break;
    }
    return items.length === 1 ? (items[0] as TopicQuery) : { kind: 'and', items };
  }
  function parseNot(): TopicQuery {
    if (peek()?.type === 'not') {
      at++;
      return { kind: 'not', item: parseNot() };
    }
    return parseAtom();
  }
  function parseAtom(): TopicQuery {
    const token = peek();
    if (!token) throw new TopicQueryError('expected a term', end());
    at++;
    switch (token.type) {
      case 'word':
      case 'phrase':
        return termOf(token.value, token.position);
      case 'hashtag':
        return { kind: 'hashtag', tag: token.value };
      case 'lparen': {
        const inner = parseOr();
        const close = peek();
        if (close?.type !== 'rparen') throw new TopicQueryError('expected )', close?.position ?? end());
        at++;
        return inner;
      }
      default:
        throw new TopicQueryError(`unexpected ${token.value}`, token.position);
    }
  }

  const tree = parseOr();
  const rest = peek();
  if (rest) throw new TopicQueryError(`unexpected ${rest.value}`, rest.position);
  if (onlyNegative(tree)) throw new TopicQueryError('a query needs at least one term that is not negated', 0);
  return tree;
}

function onlyNegative(q: TopicQuery): boolean {
  if (q.kind === 'not') return true;
  if (q.kind === 'and') return q.items.every(onlyNegative);
  if (q.kind === 'or') return q.items.some(onlyNegative);
  return false;
}

/** A post's tokens prepared once for matching many topics. */
export interface MatchableText {
  stems: string[];
  hashtags: ReadonlySet<string>;
}

/** Prepares normalized tokens (from analyzeText) for topic matching. */
export function matchableText(tokens: readonly string[]): MatchableText {
  const stems: string[] = [];
  const hashtags = new Set<string>();
  for (const t of tokens) {
    if (t.startsWith('#')) hashtags.add(t);
    else stems.push(stem(t));
  }
  return { stems, hashtags };
}

function containsPhrase(stems: readonly string[], phrase: readonly string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= stems.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (stems[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/** True when a post matches a topic query (terms by stem, phrases as consecutive stems, hashtags exactly). */
export function matchesTopic(query: TopicQuery, text: MatchableText): boolean {
  switch (query.kind) {
    case 'term':
      return containsPhrase(text.stems, query.stems);
    case 'hashtag':
      return text.hashtags.has(query.tag);
    case 'and':
      return query.items.every((q) => matchesTopic(q, text));
    case 'or':
      return query.items.some((q) => matchesTopic(q, text));
    case 'not':
      return !matchesTopic(query.item, text);
  }
}

/** A predicate over raw post text for one query (normalized and tokenized as analysis does). */
export function topicMatcher(query: string, analyze: (raw: string) => { tokens: string[] }): (raw: string) => boolean {
  const parsed = parseTopicQuery(query);
  return (raw) => matchesTopic(parsed, matchableText(analyze(raw).tokens));
}
