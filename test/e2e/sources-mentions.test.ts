import { generateKeyPairSync } from 'node:crypto';
import { buildApp } from '@pantau/api';
import { type Bus, type BusConsumer, type BusProducer, createMemoryBus } from '@pantau/bus';
import {
  type Connector,
  classifyGraphError,
  classifyTikTokError,
  classifyYouTubeError,
  collect,
  createHttpClient,
  googlePlayConnector,
  instagramUserConnector,
  newsConnector,
  tiktokResearchConnector,
  youtubeConnector,
  youtubeQuota,
} from '@pantau/connectors';
import { type Platform, TOPICS } from '@pantau/contracts';
import { createApiKey, type DatabaseHandle, migrate, openDatabase } from '@pantau/db';
import { connectorFixtures } from '@pantau/e2e/support/connectors.ts';
import { createTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { loadReplayRoutes, type ReplayServer, startReplayServer } from '@pantau/e2e/support/replay-server.ts';
import { createAnalyzer, startAnalysisConsumer } from '@pantau/pipeline';
import { loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier } from '@pantau/text';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Each new source through the pipeline: replayed platform API → connector → bus → analysis → Postgres → /v1/mentions.
const PEPPER = 'e2e-sources-pepper-0123456789';
const START = Date.now();
const clock = (iso: string) => () => Date.parse(iso) + (Date.now() - START);
const day = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });

let testDb: TestDatabase;
let handle: DatabaseHandle;
let bus: Bus;
let producer: BusProducer;
let consumer: BusConsumer;
let model: SentimentModel;
const servers: ReplayServer[] = [];
const groupId = 'sources-analysis';

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  bus = createMemoryBus({ defaultPartitions: 2 });
  producer = await bus.producer();
  model = await loadSentimentModel();
  const analyzer = createAnalyzer({ db: handle.db, model, languages: await createLanguageIdentifier(), dlq: producer });
  consumer = await startAnalysisConsumer(bus, analyzer, { groupId, maxBatch: 100 });
}, 180_000);

afterAll(async () => {
  await consumer?.stop();
  await producer?.close();
  await bus?.close();
  for (const s of servers) await s.close();
  await handle?.close();
  await testDb?.drop();
});

const replay = async (fixtures: string) => {
  const server = await startReplayServer(loadReplayRoutes(connectorFixtures(fixtures)));
  servers.push(server);
  return server;
};

/** The five new sources, each against its recorded answers, with the window and clock its fixtures were made for. */
async function sources(): Promise<{ platform: Platform; connector: Connector; window: { from: Date; to: Date }; now: () => number }[]> {
  const youtube = await replay('youtube');
  const play = await replay('google-play');
  const news = await replay('news');
  const instagram = await replay('instagram-user');
  const tiktok = await replay('tiktok');
  const ytNow = clock('2026-11-25T12:00:00Z');
  const playNow = clock('2026-11-25T12:00:00Z');
  const ttNow = clock('2026-11-26T12:00:00Z');
  const http = (name: string, now: () => number, classify?: Parameters<typeof createHttpClient>[0]['classify']) =>
    createHttpClient({ name, baseDelayMs: 1, retries: 1, now, ...(classify ? { classify } : {}) });
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
  return [
    {
      platform: 'youtube',
      connector: youtubeConnector({
        query: 'search:antrean bpjs',
        apiKey: 'test-key',
        baseUrl: `${youtube.baseUrl}/youtube/v3`,
        quota: youtubeQuota(10_000, ytNow),
        maxResults: 2,
        http: http('youtube', ytNow, classifyYouTubeError(ytNow)),
      }),
      window: day('2026-11-24T00:00:00Z', '2026-11-25T00:00:00Z'),
      now: ytNow,
    },
    {
      platform: 'app_review',
      connector: googlePlayConnector({
        query: 'play:app.bpjs.mobile',
        serviceAccount: JSON.stringify({
          client_email: 'r@pantau-test.iam.gserviceaccount.com',
          private_key: privateKey,
          token_uri: `${play.baseUrl}/token`,
        }),
        baseUrl: `${play.baseUrl}/androidpublisher/v3`,
        maxResults: 4,
        now: playNow,
        http: http('google-play', playNow),
      }),
      window: day('2026-11-24T00:00:00Z', '2026-11-25T00:00:00Z'),
      now: playNow,
    },
    {
      platform: 'news',
      connector: newsConnector({
        query: 'news:antara',
        outlets: [{ name: 'antara', title: 'ANTARA News', feedUrl: `${news.baseUrl}/antara/terkini.xml`, coverage: 'national' }],
        http: http('news', clock('2026-11-24T08:00:00Z')),
      }),
      window: day('2026-11-22T08:00:00Z', '2026-11-24T08:00:00Z'),
      now: clock('2026-11-24T08:00:00Z'),
    },
    {
      platform: 'instagram',
      connector: instagramUserConnector({
        query: 'ig-user:17841400008460056',
        accessToken: 'page-token',
        baseUrl: `${instagram.baseUrl}/v21.0`,
        http: http('meta-graph', clock('2026-11-24T12:00:00Z'), classifyGraphError),
      }),
      window: day('2026-11-24T00:00:00Z', '2026-11-24T11:00:00Z'),
      now: clock('2026-11-24T12:00:00Z'),
    },
    {
      platform: 'tiktok',
      connector: tiktokResearchConnector({
        query: 'tiktok:bpjs antrean',
        clientKey: 'awresearchkey',
        clientSecret: 'research-secret',
        baseUrl: tiktok.baseUrl,
        maxCount: 2,
        now: ttNow,
        http: http('tiktok', ttNow, classifyTikTokError(ttNow)),
      }),
      window: day('2026-11-24T00:00:00Z', '2026-11-25T00:00:00Z'),
      now: ttNow,
    },
  ];
}

describe('new sources from recorded answers to /v1/mentions', () => {
  it('stores what each source published, filtered by platform, with stars on app reviews and the outlet on news', async () => {
    const published = new Map<Platform, number>();
    for (const { platform, connector, window, now } of await sources()) {
      const { run } = await collect(connector, { producer, db: handle.db, pepper: PEPPER, mode: { kind: 'backfill', window }, now });
      expect(run?.error, platform).toBeNull();
      published.set(platform, run?.stats.published ?? 0);
    }
    expect(Object.fromEntries(published)).toEqual({ youtube: 10, app_review: 3, news: 2, instagram: 7, tiktok: 6 });

    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && (await bus.lag(groupId, TOPICS.postsRaw)) > 0) await new Promise((r) => setTimeout(r, 250));
    expect(await bus.lag(groupId, TOPICS.postsRaw)).toBe(0);

    const sql = new pg.Client({ connectionString: testDb.url });
    await sql.connect();
    const { secret } = await createApiKey(handle.db, 'e2e', ['read']);
    const app = await buildApp({ db: handle.db, pingDatabase: () => handle.ping(), model, software: { version: 'e2e', commit: 'e2e' } });
    try {
      for (const [platform, count] of published) {
        // Every published post is stored or excluded (not Indonesian): none is lost between the source and the database.
        const stored = Number((await sql.query('select count(*) as n from posts where platform = $1', [platform])).rows[0].n);
        const excluded = Number(
          (
            await sql.query(`select count(distinct external_id) as n from exclusions where platform = $1 and reason = 'not_indonesian'`, [
              platform,
            ])
          ).rows[0].n,
        );
        expect(stored, platform).toBeGreaterThan(0);
        expect(stored + excluded, platform).toBe(count);

        const answer = await app.inject({
          url: `/v1/mentions?from=2026-11-20&to=2026-11-26&platform=${platform}&limit=200`,
          headers: { authorization: `Bearer ${secret}` },
        });
        expect(answer.statusCode, platform).toBe(200);
        const mentions = answer.json().data.mentions as { platform: string; rating: number | null; outlet: string | null; label: string }[];
        expect(mentions, platform).toHaveLength(stored);
        expect(new Set(mentions.map((m) => m.platform))).toEqual(new Set([platform]));
        if (platform === 'app_review') {
          expect(mentions.every((m) => m.rating !== null && m.rating >= 1 && m.rating <= 5 && m.outlet === 'app.bpjs.mobile')).toBe(true);
        } else {
          expect(mentions.every((m) => m.rating === null)).toBe(true);
        }
        if (platform === 'news') expect(mentions.every((m) => m.outlet === 'antara')).toBe(true);
        if (platform === 'app_review') {
          // The stars-vs-model check counts the same reviews the mentions list, read independently here.
          const agreement = (
            await app.inject({ url: '/v1/ratings/agreement?from=2026-11-20&to=2026-11-26', headers: { authorization: `Bearer ${secret}` } })
          ).json();
          const sentimentOf = (stars: number) => (stars <= 2 ? 'negative' : stars === 3 ? 'neutral' : 'positive');
          const confident = mentions.filter((m) => m.label !== 'uncertain');
          const agree = confident.filter((m) => m.label === sentimentOf(m.rating ?? 0)).length;
          expect(agreement.data.apps).toHaveLength(1);
          expect(agreement.data.apps[0]).toMatchObject({
            app: 'app.bpjs.mobile',
            reviews: mentions.length,
            uncertain: mentions.length - confident.length,
            agree,
            share: confident.length ? agree / confident.length : null,
          });
          const byStars = agreement.data.apps[0].byStars as Record<string, Record<string, number>>;
          for (const m of mentions) expect(byStars[String(m.rating)]?.[m.label]).toBeGreaterThan(0);
          expect(agreement.data.method).toMatch(/weak in-domain check/);
        }
      }
    } finally {
      await app.close();
      await sql.end();
    }
  }, 180_000);
});
