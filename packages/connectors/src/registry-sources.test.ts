import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { connectorFactory, parsePollQueries } from './registry.ts';

const serviceAccount = JSON.stringify({
  client_email: 'reviews@pantau-test.iam.gserviceaccount.com',
  private_key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
});

describe('connector registry: the YouTube, Play, news, Instagram account and TikTok sources', () => {
  const connectorOf = connectorFactory({
    youtubeApiKey: 'key',
    googlePlayServiceAccount: serviceAccount,
    metaAccessToken: 'token',
    tiktokClientKey: 'k',
    tiktokClientSecret: 's',
  });

  it('builds each source from its name and query, with its ledger name, platform and normalized query', () => {
    const built = [
      connectorOf('youtube', 'search: antrean bpjs'),
      connectorOf('youtube', 'video:Xk3pQ9vL2aE'),
      connectorOf('google-play', 'play:app.bpjs.mobile'),
      connectorOf('news', 'news:antara'),
      connectorOf('meta-graph', 'ig-user:17841400008460056'),
      connectorOf('tiktok', 'tiktok:bpjs  antrean'),
    ].map((c) => [c.name, c.platform, c.query]);
    expect(built).toEqual([
      ['youtube', 'youtube', 'search:antrean bpjs'],
      ['youtube', 'youtube', 'video:Xk3pQ9vL2aE'],
      ['google-play', 'app_review', 'play:app.bpjs.mobile'],
      ['news', 'news', 'news:antara'],
      ['meta-graph', 'instagram', 'ig-user:17841400008460056'],
      ['tiktok', 'tiktok', 'tiktok:bpjs antrean'],
    ]);
  });

  it('names the missing credential of each source', () => {
    const bare = connectorFactory({});
    expect(() => bare('youtube', 'search:bpjs')).toThrow(/^YOUTUBE_API_KEY: required/);
    expect(() => bare('google-play', 'play:app.bpjs.mobile')).toThrow(/^GOOGLE_PLAY_SERVICE_ACCOUNT: required/);
    expect(() => bare('meta-graph', 'ig-user:17841400008460056')).toThrow(/^META_ACCESS_TOKEN: required/);
    expect(() => bare('tiktok', 'tiktok:bpjs')).toThrow(/^TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET: required/);
    expect(() => connectorFactory({ googlePlayServiceAccount: '/nonexistent/key.json' })('google-play', 'play:app.bpjs.mobile')).toThrow(
      /neither JSON nor a readable key file/,
    );
  });

  it('takes the new sources in INGEST_QUERIES', () => {
    const queries = parsePollQueries(
      JSON.stringify([
        { connector: 'youtube', query: 'search:bpjs', everyMinutes: 60 },
        { connector: 'google-play', query: 'play:app.bpjs.mobile' },
        { connector: 'news', query: 'news:kompas' },
        { connector: 'tiktok', query: 'tiktok:bpjs' },
      ]),
    );
    expect(queries.map((q) => q.connector)).toEqual(['youtube', 'google-play', 'news', 'tiktok']);
  });
});
