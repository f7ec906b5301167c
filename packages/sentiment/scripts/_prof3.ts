import { readFileSync } from 'node:fs';
import { normalizeText } from '@pantau/text';
import { loadSentimentModel } from '@pantau/sentiment';
const lines = readFileSync(process.argv[2] as string, 'utf8').split('\n').slice(1).filter(Boolean);
const texts = Array.from({ length: 20480 }, (_, i) => (lines[i % lines.length] as string).replace(/^\w+,/, ''));
const model = await loadSentimentModel({ backend: 'wasm' });
const head = model.emotion!;
const posts = texts.map((t) => ({ text: t, normalized: normalizeText(t) }));
const r: number[] = [];
for (let rep = 0; rep < 5; rep++) { const c = process.cpuUsage(); for (let i = 0; i < posts.length; i += 512) await head.predictNormalized(posts.slice(i, i + 512)); const u = process.cpuUsage(c); r.push((u.user + u.system) / 1e6); }
console.log('predictNormalized', r.map((x) => x.toFixed(2)).join(' '));
