// `tsx --expose-gc bench/index-memory.ts [--posts N] [--capacity N]`: the coordination stage's in-memory index alone,
// filled past its capacity with posts of distinct texts (every post its own LSH buckets, the worst case for memory) and
// one shared link in ten: the heap and resident memory it adds, measured in this process after a full collection.
import { parseArgs } from 'node:util';
import { CoordinationIndex, MINHASH_SIZE } from '@pantau/text';

const { values } = parseArgs({
  options: { posts: { type: 'string', default: '150000' }, capacity: { type: 'string', default: '100000' } },
});
const posts = Number(values.posts);
const capacity = Number(values.capacity);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (tsx --expose-gc)');
const settle = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external, rss: m.rss };
};
let seed = 7;
const rand = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed;
};
const before = settle();
const index = new CoordinationIndex({ capacity, horizonSeconds: 2 * 86_400 });
const empty = settle();
const start = Date.parse('2026-11-10T00:00:00Z');
let peakRss = 0;
for (let i = 0; i < posts; i++) {
  const minhash = Array.from({ length: MINHASH_SIZE }, () => rand());
  const links = i % 10 === 0 ? [`https://news.example/artikel/${i % 5000}`] : [];
  index.add({ id: i + 1, publishedAtMs: start + i * 500, minhash, links });
  if (i % 10_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
const full = settle();
peakRss = Math.max(peakRss, full.rss);
const mib = (b: number) => (b / 1048576).toFixed(1);
console.log(
  `index of ${capacity.toLocaleString('en-US')} posts after ${posts.toLocaleString('en-US')} added (${index.size} held): ` +
    `empty ${mib(empty.heap - before.heap)} MiB, full ${mib(full.heap - before.heap)} MiB heap+buffers; ` +
    `process RSS ${mib(before.rss)} MiB before, ${mib(full.rss)} MiB full, ${mib(peakRss)} MiB peak seen; ${index.bucketEntries()} bucket keys`,
);
