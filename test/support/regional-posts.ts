import { createMemoryBus } from '@pantau/bus';
import { POST_SCHEMA_VERSION, type Post, postKey, TOPICS } from '@pantau/contracts';
import type { Database } from '@pantau/db';
import { createAnalyzer } from '@pantau/pipeline';
import type { SentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier } from '@pantau/text';

// Indonesian, Javanese, Sundanese and Acehnese posts (and one English post) through the analyzer into Postgres, then the API.
export const REGIONAL_POSTS: { text: string; author: string; day: string }[] = [
  { text: 'antrean di puskesmas lama banget, pelayanan lambat dan ribet', author: 'a1', day: '2026-11-01' },
  { text: 'klaim rawat inap cair cepat, petugasnya ramah sekali', author: 'a2', day: '2026-11-01' },
  { text: 'iuran bpjs naik lagi, kecewa banget sama kebijakan ini', author: 'a3', day: '2026-11-02' },
  { text: 'aplikasi mobile jkn error terus pas mau daftar antrean online', author: 'a1', day: '2026-11-02' },
  { text: 'obat di apotek faskes kosong, disuruh beli sendiri, parah', author: 'a4', day: '2026-11-02' },
  { text: 'Aku ora seneng karo pelayanane, antrine suwe banget lan petugase ora ramah', author: 'j1', day: '2026-11-01' },
  {
    text: 'Matur nuwun dokter lan perawat, pelayanane apik tenan, aku seneng banget ora kudu ngenteni suwe',
    author: 'j2',
    day: '2026-11-02',
  },
  { text: 'Abdi teu resep kana palayanan di rumah sakit, lami pisan ngantosna', author: 's1', day: '2026-11-02' },
  { text: 'The queue at the hospital was terrible today', author: 'e1', day: '2026-11-02' },
  // Acehnese: kept and counted, but no sentiment head labels it.
  { text: 'Peulayanan di rumoh saket nyoe brok bit, lon hana meuteume ubat', author: 'c1', day: '2026-11-02' },
];
export const pseudonymOf = (author: string) => author.padEnd(64, '0').replace(/[^0-9a-f]/g, 'f');

/** Runs REGIONAL_POSTS (days 2026-11-01 and 02, platform x, ids r0…r9) through the analyzer into the database, as one batch. */
export async function analyseRegionalPosts(db: Database, model: SentimentModel): Promise<void> {
  const bus = createMemoryBus();
  await bus.ensureTopics([{ name: TOPICS.postsDlq, partitions: 1 }]);
  const analyzer = createAnalyzer({ db, model, languages: await createLanguageIdentifier(), dlq: await bus.producer() });
  const messages = REGIONAL_POSTS.map((p, i) => {
    const post: Post = {
      schemaVersion: POST_SCHEMA_VERSION,
      platform: 'x',
      externalId: `r${i}`,
      authorPseudonym: pseudonymOf(p.author),
      publishedAt: `${p.day}T03:00:00.000Z`,
      text: p.text,
      url: null,
      engagement: { likes: i, replies: 1, shares: 0, views: 10 * i },
      langHint: null,
      collectedAt: `${p.day}T04:00:00.000Z`,
      source: { connector: 'test', runId: 'run-1' },
    };
    return { topic: TOPICS.postsRaw, partition: 0, offset: String(i), key: postKey(post), value: Buffer.from(JSON.stringify(post)) };
  });
  await analyzer.handle({ topic: TOPICS.postsRaw, partition: 0, messages, heartbeat: async () => {}, isRunning: () => true });
  await bus.close();
}
