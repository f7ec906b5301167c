// Throughput of the emotion head at batch 512, in wall time and in CPU seconds of this process (the machine may be
// shared: CPU seconds are the comparable figure), beside the sentiment model on the same texts.
// Run: node --import tsx packages/sentiment/scripts/emotion-speed.ts EMOT_CSV
import { readFileSync } from 'node:fs';
import { loadSentimentModel } from '@pantau/sentiment';

const lines = readFileSync(process.argv[2] as string, 'utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean);
const texts = Array.from({ length: 20480 }, (_, i) => (lines[i % lines.length] as string).replace(/^\w+,/, ''));
const model = await loadSentimentModel({ backend: 'wasm' });
const head = model.emotion;
if (!head) throw new Error('the active model has no emotion head');
await head.predict(texts.slice(0, 512));
const cpu = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < texts.length; i += 512) await head.predict(texts.slice(i, i + 512));
const u = process.cpuUsage(cpu);
const wall = (performance.now() - t0) / 1000;
const cpuS = (u.user + u.system) / 1e6;
const cpu2 = process.cpuUsage();
for (let i = 0; i < texts.length; i += 512) await model.predict(texts.slice(i, i + 512));
const u2 = process.cpuUsage(cpu2);
const cpuS2 = (u2.user + u2.system) / 1e6;
console.log(
  `backend ${head.backend}; emotion head batch 512: ${texts.length} posts, wall ${wall.toFixed(1)} s (${Math.round(texts.length / wall)} posts/s), CPU ${cpuS.toFixed(1)} s (${Math.round(texts.length / cpuS)} posts per CPU second); sentiment model same texts: CPU ${cpuS2.toFixed(1)} s (${Math.round(texts.length / cpuS2)} posts per CPU second)`,
);
model.dispose();
