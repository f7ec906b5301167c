import type { Env } from '@pantau/config';
import { type ConnectorSettings, connectorFactory, type PollQuery, parsePollQueries } from '@pantau/connectors';
import { PantauError } from '@pantau/contracts';

/** The connectors' credentials, origins and HTTP limits from the environment. */
export function connectorSettingsOf(env: Env): ConnectorSettings {
  return {
    xBearerToken: env.X_BEARER_TOKEN,
    xApiBaseUrl: env.X_API_BASE_URL,
    metaAccessToken: env.META_ACCESS_TOKEN,
    metaGraphBaseUrl: env.META_GRAPH_BASE_URL,
    metaIgUserId: env.META_IG_USER_ID,
    youtubeApiKey: env.YOUTUBE_API_KEY,
    youtubeApiBaseUrl: env.YOUTUBE_API_BASE_URL,
    youtubeDailyQuota: env.YOUTUBE_DAILY_QUOTA,
    googlePlayServiceAccount: env.GOOGLE_PLAY_SERVICE_ACCOUNT,
    googlePlayApiBaseUrl: env.GOOGLE_PLAY_API_BASE_URL,
    tiktokClientKey: env.TIKTOK_CLIENT_KEY,
    tiktokClientSecret: env.TIKTOK_CLIENT_SECRET,
    tiktokApiBaseUrl: env.TIKTOK_API_BASE_URL,
    timeoutMs: env.INGEST_HTTP_TIMEOUT_MS,
    retries: env.INGEST_HTTP_RETRIES,
    concurrency: env.INGEST_HTTP_CONCURRENCY,
    maxRateLimitWaitMs: env.INGEST_MAX_RATE_LIMIT_WAIT_MS,
  };
}

/**
 * The queries of INGEST_QUERIES, each checked (credentials, syntax) by building its connector; a CONFIG_INVALID error
 * naming the variable when it is unset.
 */
export function pollQueriesOf(env: Env): PollQuery[] {
  if (!env.INGEST_QUERIES)
    throw new PantauError('CONFIG_INVALID', 'INGEST_QUERIES: required (a JSON array of {connector, query}, or a file holding one)', {
      details: { variable: 'INGEST_QUERIES' },
    });
  const queries = parsePollQueries(env.INGEST_QUERIES);
  const connectorOf = connectorFactory(connectorSettingsOf(env));
  for (const q of queries) connectorOf(q.connector, q.query);
  return queries;
}
