import { createHash } from 'node:crypto';
import { PantauError } from '@pantau/contracts';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CollectWindow, Connector, ConnectorPage, SourceItem } from './connector.ts';
import type { HttpClient } from './http.ts';

export interface RssOptions {
  /** The feed's URL (RSS 2.0 or Atom). */
  feedUrl: string;
  http: HttpClient;
  /** Atom pages followed through `rel="next"` links in one run. */
  maxPages?: number;
}

/** One feed entry, normalized from RSS 2.0 `<item>` or Atom `<entry>`, as handed to `map`. */
export interface FeedEntry {
  id: string | null;
  title: string;
  summary: string;
  link: string | null;
  author: string | null;
  published: string | null;
  feedTitle: string;
  lang: string | null;
}

/** The conditional-GET validators of the last answer, and the entries already published (by external id). */
interface RssCheckpoint {
  /** The start of the first window collected: older entries are never taken, however they reappear. */
  since: string | null;
  etag: string | null;
  lastModified: string | null;
  seen: string[];
}

// Entries remembered as published: more than a news feed lists at once.
const SEEN_LIMIT = 2_000;
const ACCEPT = 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
  htmlEntities: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Plain text of an HTML fragment (feed descriptions carry markup): tags dropped, entities decoded, spaces collapsed. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/p>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1]?.toLowerCase() === 'x' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

const textOf = (node: unknown): string => {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return textOf(node[0]);
  if (typeof node === 'object' && '#text' in node) return String((node as { '#text': unknown })['#text']);
  return '';
};

/** The entry's link: RSS `<link>text</link>`, or Atom's `rel="alternate"` (or rel-less) `href`. */
function linkOf(links: unknown): string | null {
  if (!Array.isArray(links)) return null;
  for (const link of links) {
    if (typeof link === 'string') return link || null;
    const l = link as Record<string, string | undefined>;
    if ((l['@_rel'] ?? 'alternate') === 'alternate' && l['@_href']) return l['@_href'];
  }
  return null;
}

function nextLinkOf(links: unknown): string | null {
  if (!Array.isArray(links)) return null;
  const next = links.find((l) => typeof l === 'object' && (l as Record<string, string>)['@_rel'] === 'next') as
    | Record<string, string>
    | undefined;
  return next?.['@_href'] ?? null;
}

/** Parses an RSS 2.0 or Atom document into entries (and the Atom next-page link); a broken document is an error. */
export function parseFeed(xml: string, source: string): { entries: FeedEntry[]; next: string | null } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new PantauError('UPSTREAM_ERROR', `rss: ${source} is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const doc = parser.parse(xml) as Record<string, Record<string, unknown> | undefined>;
  const channel = doc.rss?.channel as Record<string, unknown> | undefined;
  if (channel) {
    const feedTitle = textOf(channel.title);
    const lang = textOf(channel.language) || null;
    const items = (channel.item as Record<string, unknown>[] | undefined) ?? [];
    return {
      next: null,
      entries: items.map((item) => ({
        id: textOf(item.guid) || null,
        title: htmlToText(textOf(item.title)),
        summary: htmlToText(textOf(item['content:encoded']) || textOf(item.description)),
        link: linkOf(item.link),
        author: textOf(item['dc:creator']) || textOf(item.author) || null,
        published: textOf(item.pubDate) || textOf(item['dc:date']) || null,
        feedTitle,
        lang,
      })),
    };
  }
  const feed = doc.feed;
  if (feed) {
    const feedTitle = textOf(feed.title);
    const lang = (feed['@_xml:lang'] as string | undefined) ?? null;
    const entries = (feed.entry as Record<string, unknown>[] | undefined) ?? [];
    return {
      next: nextLinkOf(feed.link),
      entries: entries.map((entry) => ({
        id: textOf(entry.id) || null,
        title: htmlToText(textOf(entry.title)),
        summary: htmlToText(textOf(entry.content) || textOf(entry.summary)),
        link: linkOf(entry.link),
        author: textOf((entry.author as Record<string, unknown> | undefined)?.name) || null,
        published: textOf(entry.published) || textOf(entry.updated) || null,
        feedTitle,
        lang,
      })),
    };
  }
  throw new PantauError('UPSTREAM_ERROR', `rss: ${source} is neither RSS 2.0 nor Atom`);
}

/** A stable external id for an entry: its host and a hash of its guid (or link). */
export function entryExternalId(entry: Pick<FeedEntry, 'id' | 'link'>, feedUrl: string): string | null {
  const key = entry.id ?? entry.link;
  if (!key) return null;
  let host = 'feed';
  try {
    host = new URL(entry.link ?? feedUrl).hostname.replace(/[^\w.-]/g, '');
  } catch {}
  return `${host}:${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

/** An RFC 822 (RSS) or RFC 3339 (Atom) date as ISO 8601, or the original text when it is not a date. */
function isoDate(value: string | null): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

function parseCheckpoint(checkpoint: string | null): RssCheckpoint | null {
  if (!checkpoint) return null;
  try {
    const cp = JSON.parse(checkpoint) as RssCheckpoint;
    return Array.isArray(cp.seen) ? cp : null;
  } catch {
    return null;
  }
}

/**
 * The RSS/Atom connector: one conditional GET per run (If-None-Match / If-Modified-Since; 304 = nothing new), Atom
 * `rel="next"` pages followed while they are inside the window. Entries already published are remembered in the
 * checkpoint, so a live poll publishes each entry once, however late the feed lists it.
 */
export function rssConnector(options: RssOptions): Connector {
  let feedUrl: URL;
  try {
    feedUrl = new URL(options.feedUrl);
  } catch (cause) {
    throw new PantauError('INVALID_INPUT', `--query: the rss connector needs a feed URL, got ${options.feedUrl}`, { cause });
  }
  const maxPages = options.maxPages ?? 10;

  async function* pages(window: CollectWindow | null, checkpoint: string | null, signal?: AbortSignal): AsyncGenerator<ConnectorPage> {
    const previous = parseCheckpoint(checkpoint);
    const seen = new Set(previous?.seen ?? []);
    // After the first window, anything unseen since its start is new, however late the feed lists it.
    const since = previous ? previous.since : (window?.from.toISOString() ?? null);
    const from = since ? new Date(since) : null;
    let url: string | null = feedUrl.toString();
    let validators = { etag: previous?.etag ?? null, lastModified: previous?.lastModified ?? null };
    let deferred = false;
    for (let page = 0; url && page < maxPages; page++) {
      const headers: Record<string, string> = { accept: ACCEPT };
      if (page === 0 && validators.etag) headers['if-none-match'] = validators.etag;
      if (page === 0 && validators.lastModified) headers['if-modified-since'] = validators.lastModified;
      const response = await options.http.get(url, { headers, signal });
      if (response.status === 304) {
        yield { items: [], checkpoint };
        return;
      }
      if (page === 0) validators = { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
      const { entries, next } = parseFeed(response.body, url);
      const items: SourceItem[] = [];
      let reachedStart = false;
      for (const entry of entries) {
        const externalId = entryExternalId(entry, feedUrl.toString());
        const at = entry.published ? Date.parse(entry.published) : Number.NaN;
        if (externalId && seen.has(externalId)) continue;
        if (!Number.isNaN(at) && from && at < from.getTime()) {
          reachedStart = true;
          continue;
        }
        // Dated at or after the window's end: the next run takes it.
        if (!Number.isNaN(at) && window && at >= window.to.getTime()) {
          deferred = true;
          continue;
        }
        if (externalId) seen.add(externalId);
        items.push({ ref: `entry ${entry.id ?? entry.link ?? items.length + 1}`, item: entry });
      }
      url = reachedStart ? null : next;
      // With an entry or a page left for the next run, the next request must not be answered 304.
      const keepValidators = !deferred && !url;
      const cp: RssCheckpoint = {
        since,
        etag: keepValidators ? validators.etag : null,
        lastModified: keepValidators ? validators.lastModified : null,
        seen: [...seen].slice(-SEEN_LIMIT),
      };
      yield { items, checkpoint: JSON.stringify(cp) };
    }
  }

  return {
    name: 'rss',
    platform: 'news',
    query: feedUrl.toString(),
    fetch: pages,
    map(item) {
      const entry = item as FeedEntry;
      const text = [entry.title, entry.summary].filter(Boolean).join('\n\n');
      const lang = entry.lang?.toLowerCase().split(/[-_]/)[0];
      return {
        platform: 'news',
        externalId: entryExternalId(entry, feedUrl.toString()) ?? undefined,
        // The byline, else the outlet: pseudonymized like any author.
        author: entry.author ?? (entry.feedTitle || feedUrl.hostname),
        publishedAt: isoDate(entry.published),
        text,
        url: entry.link,
        lang: lang && lang.length >= 2 ? lang : null,
        isPublic: true,
      };
    },
  };
}
