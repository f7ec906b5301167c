// CPU cost of the emotion head at batch 512, in CPU seconds of this process (the machine may be shared: CPU seconds are
// the comparable figure; wall time is printed beside), in one run:
//   - the serving head from raw texts (`predict`: normalizes, then scores in typed arrays);
//   - the serving head from texts the analysis has already normalized (`predictNormalized`, as the pipeline calls it);
//   - the reference path it replaced (string n-grams in Maps, then TensorFlow.js), on the same raw texts;
//   - the sentiment model on the same raw texts.
//   - a freshly loaded head (empty word cache) over the CSV's distinct rows once: the cost of posts whose words it has
//     not seen yet.
// Each is run `REPEATS` times over 20,480 texts (the CSV's rows repeated); the lowest CPU figure of the runs is printed.
// Run: node --import tsx packages/sentiment/scripts/emotion-speed.ts EMOT_CSV [REPEATS]
import { readFileSync } from 'node:fs';
import { activeModelDir, loadEmotionModel, loadReferenceEmotionScorer, loadSentimentModel } from '@pantau/sentiment';
import { normalizeText } from '@pantau/text';

const lines = readFileSync(process.argv[2] as string, 'utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean);
const repeats = Number(process.argv[3] ?? 3);
const texts = Array.from({ length: 20480 }, (_, i) => (lines[i % lines.length] as string).replace(/^\w+,/, ''));
const model = await loadSentimentModel({ backend: 'wasm' });
const head = model.emotion;
if (!head) throw new Error('the active model has no emotion head');
const reference = loadReferenceEmotionScorer(activeModelDir());
const posts = texts.map((text) => ({ text, normalized: normalizeText(text) }));

async function measure(label: string, run: (from: number, to: number) => Promise<unknown>): Promise<number> {
  await run(0, 512);
  let best = Number.POSITIVE_INFINITY;
  let wall = 0;
  for (let r = 0; r < repeats; r++) {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < texts.length; i += 512) await run(i, i + 512);
    const used = process.cpuUsage(cpu);
    const seconds = (used.user + used.system) / 1e6;
    if (seconds < best) {
      best = seconds;
      wall = (performance.now() - t0) / 1000;
    }
  }
  console.log(
    `${label}: ${texts.length} posts, CPU ${best.toFixed(2)} s (${((best / texts.length) * 1000).toFixed(3)} CPU-s per 1,000 posts, ${Math.round(texts.length / best)} posts per CPU second), wall ${wall.toFixed(1)} s`,
  );
  return best;
}

const serving = await measure('emotion head predict (raw texts)', (a, b) => head.predict(texts.slice(a, b)));
const normalized = await measure('emotion head predictNormalized (pipeline)', (a, b) => head.predictNormalized(posts.slice(a, b)));
const before = await measure('emotion reference path (Maps + TensorFlow.js)', (a, b) => reference.probabilities(texts.slice(a, b)));
const sentiment = await measure(`sentiment model predict (${model.backend})`, (a, b) => model.predict(texts.slice(a, b)));
let cold = Number.POSITIVE_INFINITY;
const distinct = posts.slice(0, lines.length);
for (let r = 0; r < repeats; r++) {
  const fresh = loadEmotionModel(activeModelDir());
  const cpu = process.cpuUsage();
  for (let i = 0; i < distinct.length; i += 512) await fresh.predictNormalized(distinct.slice(i, i + 512));
  const used = process.cpuUsage(cpu);
  cold = Math.min(cold, (used.user + used.system) / 1e6);
}
console.log(
  `emotion head predictNormalized, empty word cache: ${distinct.length} distinct posts, CPU ${cold.toFixed(3)} s (${((cold / distinct.length) * 1000).toFixed(3)} CPU-s per 1,000 posts)`,
);
const coldPerPost = cold / distinct.length;
console.log(
  `reference / serving: ${(before / serving).toFixed(1)}x from raw texts, ${(before / normalized).toFixed(1)}x from normalized texts, ${(before / texts.length / coldPerPost).toFixed(1)}x with an empty word cache; emotion head (pipeline) / sentiment model: ${(normalized / sentiment).toFixed(2)}`,
);
reference.dispose();
model.dispose();
