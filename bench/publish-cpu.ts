// `node --import tsx bench/publish-cpu.ts [--posts N] [--compression gzip|none] [--rounds R]`: CPU of the bus side of
// the pipeline in one process, without the analysis or the database, so other work on the machine moves it less than a
// pipeline run: publishing posts to `posts.raw` as a connector does (validation, pseudonym, redaction, JSON, the
// producer), consuming them back in batches as the analysis service does (fetch, decompression, record decoding), and
// building and reading `posts.analyzed` values (the analysis writes one per stored post, the coordination stage reads it).

import { parseArgs } from 'node:util';
import { createKafkaBus } from '@pantau/bus';
import { publishItems } from '@pantau/connectors';
import { TOPICS } from '@pantau/contracts';
import { startTestKafka, uniqueName } from '@pantau/e2e/support/kafka.ts';
import { MINHASH_SIZE } from '@pantau/text';
import * as message from '../packages/pipeline/src/analyzed-message.ts';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '30000' },
    compression: { type: 'string', default: 'none' },
    rounds: { type: 'string', default: '3' },
  },
});
const POSTS = Number(values.posts);
const compression = values.compression === 'gzip' ? 'gzip' : 'none';
const cpuMs = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};
const perThousand = (ms: number, n: number) => ((ms / n) * 1000) / 1000;

const texts = [
  'antrian bpjs kesehatan lama banget gak jelas, sudah dari pagi belum dipanggil',
  'pelayanan puskesmas sekarang jauh lebih cepat, terima kasih petugasnya ramah',
  'harga beras naik lagi minggu ini, pemerintah tolong perhatikan rakyat kecil',
  'jalan di depan rumah rusak parah sudah tiga bulan tidak diperbaiki https://contoh.id/foto',
];
const itemAt = (i: number, run: string) => ({
  ref: String(i),
  item: {
    platform: (['x', 'facebook', 'instagram', 'tiktok'] as const)[i % 4],
    externalId: `${run}-${i}`,
    author: `@bench_${i % 2000}`,
    publishedAt: new Date(Date.parse('2026-11-01T01:00:00Z') + (i % 14) * 86_400_000).toISOString(),
    text: `${texts[i % texts.length]} ${i}`,
    engagement: { likes: i % 7, replies: i % 3, shares: i % 2, views: 100 + (i % 50) },
  },
});

const kafka = await startTestKafka({
  topics: [
    { name: TOPICS.postsRaw, partitions: 6 },
    { name: TOPICS.postsDlq, partitions: 1 },
  ],
});
const bus = createKafkaBus({ brokers: kafka.brokers, clientId: 'publish-cpu', idempotent: false, compression });
const producer = await bus.producer();
const rows: string[] = [];
try {
  for (let round = 0; round < Number(values.rounds); round++) {
    const run = uniqueName('r');
    const items = Array.from({ length: POSTS }, (_, i) => itemAt(i, run));
    let from = process.cpuUsage();
    // Chunks as the bench's pipeline publishes them: one analysis batch (2,000) per partition.
    await publishItems(items, {
      producer,
      pepper: 'bench-pepper-0123456789',
      source: { connector: 'bench', runId: run },
      chunkSize: 12_000,
    });
    const publishMs = cpuMs(from);

    const groupId = uniqueName('publish-cpu');
    let consumed = 0;
    const consumer = await bus.consumer({ groupId, topic: TOPICS.postsRaw, maxBatch: 2_000 });
    from = process.cpuUsage();
    let consumeMs = 0;
    await new Promise<void>((resolve) => {
      consumer.start(async (batch) => {
        consumed += batch.messages.filter((m) => m.key !== null && m.value.includes(run)).length;
        if (consumed >= POSTS) {
          consumeMs = cpuMs(from);
          resolve();
        }
      });
    });
    await consumer.stop();

    const minhash = Array.from({ length: MINHASH_SIZE }, (_, i) => (i * 2_654_435_761) % 0x7fffffff);
    const messages = Array.from({ length: POSTS }, (_, i) => ({
      id: i + 1,
      publishedAt: new Date(Date.parse('2026-11-01T01:00:00Z') + i * 1_000).toISOString(),
      minhash: i % 10 === 0 ? null : minhash.map((v) => (v + i) % 0x7fffffff),
      links: i % 4 === 3 ? ['contoh.id/foto'] : [],
      committedAtMs: 1_790_000_000_000 + i,
    }));
    from = process.cpuUsage();
    const json = messages.map((m) => Buffer.from(JSON.stringify(m)));
    for (const v of json) message.decodeAnalyzedPost(v);
    const jsonMs = cpuMs(from);
    const compact = 'encodeAnalyzedPost' in message ? message.encodeAnalyzedPost : null;
    let compactMs = Number.NaN;
    let compactBytes = Number.NaN;
    if (compact) {
      from = process.cpuUsage();
      const values = messages.map((m) => compact(m));
      for (const v of values) message.decodeAnalyzedPost(v);
      compactMs = cpuMs(from);
      compactBytes = values.reduce((n, v) => n + v.length, 0) / values.length;
    }
    const jsonBytes = json.reduce((n, v) => n + v.length, 0) / json.length;
    rows.push(
      `round ${round + 1}: per 1,000 posts (CPU s): publish ${perThousand(publishMs, POSTS).toFixed(4)}, consume ${perThousand(consumeMs, POSTS).toFixed(4)}; posts.analyzed write+read JSON ${perThousand(jsonMs, POSTS).toFixed(4)} (${Math.round(jsonBytes)} B), compact ${perThousand(compactMs, POSTS).toFixed(4)} (${Math.round(compactBytes)} B)`,
    );
    process.stdout.write(`${rows[rows.length - 1]}\n`);
  }
} finally {
  await producer.close();
  await bus.close();
  await kafka.stop();
}
process.stdout.write(`compression ${compression}, ${POSTS.toLocaleString('en-US')} posts a round\n`);
