import { PantauError } from '@pantau/contracts';
import type { Connector } from './connector.ts';
import type { HttpClient } from './http.ts';
import { rssConnector } from './rss.ts';

/** An Indonesian news outlet Pantau knows by name: its public RSS feed of latest articles. */
export interface NewsOutlet {
  /** The name in `news:<name>` and in each post's `source.outlet`. */
  name: string;
  title: string;
  feedUrl: string;
  /** National, or the province a regional outlet covers. */
  coverage: string;
}

/**
 * The built-in outlets: each one's public feed of latest articles, as the outlet publishes it. Outlets move their
 * feeds now and then: a moved feed shows as a failed day in the coverage ledger, and any feed URL works in its place.
 */
export const NEWS_OUTLETS: readonly NewsOutlet[] = [
  { name: 'antara', title: 'ANTARA News', feedUrl: 'https://www.antaranews.com/rss/terkini.xml', coverage: 'national' },
  { name: 'kompas', title: 'Kompas.com', feedUrl: 'https://www.kompas.com/getrss/all', coverage: 'national' },
  { name: 'detik', title: 'detikcom', feedUrl: 'https://rss.detik.com/index.php/detikcom', coverage: 'national' },
  { name: 'tempo', title: 'Tempo.co', feedUrl: 'https://rss.tempo.co/nasional', coverage: 'national' },
  { name: 'cnnindonesia', title: 'CNN Indonesia', feedUrl: 'https://www.cnnindonesia.com/nasional/rss', coverage: 'national' },
  { name: 'cnbcindonesia', title: 'CNBC Indonesia', feedUrl: 'https://www.cnbcindonesia.com/news/rss', coverage: 'national' },
  { name: 'republika', title: 'Republika', feedUrl: 'https://www.republika.co.id/rss', coverage: 'national' },
  { name: 'liputan6', title: 'Liputan6.com', feedUrl: 'https://feed.liputan6.com/rss', coverage: 'national' },
  { name: 'okezone', title: 'Okezone', feedUrl: 'https://sindikasi.okezone.com/index.php/rss/0/RSS2.0', coverage: 'national' },
  { name: 'tribunnews', title: 'Tribunnews.com', feedUrl: 'https://www.tribunnews.com/rss', coverage: 'national' },
  { name: 'suara', title: 'Suara.com', feedUrl: 'https://www.suara.com/rss', coverage: 'national' },
  { name: 'kumparan', title: 'kumparan', feedUrl: 'https://lapi.kumparan.com/v2.0/rss/', coverage: 'national' },
  { name: 'merdeka', title: 'merdeka.com', feedUrl: 'https://www.merdeka.com/feed/', coverage: 'national' },
  { name: 'jpnn', title: 'JPNN.com', feedUrl: 'https://www.jpnn.com/index.php?mib=rss', coverage: 'national' },
  { name: 'antara-jatim', title: 'ANTARA Jawa Timur', feedUrl: 'https://jatim.antaranews.com/rss/terkini.xml', coverage: 'Jawa Timur' },
  { name: 'antara-jabar', title: 'ANTARA Jawa Barat', feedUrl: 'https://jabar.antaranews.com/rss/terkini.xml', coverage: 'Jawa Barat' },
  {
    name: 'antara-sumut',
    title: 'ANTARA Sumatera Utara',
    feedUrl: 'https://sumut.antaranews.com/rss/terkini.xml',
    coverage: 'Sumatera Utara',
  },
  {
    name: 'antara-sulsel',
    title: 'ANTARA Sulawesi Selatan',
    feedUrl: 'https://makassar.antaranews.com/rss/terkini.xml',
    coverage: 'Sulawesi Selatan',
  },
  { name: 'pikiran-rakyat', title: 'Pikiran Rakyat', feedUrl: 'https://www.pikiran-rakyat.com/feed', coverage: 'Jawa Barat' },
  { name: 'tribun-jateng', title: 'Tribun Jateng', feedUrl: 'https://jateng.tribunnews.com/rss', coverage: 'Jawa Tengah' },
  { name: 'tribun-medan', title: 'Tribun Medan', feedUrl: 'https://medan.tribunnews.com/rss', coverage: 'Sumatera Utara' },
  { name: 'tribun-timur', title: 'Tribun Timur', feedUrl: 'https://makassar.tribunnews.com/rss', coverage: 'Sulawesi Selatan' },
];

export interface NewsOptions {
  /** `news:<outlet>` (a built-in outlet) or `news:<feed-url>` (any RSS or Atom feed; the outlet is its host). */
  query: string;
  http: HttpClient;
  /** The outlets known by name (tests point them at a local replay server). */
  outlets?: readonly NewsOutlet[];
  /** Atom pages followed through `rel="next"` links in one run. */
  maxPages?: number;
}

/** The outlet and feed of a `news:` query: a built-in outlet by name, or a feed URL with its host as the outlet. */
export function resolveNewsQuery(query: string, outlets: readonly NewsOutlet[] = NEWS_OUTLETS): { outlet: string; feedUrl: string } {
  const match = /^news:(.+)$/.exec(query.trim());
  const target = match?.[1]?.trim();
  if (!target) throw new PantauError('INVALID_INPUT', `--query: news takes news:<outlet> or news:<feed-url>, got ${query}`);
  if (/^https?:\/\//i.test(target)) {
    try {
      const url = new URL(target);
      return { outlet: url.hostname.replace(/^www\./, '').toLowerCase(), feedUrl: url.toString() };
    } catch (cause) {
      throw new PantauError('INVALID_INPUT', `--query: not a feed URL: ${target}`, { cause });
    }
  }
  const outlet = outlets.find((o) => o.name === target.toLowerCase());
  if (!outlet)
    throw new PantauError(
      'INVALID_INPUT',
      `--query: no built-in outlet ${target}; one of ${outlets.map((o) => o.name).join(', ')}, or news:<feed-url>`,
    );
  return { outlet: outlet.name, feedUrl: outlet.feedUrl };
}

/**
 * Indonesian news: one built-in outlet's feed (or any feed URL) read as the RSS connector reads feeds (conditional
 * GET, Atom paging, each entry once), one post per article with the outlet named in `source.outlet`. The article
 * body is what the feed itself carries (a summary or the full text); article pages are never fetched.
 */
export function newsConnector(options: NewsOptions): Connector {
  const { outlet, feedUrl } = resolveNewsQuery(options.query, options.outlets);
  const feed = rssConnector({ feedUrl, http: options.http, ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}) });
  return {
    name: 'news',
    platform: 'news',
    query: `news:${/^https?:/i.test(options.query.trim().slice(5)) ? feedUrl : outlet}`,
    fetch: feed.fetch.bind(feed),
    map(item) {
      return { ...(feed.map(item) as Record<string, unknown>), outlet };
    },
  };
}
