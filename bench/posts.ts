// The benchmarks' synthetic posts: the bundled sample's texts with varied endings, dates over 14 days, 2,000 authors.
// One generator, so the pipeline section (run.ts) and the analysis step alone (analysis-cost.ts) measure the same posts.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BusMessage, BusProducer } from '@pantau/bus';
import { publishItems } from '@pantau/connectors';

const SAMPLE = fileURLToPath(new URL('../services/ingest/sample/posts.jsonl', import.meta.url));

/** The texts of the bundled sample posts, in file order. */
export const sampleTexts: readonly string[] = readFileSync(SAMPLE, 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { text: string }).text);

/** Endings appended to the sample's texts so that repeated texts differ. */
export const ENDINGS = ['', ' tolong dibantu', ' gimana ini', ' #BPJSKesehatan', ' mohon info min', ' 🙏', ' parah', ' makasih'];

/** The text of synthetic post `i`. */
export const textAt = (i: number) => `${sampleTexts[i % sampleTexts.length]}${ENDINGS[i % ENDINGS.length]}`;

/** Synthetic post `i` as a connector hands it to ingest; its external id is `prefix` followed by `i`. */
export const incomingAt = (i: number, prefix = 'b') => ({
  platform: (['x', 'facebook', 'instagram', 'tiktok'] as const)[i % 4],
  externalId: `${prefix}${i}`,
  author: `@bench_${i % 2000}`,
  publishedAt: new Date(Date.parse('2026-11-01T01:00:00Z') + (i % 14) * 86_400_000 + (i % 600) * 60_000).toISOString(),
  text: textAt(i),
  engagement: { likes: i % 7, replies: i % 3, shares: i % 2, views: 100 + (i % 50) },
});

/**
 * The `posts.raw` messages the ingest side publishes for synthetic posts 0 … `count` − 1 (external ids `prefix` + i), as
 * partition 0's messages from offset `firstOffset`, in batches of `batchSize`.
 */
export async function encodedBatches(count: number, prefix: string, firstOffset: number, batchSize: number): Promise<BusMessage[][]> {
  const sent: BusMessage[] = [];
  const capture: BusProducer = {
    async send(topic, messages) {
      for (const m of messages)
        sent.push({
          topic,
          partition: 0,
          offset: String(firstOffset + sent.length),
          key: m.key,
          value: Buffer.isBuffer(m.value) ? m.value : Buffer.from(m.value as string),
        });
    },
    async close() {},
  };
  await publishItems(
    Array.from({ length: count }, (_, i) => ({ ref: String(i), item: incomingAt(i, prefix) })),
    { producer: capture, pepper: 'bench-pepper-0123456789', source: { connector: 'bench', runId: prefix } },
  );
  const batches: BusMessage[][] = [];
  for (let i = 0; i < sent.length; i += batchSize) batches.push(sent.slice(i, i + batchSize));
  return batches;
}
