import { readFileSync } from 'node:fs';
import { PantauError } from '@pantau/contracts';
import type { Connector } from './connector.ts';
import { googlePlayConnector } from './google-play.ts';
import { createHttpClient, type HttpClient, type HttpClientOptions } from './http.ts';
import { instagramUserConnector } from './instagram-user.ts';
import { classifyGraphError, metaGraphConnector } from './meta-graph.ts';
import { newsConnector } from './news.ts';
import { rssConnector } from './rss.ts';
import { classifyTikTokError, tiktokResearchConnector } from './tiktok-research.ts';
import { xRecentSearchConnector } from './x-recent-search.ts';
import { classifyYouTubeError, youtubeConnector, youtubeQuota } from './youtube.ts';

/** The platform connectors `pantau ingest --connector` and `pantau poll` know. */
export const CONNECTOR_NAMES = ['x-recent-search', 'meta-graph', 'rss', 'youtube', 'google-play', 'news', 'tiktok'] as const;
export type ConnectorName = (typeof CONNECTOR_NAMES)[number];

/** Credentials, origins and HTTP limits of the connectors (from the environment). */
export interface ConnectorSettings {
  xBearerToken?: string | undefined;
  xApiBaseUrl?: string | undefined;
  metaAccessToken?: string | undefined;
  metaGraphBaseUrl?: string | undefined;
  metaIgUserId?: string | undefined;
  youtubeApiKey?: string | undefined;
  youtubeApiBaseUrl?: string | undefined;
  youtubeDailyQuota?: number | undefined;
  /** A Google service-account key: its JSON, or the path of the key file. */
  googlePlayServiceAccount?: string | undefined;
  googlePlayApiBaseUrl?: string | undefined;
  tiktokClientKey?: string | undefined;
  tiktokClientSecret?: string | undefined;
  tiktokApiBaseUrl?: string | undefined;
  timeoutMs?: number;
  retries?: number;
  concurrency?: number;
  maxRateLimitWaitMs?: number;
}

/** One query to poll: a connector, what it collects, and how often. */
export interface PollQuery {
  connector: ConnectorName;
  query: string;
  everyMinutes?: number;
}

const isConnectorName = (name: string): name is ConnectorName => (CONNECTOR_NAMES as readonly string[]).includes(name);

/** Platform-specific readings of failed answers (error objects in the body); the others read the status. */
const CLASSIFIERS: Partial<Record<ConnectorName, HttpClientOptions['classify']>> = {
  'meta-graph': classifyGraphError,
  youtube: classifyYouTubeError(),
  tiktok: classifyTikTokError(),
};

/** Builds connectors, sharing one HTTP client per connector so its concurrency limit holds across queries. */
export function connectorFactory(settings: ConnectorSettings): (name: string, query: string) => Connector {
  const clients = new Map<ConnectorName, HttpClient>();
  // One quota per API key and process: every YouTube query spends from it.
  const quota = youtubeQuota(settings.youtubeDailyQuota);
  const client = (name: ConnectorName) => {
    let http = clients.get(name);
    if (!http) {
      http = createHttpClient({
        name,
        ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
        ...(settings.retries !== undefined ? { retries: settings.retries } : {}),
        ...(settings.concurrency !== undefined ? { concurrency: settings.concurrency } : {}),
        ...(settings.maxRateLimitWaitMs !== undefined ? { maxRateLimitWaitMs: settings.maxRateLimitWaitMs } : {}),
        ...(CLASSIFIERS[name] ? { classify: CLASSIFIERS[name] } : {}),
        headers: { 'user-agent': 'pantau/0.1 (listening only)' },
      });
      clients.set(name, http);
    }
    return http;
  };
  return (name, query) => {
    if (!isConnectorName(name))
      throw new PantauError('INVALID_INPUT', `--connector: one of ${CONNECTOR_NAMES.join(', ')} (or --file for a file)`, {
        details: { parameter: 'connector' },
      });
    if (!query.trim()) throw new PantauError('INVALID_INPUT', '--query: required', { details: { parameter: 'query' } });
    switch (name) {
      case 'x-recent-search':
        return xRecentSearchConnector({
          query,
          bearerToken: settings.xBearerToken ?? '',
          ...(settings.xApiBaseUrl ? { baseUrl: settings.xApiBaseUrl } : {}),
          http: client(name),
        });
      case 'meta-graph':
        // The agency's own Instagram account: its media and their comments.
        if (query.trim().startsWith('ig-user:'))
          return instagramUserConnector({
            query,
            accessToken: settings.metaAccessToken ?? '',
            ...(settings.metaGraphBaseUrl ? { baseUrl: settings.metaGraphBaseUrl } : {}),
            http: client(name),
          });
        return metaGraphConnector({
          query,
          accessToken: settings.metaAccessToken ?? '',
          ...(settings.metaGraphBaseUrl ? { baseUrl: settings.metaGraphBaseUrl } : {}),
          igUserId: settings.metaIgUserId,
          http: client(name),
        });
      case 'rss':
        return rssConnector({ feedUrl: query, http: client(name) });
      case 'youtube':
        return youtubeConnector({
          query,
          apiKey: settings.youtubeApiKey ?? '',
          ...(settings.youtubeApiBaseUrl ? { baseUrl: settings.youtubeApiBaseUrl } : {}),
          quota,
          http: client(name),
        });
      case 'tiktok':
        return tiktokResearchConnector({
          query,
          clientKey: settings.tiktokClientKey ?? '',
          clientSecret: settings.tiktokClientSecret ?? '',
          ...(settings.tiktokApiBaseUrl ? { baseUrl: settings.tiktokApiBaseUrl } : {}),
          http: client(name),
        });
      case 'news':
        return newsConnector({ query, http: client(name) });
      case 'google-play':
        return googlePlayConnector({
          query,
          serviceAccount: settings.googlePlayServiceAccount ? readKeyFile(settings.googlePlayServiceAccount) : '',
          ...(settings.googlePlayApiBaseUrl ? { baseUrl: settings.googlePlayApiBaseUrl } : {}),
          http: client(name),
        });
    }
  };
}

/** Reads INGEST_QUERIES: a JSON array of `{connector, query, everyMinutes?}`, or the path of a file holding one. */
export function parsePollQueries(value: string): PollQuery[] {
  const text = value.trim().startsWith('[') ? value : readQueriesFile(value.trim());
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new PantauError('CONFIG_INVALID', 'INGEST_QUERIES: not valid JSON', { cause, details: { variable: 'INGEST_QUERIES' } });
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new PantauError('CONFIG_INVALID', 'INGEST_QUERIES: a non-empty JSON array of {connector, query}', {
      details: { variable: 'INGEST_QUERIES' },
    });
  return parsed.map((entry, i) => {
    const e = entry as Record<string, unknown>;
    const where = `INGEST_QUERIES[${i}]`;
    if (typeof e?.connector !== 'string' || !isConnectorName(e.connector))
      throw new PantauError('CONFIG_INVALID', `${where}.connector: one of ${CONNECTOR_NAMES.join(', ')}`, {
        details: { variable: 'INGEST_QUERIES' },
      });
    if (typeof e.query !== 'string' || e.query.trim() === '')
      throw new PantauError('CONFIG_INVALID', `${where}.query: a non-empty string`, { details: { variable: 'INGEST_QUERIES' } });
    if (e.everyMinutes !== undefined && (typeof e.everyMinutes !== 'number' || !(e.everyMinutes > 0)))
      throw new PantauError('CONFIG_INVALID', `${where}.everyMinutes: a positive number`, { details: { variable: 'INGEST_QUERIES' } });
    return { connector: e.connector, query: e.query, ...(e.everyMinutes !== undefined ? { everyMinutes: e.everyMinutes as number } : {}) };
  });
}

/** A key given inline (JSON) or as the path of its file. */
function readKeyFile(value: string): string {
  if (value.trim().startsWith('{')) return value;
  try {
    return readFileSync(value.trim(), 'utf8');
  } catch (cause) {
    throw new PantauError('CONFIG_INVALID', `GOOGLE_PLAY_SERVICE_ACCOUNT: neither JSON nor a readable key file (${value})`, { cause });
  }
}

function readQueriesFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new PantauError('CONFIG_INVALID', `INGEST_QUERIES: neither a JSON array nor a readable file (${path})`, {
      cause,
      details: { variable: 'INGEST_QUERIES' },
    });
  }
}
